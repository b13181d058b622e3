"""Consistent reports built straight from the template, for rule cases and mutation tests.

``base_report(edition)`` is a small, fully consistent report (every identity holds, every
section present, the fee stated); ``apply_case`` changes it as a rule case file says.
"""

from __future__ import annotations

from nianbao.schema.model import CellValue, Meta, Provenance, Report, Section
from nianbao.schema.template import load_template
from nianbao.text import parse_number

AGENCY = "海州区工业和信息化局"
# A consistent Table 3 (edition-independent rows) and Table 4.
T3 = {
    "new_received": {"natural_person": 3, "commercial": 1, "total": 4},
    "carried_over": {"natural_person": 1, "total": 1},
    "granted": {"natural_person": 2, "total": 2},
    "partially_granted": {"natural_person": 1, "commercial": 1, "total": 2},
    "total_processed": {"natural_person": 3, "commercial": 1, "total": 4},
    "carried_forward": {"natural_person": 1, "total": 1},
}
T4 = {"review": {"upheld": 1, "total": 1}}
T2 = {
    "2021": {"t2.normative_documents.issued": 2, "t2.normative_documents.in_force": 10, "t2.licensing.decisions": 15},
    "2019": {"t2.normative_documents.new_made": 2, "t2.normative_documents.new_published": 2,
             "t2.normative_documents.total_published": 10, "t2.licensing.prev_items": 5, "t2.licensing.change": -1},
}


def sections(year: int) -> list[Section]:
    texts = {
        1: f"{year}年，{AGENCY}认真贯彻落实《中华人民共和国政府信息公开条例》（国务院令第711号）。"
        f"本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。本年共收到政府信息公开申请4件，均按时答复。",
        2: "主动公开情况见下表。",
        3: "收到和处理政府信息公开申请情况见下表。",
        4: "因政府信息公开工作被申请行政复议1件。",
        5: f"{year}年，我局政务公开工作还存在公开内容不够丰富等问题，下一步将加强培训，提升公开质量。",
        6: "本年度未收取信息处理费。",
    }
    titles = {1: "一、总体情况", 2: "二、主动公开政府信息情况", 3: "三、收到和处理政府信息公开申请情况",
              4: "四、政府信息公开行政复议、行政诉讼情况", 5: "五、存在的主要问题及改进情况", 6: "六、其他需要报告的事项"}
    return [Section(number=n, title=titles[n], text=texts[n], line=n * 10) for n in range(1, 7)]


def cell(value, line: int | None = None, raw: str | None = None) -> CellValue:
    """A printed cell: ``value`` may be a number, None (blank), or a string read as printed."""
    if isinstance(value, str):
        raw = value
        value = parse_number(value)[0]
    elif raw is None and value is not None:
        raw = str(value)
    elif raw is None:
        raw = ""
    return CellValue(value=value, raw=raw, provenance=Provenance(line=line) if line else None)


def base_report(edition: str = "2021", year: int | None = None) -> Report:
    """A consistent report of ``edition`` (2022 or 2020 unless ``year`` is given)."""
    year = year or (2022 if edition == "2021" else 2020)
    t = load_template(edition)
    values = dict(T2[edition])
    for group, table in (("t3", T3), ("t4", T4)):
        for row, cols in table.items():
            for col, v in cols.items():
                values[f"{group}.{row}.{col}"] = v
    cells = {cid: cell(values.get(cid, 0), line=100 + i) for i, cid in enumerate(t.cell_ids())}
    title = f"{AGENCY}{year}年政府信息公开工作年度报告"
    meta = Meta(title=title, agency=AGENCY, year=year, period=(f"{year}-01-01", f"{year}-12-31"))
    return Report(edition=edition, meta=meta, sections=sections(year), cells=cells)


def apply_case(report: Report, case: dict) -> Report:
    """Change ``report`` as a rule case says: set / unprint cells, printed row labels,
    confidence, meta, sections, layout."""
    if "edition" in case and case.get("edition") != report.edition:
        raise ValueError("build the report with the case's edition")
    for cid in case.get("add_cells") or []:
        report.cells[cid] = cell(0)
    for cid, v in (case.get("set") or {}).items():
        old = report.cells.get(cid)
        line = old.provenance.line if old is not None and old.provenance else None
        report.cells[cid] = cell(v, line=line)
    for row, label in (case.get("label") or {}).items():
        for cid in [c for c in report.cells if c.startswith(row + ".")]:
            report.cells[cid].provenance = Provenance(line=100, label=label)
    for cid, conf in (case.get("confidence") or {}).items():
        report.cells[cid].confidence = conf
    for prefix in case.get("unprint") or []:
        for cid in [c for c in report.cells if c == prefix or c.startswith(prefix + ".")]:
            report.cells[cid] = CellValue(value=None, raw=None)
    for prefix in case.get("remove_cells") or []:
        for cid in [c for c in report.cells if c == prefix or c.startswith(prefix + ".")]:
            del report.cells[cid]
    for k, v in (case.get("meta") or {}).items():
        setattr(report.meta, k, tuple(v) if k == "period" and v else v)
    for n, text in (case.get("sections") or {}).items():
        report.sections = [s for s in report.sections if s.number != int(n)]
        if text is not None:
            report.sections.append(Section(number=int(n), title=f"{n}", text=text, line=int(n) * 10))
    report.sections.sort(key=lambda s: s.number)
    if "layout" in case:
        report.layout = case["layout"]
    return report
