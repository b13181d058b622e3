"""HTML reader: government CMS pages -> paragraphs and true table grids.

- The charset comes from a byte-order mark, ``<meta charset>``, ``http-equiv`` or the XML
  declaration; without one (or when the declared one does not decode) it is sniffed.
- rowspan/colspan are rebuilt into a grid; positions covered by a span are merged cells.
- Tables used only to lay out the page (holding other tables, prose, or a single column)
  are not data tables: their cells are read as page content, in document order.
- Scripts, styles, navigation, comments and hidden elements are dropped; nothing is executed
  or fetched, and entities declared in the document are never expanded.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree

from nianbao.document import Cell, Document, Loc, Paragraph, Table
from nianbao.readers.grid import clean_line, clean_lines, is_layout, located_table
from nianbao.text import decode_bytes, unify_radicals

PARSER = etree.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, huge_tree=False, default_doctype=False, recover=True
)
_DROP = frozenset(
    "head script style noscript template nav iframe object embed svg canvas select option button textarea".split()
)
# Elements that start a new printed line. Table parts are not listed: the reader takes
# tables apart cell by cell itself.
_BLOCK = frozenset(
    """address article aside blockquote body caption center dd details div dl dt fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hr html li main ol p pre section summary ul""".split()
)
_BREAKS = ("br", *_BLOCK)
_CELLS = ("td", "th")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_MAYBE_HIDDEN = etree.XPath("descendant-or-self::*[@hidden or @style]")
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
# The XML declaration (lxml refuses it in decoded text) and the DOCTYPE with any internal
# subset: entity declarations are removed before parsing, so none can ever be expanded.
_PROLOG = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>)?", re.I | re.S)
_LINE_BREAKS = re.compile(r"[^\r\n]+")
# Pages labelled with a subset of GB18030 routinely contain characters outside it.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs", "ascii": "utf-8"}
MAX_SPAN = 100
# Marks a printed line break in the parsed text: a noncharacter, never found in real pages
# and allowed in XML text (a source newline is only whitespace).
BREAK = "\ufdd0"
_LEADING_DIGITS = re.compile(r"\s*([0-9]+)")
# a character reference into U+2E80-U+2FDF, radical look-alikes (a little wider: cheap to test)
_RADICAL_REFERENCE = re.compile(r"&#(?:[xX]0*2[eEfF][0-9a-fA-F]{2}|0*1(?:19|2[0-2])\d\d);")


def read_html(data: bytes, source: str = "<bytes>") -> Document:
    """Read an HTML page into a Document."""
    text, encoding, notes = decode_html(data)
    text = unify_radicals(text, data if encoding == "utf-8" else None)
    walker = _Walker()
    if text and not text.isspace():  # text.strip() would copy the page
        # match(), not sub(): a search would try every position of the page
        end = _PROLOG.match(text).end()
        # the prolog's line breaks stay, so that source lines count from the top of the file
        text = _LINE_BREAKS.sub("", text[:end]) + text[end:] if end else text
        root = etree.fromstring(text, PARSER)
        if root is not None:
            _prepare(root, text)
            walker.walk(root)
            walker.flush()
    doc = Document(blocks=walker.blocks, source=source, format="html", encoding=encoding, notes=notes)
    # character references can spell radical look-alikes too (a GBK page has no other way)
    return doc.map_texts(unify_radicals) if _RADICAL_REFERENCE.search(text) else doc


def _prepare(root, text: str) -> None:
    """Drop what is not printed; mark line breaks (<br>, block boundaries, newlines inside
    <pre>) in the text itself, so that a cell's text is its text content cut at the marks."""
    etree.strip_elements(root, *_DROP, with_tail=False)
    if _may_hide(text):
        for el in _MAYBE_HIDDEN(root):
            style = el.get("style")
            if el.get("hidden") is not None or _HIDDEN.search(style):
                _remove_keeping_tail(el)
    pre = []
    for el in root.iter(*_BREAKS):
        tail = el.tail
        el.tail = BREAK + tail if tail else BREAK
        tag = el.tag
        if tag != "br":
            head = el.text
            el.text = BREAK + head if head else BREAK
            if tag == "pre":
                pre.append(el)
    for block in pre:
        for el in block.iter():
            el.text = el.text and el.text.replace("\n", BREAK + "\n")
            if el is not block:
                el.tail = el.tail and el.tail.replace("\n", BREAK + "\n")


def _may_hide(text: str) -> bool:
    """Whether the page can hold a hidden element at all, decided from its text: the attribute
    ``hidden`` and both style rules spell "dden" or "none", and only a character reference could
    spell them other than literally. Searching the tree costs more; most pages hide nothing."""
    letters = text.encode("ascii", "ignore").lower()
    return b"none" in letters or b"dden" in letters or b"&#" in letters


def _remove_keeping_tail(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:  # the tail follows the element on the page, it is not part of it
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares (XML declaration or meta tag), normalised; None if none
    or unknown to Python."""
    head = data[:8192]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def decode_html(data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding used, notes): the declared charset when it decodes, else sniffed."""
    notes: list[str] = []
    declared = None if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) else declared_charset(data)
    if declared:
        try:
            return data.decode(declared), declared, notes
        except UnicodeDecodeError:
            notes.append(f"网页声明的编码 {declared} 与内容不符，已自动识别 (declared charset does not decode)")
    text, encoding = decode_bytes(data)
    return text, encoding, notes


class _Walker:
    """Collects the page's blocks: paragraphs (one per printed line) and data tables."""

    def __init__(self):
        self.blocks: list[Paragraph | Table] = []
        self.parts: list[str] = []
        self.line_no: int | None = None
        self.table_no = 0

    def walk(self, el) -> None:
        """Feed ``el``'s text in document order (its tail is the caller's business)."""
        if el.tag == "table":
            self.table(el)
            return
        text = el.text
        if text:
            self.text(text, el.sourceline)
        for child in el:
            if isinstance(child.tag, str):
                self.walk(child)
            tail = child.tail
            if tail:
                self.text(tail, child.sourceline)

    def text(self, s: str, line: int | None) -> None:
        """Text that starts on source line ``line``, cut into lines at the breaks ``_prepare``
        marked; a paragraph's line counts the source newlines before it."""
        pieces = s.split(BREAK)
        last = len(pieces) - 1
        for i, part in enumerate(pieces):
            if i:
                self.flush()
            if self.parts:
                self.parts.append(part)
            elif part and not part.isspace():
                lead = len(part) - len(part.lstrip())
                self.line_no = None if line is None else line + part.count("\n", 0, lead)
                self.parts.append(part)
            if i < last and line is not None:
                line += part.count("\n")

    def flush(self) -> None:
        if self.parts:
            line = clean_line("".join(self.parts))
            if line:
                self.blocks.append(Paragraph(line, Loc(self.line_no)))
            self.parts = []

    def table(self, el) -> None:
        self.flush()
        for cap in el.iterchildren("caption"):
            self.walk(cap)
            self.flush()
        rows = _rows(el)
        # a table holding another lays out the page whatever its cells say
        if next(el.iterdescendants("table"), None) is None:
            table = _grid_table(rows, self.table_no + 1, el.sourceline)
            if table is not None:
                self.table_no += 1
                self.blocks.append(table)
                return
        for tr in rows:
            for td in tr:
                if td.tag in _CELLS:
                    self.walk(td)
                    self.flush()


def _rows(table) -> list:
    """The table's own rows (not those of nested tables)."""
    out = []
    for child in table:
        tag = child.tag
        if tag == "tr":
            out.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            out.extend(c for c in child if c.tag == "tr")
    return out


def _cell_text(td) -> str:
    """A cell's text, one line per block or <br>."""
    if not len(td):  # most cells hold plain text
        text = td.text
        return clean_line(text) if text else ""
    # breaks at either end only make empty lines: most other cells are one block, one line
    text = etree.tostring(td, method="text", encoding=str, with_tail=False).strip(BREAK)
    if BREAK in text:
        return "\n".join(clean_lines(text.split(BREAK)))
    return "" if text.isspace() else clean_line(text)


def _span(value: str | None) -> int:
    """A span attribute as browsers read it: its leading (ASCII) digits, 1 when absent or unreadable."""
    if value is None:
        return 1
    if value.isascii() and value.isdigit():
        return int(value)
    m = _LEADING_DIGITS.match(value)
    return int(m.group(1)) if m else 1


def _grid_table(rows: list, table_no: int, line: int | None) -> Table | None:
    """A table's rows -> a Table, spans expanded into merged positions; None when the table
    lays out the page. One pass reads the cells and places them (most tables hold data), each
    cell made with its final Loc: locating cells afterwards costs as much as making them."""
    n = len(rows)
    grid: list[list[Cell | None]] = [[] for _ in range(n)]
    texts = []
    width = 0
    for ri, tr in enumerate(rows):
        row = grid[ri]
        ci = 0
        count = 0
        for td in tr:
            if td.tag not in _CELLS:
                continue
            count += 1
            text = _cell_text(td)
            texts.append(text)
            while ci < len(row) and row[ci] is not None:
                ci += 1
            cell_line = td.sourceline
            origin = Cell(text, Loc(cell_line, None, None, table_no, ri, ci))
            rowspan = colspan = None
            if td.attrib:
                rowspan, colspan = td.get("rowspan"), td.get("colspan")
            if rowspan is None and colspan is None:  # the common case
                if ci == len(row):
                    row.append(origin)
                else:
                    row[ci] = origin
                ci += 1
                continue
            rowspan = _span(rowspan)
            rowspan = n - ri if rowspan == 0 else min(rowspan, n - ri)
            end = ci + min(max(_span(colspan), 1), MAX_SPAN)
            for r in range(ri, ri + rowspan):
                target = grid[r]
                if len(target) < end:
                    target.extend([None] * (end - len(target)))
                if r == ri:
                    target[ci] = origin  # a free position: ci skipped the taken ones
                for c in range(ci, end):
                    if target[c] is None:  # covered by the span, unless an earlier span got there first
                        target[c] = Cell("", Loc(cell_line, None, None, table_no, r, c), merged=True)
            ci = end
        if count > width:
            width = count
    if is_layout(texts, False, width):
        return None
    return located_table(grid, table_no, line)
