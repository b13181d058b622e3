"""The official layout of a report, independent of file format.

``official_layout(report)`` gives the blocks every writer prints: the title, the preface with
the statistics-period sentence, the six section headings with their paragraphs, and the three
tables as :class:`Grid` objects with merged cells exactly as the national template prints
them. Every label comes from the edition's template (``nianbao.schema.templates``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources

import yaml

from nianbao.schema.model import Report
from nianbao.schema.template import Template, load_template

NUMERALS = "一二三四五六七八九十"


@dataclass
class GridCell:
    """One printed cell at its top-left position; ``kind`` is head, note, label or value."""

    row: int
    col: int
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    kind: str = "label"
    cell_id: str | None = None


@dataclass
class Grid:
    """A table as printed: origin cells with their spans on an ``n_rows`` x ``n_cols`` grid."""

    table: str
    n_rows: int
    n_cols: int
    cells: list[GridCell] = field(default_factory=list)
    head_rows: int = 0  # how many leading rows are column headings

    def add(self, row: int, col: int, text: str = "", rowspan: int = 1, colspan: int = 1, kind: str = "label",
            cell_id: str | None = None) -> GridCell:
        c = GridCell(row, col, text, rowspan, colspan, kind, cell_id)
        self.cells.append(c)
        return c

    def rows(self) -> list[list[GridCell]]:
        """Origin cells row by row, left to right (the shape of an HTML table)."""
        out: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row].append(c)
        return [sorted(r, key=lambda c: c.col) for r in out]

    def matrix(self) -> list[list[str]]:
        """Every position's text; positions covered by a span are empty (a Word text export)."""
        m = [[""] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            m[c.row][c.col] = c.text
        return m


@dataclass
class Heading:
    text: str
    level: int  # 0 the title, 1 a section heading


@dataclass
class Para:
    text: str


Block = Heading | Para | Grid


@lru_cache(maxsize=None)
def layout_words(edition: str) -> dict[str, str]:
    """The template's ``layout`` words: title and period patterns, table head words."""
    text = resources.files("nianbao.schema").joinpath(f"templates/{edition}.yaml").read_text("utf-8")
    return dict(yaml.safe_load(text)["layout"])


def format_value(v: int | float | None) -> str:
    """A cell value as printed: blank for None, decimals without trailing zeros."""
    if v is None:
        return ""
    if isinstance(v, float):
        d = Decimal(repr(v)).normalize()
        return format(d, "f")
    return str(v)


def report_title(report: Report) -> str:
    words = layout_words(report.edition)
    return words["title"].format(agency=report.meta.agency or "", year=report.meta.year or "")


def title_size(title: str, width_pt: float = 470.0, largest: float = 18.0, smallest: float = 12.0) -> float:
    """Font size (pt) that keeps the title on one line of a 17 cm text block: a title that
    wraps in a PDF reads back as two lines, and the agency's name would be cut."""
    return max(smallest, min(largest, round(width_pt / max(len(title), 1) * 2) / 2))


def section_heading(number: int, title: str) -> str:
    return f"{NUMERALS[number - 1]}、{title}"


def official_layout(report: Report) -> list[Block]:
    """The blocks of the report in the official layout, in printed order."""
    tmpl = load_template(report.edition)
    words = layout_words(report.edition)
    year = report.meta.year
    blocks: list[Block] = [Heading(report_title(report), 0), Para(words["preface"] + words["period"].format(year=year))]
    grids = {2: table2_grid(tmpl, report), 3: table3_grid(tmpl, report), 4: table4_grid(tmpl, report)}
    for spec in tmpl.sections:
        blocks.append(Heading(section_heading(spec.number, spec.title), 1))
        sec = report.section(spec.number)
        for line in (sec.text if sec else "").split("\n"):
            if line.strip():
                blocks.append(Para(line.strip()))
        if spec.number in grids:
            blocks.append(grids[spec.number])
    return blocks


def table2_grid(tmpl: Template, report: Report) -> Grid:
    """Table 2: per 第二十条 item a group line, a head line (信息内容 + columns) and its rows."""
    spec = tmpl.tables["t2"]
    head = layout_words(tmpl.edition)["t2_head"]
    width = max(len(r.columns) for r in spec.rows)
    groups: list[tuple[str | None, list]] = []
    for r in spec.rows:
        if groups and groups[-1][0] == r.group and groups[-1][1][0].columns == r.columns:
            groups[-1][1].append(r)
        else:
            groups.append((r.group, [r]))
    n_rows = sum(2 + len(rows) for _, rows in groups)
    g = Grid("t2", n_rows, 1 + width)
    y = 0
    for group, rows in groups:
        g.add(y, 0, group or "", colspan=1 + width, kind="head")
        cols = rows[0].columns
        spans = [1] * (len(cols) - 1) + [width - len(cols) + 1]
        g.add(y + 1, 0, head, kind="head")
        x = 1
        for c, span in zip(cols, spans):
            g.add(y + 1, x, spec.columns[c].label, colspan=span, kind="head")
            x += span
        y += 2
        for r in rows:
            g.add(y, 0, r.label)
            x = 1
            for c, span in zip(cols, spans):
                cid = f"t2.{r.id}.{c}"
                g.add(y, x, format_value(report.value(cid)), colspan=span, kind="value", cell_id=cid)
                x += span
            y += 1
    return g


def t3_rows(tmpl: Template, report: Report | None = None) -> list:
    """Table 3 rows as printed: 2021's single （六） row only when the report fills it instead."""
    rows = []
    for r in tmpl.tables["t3"].rows:
        if r.alternative_to:
            single = report is not None and any(report.value(f"t3.{r.id}.{c}") is not None for c in r.columns)
            if not single:
                continue
            rows = [x for x in rows if x.id not in r.alternative_to]
        rows.append(r)
    return rows


def table3_grid(tmpl: Template, report: Report) -> Grid:
    """Table 3: three label columns (the 勾稽关系 note heads them), applicant columns, 总计."""
    spec = tmpl.tables["t3"]
    rows = t3_rows(tmpl, report)
    cols = list(spec.columns.values())
    g = Grid("t3", 3 + len(rows), 3 + len(cols), head_rows=3)
    g.add(0, 0, spec.note or "", rowspan=3, colspan=3, kind="note")
    g.add(0, 3, layout_words(tmpl.edition)["t3_head"], colspan=len(cols), kind="head")
    x = 3
    while x - 3 < len(cols):
        c = cols[x - 3]
        if c.group:
            n = sum(1 for d in cols if d.group == c.group)
            g.add(1, x, c.group, colspan=n, kind="head")
            for k in range(n):
                g.add(2, x + k, cols[x - 3 + k].label, kind="head")
            x += n
        else:
            g.add(1, x, c.label, rowspan=2, kind="head")
            x += 1
    # rows inside the 三、本年度办理结果 block: results and （七）总计
    block = [i for i, r in enumerate(rows) if r.result or r.sum_of_results]
    top = rows[block[0]].group if block else None
    for i, r in enumerate(rows):
        y = 3 + i
        if block and i == block[0]:
            g.add(y, 0, top or "", rowspan=len(block))
        if i in block and r.group != top:
            same = [j for j in block if rows[j].group == r.group]
            if i == same[0]:
                g.add(y, 1, r.group or "", rowspan=len(same))
            g.add(y, 2, r.label)
        elif i in block:
            g.add(y, 1, r.label, colspan=2)
        else:
            g.add(y, 0, r.label, colspan=3)
        for k, c in enumerate(spec.columns):
            cid = f"t3.{r.id}.{c}"
            g.add(y, 3 + k, format_value(report.value(cid)), kind="value", cell_id=cid)
    return g


def table4_grid(tmpl: Template, report: Report) -> Grid:
    """Table 4: 行政复议 and 行政诉讼 (two sub-groups) heads over five columns each; one row of values."""
    spec = tmpl.tables["t4"]
    cols = list(spec.columns)
    n = len(cols)
    g = Grid("t4", 4, n * len(tmpl.t4_groups), head_rows=3)
    x = 0
    done: set[str] = set()
    for gid, label, parent in tmpl.t4_groups:
        if parent is None:
            g.add(0, x, label, colspan=n, kind="head")
            for k, c in enumerate(cols):
                g.add(1, x + k, spec.columns[c].label, rowspan=2, kind="head")
        else:
            if parent not in done:
                members = sum(1 for _, _, p in tmpl.t4_groups if p == parent)
                g.add(0, x, parent, colspan=n * members, kind="head")
                done.add(parent)
            g.add(1, x, label, colspan=n, kind="head")
            for k, c in enumerate(cols):
                g.add(2, x + k, spec.columns[c].label, kind="head")
        for k, c in enumerate(cols):
            cid = f"t4.{gid}.{c}"
            g.add(3, x + k, format_value(report.value(cid)), kind="value", cell_id=cid)
        x += n
    return g
