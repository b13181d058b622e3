"""DOCX reader: the body in order, paragraphs and tables interleaved, tables as true grids.

- Horizontal spans (``gridSpan``, ``gridBefore``, legacy ``hMerge``) and vertical merges
  (``vMerge``) become merged positions; the origin cell keeps the text. The reader works on
  the ``w:tc`` elements themselves, so a merged cell is never read twice.
- Tables that only lay out the page (holding other tables, prose, or one column) are read as
  page content, in order; text boxes follow the paragraph that anchors them.
- ``Loc.line`` is the 1-based index of the paragraph in document order (paragraphs inside
  table cells count too).
- The archive's declared sizes are checked before anything is inflated (zip bombs).
"""

from __future__ import annotations

import zipfile
import zlib
from io import BytesIO

from lxml import etree

from nianbao.document import Cell, Document, Loc, Paragraph, Table
from nianbao.errors import InputError
from nianbao.readers.grid import clean_line, clean_lines, is_layout, merged_cell, to_table
from nianbao.readers.safety import open_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
W_P, W_TBL, W_TR, W_TC, W_T = W + "p", W + "tbl", W + "tr", W + "tc", W + "t"
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
W_TXBX = W + "txbxContent"
_WRAPPERS = (W_SDT, W_CUSTOM_XML, W_SDT_CONTENT)
_CHARS = {W + "tab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}
# Subtrees whose text is not part of the paragraph as printed (properties, deleted or moved
# text, field codes, the duplicate rendering of alternate content).
_SKIP = frozenset({W + "pPr", W + "rPr", W + "del", W + "moveFrom", W + "instrText", W + "delText", MC + "Fallback"})
_CORRUPT = "文件已损坏：不是有效的 DOCX 文档 (corrupt or not a DOCX)"


def read_docx(data: bytes, source: str = "<bytes>") -> Document:
    """Read a DOCX file's bytes into a Document. Raises :class:`InputError` when the file is
    not a readable DOCX (corrupt, not a Word document, or an archive bomb)."""
    with open_zip(data, source) as zf:
        names = set(zf.namelist())
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise InputError(source, "不是 DOCX 文档：压缩包中没有 Word 正文 (zip archive is not a DOCX)")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        body = docx.Document(BytesIO(data)).element.body
    except (PackageNotFoundError, KeyError, ValueError, TypeError, AttributeError, etree.LxmlError, zipfile.BadZipFile, zlib.error, EOFError):
        raise InputError(source, _CORRUPT) from None
    if body is None:  # a document without a body prints nothing
        return Document(blocks=[], source=source, format="docx")
    walker = _Walker(body)
    walker.container(body)
    return Document(blocks=walker.blocks, source=source, format="docx")


class _Walker:
    def __init__(self, body):
        self.blocks: list[Paragraph | Table] = []
        self.table_no = 0
        # every paragraph's position in document order, its Loc.line
        self.index = {p: i for i, p in enumerate(body.iter(W_P), start=1)}

    def container(self, el) -> None:
        """The blocks of a body, a cell, a content control or a text box, in order."""
        for child in el:
            tag = child.tag
            if tag == W_P:
                self.paragraph(child)
            elif tag == W_TBL:
                self.table(child)
            elif tag in _WRAPPERS:
                self.container(child)

    def paragraph(self, p) -> None:
        boxes: list = []
        lines = paragraph_text(p, boxes).split("\n")
        line_no = self.index.get(p)
        for line in lines:
            text = clean_line(line)
            if text:
                self.blocks.append(Paragraph(text=text, loc=Loc(line=line_no)))
        for box in boxes:
            self.container(box)

    def table(self, tbl) -> None:
        rows = [(tr, _row_cells(tr)) for tr in _children(tbl, W_TR)]
        texts = {tc: self.cell_text(tc) for _, cells in rows for tc, _, _ in cells}
        nested = any(tc.find(".//" + W_TBL) is not None for tc in texts)
        width = max((_grid_before(tr) + sum(span for _, span, _ in cells) for tr, cells in rows), default=0)
        if is_layout([t for t, _ in texts.values()], nested, width):
            for _, cells in rows:
                for tc, _, continued in cells:
                    if not continued:
                        self.container(tc)
            return
        grid: list[list[Cell | None]] = []
        for tr, cells in rows:
            row: list[Cell | None] = [None] * _grid_before(tr)
            above = grid[-1] if grid else []
            for tc, span, continued in cells:
                if continued:
                    if continued == "v":
                        origin = above[len(row)] if len(row) < len(above) else None
                    else:
                        origin = row[-1] if row else None
                    origin = origin or Cell(text="")
                    row += [merged_cell(origin) for _ in range(span)]
                    continue
                text, line = texts[tc]
                origin = Cell(text=text, loc=Loc(line=line))
                row += [origin] + [merged_cell(origin) for _ in range(span - 1)]
            # columns the row leaves out at its end (gridAfter) are a position nothing printed,
            # so that a short row in a table without merges stays a grid (see located_table)
            grid.append(row + [None] * _grid_after(tr))
        self.table_no += 1
        first = next(tbl.iter(W_P), None)
        self.blocks.append(to_table(grid, self.table_no, self.index.get(first)))

    def cell_text(self, tc) -> tuple[str, int | None]:
        """A cell's text, one line per paragraph (nested tables flattened), and its first
        paragraph's index."""
        paras = list(tc.iter(W_P))
        lines = [line for p in paras for line in paragraph_text(p, []).split("\n")]
        return "\n".join(clean_lines(lines)), self.index.get(paras[0]) if paras else None


def paragraph_text(p, boxes: list) -> str:
    """The printed text of a paragraph (tabs and line breaks kept; page breaks dropped);
    text boxes met on the way are appended to ``boxes`` instead."""
    parts: list[str] = []

    def walk(el) -> None:
        for ch in el:
            tag = ch.tag
            if tag == W_T:
                parts.append(ch.text or "")
            elif tag == W + "br":
                if ch.get(W + "type") in (None, "textWrapping"):
                    parts.append("\n")
            elif tag in _CHARS:
                parts.append(_CHARS[tag])
            elif tag == W_TXBX:
                boxes.append(ch)
            elif tag not in _SKIP and len(ch):
                walk(ch)

    walk(p)
    return "".join(parts)


def _children(el, tag: str):
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    for ch in el:
        if ch.tag == tag:
            yield ch
        elif ch.tag in _WRAPPERS:
            yield from _children(ch, tag)


def _props(el, pr_tag: str) -> dict[str, str]:
    """The properties element ``pr_tag`` of ``el`` (w:tcPr, w:trPr) as {tag: w:val}."""
    for ch in el:
        if ch.tag == pr_tag:
            return {p.tag: p.get(W + "val", "") for p in ch}
    return {}


def _int(value: str | None, default: int, cap: int = 64) -> int:
    try:
        return max(0, min(int(value), cap)) if value is not None else default
    except ValueError:
        return default


def _grid_before(tr) -> int:
    return _int(_props(tr, W + "trPr").get(W + "gridBefore"), 0)


def _grid_after(tr) -> int:
    return _int(_props(tr, W + "trPr").get(W + "gridAfter"), 0)


def _row_cells(tr) -> list[tuple[object, int, str | None]]:
    """(tc, columns spanned, "v" or "h" when it continues a merge from above or the left)."""
    out = []
    for tc in _children(tr, W_TC):
        props = _props(tc, W + "tcPr")
        span = max(_int(props.get(W + "gridSpan"), 1), 1)
        vmerge, hmerge = props.get(W + "vMerge"), props.get(W + "hMerge")
        continued = "v" if vmerge not in (None, "restart") else "h" if hmerge not in (None, "restart") else None
        out.append((tc, span, continued))
    return out
