"""Plain-text reader: every text layout seen in published reports.

Layouts, detected per run of lines (a document may mix them):

- tab-separated rows with ragged columns (Word tables pasted as text);
- one cell per line, each cell line starting with a tab, rows separated by blank lines,
  and lines without a tab continuing the cell above (Word tables exported to text);
- pipe rows ``| a | b |`` and markdown tables (separator lines dropped);
- one cell per line ending in `` |`` (rows separated by blank lines);
- space-aligned columns (pdftotext ``-layout``): every line becomes a paragraph that also
  carries positioned tokens, since paragraphs and table rows cannot be told apart here.
"""

from __future__ import annotations

import re
import unicodedata

from nianbao.document import Cell, Document, Loc, Paragraph, Row, Table
from nianbao.text import decode_bytes, is_value_text

_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^#{1,6}\s+")  # a Markdown heading's marker is not part of its text
_GAP = re.compile(r"\S+(?: \S+)*")  # tokens separated by two or more spaces


def read_txt(data: bytes, source: str = "<bytes>") -> Document:
    text, encoding = decode_bytes(data)
    return text_to_document(text, source=source, encoding=encoding)


def text_to_document(text: str, source: str = "<text>", encoding: str | None = None, fmt: str = "txt") -> Document:
    # A form feed (pdftotext's page break) starts the next page's first line; it is not a
    # line of its own, so line numbers stay those an editor shows.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "")
    lines = text.split("\n")
    spaced = _looks_space_aligned(lines)
    blocks: list = []
    i = 0
    n = len(lines)
    table_no = 0
    while i < n:
        line = lines[i]
        kind = _line_kind(line)
        if kind in ("tab", "pipe_row", "celltab", "cellpipe"):
            j, rows, layout = _read_table(lines, i, kind)
            if rows:
                table_no += 1
                for r in rows:
                    for c in r.cells:
                        c.loc.table = table_no
                blocks.append(Table(rows=rows, layout=layout, loc=Loc(line=i + 1, table=table_no)))
                i = j
                continue
        stripped = _MD_HEADING.sub("", line.strip())
        if stripped:
            tokens = _positioned_tokens(line, i + 1) if spaced else None
            blocks.append(Paragraph(text=stripped, loc=Loc(line=i + 1), tokens=tokens))
        i += 1
    return Document(blocks=blocks, source=source, format=fmt, encoding=encoding)


def _line_kind(line: str) -> str:
    s = line.rstrip("\n")
    if s.lstrip().startswith("|") and s.count("|") >= 2:
        return "pipe_row"
    if "\t" in s:
        body = s.lstrip("\t")
        if s.startswith("\t") and "\t" not in body.rstrip("\t"):
            return "celltab"
        return "tab"
    if s.rstrip().endswith(" |") or s.strip() == "|":
        return "cellpipe"
    return "text"


def _read_table(lines: list[str], start: int, kind: str) -> tuple[int, list[Row], str]:
    if kind == "tab":
        return _read_tab_rows(lines, start)
    if kind == "pipe_row":
        return _read_pipe_rows(lines, start)
    return _read_cell_lines(lines, start, kind)


def _read_tab_rows(lines, start):
    rows = []
    i = start
    while i < len(lines):
        s = lines[i]
        k = _line_kind(s)
        if k in ("tab", "celltab"):
            rows.append(_row([t for t in s.split("\t")], i + 1))
            i += 1
        elif not s.strip():
            # a blank line inside a table is kept only when the table goes on after it
            j = i
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and _line_kind(lines[j]) in ("tab",):
                i = j
                continue
            break
        else:
            break
    # Trailing empty cells carry no meaning in tab exports; leading ones do (merged labels).
    for r in rows:
        while r.cells and not r.cells[-1].text.strip() and len(r.cells) > 1:
            r.cells.pop()
    return i, rows, "ragged"


def _read_pipe_rows(lines, start):
    rows = []
    i = start
    while i < len(lines):
        s = lines[i]
        if _line_kind(s) != "pipe_row":
            if not s.strip() and i + 1 < len(lines) and _line_kind(lines[i + 1]) == "pipe_row":
                i += 1
                continue
            break
        if not _MD_SEPARATOR.match(s):
            body = s.strip()
            if body.startswith("|"):
                body = body[1:]
            if body.endswith("|"):
                body = body[:-1]
            rows.append(_row(body.split("|"), i + 1))
        i += 1
    return i, rows, "ragged"


def _read_cell_lines(lines, start, kind):
    """One cell per line: a tab-led (or pipe-ended) line opens a cell, other lines continue it."""
    rows: list[Row] = []
    cur: list[Cell] = []
    i = start
    while i < len(lines):
        s = lines[i]
        k = _line_kind(s)
        if not s.strip() and k == "text":
            if cur:
                rows.append(Row(cells=cur, loc=Loc(line=cur[0].loc.line)))
                cur = []
            # the table ends at a blank run followed by something that is not a cell line
            j = i + 1
            while j < len(lines) and not lines[j].strip() and _line_kind(lines[j]) == "text":
                j += 1
            if j >= len(lines) or _line_kind(lines[j]) != kind:
                i = j
                break
            i += 1
            continue
        if k == kind:
            text = s[1:] if kind == "celltab" else s.rstrip()[:-1]
            cur.append(Cell(text=text.strip(), loc=Loc(line=i + 1, row=len(rows), col=len(cur))))
        elif cur:
            cur[-1].text = (cur[-1].text + "\n" + s.strip()).strip()
        else:
            break
        i += 1
    if cur:
        rows.append(Row(cells=cur, loc=Loc(line=cur[0].loc.line)))
    return i, rows, "ragged"


def _row(texts: list[str], line: int) -> Row:
    cells = [Cell(text=t.strip(), loc=Loc(line=line, col=k)) for k, t in enumerate(texts)]
    return Row(cells=cells, loc=Loc(line=line))


_NUMBER_RUN = re.compile(r"(?:^|\s)(?:[-+]?[\d.,]+|/|—|－)(?:\s+(?:[-+]?[\d.,]+|/|—|－)){2,}\s*$")


def _looks_space_aligned(lines: list[str]) -> bool:
    """pdftotext -layout style (wide space gaps), or text copied from a viewer where a row's
    figures are separated by single spaces; in both, no tabs."""
    if any("\t" in ln for ln in lines):
        return False
    wide = sum(1 for ln in lines if re.search(r"\S {2,}\S", ln.strip()) or _NUMBER_RUN.search(ln))
    return wide >= 8


def display_width(s: str) -> int:
    if s.isascii():
        return len(s)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _positioned_tokens(line: str, lineno: int) -> list[Cell]:
    """Split a line on runs of 2+ spaces; x is the display column (CJK counts double)."""
    out = []
    x = 0
    pos = 0
    for m in _GAP.finditer(line):
        x += display_width(line[pos : m.start()])
        for piece, dx in _split_figures(m.group()):
            w = display_width(piece)
            out.append(Cell(text=piece, loc=Loc(line=lineno, col=len(out)), x0=float(x + dx), x1=float(x + dx + w)))
        x += display_width(m.group())
        pos = m.end()
    return out


def _split_figures(token: str) -> list[tuple[str, int]]:
    """A token whose last words are figures separated by single spaces (``…申请数量 3 0 0``)
    is split into the words before them and each figure, with display offsets."""
    if " " not in token:
        return [(token, 0)]
    words = token.split(" ")
    k = len(words)
    while k > 0 and is_value_text(words[k - 1]) and words[k - 1]:
        k -= 1
    head = " ".join(words[:k])
    # one trailing figure is split off only after a label (行政许可 0), never from a date or a sentence
    if k == len(words) or (len(words) - k < 3 and not re.search(r"[\u4e00-\u9fff][）)」]?$", head)):
        return [(token, 0)]
    out = [(head, 0)] if head else []
    offset = display_width(head) + (1 if head else 0)
    for w in words[k:]:
        out.append((w, offset))
        offset += display_width(w) + 1
    return out
