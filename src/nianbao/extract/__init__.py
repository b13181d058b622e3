"""Extraction: Document + template -> Report (sections, metadata, cells with provenance)."""

from __future__ import annotations

from nianbao.document import Document, Paragraph
from nianbao.extract.meta import find_agency, find_period, find_title, find_year, full_agency
from nianbao.extract.rows import table_rows
from nianbao.extract.sections import Heading, find_headings, section_texts, table_headers
from nianbao.extract.tables import Placed, TableReader, value_of
from nianbao.schema.model import CellValue, Meta, Provenance, Report, Section
from nianbao.schema.template import Template, edition_for_year, load_template
from nianbao.text import to_simplified

__all__ = ["extract", "detect_edition"]


def detect_edition(texts: str, year: int | None) -> tuple[str, str]:
    """(edition, how): by the layout's own words first, the report year second."""
    hits = _marker_hits(texts.replace(" ", "").replace("\n", ""))
    if not _decisive(hits):  # the markers are simplified: count again on the converted text
        hits = _marker_hits(to_simplified(texts).replace(" ", "").replace("\n", ""))
    if hits["2021"] or hits["2019"]:
        return ("2021" if hits["2021"] >= hits["2019"] else "2019"), "layout"
    by_year = edition_for_year(year)
    if by_year == "pre2019" or (year is not None and year < 2019):
        return "pre2019", "year"
    if "收费及减免" in texts or "同意公开答复" in texts or "非本部门掌握" in texts:
        return "pre2019", "vocabulary"
    return (by_year or "2021"), "year" if by_year else "default"


def _marker_hits(key: str) -> dict[str, int]:
    """Per edition, how many of its layout's own phrases the text holds."""
    return {ed: sum(1 for m in load_template(ed).marker_keys if m in key) for ed in ("2021", "2019")}


def _decisive(hits: dict[str, int]) -> bool:
    """All of one edition's phrases and none of the other's: converting traditional
    characters (which costs more than the count) could not change the answer."""
    for ed, n in hits.items():
        others = sum(m for e, m in hits.items() if e != ed)
        if n == len(load_template(ed).marker_keys) and not others:
            return True
    return False


def _sections(doc: Document, headings: list[Heading], skip: set[int]) -> list[Section]:
    """The six sections' texts (blocks in ``skip`` left out), a duplicated heading's joined."""
    sections: dict[int, Section] = {}
    for h, text in section_texts(doc, headings, skip):
        if h.number in sections:
            s = sections[h.number]
            s.text = "\n".join(x for x in (s.text, text) if x)
            continue
        sections[h.number] = Section(number=h.number, title=h.title, text=text, line=h.line, page=h.page)
    return sorted(sections.values(), key=lambda s: s.number)


def _cells(tmpl: Template, placed: dict[str, Placed], scale: dict[str, float], single_six: bool) -> dict[str, CellValue]:
    """Every cell id of the edition: the value, literal and provenance of the cell placed on
    it, or an empty CellValue. Amounts are scaled to 万元 whatever unit was printed."""
    cells: dict[str, CellValue] = {}
    for cid, decimal in tmpl.cell_specs(with_alternatives=single_six):  # edition 2019 has no alternative rows
        p = placed.get(cid)
        if p is None:
            cells[cid] = CellValue()
            continue
        cell, row = p
        text = cell.text
        value = value_of(text, decimal)
        if value is not None and cid in scale:
            value = round(value * scale[cid], 6)
        # positional arguments: a report builds ~200 of each and keywords cost twice as much
        loc = cell.loc
        prov = Provenance(loc.line, loc.page, loc.bbox, loc.table, loc.row, loc.col, row.label or None)
        cells[cid] = CellValue(value, text, prov, cell.confidence)
    return cells


def extract(doc: Document) -> Report:
    rows, consumed = table_rows(doc)
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    body = "\n".join(p.text for p in paras)
    # column heads are text cells, so they are part of the row labels
    table_text = " ".join(r.label for r in rows)

    title, _ = find_title(doc)
    period = find_period(body)
    year = find_year(title, period, body)
    edition, how = detect_edition(body + table_text, year)
    tmpl = load_template("2021" if edition == "pre2019" else edition)

    agency = full_agency(find_agency(doc, title), body)
    meta = Meta(
        title=title, agency=agency, year=year, period=period, source=doc.source, format=doc.format, encoding=doc.encoding
    )

    headings = find_headings(doc, tmpl)
    layout: dict = {
        "edition_by": how,
        "headings": [{"number": h.number, "printed": h.printed, "title": h.title, "line": h.line, "page": h.page} for h in headings],
        "table_rows": len(rows),
    }
    report = Report(edition=edition, meta=meta)
    report.layout = layout  # by reference: pydantic would copy it, losing the tables added below
    if edition == "pre2019":
        layout["tables"] = {}
        report.sections = _sections(doc, headings, consumed)
        return report

    reader = TableReader(tmpl, rows)
    t3 = reader.table3()
    t2 = reader.table2(before=t3.start)
    t4 = reader.table4(after=t3.start or 0)

    placed = {**t2.placed, **t3.placed, **t4.placed}
    single_six = "other_processing" in t3.rows_matched and not any(
        r in t3.rows_matched for r in ("other_overdue_correction", "other_overdue_fee", "other_other")
    )
    report.cells = _cells(tmpl, placed, t2.scale, single_six)
    # in positioned text a table's header lines are paragraphs too: not section text
    values = {row.block for _, row in placed.values() if row.block is not None}
    report.sections = _sections(doc, headings, consumed | table_headers(doc, values, headings, consumed))
    t3_expected = [r.id for r in tmpl.tables["t3"].rows if not r.alternative_to]
    matched = set(t3.rows_matched)
    layout["tables"] = {
        "t2": {"found": t2.found, "rows": t2.rows_matched, "units": {k: f"×{v:g} → 万元" for k, v in t2.scale.items()}},
        "t3": {
            "found": t3.found,
            "rows": t3.rows_matched,
            "header_total": t3.header_total,
            "single_other_processing": single_six,
            "missing_rows": [r for r in t3_expected if r not in matched and not (single_six and r.startswith("other_"))]
            if t3.found
            else [],
            "shape": t3.shape,
        },
        "t4": {"found": t4.found, "shape": t4.shape},
    }
    return report
