"""A report in the official layout, as paragraphs and span tables, built from template data.

Row and column labels come from ``nianbao.schema.load_template``; only the layout words of
the printed form (信息内容, 申请人情况) are spelled here. Tables follow the national template:

- Table 2: one four-column table of sub-blocks, each headed by its 第二十条 item, a
  信息内容 header row and its rows (2021: four blocks; 2019: five).
- Table 3: three label columns (三、本年度办理结果 spanning the result rows, sub-groups such as
  （三）不予公开 spanning their numbered rows) and a two-level column header (申请人情况 /
  自然人, 法人或其他组织 over five columns, 总计 spanning two rows).
- Table 4: 行政复议 and 行政诉讼 (未经复议直接起诉 / 复议后起诉) over five columns each.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from nianbao.schema.template import Template, load_template
from nianbao.text import parse_number

CN_NUMBERS = "一二三四五六七八九十"
MARKERS = ("/", "—", "-", "无")


@dataclass
class Span:
    """One printed cell; positions it covers to the right and below are not listed again."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    value: bool = False  # a value slot (rendered with the value markup), not a label


@dataclass
class SpanTable:
    rows: list[list[Span]]


@dataclass
class Report:
    """What a test prints, and the values it expects back (cell id -> printed text)."""

    edition: str
    year: int
    blocks: list[str | SpanTable]
    values: dict[str, str]
    unprinted: set[str] = field(default_factory=set)  # cell ids of the edition that are not printed

    def expected(self) -> dict[str, tuple[int | float | None, str | None]]:
        """cell id -> (value, raw): numbers read back, blanks and markers as None with the literal."""
        out = {cid: (parse_number(raw)[0], raw) for cid, raw in self.values.items()}
        out.update({cid: (None, None) for cid in self.unprinted})
        return out


def printed_cells(edition: str, single_other: bool = False, total_column: str = "labelled") -> list[str]:
    """The cell ids a report in this layout prints, in printed order."""
    t = load_template(edition)
    ids = [f"t2.{r.id}.{c}" for r in t.tables["t2"].rows for c in r.columns]
    ids += [f"t3.{r.id}.{c}" for r in t3_rows(t, single_other) for c in t3_columns(t, total_column)]
    ids += [f"t4.{g}.{c}" for g, _, _ in t.t4_groups for c in t.tables["t4"].columns]
    return ids


def random_values(edition: str, rng: random.Random, single_other: bool = False, total_column: str = "labelled", odd: int = 4) -> dict[str, str]:
    """Random non-zero printed values for every printed cell, ``odd`` of them blank or a marker."""
    t = load_template(edition)
    ids = printed_cells(edition, single_other, total_column)
    values = {cid: random_text(t, cid, rng) for cid in ids}
    for cid in rng.sample(ids, odd):
        values[cid] = rng.choice(("",) + MARKERS)
    return values


def random_text(t: Template, cell_id: str, rng: random.Random) -> str:
    col = t.column(cell_id)
    if col.decimal:
        return f"{rng.randint(1, 999999) / 100:.2f}"
    if col.signed:
        return str(rng.choice((-1, 1)) * rng.randint(1, 300))
    return str(rng.randint(1, 9999))


def build(
    edition: str,
    values: dict[str, str],
    year: int | None = None,
    agency: str = "江苏省淮安市洪泽区人民政府",
    single_other: bool = False,
    total_column: str = "labelled",
) -> Report:
    """A whole report: title, the six sections and the three tables with ``values`` printed.

    ``single_other``: 2021 printed with the single （六）其他处理 row. ``total_column``:
    ``labelled`` (as the template), ``unlabelled`` (the 总计 header cell left blank, its
    figures printed) or ``absent`` (no 总计 column at all).
    """
    t = load_template(edition)
    year = year or (2023 if edition == "2021" else 2020)
    printed = set(printed_cells(edition, single_other, total_column))
    every = set(t.cell_ids(with_alternatives=single_other))
    blocks: list[str | SpanTable] = [
        f"{agency}{year}年政府信息公开工作年度报告",
        f"本报告根据《中华人民共和国政府信息公开条例》要求编制。报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止。",
    ]
    tables = {2: table2(t, values), 3: table3(t, values, single_other, total_column), 4: table4(t, values)}
    for s in t.sections:
        blocks.append(f"{CN_NUMBERS[s.number - 1]}、{s.title}")
        if s.number in tables:
            blocks.append(tables[s.number])
        else:
            blocks.append(f"{year}年，本机关认真贯彻落实政府信息公开条例，第{s.number}部分工作情况如下。")
    return Report(edition, year, blocks, {c: v for c, v in values.items() if c in printed}, every - printed)


def t3_rows(t: Template, single_other: bool):
    """Table 3 rows as printed: 2021 with its three （六） rows, or with the single （六） row."""
    rows = t.tables["t3"].rows
    replaced = {a for r in rows if r.alternative_to for a in r.alternative_to} if single_other else set()
    return [r for r in rows if r.id not in replaced and (single_other or not r.alternative_to)]


def t3_columns(t: Template, total_column: str) -> list[str]:
    cols = t.tables["t3"].columns
    return [c for c, spec in cols.items() if not (spec.total and total_column == "absent")]


def _value_spans(values: dict[str, str], ids: list[str]) -> list[Span]:
    return [Span(values.get(cid, ""), value=True) for cid in ids]


def table2(t: Template, values: dict[str, str]) -> SpanTable:
    spec = t.tables["t2"]
    width = max(len(r.columns) for r in spec.rows)
    rows: list[list[Span]] = []
    blocks: dict[str, list] = {}
    for r in spec.rows:
        blocks.setdefault(r.group, []).append(r)
    for group, members in blocks.items():
        cols = list(dict.fromkeys(c for r in members for c in r.columns))
        rows.append([Span(group, colspan=width + 1)])
        rows.append([Span("信息内容")] + _spread([Span(spec.columns[c].label) for c in cols], width))
        for r in members:
            rows.append([Span(r.label)] + _spread(_value_spans(values, [f"t2.{r.id}.{c}" for c in r.columns]), width))
    return SpanTable(rows)


def _spread(spans: list[Span], width: int) -> list[Span]:
    """The last of fewer than ``width`` cells spans the rest of the row."""
    spans[-1].colspan = width - len(spans) + 1
    return spans


def table3(t: Template, values: dict[str, str], single_other: bool, total_column: str) -> SpanTable:
    spec = t.tables["t3"]
    cols = t3_columns(t, total_column)
    printed = t3_rows(t, single_other)
    top = next(r.group for r in printed if r.result)  # 三、本年度办理结果
    in_top = [r for r in printed if r.group is not None]
    header = _t3_header(t, cols, total_column)
    header[0].insert(0, Span(spec.note, rowspan=len(header), colspan=3))
    rows = header
    seen: set[str] = set()
    for r in printed:
        row: list[Span] = []
        if r.group is None:
            row.append(Span(r.label, colspan=3))
        else:
            if top not in seen:
                row.append(Span(top, rowspan=len(in_top)))
                seen.add(top)
            if r.group == top:
                row.append(Span(r.label, colspan=2))
            else:
                if r.group not in seen:
                    row.append(Span(r.group, rowspan=sum(1 for x in printed if x.group == r.group)))
                    seen.add(r.group)
                row.append(Span(r.label))
        rows.append(row + _value_spans(values, [f"t3.{r.id}.{c}" for c in cols]))
    return SpanTable(rows)


def _t3_header(t: Template, cols: list[str], total_column: str) -> list[list[Span]]:
    spec = t.tables["t3"].columns
    upper: list[Span] = []
    lower: list[Span] = []
    for c in cols:
        col = spec[c]
        label = "" if col.total and total_column == "unlabelled" else col.label
        if col.group is None:
            upper.append(Span(label, rowspan=2))
        elif upper and upper[-1].text == col.group:
            upper[-1].colspan += 1
            lower.append(Span(label))
        else:
            upper.append(Span(col.group))
            lower.append(Span(label))
    return [[Span("申请人情况", colspan=len(cols))], upper, lower]


def table4(t: Template, values: dict[str, str]) -> SpanTable:
    cols = list(t.tables["t4"].columns.values())
    top: list[Span] = []
    middle: list[Span] = []
    bottom: list[Span] = []
    for gid, label, parent in t.t4_groups:
        if parent is None:
            top.append(Span(label, colspan=len(cols)))
            middle += [Span(c.label, rowspan=2) for c in cols]
        else:
            if top and top[-1].text == parent:
                top[-1].colspan += len(cols)
            else:
                top.append(Span(parent, colspan=len(cols)))
            middle.append(Span(label, colspan=len(cols)))
            bottom += [Span(c.label) for c in cols]
    ids = [f"t4.{g}.{c.id}" for g, _, _ in t.t4_groups for c in cols]
    return SpanTable([top, middle, bottom, _value_spans(values, ids)])


def grid_positions(table: SpanTable) -> list[tuple[int, int, Span]]:
    """(row, column, span) of every printed cell, spans resolved as a browser lays them out."""
    taken: set[tuple[int, int]] = set()
    out = []
    for ri, row in enumerate(table.rows):
        ci = 0
        for span in row:
            while (ri, ci) in taken:
                ci += 1
            out.append((ri, ci, span))
            taken.update((ri + dr, ci + dc) for dr in range(span.rowspan) for dc in range(span.colspan))
            ci += span.colspan
    return out
