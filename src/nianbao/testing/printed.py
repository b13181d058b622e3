"""The printed document: paragraphs and table grids in the official layout, built from a
truth :class:`~nianbao.schema.model.Report` and a print style. Every writer renders this.

Grids are kept HTML-style: each row lists the cells that start in it, with row and column
spans; :meth:`Grid.matrix` expands them into positions for the text writers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nianbao.schema.model import Report
from nianbao.schema.template import load_template
from nianbao.render.layout import layout_words
from nianbao.testing.narrative import heading


@dataclass
class GCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    cell_id: str | None = None  # the template cell whose value is printed here
    header: bool = False


@dataclass
class Grid:
    name: str  # t2 | t3 | t4
    rows: list[list[GCell]]
    width: int

    def matrix(self) -> list[list[tuple[GCell, str]]]:
        """Every grid position as (cell, kind); kind is origin, vcover (under a row span) or
        hcover (right of a column span, including under both)."""
        out: list[list[tuple[GCell, str] | None]] = [[None] * self.width for _ in self.rows]
        for ri, row in enumerate(self.rows):
            ci = 0
            for c in row:
                while ci < self.width and out[ri][ci] is not None:
                    ci += 1
                for dr in range(c.rowspan):
                    for dc in range(c.colspan):
                        if ri + dr >= len(out) or ci + dc >= self.width:
                            continue
                        kind = "origin" if dr == dc == 0 else ("vcover" if dc == 0 else "hcover")
                        out[ri + dr][ci + dc] = (c, kind)
                ci += c.colspan
        blank = GCell("")
        return [[p if p is not None else (blank, "origin") for p in row] for row in out]


@dataclass
class Para:
    text: str
    role: str = "body"  # title | heading | body


Block = Para | Grid


@dataclass
class Style:
    """How a report is printed (choices that do not change any value)."""

    arabic_headings: bool = False
    title_variant: dict[int, int] = field(default_factory=dict)  # section -> index into SECTION_TITLES
    label_variants: bool = False  # 社会组织, 其他法律法规禁止公开 ...
    straight_quotes: bool = False
    half_width_brackets: bool = False
    traditional: bool = False  # labels and headings in traditional characters
    duplicate_heading: bool = False  # title and 一、总体情况 printed twice
    no_total_column: bool = False
    single_other_row: bool = False
    truncate_after: str | None = None  # a Table 3 row id: the document ends after it
    drop_rows: tuple[str, ...] = ()  # Table 3 rows left out (a defect)
    fee_unit_note: bool = False  # 本年收费金额（单位：万元，保留4位小数）
    title_split: bool = False  # agency on one line, 2022年度政府信息公开工作年度报告 on the next
    broken_labels: bool = False  # column labels broken over lines in their cells: 商业\n企业, 结果\n维持


def _t(text: str, style: Style) -> str:
    """A label as this style prints it."""
    if style.straight_quotes:
        text = text.replace("“", '"').replace("”", '"')
    if style.half_width_brackets:
        text = text.replace("（", "(").replace("）", ") ").rstrip()
    if style.traditional:
        from nianbao.testing.quirks import to_traditional

        text = to_traditional(text)
    return text


def _head(text: str, style: Style) -> str:
    """A column label as this style prints it in a narrow cell."""
    text = _t(text, style)
    return text[:2] + "\n" + text[2:] if style.broken_labels and len(text) >= 4 else text


def _val(report: Report, cid: str) -> GCell:
    c = report.cells.get(cid)
    return GCell("" if c is None or c.raw is None else c.raw, cell_id=cid)


def _row_label(row, style: Style) -> str:
    if style.label_variants and row.variants:
        return row.variants[0]
    return row.label


def table2(report: Report, style: Style) -> Grid:
    t = load_template(report.edition).tables["t2"]
    rows: list[list[GCell]] = []
    group = None
    for r in t.rows:
        if r.group != group:
            group = r.group
            members = [x for x in t.rows if x.group == group]
            cols = members[0].columns
            rows.append([GCell(_t(group, style), colspan=4, header=True)])
            head = [GCell(layout_words(report.edition)["t2_head"], header=True)]
            for k, c in enumerate(cols):
                label = t.columns[c].label
                if c == "amount" and style.fee_unit_note and report.edition == "2021":
                    label = label.replace("）", "，保留4位小数）")
                head.append(GCell(_t(label, style), colspan=4 - len(cols) if k == len(cols) - 1 else 1, header=True))
            rows.append(head)
        vals = [_val(report, f"t2.{r.id}.{c}") for c in r.columns]
        vals[-1].colspan = 4 - len(r.columns)
        rows.append([GCell(_t(_row_label(r, style), style)), *vals])
    return Grid("t2", rows, 4)


def t3_rows(report: Report, style: Style):
    """The Table 3 template rows as this style prints them, in order."""
    t = load_template(report.edition).tables["t3"]
    out = []
    for r in t.rows:
        if report.edition == "2021":
            if style.single_other_row and r.id.startswith("other_") and r.id != "other_processing":
                continue
            if not style.single_other_row and r.id == "other_processing":
                continue
        if r.id in style.drop_rows:
            continue
        out.append(r)
        if r.id == style.truncate_after:
            break
    return out


def table3(report: Report, style: Style) -> Grid:
    t = load_template(report.edition).tables["t3"]
    cols = [c for c, spec in t.columns.items() if not (spec.total and style.no_total_column)]
    width = 3 + len(cols)
    orgs = [c for c in cols if t.columns[c].group]
    note = GCell(_t(t.note or "", style), rowspan=3, colspan=3, header=True)
    rows: list[list[GCell]] = [[note, GCell(layout_words(report.edition)["t3_head"], colspan=len(cols), header=True)]]
    second = [GCell(_t(t.columns["natural_person"].label, style), rowspan=2, header=True)]
    second.append(GCell(t.columns[orgs[0]].group, colspan=len(orgs), header=True))
    if "total" in cols:
        second.append(GCell(t.columns["total"].label, rowspan=2, header=True))
    rows += [second, [GCell(_head(_col_label(t.columns[c], style), style), header=True) for c in orgs]]
    body = t3_rows(report, style)
    spans: dict[str, int] = {}
    for r in body:
        if r.group:
            spans[r.group] = spans.get(r.group, 0) + 1
    results_group = next(r.group for r in t.rows if r.id == "granted")
    spans[results_group] = sum(1 for r in body if r.group and r.group != results_group and r.result) + sum(
        1 for r in body if r.group == results_group
    )
    opened: set[str] = set()
    for r in body:
        lead: list[GCell] = []
        label = _t(_row_label(r, style), style)
        if r.group is None:
            lead.append(GCell(label, colspan=3))
        else:
            sub = r.group != results_group
            top = results_group
            if top not in opened:
                opened.add(top)
                lead.append(GCell(_t(top, style), rowspan=spans[top]))
            if sub:
                if r.group not in opened:
                    opened.add(r.group)
                    lead.append(GCell(_t(r.group, style), rowspan=spans[r.group]))
                lead.append(GCell(label))
            else:
                lead.append(GCell(label, colspan=2))
        rows.append(lead + [_val(report, f"t3.{r.id}.{c}") for c in cols])
    return Grid("t3", rows, width)


def _col_label(col, style: Style) -> str:
    if style.label_variants and col.variants:
        return col.variants[0]
    return col.label


def table4(report: Report, style: Style) -> Grid:
    tmpl = load_template(report.edition)
    t = tmpl.tables["t4"]
    cols = list(t.columns)
    groups = tmpl.t4_groups
    review = groups[0]
    rows = [
        [GCell(_t(review[1], style), colspan=5, header=True), GCell(groups[1][2] or "", colspan=10, header=True)],
        [GCell(_head(t.columns[c].label, style), rowspan=2, header=True) for c in cols]
        + [GCell(_t(g[1], style), colspan=5, header=True) for g in groups[1:]],
        [GCell(_head(t.columns[c].label, style), header=True) for _ in groups[1:] for c in cols],
        [_val(report, f"t4.{g[0]}.{c}") for g in groups for c in cols],
    ]
    return Grid("t4", rows, 15)


def title_lines(report: Report, style: Style) -> list[str]:
    agency, year = report.meta.agency or "", report.meta.year
    if style.title_split:
        return [agency, f"{year}年度政府信息公开工作年度报告"]
    return [report.meta.title or f"{agency}{year}年政府信息公开工作年度报告"]


def build(report: Report, paragraphs: dict[int, list[str]], style: Style) -> list[Block]:
    """The printed blocks of a report, in reading order.

    ``paragraphs`` are the narrative paragraphs of each section; sections absent from it are
    not printed (a dropped section). The printed heading of each section is written back
    into ``report.sections`` so that the truth names what was printed.
    """
    from nianbao.testing.narrative import SECTION_TITLES

    blocks: list[Block] = [Para(x, "title") for x in title_lines(report, style)]
    printed = {}
    tables = {2: table2, 3: table3, 4: table4}
    for number in sorted(paragraphs):
        title = SECTION_TITLES[number][style.title_variant.get(number, 0)]
        h = _t(heading(number, title, style.arabic_headings), style)
        printed[number] = h
        if number == 1 and style.duplicate_heading:
            blocks += [Para(x, "title") for x in title_lines(report, style)] + [Para(h, "heading")]
        blocks.append(Para(h, "heading"))
        blocks += [Para(p) for p in paragraphs[number]]
        if number in tables:
            blocks.append(tables[number](report, style))
        if number == 3 and style.truncate_after:
            break
    for s in report.sections:
        if s.number in printed:
            s.title = printed[s.number]
    return blocks
