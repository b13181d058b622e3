"""Print a built report as a DOCX file with python-docx (merged cells via gridSpan and vMerge)."""

from __future__ import annotations

from io import BytesIO

import docx
from docx.table import _Cell

from builders.official import Report, Span, SpanTable, grid_positions


def to_docx(report: Report, paragraphs_in_cells: bool = False, nested: bool = False) -> bytes:
    """The report as DOCX bytes.

    ``paragraphs_in_cells``: multi-part labels are printed as several paragraphs in their cell.
    ``nested``: the whole report sits in the right cell of a two-column layout table.
    """
    document = docx.Document()
    target = document
    if nested:
        layout = document.add_table(rows=1, cols=2)
        layout.cell(0, 0).text = "目录"
        target = layout.cell(0, 1)
    for b in report.blocks:
        if isinstance(b, SpanTable):
            _table(target, b, paragraphs_in_cells)
            if nested:  # a cell must not end with a table
                target.add_paragraph("")
        else:
            target.add_paragraph(b)
    if nested:
        document.add_page_break()
        document.add_paragraph("（完）")
    buf = BytesIO()
    document.save(buf)
    return buf.getvalue()


def _table(target, table: SpanTable, paragraphs_in_cells: bool) -> None:
    """Write the merges the way Word does: the origin cell of a span carries ``gridSpan`` (and
    ``vMerge="restart"`` when it spans rows); below it, one cell per row carries the same
    ``gridSpan`` and ``vMerge="continue"``; positions a span covers to the right have no cell."""
    placed = grid_positions(table)
    width = max(ci + span.colspan for _, ci, span in placed)
    grid = target.add_table(rows=len(table.rows), cols=width)
    grid.style = "Table Grid"
    cover = {(ri + dr, ci): (dr, span) for ri, ci, span in placed for dr in range(span.rowspan)}
    for ri, tr in enumerate(grid._tbl.tr_lst):
        tcs = list(tr.tc_lst)
        ci = 0
        while ci < width:
            dr, span = cover[(ri, ci)]
            tc = tcs[ci]
            for extra in tcs[ci + 1 : ci + span.colspan]:
                tr.remove(extra)
            if span.colspan > 1:
                tc.grid_span = span.colspan
            if span.rowspan > 1:
                tc.vMerge = "continue" if dr else "restart"
            if not dr:
                _write(_Cell(tc, grid), span, paragraphs_in_cells)
            ci += span.colspan


def _write(cell: _Cell, span: Span, paragraphs_in_cells: bool) -> None:
    if paragraphs_in_cells and not span.value and len(span.text) > 4:
        half = len(span.text) // 2
        cell.text = span.text[:half]
        cell.add_paragraph(span.text[half:])
    else:
        cell.text = span.text
