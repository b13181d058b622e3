"""Output of `nianbao parse`: json (the spec's object), table, csv, debug."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table as RichTable

from nianbao.schema.model import Report
from nianbao.schema.template import load_template


def to_json(report: Report) -> str:
    return json.dumps(report.to_contract(), ensure_ascii=False, indent=1)


def render_parsed(items: list[tuple[Path, Report]], fmt: str) -> str:
    if fmt == "json":
        if len(items) == 1:
            return to_json(items[0][1])
        return json.dumps([{"file": str(p), **r.to_contract()} for p, r in items], ensure_ascii=False, indent=1)
    if fmt == "csv":
        return to_csv(items)
    if fmt == "debug":
        return "\n".join(to_debug(r, p) for p, r in items)
    return "\n".join(to_table_text(r, p) for p, r in items)


def to_csv(items: list[tuple[Path, Report]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["file", "edition", "agency", "year", "cell", "value", "raw", "line", "page"])
    for p, r in items:
        for cid, c in r.cells.items():
            prov = c.provenance
            w.writerow(
                [p, r.edition, r.meta.agency or "", r.meta.year or "", cid, "" if c.value is None else c.value,
                 c.raw if c.raw is not None else "", prov.line if prov and prov.line else "", prov.page if prov and prov.page else ""]
            )
    return buf.getvalue()


def _fmt(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def tables_for_people(report: Report) -> list[RichTable]:
    """The three tables laid out as printed (row labels and column heads in Chinese)."""
    if report.edition not in ("2021", "2019"):
        return []
    t = load_template(report.edition)
    out = []
    t2 = t.tables["t2"]
    rt = RichTable(title=f"二、{t2.title}", show_lines=False)
    rt.add_column("信息内容")
    rt.add_column("数值")
    for r in t2.rows:
        vals = "  ".join(f"{t2.columns[c].label}={_fmt(report.value(f't2.{r.id}.{c}'))}" for c in r.columns)
        rt.add_row(r.label, vals)
    out.append(rt)
    t3 = t.tables["t3"]
    t3_rows = [(r.label[:24], r.id) for r in t3.rows if not r.alternative_to or f"t3.{r.id}.total" in report.cells]
    out.append(_grid(report, f"三、{t3.title}", "t3", t3.columns, t3_rows))
    t4 = t.tables["t4"]
    t4_rows = [(f"{group}·{label}" if group else label, gid) for gid, label, group in t.t4_groups]
    out.append(_grid(report, f"四、{t4.title}", "t4", t4.columns, t4_rows))
    return out


def _grid(report: Report, title: str, tid: str, columns: dict, rows: list[tuple[str, str]]) -> RichTable:
    """A table of rows × columns of one template table, values right-aligned."""
    rt = RichTable(title=title)
    rt.add_column("")
    for c in columns.values():
        rt.add_column(c.label, justify="right")
    for label, rid in rows:
        rt.add_row(label, *[_fmt(report.value(f"{tid}.{rid}.{c}")) for c in columns])
    return rt


def _capture(renderables) -> str:
    con = Console(file=io.StringIO(), width=140, record=True, color_system=None)
    for r in renderables:
        con.print(r)
    return con.export_text()


def to_table_text(report: Report, path: Path | str = "") -> str:
    m = report.meta
    head = f"{path}\n{m.title or ''}\n机关: {m.agency or '?'}  年度: {m.year or '?'}  版式: {report.edition}\n"
    secs = "章节: " + " ".join(f"{s.number}.{s.title}" for s in report.sections) + "\n"
    body = _capture(tables_for_people(report))
    finds = ""
    if report.findings:
        finds = "问题:\n" + "\n".join(f"  [{f.severity}] {f.code} {f.message}" for f in report.findings) + "\n"
    return head + secs + body + finds


def to_debug(report: Report, path: Path | str = "") -> str:
    """Which printed cell went to which cell id: label, literal text, location."""
    rt = RichTable(title=f"{path} — 来源对照 (source -> cell id)")
    for h in ("cell id", "value", "literal", "row label as printed", "where"):
        rt.add_column(h)
    for cid, c in report.cells.items():
        p = c.provenance
        rt.add_row(cid, _fmt(c.value), repr(c.raw) if c.raw is not None else "(not printed)", (p.label or "")[:30] if p else "", p.describe() if p else "")
    layout = json.dumps(report.layout, ensure_ascii=False)
    return _capture([rt]) + "layout: " + layout + "\n"
