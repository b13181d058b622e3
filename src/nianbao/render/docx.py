"""The report as a Word document (DOCX) in the official layout: A4, 宋体 (a CJK font),
tables with their heads merged exactly as the national template prints them."""

from __future__ import annotations

import io

from nianbao.render.layout import Grid, Heading, official_layout, title_size
from nianbao.schema.model import Report

BODY_FONT, HEAD_FONT, LATIN_FONT = "宋体", "黑体", "Times New Roman"
# Column widths (cm) of each table, for a 17 cm wide text block.
WIDTHS = {"t2": [5.0, 4.0, 4.0, 4.0], "t3": [1.7, 1.9, 5.1] + [1.19] * 7, "t4": [17 / 15] * 15}


def _font(run, east_asia: str, size: float | None = None, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = LATIN_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    if size:
        run.font.size = Pt(size)
    run.font.bold = bold


def _page(doc) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin = sec.bottom_margin = Cm(2.54)
    sec.left_margin = sec.right_margin = Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)


def _table(doc, grid: Grid) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    t = doc.add_table(rows=grid.n_rows, cols=grid.n_cols)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = WIDTHS.get(grid.table, [17 / grid.n_cols] * grid.n_cols)
    for k, col in enumerate(t.columns):
        col.width = Cm(widths[k])  # the table grid, which LibreOffice follows
    # Table.cell() walks the whole table; take every cell once, fill, then merge.
    cells = [list(r.cells) for r in t.rows]
    for row in cells:
        for k, cell in enumerate(row):
            cell.width = Cm(widths[k])  # each cell's own width, which Word follows
    for c in grid.cells:
        cell = cells[c.row][c.col]
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if c.kind in ("label", "note") else WD_ALIGN_PARAGRAPH.CENTER
        fmt = p.paragraph_format
        fmt.first_line_indent, fmt.space_before, fmt.space_after, fmt.line_spacing = None, Pt(1), Pt(1), 1.0
        # keep the table on one page when it fits: every row sticks to the next
        fmt.keep_with_next = c.row + c.rowspan < grid.n_rows
        _font(p.add_run(c.text), HEAD_FONT if c.kind == "head" else BODY_FONT, 9)
    for row in t.rows:
        row.height = Cm(0.6)
    for c in grid.cells:
        if c.rowspan > 1 or c.colspan > 1:
            cells[c.row][c.col].merge(cells[c.row + c.rowspan - 1][c.col + c.colspan - 1])
    _no_split(t)


def _no_split(table) -> None:
    """Keep each row on one page (Word's 'allow row to break across pages' off)."""
    from docx.oxml import OxmlElement

    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))


def to_docx(report: Report) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    _page(doc)
    for b in official_layout(report):
        if isinstance(b, Grid):
            _table(doc, b)
            doc.add_paragraph()
        elif isinstance(b, Heading):
            p = doc.add_paragraph()
            if b.level == 0:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _font(p.add_run(b.text), BODY_FONT, title_size(b.text), bold=True)
            else:
                p.paragraph_format.keep_with_next = True
                p.paragraph_format.first_line_indent = Pt(24)
                _font(p.add_run(b.text), HEAD_FONT, 14)
        else:
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(24)
            _font(p.add_run(b.text), BODY_FONT)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
