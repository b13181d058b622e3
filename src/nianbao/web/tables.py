"""The three tables laid out like the official template, as plain data for the HTML templates.

The same layout serves the Check page (values, highlighted cells) and the Write page
(inputs). Labels come from the edition's template, never from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nianbao.schema.model import Finding, Report
from nianbao.schema.template import Template, load_template

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}


@dataclass
class CellView:
    """One numeric cell: its id, what to show, the worst finding on it and where it came from."""

    id: str
    value: int | float | None = None
    raw: str | None = None
    severity: str | None = None
    findings: list[int] = field(default_factory=list)
    where: str = ""
    total: bool = False

    @property
    def text(self) -> str:
        if self.value is None:
            return self.raw if self.raw else "—"
        return f"{self.value:g}" if isinstance(self.value, float) else str(self.value)


@dataclass
class Label:
    """A printed label cell with its spans."""

    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class GridRow:
    labels: list[Label]
    cells: list[CellView]


@dataclass
class Block:
    """A run of Table 2 rows printed under one 第二十条 heading with the same columns."""

    group: str
    columns: list[str]
    rows: list[GridRow]


@dataclass
class Layout:
    edition: str
    t2_title: str
    t2: list[Block]
    t3_title: str
    t3_note: str
    t3_columns: list[str]
    t3: list[GridRow]
    t4_title: str
    t4_columns: list[str]
    t4_groups: list[tuple[str, str | None]]
    t4: list[CellView]


def findings_by_cell(findings: list[Finding]) -> dict[str, list[int]]:
    """Cell id -> indexes of the findings that name it."""
    out: dict[str, list[int]] = {}
    for i, f in enumerate(findings):
        for c in f.cells:
            out.setdefault(c, []).append(i)
    return out


_RANK = {"info": 0, "warning": 1, "error": 2}


def _cell(tmpl: Template, cid: str, report: Report | None, by_cell: dict[str, list[int]]) -> CellView:
    view = CellView(id=cid, total=tmpl.column(cid).total)
    if report is not None:
        cv = report.cells.get(cid)
        if cv is not None:
            view.value, view.raw = cv.value, cv.raw
            view.where = cv.provenance.describe() if cv.provenance else ""
        view.findings = by_cell.get(cid, [])
        sev = [report.findings[i].severity for i in view.findings]
        view.severity = max(sev, key=_RANK.__getitem__) if sev else None
    return view


def _t3_label_path(tmpl: Template, row_ids: list[str]) -> list[list[str]]:
    """Each Table 3 row's label as a path of up to three levels (top group, sub-group, item)."""
    paths, top = [], None
    for rid in row_ids:
        r = tmpl.tables["t3"].row(rid)
        g = r.group
        if g is None:
            paths.append([r.label])
        elif g.startswith("（"):  # a sub-group such as （三）不予公开, nested under the last top group
            paths.append([top or "", g, r.label])
        else:
            top = g
            paths.append([g, r.label])
    return paths


def _spanned(paths: list[list[str]], depth: int = 3) -> list[list[Label]]:
    """Merge equal consecutive label prefixes into rowspans; short paths span the columns left."""
    out: list[list[Label]] = [[] for _ in paths]
    for level in range(depth):
        i = 0
        while i < len(paths):
            p = paths[i]
            if len(p) <= level:
                i += 1
                continue
            last = level == len(p) - 1
            j = i + 1
            if not last:
                while j < len(paths) and len(paths[j]) > level + 1 and paths[j][: level + 1] == p[: level + 1]:
                    j += 1
            out[i].append(Label(p[level], rowspan=j - i, colspan=depth - level if last else 1))
            i = j if not last else i + 1
    return out


def layout(edition: str, report: Report | None = None) -> Layout:
    """The official layout of ``edition``, filled from ``report`` when given."""
    tmpl = load_template(edition)
    by_cell = findings_by_cell(report.findings) if report else {}
    t2 = tmpl.tables["t2"]
    blocks: list[Block] = []
    for r in t2.rows:
        cols = [t2.columns[c].label for c in r.columns]
        row = GridRow([Label(r.label)], [_cell(tmpl, f"t2.{r.id}.{c}", report, by_cell) for c in r.columns])
        if blocks and blocks[-1].group == r.group and blocks[-1].columns == cols:
            blocks[-1].rows.append(row)
        else:
            blocks.append(Block(r.group or "", cols, [row]))
    t3 = tmpl.tables["t3"]
    with_alt = report is not None and any(k.startswith("t3.other_processing.") for k in report.cells)
    alt_of = {a for r in t3.rows for a in r.alternative_to}
    row_ids = [
        r.id for r in t3.rows if (with_alt and r.id not in alt_of) or (not with_alt and not r.alternative_to)
    ]
    labels = _spanned(_t3_label_path(tmpl, row_ids))
    t3_rows = [
        GridRow(labels[i], [_cell(tmpl, f"t3.{rid}.{c}", report, by_cell) for c in t3.columns])
        for i, rid in enumerate(row_ids)
    ]
    t4 = tmpl.tables["t4"]
    t4_cells = [_cell(tmpl, f"t4.{g}.{c}", report, by_cell) for g, _, _ in tmpl.t4_groups for c in t4.columns]
    return Layout(
        edition=edition,
        t2_title=t2.title,
        t2=blocks,
        t3_title=t3.title,
        t3_note=t3.note or "",
        t3_columns=[c.label for c in t3.columns.values()],
        t3=t3_rows,
        t4_title=t4.title,
        t4_columns=[c.label for c in t4.columns.values()],
        t4_groups=[(label, group) for _, label, group in tmpl.t4_groups],
        t4=t4_cells,
    )


def cell_label(edition: str, cell_id: str) -> str:
    """A cell named as printed: 表三 · row · column (falls back to the id for unknown cells)."""
    try:
        _, row, col = load_template(edition).labels(cell_id)
    except (KeyError, ValueError):
        return cell_id
    return f"{TABLE_NAMES.get(cell_id[:2], cell_id[:2])} · {row} · {col}"
