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
from nianbao.readers.grid import clean_line, clean_lines, is_layout, merged_cell, to_table
from nianbao.text import decode_bytes

_PARSER = etree.HTMLParser(
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
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_MAYBE_HIDDEN = etree.XPath("//*[@hidden or @style]")
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
# The XML declaration (lxml refuses it in decoded text) and the DOCTYPE with any internal
# subset: entity declarations are removed before parsing, so none can ever be expanded.
_PROLOG = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>)?", re.I | re.S)
# Pages labelled with a subset of GB18030 routinely contain characters outside it.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs", "ascii": "utf-8"}
MAX_SPAN = 100
# Marks a printed line break in the parsed text: a noncharacter, never found in real pages
# and allowed in XML text (a source newline is only whitespace).
BREAK = "\ufdd0"
_LEADING_DIGITS = re.compile(r"\s*(\d+)")


def read_html(data: bytes, source: str = "<bytes>") -> Document:
    """Read an HTML page into a Document."""
    text, encoding, notes = decode_html(data)
    root = etree.fromstring(_PROLOG.sub("", text, count=1), _PARSER) if text.strip() else None
    walker = _Walker()
    if root is not None:
        _prepare(root)
        walker.walk(root)
        walker.flush()
    return Document(blocks=walker.blocks, source=source, format="html", encoding=encoding, notes=notes)


def _prepare(root) -> None:
    """Drop what is not printed; mark line breaks (<br>, block boundaries, newlines inside
    <pre>) in the text itself, so that a cell's text is its text content cut at the marks."""
    etree.strip_elements(root, *_DROP, with_tail=False)
    for el in _MAYBE_HIDDEN(root):
        style = el.get("style")
        if el.get("hidden") is not None or _HIDDEN.search(style):
            _remove_keeping_tail(el)
    for el in root.iter("br"):
        el.tail = BREAK + el.tail if el.tail else BREAK
    pre = []
    for el in root.iter(*_BLOCK):
        el.text = BREAK + el.text if el.text else BREAK
        el.tail = BREAK + el.tail if el.tail else BREAK
        if el.tag == "pre":
            pre.append(el)
    for block in pre:
        for el in block.iter():
            el.text = el.text and el.text.replace("\n", BREAK + "\n")
            if el is not block:
                el.tail = el.tail and el.tail.replace("\n", BREAK + "\n")


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
        if el.text:
            self.text(el.text, el.sourceline)
        for child in el:
            if isinstance(child.tag, str):
                self.walk(child)
            if child.tail:
                self.text(child.tail, child.sourceline)

    def text(self, s: str, line: int | None) -> None:
        """Text that starts on source line ``line``, cut into lines at the breaks ``_prepare``
        marked; a paragraph's line counts the source newlines before it."""
        for i, part in enumerate(s.split(BREAK)):
            if i:
                self.flush()
            if not self.parts and part.strip():
                lead = len(part) - len(part.lstrip())
                self.line_no = None if line is None else line + part.count("\n", 0, lead)
            if self.parts or part.strip():
                self.parts.append(part)
            if line is not None:
                line += part.count("\n")

    def flush(self) -> None:
        if self.parts:
            line = clean_line("".join(self.parts))
            if line:
                self.blocks.append(Paragraph(text=line, loc=Loc(line=self.line_no)))
            self.parts = []

    def table(self, el) -> None:
        self.flush()
        for cap in el.iterchildren("caption"):
            self.walk(cap)
            self.flush()
        rows = [_cells(tr) for tr in _rows(el)]
        texts = [[_cell_text(td) for td in r] for r in rows]
        nested = el.find(".//table") is not None
        if is_layout([t for r in texts for t, _ in r], nested, max((len(r) for r in rows), default=0)):
            for r in rows:
                for td in r:
                    self.walk(td)
                    self.flush()
            return
        self.table_no += 1
        self.blocks.append(to_table(_span_grid(rows, texts), self.table_no, el.sourceline))


def _rows(table) -> list:
    """The table's own rows (not those of nested tables)."""
    out = []
    for child in table:
        if child.tag == "tr":
            out.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            out.extend(c for c in child if c.tag == "tr")
    return out


def _cells(tr) -> list:
    return [c for c in tr if c.tag in ("td", "th")]


def _cell_text(td) -> tuple[str, int | None]:
    """A cell's text (one line per block or <br>) and the source line it starts on."""
    if not len(td):  # most cells hold plain text
        return clean_line(td.text or ""), td.sourceline
    text = etree.tostring(td, method="text", encoding=str, with_tail=False)
    return "\n".join(clean_lines(text.split(BREAK))), td.sourceline


def _span(td, name: str) -> int:
    """A span attribute as browsers read it: its leading digits, 1 when absent or unreadable."""
    value = td.get(name)
    if value is None:
        return 1
    if value.isdigit():
        return int(value)
    m = _LEADING_DIGITS.match(value)
    return int(m.group(1)) if m else 1


def _span_grid(rows: list[list], texts: list[list[tuple[str, int | None]]]) -> list[list[Cell | None]]:
    """Rows of <td> elements (with their texts) -> rows of cells, spans expanded into merged positions."""
    n = len(rows)
    grid: list[list[Cell | None]] = [[] for _ in range(n)]
    for ri, tds in enumerate(rows):
        row = grid[ri]
        ci = 0
        for td, (text, line) in zip(tds, texts[ri]):
            while ci < len(row) and row[ci] is not None:
                ci += 1
            origin = Cell(text=text, loc=Loc(line=line))
            if td.get("rowspan") is None and td.get("colspan") is None:  # the common case
                if ci == len(row):
                    row.append(origin)
                else:
                    row[ci] = origin
                ci += 1
                continue
            rowspan = _span(td, "rowspan")
            rowspan = n - ri if rowspan == 0 else min(rowspan, n - ri)
            colspan = min(max(_span(td, "colspan"), 1), MAX_SPAN)
            for dr in range(rowspan):
                target = grid[ri + dr]
                if len(target) < ci + colspan:
                    target.extend([None] * (ci + colspan - len(target)))
                for dc in range(colspan):
                    if target[ci + dc] is None:
                        target[ci + dc] = origin if dr == dc == 0 else merged_cell(origin)
            ci += colspan
    return grid
