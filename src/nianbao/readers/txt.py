"""Plain-text reader: every text layout seen in published reports.

Layouts, detected per run of lines (a document may mix them):

- tab-separated rows with ragged columns (Word tables pasted as text);
- one cell per line, each cell line starting with a tab, rows separated by blank lines,
  and lines without a tab continuing the cell above (Word tables exported to text);
- pipe rows ``| a | b |``, rows ``a | b |`` with only the closing pipe (a line ``a |`` among
  them is a row of one cell), and markdown tables (separator lines dropped);
- one cell per line ending in `` |`` (rows separated by blank lines);
- one cell per line where the pipe leads the next cell (``a`` / ``| b`` / ``| c`` / ``|``): a
  lone pipe closes the row's last cell, lines without a pipe continue the open cell, and a
  line after a closed cell starts the next row (web pages converted to text whose cells
  hold paragraphs);
- space-aligned columns (pdftotext ``-layout``): every line becomes a paragraph that also
  carries positioned tokens, since paragraphs and table rows cannot be told apart here;
- one cell per line and nothing marking cells or rows (a Word table saved as text by
  LibreOffice, a web page's text taken node by node): in a document without other tables,
  a label's lines followed by its figures, a line each, make a row.

The reader is on the hot path of bulk parsing (issue 2): each line's kind is computed once
per document, and per-line tests are cached, since cell lines and labels recur across reports.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import islice

from nianbao.document import Cell, Document, Loc, Paragraph, Row, Table
from nianbao.text import LABEL_START, ROW_NUMBER, decode_bytes, is_value_text, label_before_figures, number_kind, unify_radicals

_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^#{1,6}\s+")  # a Markdown heading's marker is not part of its text
_WIDE_GAP = re.compile(r"\S {2,}\S")
_NUMBER_RUN = re.compile(r"(?:^|\s)(?:[-+]?[\d.,]+|/|—|－)(?:\s+(?:[-+]?[\d.,]+|/|—|－)){2,}\s*$")

# Line kinds; all but TEXT open a table.
TEXT, TAB, CELLTAB, PIPE_ROW, CELLPIPE, LEADPIPE = "text", "tab", "celltab", "pipe_row", "cellpipe", "leadpipe"


def read_txt(data: bytes, source: str = "<bytes>") -> Document:
    text, encoding = decode_bytes(data)
    text = unify_radicals(text, data if encoding == "utf-8" else None)
    return text_to_document(text, source=source, encoding=encoding)


def text_to_document(text: str, source: str = "<text>", encoding: str | None = None, fmt: str = "txt") -> Document:
    # A form feed (pdftotext's page break) starts the next page's first line; it is not a
    # line of its own, so line numbers stay those an editor shows.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "")
    lines = text.split("\n")
    n = len(lines)
    if "\t" in text or "|" in text:
        kinds = list(map(_line_kind, lines))
        if "---" in text:
            kinds = _inner_pipe_rows(lines, kinds)
        spaced = "\t" not in text and _looks_space_aligned(lines)
    else:  # the common case of prose and pdftotext -layout: no line can open a table
        kinds = [TEXT] * n
        spaced = _looks_space_aligned(lines)
    blocks: list = []
    i = 0
    table_no = 0
    while i < n:
        kind = kinds[i]
        if kind == CELLPIPE and _lone_pipes_lead(lines, kinds, i):
            kind = LEADPIPE  # a pipe-led row whose first cell is empty
        elif kind == TEXT and i + 1 < n:
            if kinds[i + 1] in _PIPED and _opens_lead_pipes(lines, kinds, i):
                kind = LEADPIPE  # the first cell of a row whose other cells the pipes lead
            elif kinds[i + 1] == TAB and _left_open(lines[i]):
                kind = TAB  # the table's first cell, broken over a line inside its brackets
        if kind != TEXT:
            j, rows, layout = _read_table(lines, kinds, i, kind, table_no + 1)
            if rows:
                table_no += 1
                blocks.append(Table(rows, layout, Loc(i + 1, None, None, table_no)))
                i = j
                continue
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("#"):
            stripped = _MD_HEADING.sub("", stripped)
        if stripped.startswith(("**", "__")):
            stripped = _unemphasised(stripped)
        if stripped:
            blocks.append(Paragraph(stripped, Loc(i + 1), _positioned_tokens(line, i + 1) if spaced else None))
        i += 1
    if not spaced and not table_no:
        blocks = _bare_cell_rows(blocks)
    return Document(blocks=blocks, source=source, format=fmt, encoding=encoding)


# One cell per line and nothing to mark a cell or a row (a Word table saved as text by
# LibreOffice, a web page's text taken cell by cell): a row is its label's lines followed by
# its figures, a line each. So many figure lines at least make a table.
_BARE_FIGURES = 12
_BARE_LABEL = 60  # a longer line is prose, never a label
_BARE_HEADING = 3  # a line numbered 一、 with so many lines of text after it heads a section
# Pieces of a label's number a page printed in spans of their own, a line each in its text
# (( / 二 / ) / 部分公开…): they go on with the next line.
_FRAGMENT = re.compile(r"[（(]?[一二三四五六七八九十\d]{0,3}[）)、.．]?$")
_UNITS = frozenset("年月日号件条个项次人家元%％")


def _bare_cell_rows(blocks: list) -> list:
    """Paragraphs of a document without tables, where rows of cells were printed one cell a
    line: each label with the figures below it becomes a row, the lines of text between rows
    (a group's label, a table's header) rows of one cell. A table runs from the lines after a
    section's heading (a line numbered 一、 followed by lines of text, not by figures) or a line
    of prose to the last row before the next. Blank lines between a row's figures are its
    empty cells; cells are located by line. With fewer than _BARE_FIGURES figure lines the
    paragraphs stay as they are."""
    # a figure run on by a unit (2023 / 年…: inline text cut at the spans a page set it in) is no cell
    figure = [_bare_figure(b.text) and not (i + 1 < len(blocks) and blocks[i + 1].text[:1] in _UNITS) for i, b in enumerate(blocks)]
    if sum(figure) < _BARE_FIGURES:
        return blocks
    out: list = []
    rows: list[list[Paragraph]] = []  # the open table's rows, a paragraph a cell
    kept: list[Paragraph] = []  # the open table's lines, if it turns out to be none
    label: list[Paragraph] = []  # lines of text since the last figure
    values: list[Paragraph] = []
    tables = 0

    def close_row() -> None:
        k = _bare_label_start(label)
        rows.extend([p] for p in label[:k])
        rows.append(_bare_cells(label[k:], values))
        kept.extend(label + values)
        label.clear()
        values.clear()

    def close_table() -> None:
        nonlocal tables
        # a row of markers alone (六、其他需要报告的事项 / 无) makes no table
        if any(len(r) > 1 and any(_bare_figure(p.text, True) for p in r[1:]) for r in rows):
            tables += 1
            out.append(_bare_table(rows, tables))
        else:
            out.extend(kept)
        rows.clear()
        kept.clear()

    for i, (b, is_figure) in enumerate(zip(blocks, figure)):
        if is_figure and label:
            values.append(b)
            continue
        if values:
            close_row()
        if len(b.text) > _BARE_LABEL or is_figure or _heads_section(blocks, figure, i):
            close_table()  # the lines of text after the last row are no part of it
            out.extend(label)
            label.clear()
            out.append(b)
        elif label and _FRAGMENT.match(label[-1].text):
            label[-1] = Paragraph(label[-1].text + b.text, label[-1].loc)
        else:
            label.append(b)
    if values:
        close_row()
    close_table()
    out.extend(label)
    return out if tables else blocks


def _heads_section(blocks: list, figure: list[bool], i: int) -> bool:
    """Whether paragraph ``i`` is numbered 一、 and followed by _BARE_HEADING lines of text."""
    if not LABEL_START.match(blocks[i].text) or ROW_NUMBER.match(blocks[i].text):
        return False
    after = figure[i + 1 : i + 1 + _BARE_HEADING]
    return len(after) == _BARE_HEADING and not any(after)


def _bare_cells(label: list[Paragraph], values: list[Paragraph]) -> list:
    """A row's label lines and figure lines -> [label paragraph, value paragraphs…] with a
    blank paragraph for every blank line between two figures (an empty cell)."""
    cells: list = [Paragraph("".join(p.text for p in label), label[0].loc)]
    prev = None
    for p in values:
        if prev is not None:
            cells += [Paragraph("", Loc(line)) for line in range(prev + 1, p.loc.line)]
        cells.append(p)
        prev = p.loc.line
    return cells


def _bare_table(rows: list[list[Paragraph]], table: int) -> Table:
    """Rows of paragraphs -> a ragged table, each cell on its paragraph's line."""
    out = []
    for ri, row in enumerate(rows):
        cells = [Cell(p.text, Loc(p.loc.line, None, None, table, ri, ci)) for ci, p in enumerate(row)]
        out.append(Row(cells, Loc(row[0].loc.line, None, None, table, ri)))
    return Table(out, "ragged", Loc(rows[0][0].loc.line, None, None, table))


def _bare_label_start(label: list[Paragraph]) -> int:
    """Where a row's label starts among the lines of text above its figures: at the last line
    numbering a sub-row (1. / （二）); else at a line numbering a row (一、) with at most two
    lines after it (a section heading has a table's header after it); else at the last line."""
    k = max((j for j, p in enumerate(label) if ROW_NUMBER.match(p.text)), default=-1)
    if k < 0:
        first = max(0, len(label) - 3)
        k = max((j for j, p in enumerate(label[first:], first) if LABEL_START.match(p.text)), default=len(label) - 1)
    return k


def _bare_figure(text: str, digits: bool = False) -> bool:
    """A line holding a figure (digits) or a marker (/ — 无) alone; a figure only, with ``digits``."""
    kind = number_kind(text)
    return (kind == "marker" and not digits) or (kind == "number" and any(c.isdigit() for c in text))


def read_paragraph_tables(doc: Document) -> Document:
    """Tables of a web page or Word file that were printed as lines of text (a table pasted
    as text: ``一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3``), which the reader could not
    delimit: each run of paragraphs between tables that looks like table text is read again
    as the text it is, so that its lines become rows, each piece keeping the location of the
    paragraph it came from. Tables are then numbered again in document order."""
    blocks: list = []
    changed = False
    run: list[Paragraph] = []
    for b in [*doc.blocks, None]:
        if isinstance(b, Paragraph):
            run.append(b)
            continue
        if run:
            again = _reread(run, doc)
            changed |= again is not run
            blocks += again
            run = []
        if b is not None:
            blocks.append(b)
    if not changed:
        return doc
    for k, t in enumerate((b for b in blocks if isinstance(b, Table)), start=1):
        for loc in _locs(t):
            loc.table = k
    doc.blocks = blocks
    return doc


def _locs(block) -> list[Loc]:
    """Every location object of a block (a table's, its rows' and cells'; a paragraph's and its
    tokens'), each once."""
    pieces = [block, *block.rows, *(c for r in block.rows for c in r.cells)] if isinstance(block, Table) else [block, *(block.tokens or ())]
    return list({id(x.loc): x.loc for x in pieces}.values())


def _reread(paras: list[Paragraph], doc: Document) -> list:
    """The blocks of ``paras`` read as lines of text, or ``paras`` when they hold no table text."""
    lines = [p.text for p in paras]
    if not _looks_space_aligned(lines) and not any(_line_kind(x) != TEXT for x in lines):
        # nor a table printed one cell a paragraph (cells of <div>s, not of a <table>)
        if len(paras) < len(doc.blocks) or sum(map(_bare_figure, lines)) < _BARE_FIGURES or any("\n" in x for x in lines):
            return paras
    out = text_to_document("\n".join(lines), source=doc.source, encoding=doc.encoding, fmt=doc.format).blocks
    at = [p.loc for p in paras]  # text line k is paragraph k
    for b in out:
        for loc in _locs(b):
            loc.line, loc.page = at[loc.line - 1].line, at[loc.line - 1].page
    return out


@lru_cache(maxsize=8192)
def _line_kind(s: str) -> str:
    # cached: cell lines (``\t0``, ``0 |``) and template labels recur within and across reports
    if "|" not in s and "\t" not in s:
        return TEXT
    if s.lstrip().startswith("|"):
        if s.count("|") >= 2:
            return PIPE_ROW
        if s.strip() != "|":
            return LEADPIPE
    if "\t" in s:
        body = s.lstrip("\t")
        if s.startswith("\t") and "\t" not in body.rstrip("\t"):
            return CELLTAB
        return TAB
    end = s.rstrip()
    if end.endswith("|") and s.count("|") >= 2:
        return PIPE_ROW  # a | b |
    if end.endswith(" |") or s.strip() == "|":
        return CELLPIPE
    return TEXT


def _inner_pipe_rows(lines: list[str], kinds: list[str]) -> list[str]:
    """Markdown tables without outer pipes (``a | b | c`` under ``---|---|---``, as html2text
    and GitHub write them): in a document with such a separator line, lines of text holding
    pipes are pipe rows."""
    if not any("|" in x and "---" in x and _MD_SEPARATOR.match(x) for x in lines):
        return kinds
    return [PIPE_ROW if k == TEXT and "|" in x and x.strip() != "|" else k for x, k in zip(lines, kinds)]


def _read_table(lines: list[str], kinds: list[str], start: int, kind: str, table: int) -> tuple[int, list[Row], str]:
    """Rows of the table opening at ``start`` (cells numbered as table ``table``), and the line after it."""
    if kind == TAB:
        return _read_tab_rows(lines, kinds, start, table)
    if kind == PIPE_ROW or (kind == CELLPIPE and _holds_pipe_rows(lines, kinds, start)):
        return _read_pipe_rows(lines, kinds, start, table)
    if kind == LEADPIPE:
        return _read_lead_pipes(lines, kinds, start, table)
    return _read_cell_lines(lines, kinds, start, kind, table)


_PIPED = (LEADPIPE, CELLPIPE)


def _opens_lead_pipes(lines: list[str], kinds: list[str], i: int) -> bool:
    """Whether text line ``i`` is the first cell of a row led by pipes: lone pipes (closing
    empty cells) follow it up to a line ``| b``, or up to the next row's first cell and its
    ``| b``. A line ``a |`` after it belongs to one cell per line instead."""
    line = lines[i].strip()
    if not line:
        return False
    n = len(lines)
    j = _past_lone_pipes(lines, i + 1)
    if j < n and kinds[j] == LEADPIPE:
        # a section heading above a table whose top left cell is empty is no cell of it
        return _leads_a_row(line, lines, j)
    return (
        j > i + 1 and j + 1 < n and kinds[j] == TEXT and kinds[j + 1] == LEADPIPE and bool(lines[j].strip())
        and not _SECTION_HEAD.match(line)
    )


def _lone_pipes_lead(lines: list[str], kinds: list[str], i: int) -> bool:
    """Whether lone pipes from line ``i`` on lead to a line ``| b``: they close the empty cells
    of a pipe-led row (one cell per line ending in a pipe never has a line ``| b``)."""
    j = _past_lone_pipes(lines, i)
    return j > i and j < len(lines) and kinds[j] == LEADPIPE


def _past_lone_pipes(lines: list[str], j: int) -> int:
    """The first line from ``j`` on that is not a lone pipe (a pipe closing an empty cell)."""
    while j < len(lines) and lines[j].strip() == "|":
        j += 1
    return j


_SECTION_HEAD = re.compile(r"\s*[一二三四五六七八九十]+\s*[、.．]")


def _holds_pipe_rows(lines: list[str], kinds: list[str], start: int) -> bool:
    """Whether the lines from ``start`` to the next blank one hold a row ``a | b |``: then a
    line ``a |`` among them is a row of one cell, not one cell of a row."""
    for i in range(start, len(lines)):
        if kinds[i] == PIPE_ROW:
            return True
        if not lines[i].strip():
            return False
    return False


def _read_tab_rows(lines, kinds, start, table):
    rows: list[Row] = []
    i = start
    n = len(lines)
    head: list[str] = []  # lines of a cell broken before the tabs of its row
    while i < n:
        k = kinds[i]
        if k == TAB or k == CELLTAB:
            # Trailing empty cells carry no meaning in tab exports (rstrip drops them, keeping
            # at least one); leading ones do (merged labels).
            texts = lines[i].rstrip().split("\t")
            if not head and rows and texts[0].strip() and _broken_before(rows[-1], texts):
                _continue_row(rows[-1], texts, i + 1, table)
            else:
                rows.append(_row(texts, i + 1, table))
                if head:
                    first = rows[-1].cells[0]
                    first.text = "\n".join([*head, first.text]).strip()
                    first.loc.line = rows[-1].loc.line = i + 1 - len(head)
                    head = []
            i += 1
        elif not lines[i].strip():
            # a blank line inside a table is kept only when the table goes on after it
            j = i
            while j < n and not lines[j].strip():
                j += 1
            # (a row whose label cell broke over a line starts with a one-cell line)
            if not head and j < n and (kinds[j] == TAB or kinds[j] == CELLTAB and j + 1 < n and kinds[j + 1] == TAB):
                i = j
                continue
            break
        elif i == start or rows and _breaks_a_cell(lines, kinds, i):  # (at start: see text_to_document)
            head.append(lines[i].strip())
            i += 1
        else:
            break
    return i - len(head), rows, "ragged"


# A line that only numbers the page (— 3 —, 第3页, 3/12): not part of any cell.
_PAGE_MARK = re.compile(
    r"^[\s\-—–－_]*(?:第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?|\d+\s*(?:/\s*\d+)?|[Pp]age\s*\d+(?:\s*of\s*\d+)?)[\s\-—–－_]*$"
)


def _breaks_a_cell(lines: list[str], kinds: list[str], i: int) -> bool:
    """Whether text line ``i``, inside a tab table, is the start of the next row's first cell
    broken over lines (a cell holding a line break, copied as text): up to three such lines
    lead straight to the row's tabs, and that row prints figures after a first cell that is
    empty or text that numbers nothing. (A section heading between two tables leads to a
    header row; page numbers and running heads lead to no row or to a row of figures only.)"""
    if _PAGE_MARK.match(lines[i]):
        return False
    j = i
    while j < len(lines) and kinds[j] == TEXT and lines[j].strip() and j - i < 3:
        j += 1
    if j == len(lines) or kinds[j] != TAB:
        return False
    first, *rest = lines[j].rstrip().split("\t")
    return (
        number_kind(first) in ("text", "blank")  # a row of figures only (Table 4) has no label to finish
        and not LABEL_START.match(first)
        and any(number_kind(t) in ("number", "marker") for t in rest)
    )


def _left_open(text: str) -> bool:
    """Text whose bracket is still open: a line broke inside it (部分公开（区分处理的，)."""
    return (text.count("（") + text.count("(")) > (text.count("）") + text.count(")"))


def _broken_before(row: Row, texts: list[str]) -> bool:
    """Whether the line ``texts`` finishes ``row``, whose last cell broke over a line: that
    cell left a bracket open (部分公开（区分处理的，), or it starts a numbered label on a line
    of no figures while this line, starting with text that numbers nothing, prints figures
    (2. 其他法律行政 / 法规禁止公开 0 0)."""
    last = row.cells[-1].text
    if is_value_text(last):  # the common case: the row ended with a figure
        return False
    if _left_open(last):
        return True
    return (
        LABEL_START.match(last) is not None
        and not LABEL_START.match(texts[0])
        and not is_value_text(texts[0])
        and all(number_kind(c.text) in ("text", "blank") for c in row.cells)
        and any(number_kind(t) in ("number", "marker") for t in texts[1:])
    )


def _continue_row(row: Row, texts: list[str], line: int, table: int) -> None:
    """The rest of a row whose last cell broke over a line: the line's first text ends that
    cell, its other cells follow (located on their own line)."""
    last = row.cells[-1]
    last.text = f"{last.text}\n{texts[0].strip()}"
    rest = _row(texts, line, table).cells[1:]
    row.cells.extend(rest)


def _read_pipe_rows(lines, kinds, start, table):
    rows = []
    i = start
    n = len(lines)
    while i < n:
        s = lines[i]
        k = kinds[i]
        if k != PIPE_ROW and k != CELLPIPE:
            if not s.strip() and i + 1 < n and (kinds[i + 1] == PIPE_ROW or _holds_pipe_rows(lines, kinds, i + 1)):
                i += 1
                continue
            break
        if "---" not in s or not _MD_SEPARATOR.match(s):
            body = s.strip().removeprefix("|").removesuffix("|")
            texts = body.split("|")
            if "**" in body or "__" in body:
                texts = [_unemphasised(t.strip()) for t in texts]
            rows.append(_row(texts, i + 1, table))
        i += 1
    return i, rows, "ragged"


def _read_cell_lines(lines, kinds, start, kind, table):
    """One cell per line: a tab-led (or pipe-ended) line opens a cell, other lines continue it."""
    rows: list[Row] = []
    cur: list[Cell] = []
    n = len(lines)
    tab_led = kind == CELLTAB
    for i in range(start, n):
        k = kinds[i]
        if k == kind:
            s = lines[i]
            text = s[1:] if tab_led else s.rstrip()[:-1]
            cur.append(Cell(text.strip(), Loc(i + 1, None, None, table, len(rows), len(cur))))
        elif k == TEXT and not lines[i].strip():
            if cur:
                rows.append(Row(cur, Loc(cur[0].loc.line)))
                cur = []
            # the table ends at a blank run followed by something that is not a cell line
            j = i + 1
            while j < n and kinds[j] == TEXT and not lines[j].strip():
                j += 1
            if j >= n or kinds[j] != kind:
                return j, rows, "ragged"
        elif cur:
            cur[-1].text = (cur[-1].text + "\n" + lines[i].strip()).strip()
        else:
            return i, rows, "ragged"
    if cur:
        rows.append(Row(cur, Loc(cur[0].loc.line)))
    return n, rows, "ragged"


def _read_lead_pipes(lines, kinds, start, table):
    """Cells led by pipes: ``a`` / ``| b`` / ``| c`` / ``|``. Each pipe closes the cell before it
    (a pipe after a closed cell closes an empty one) and opens the cell after it on its line;
    a line without a pipe continues the open cell, or after a closed cell starts the next
    row when a pipe follows it within three lines."""
    rows: list[Row] = []
    cur: list[Cell] = []
    n = len(lines)
    parts: list[str] | None = None  # the open cell's lines
    first = start + 1  # the open cell's line, or the line of the pipe that closes an empty one

    def close(line: int) -> None:
        text = "\n".join(parts).strip() if parts is not None else ""
        cur.append(Cell(text, Loc(line, None, None, table, len(rows), len(cur))))

    opening = lines[start].strip()
    if opening.startswith("|"):  # the row's first cell is empty: this pipe closes it
        close(start + 1)
        parts = [opening[1:].strip()] if kinds[start] == LEADPIPE else None
    else:
        parts = [opening]
    i = start + 1
    pipes = opening.startswith("|")
    while i < n:
        s = lines[i].strip()
        k = kinds[i]
        if k == LEADPIPE or s == "|":
            pipes += 1
            close(first if parts is not None else i + 1)
            parts = [s[1:].strip()] if k == LEADPIPE else None
            first = i + 1
        elif not s:
            break
        elif parts is not None:
            parts.append(s)
        elif (j := _pipe_after(lines, kinds, i)) is not None and (j == i + 1 or _leads_a_row(s, lines, j)):
            # the next row's first cell, on up to three lines
            rows.append(Row(cur, Loc(cur[0].loc.line)))
            cur = []
            parts = [x.strip() for x in lines[i:j]]
            first = i + 1
            i = j
            continue
        else:
            break
        i += 1
    if pipes < 2:  # a stray line ``| a`` is no table
        return start, [], "ragged"
    if parts is not None:  # cut off before the pipe that would close it
        close(first)
    if cur:
        rows.append(Row(cur, Loc(cur[0].loc.line)))
    return i, rows, "ragged"


def _leads_a_row(first: str, lines: list[str], j: int) -> bool:
    """Whether a line starting a cell of several lines, whose row's pipes start at line ``j``,
    can start a row: a section heading above the next table's first cell cannot, unless the
    row's first printed cell after it is a figure (a row label broken over lines:
    一、本年新收政府信息 / 公开申请数量 / | 3)."""
    if not _SECTION_HEAD.match(first):
        return True
    j = _past_lone_pipes(lines, j)
    after = lines[j].strip() if j < len(lines) else ""
    return after.startswith("|") and is_value_text(after[1:].strip())


def _pipe_after(lines: list[str], kinds: list[str], i: int) -> int | None:
    """The line of the first pipe after text line ``i`` and at most two more text lines."""
    for j in range(i + 1, min(i + 4, len(lines))):
        if kinds[j] == LEADPIPE or lines[j].strip() == "|":
            return j
        if kinds[j] != TEXT or not lines[j].strip():
            return None
    return None


def _unemphasised(text: str) -> str:
    """Markdown strong emphasis around a whole line or cell dropped: **一、总体情况**."""
    mark = text[:2]
    if mark in ("**", "__") and len(text) > 4 and text.endswith(mark):
        return text[2:-2].strip()
    return text


def _row(texts: list[str], line: int, table: int) -> Row:
    return Row([Cell(t.strip(), Loc(line, None, None, table, None, k)) for k, t in enumerate(texts)], Loc(line))


def _looks_space_aligned(lines: list[str]) -> bool:
    """pdftotext -layout style (wide space gaps), or text copied from a viewer where a row's
    figures are separated by single spaces; in both, no tabs (the caller checks those)."""
    return len(list(islice(filter(_spaced_line, lines), 8))) == 8


@lru_cache(maxsize=8192)
def _spaced_line(line: str) -> bool:
    # cached like _line_kind: most lines recur, and these searches cost more than a lookup;
    # the cheap tests first: a wide gap needs two spaces, a run of figures a figure at the end
    if "  " in line and _WIDE_GAP.search(line):
        return True
    last = line.rstrip()[-1:]
    return last != "" and (last.isdecimal() or last in ".,/—－") and _NUMBER_RUN.search(line) is not None


def display_width(s: str) -> int:
    """Columns ``s`` takes in a monospaced font: East Asian wide and full-width characters count 2."""
    if s.isascii():
        return len(s)
    return _non_ascii_width(s)


@lru_cache(maxsize=65536)
def _non_ascii_width(s: str) -> int:
    # cached: the same labels recur on every report, and the per-character lookup is the cost
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _positioned_tokens(line: str, lineno: int) -> list[Cell]:
    """Split a line on runs of 2+ spaces; x is the display column (CJK counts double)."""
    out = []
    ascii_line = line.isascii()
    extra = 0  # display columns so far beyond string offsets (wide characters count 2)
    pos = 0
    for start, end in _token_spans(line):
        token = line[start:end]
        if not ascii_line:
            gap = line[pos:start]  # only whitespace, wide only if ideographic spaces
            if not gap.isascii():
                extra += _non_ascii_width(gap) - len(gap)
        x = start + extra
        width = end - start if token.isascii() else _non_ascii_width(token)
        if " " in token:
            for piece, dx in _split_figures(token):
                x0 = x + dx
                x1 = x0 + display_width(piece)
                out.append(Cell(piece, Loc(lineno, None, None, None, None, len(out)), float(x0), float(x1)))
        else:
            out.append(Cell(token, Loc(lineno, None, None, None, None, len(out)), float(x), float(x + width)))
        extra += width - (end - start)
        pos = end
    return out


def _token_spans(line: str) -> list[tuple[int, int]]:
    """Where the tokens of a line start and end: runs of words joined by single spaces, as the
    regex ``\\S+(?: \\S+)*`` would match them, found with ``str.split`` (the regex engine is
    slow to step over the long runs of spaces of a layout line)."""
    starts: list[int] = []
    ends: list[int] = []
    end = 0
    for word in line.split():
        start = line.find(word, end)  # only whitespace lies between ``end`` and the word
        if ends and start == end + 1 and line[end] == " ":
            ends[-1] = end = start + len(word)
        else:
            starts.append(start)
            ends.append(end := start + len(word))
    return list(zip(starts, ends))


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
    # one or two trailing figures are split off only after a label (行政许可 0), never from a
    # date, nor from a line of prose that wraps after a figure (…公开政府常务会议 7 / 期，…);
    # figures alone are cells of narrow columns (３９ ４), one a cell
    if k == len(words) or (k and len(words) - k < 3 and not label_before_figures(head)):
        return [(token, 0)]
    out = [(head, 0)] if head else []
    offset = display_width(head) + (1 if head else 0)
    for w in words[k:]:
        out.append((w, offset))
        offset += display_width(w) + 1
    return out
