"""DOCX as word processors save reports: paragraphs and tables with merged cells (gridSpan,
vMerge). The zip is rewritten with fixed timestamps and core properties so that the same
sample always gives the same bytes."""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from docx.oxml.ns import nsdecls

from nianbao.testing.printed import Block, Grid

_FIXED_DATE = "2024-01-01T00:00:00Z"


def _tc(text: str, colspan: int, vmerge: str | None) -> str:
    props = ""
    if colspan > 1:
        props += f'<w:gridSpan w:val="{colspan}"/>'
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    paras = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' if line else "<w:p/>"
        for line in (text.split("\n") if text else [""])
    )
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paras}</w:tc>"


def _table(doc, g: Grid) -> None:
    """A table with merged cells written as Word does: gridSpan across, vMerge down."""
    from docx.oxml import parse_xml

    t = doc.add_table(rows=0, cols=g.width)
    t.style = "Table Grid"
    for row in g.matrix():
        cells = []
        for c, kind in row:
            if kind == "origin":
                cells.append(_tc(c.text, c.colspan, "restart" if c.rowspan > 1 else None))
            elif kind == "vcover":
                cells.append(_tc("", c.colspan, "continue"))
        t._tbl.append(parse_xml(f'<w:tr {nsdecls("w")}>' + "".join(cells) + "</w:tr>"))


def render_docx(blocks: list[Block]) -> bytes:
    """The report as a DOCX file (deterministic bytes)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    for b in blocks:
        if isinstance(b, Grid):
            _table(doc, b)
            doc.add_paragraph("")
        else:
            p = doc.add_paragraph()
            run = p.add_run(b.text)
            if b.role in ("title", "heading"):
                run.bold = True
            if b.role == "title":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Rewrite an OOXML zip with fixed entry times and fixed creation/modification dates."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + _FIXED_DATE.encode(), body)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            z.writestr(fixed, body)
    return out.getvalue()
