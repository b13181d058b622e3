"""Helpers shared by the readers of structured formats (HTML, DOCX): cell text and true grids.

Both formats describe tables as rows of cells with spans; both nest tables inside tables for
page layout. What counts as a layout table, how printed text is cleaned, and how a grid is
padded and located are decided here once.
"""

from __future__ import annotations

import re

from nianbao.document import Cell, Loc, Row, Table
from nianbao.text import parse_number

# A cell holding more text than any statistical label is prose; a table with prose and fewer
# figures (numbers in cells of their own) than this lays out a page.
LONG_PROSE = 150
MIN_FIGURES = 3

_CJK = "\u2e80-\u2fff\u3001-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_WS = " \t\r\n\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_CJK_GAP = re.compile(f"(?<=[{_CJK}])[{_WS}]+(?=[{_CJK}])")
_SPACE_RUN = re.compile(f"[{_WS}]+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_UNCLEAN = re.compile(f"[{_WS}\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def clean_line(text: str) -> str:
    """One printed line: invisible characters dropped, no space between CJK characters,
    other whitespace runs (non-breaking and ideographic spaces included) folded to one space."""
    # Of the characters cleaned, only the plain space is printable: two scans cheaper than the
    # regex pass most lines, which are already clean.
    if text.isprintable() and " " not in text or _UNCLEAN.search(text) is None:
        return text
    text = _INVISIBLE.sub("", text)
    text = _CJK_GAP.sub("", text)
    return _SPACE_RUN.sub(" ", text).strip()


def clean_lines(lines: list[str]) -> list[str]:
    """Cleaned, non-empty lines."""
    out = []
    for line in lines:
        if line and not line.isspace():
            s = clean_line(line)
            if s:
                out.append(s)
    return out


def is_layout(cell_texts: list[str], has_nested_table: bool, width: int) -> bool:
    """A table is laid out for the page, not for data, when it holds other tables, only one
    column, or prose without figures beside it (a long footnote row does not make a
    statistical table a layout one)."""
    if has_nested_table or width <= 1:
        return True
    if max(map(len, cell_texts), default=0) <= LONG_PROSE:
        return False
    return sum(1 for t in cell_texts if parse_number(t)[1] == "number") < MIN_FIGURES



def to_table(grid: list[list[Cell | None]], table_no: int, line: int | None) -> Table:
    """A Table from rows of cells (None = a position nothing printed): padded to one width,
    every cell located by table, row and column, trailing columns made only by spans cut."""
    for ri, cells in enumerate(grid):
        for ci, c in enumerate(cells):
            if c is not None:
                c.loc.table, c.loc.row, c.loc.col = table_no, ri, ci
    return located_table(grid, table_no, line)


def located_table(grid: list[list[Cell | None]], table_no: int, line: int | None) -> Table:
    """``to_table`` for cells already located by table, row and column. The rows of ``grid``
    become the table's rows.

    A table without a single span whose rows print differing numbers of cells is no true
    grid: its merged cells were dropped (a table pasted into a page without rowspan/colspan),
    so a short row starts at the left edge and its columns are not the header's. It is
    read as ragged, like text exports that collapsed the same merges.
    """
    if _lost_spans(grid):
        return _ragged_table(grid, table_no, line)  # type: ignore[arg-type]
    width = max(map(len, grid), default=0)
    # a span that runs past the last printed column adds nothing
    while width and all(len(r) < width or r[width - 1] is None or r[width - 1].merged for r in grid):
        width -= 1
    rows = []
    for ri, cells in enumerate(grid):
        if len(cells) > width:
            del cells[width:]
        elif len(cells) < width:
            cells.extend([None] * (width - len(cells)))
        if not all(cells):  # a Cell is always true: this finds the positions nothing printed
            for ci, c in enumerate(cells):
                if c is None:
                    cells[ci] = Cell("", Loc(None, None, None, table_no, ri, ci))
        rows.append(_located_row(cells, table_no, ri))  # type: ignore[arg-type]
    return Table(rows, "grid", Loc(line, None, None, table_no))


def _located_row(cells: list[Cell], table_no: int, ri: int) -> Row:
    """Row ``ri`` of a table, on the source line of its first cell that has one."""
    row_line = None
    for c in cells:
        if c.loc.line:
            row_line = c.loc.line
            break
    return Row(cells, Loc(row_line, None, None, table_no, ri))


def _lost_spans(grid: list[list[Cell | None]]) -> bool:
    """No position covered by a span, and rows of differing lengths."""
    if len({len(cells) for cells in grid}) < 2:
        return False
    return not any(c is None or c.merged for cells in grid for c in cells)


def _ragged_table(grid: list[list[Cell]], table_no: int, line: int | None) -> Table:
    """A table of rows as printed, nothing padded (a grid that lost its spans has no gaps)."""
    rows = [_located_row(cells, table_no, ri) for ri, cells in enumerate(grid)]
    return Table(rows, "ragged", Loc(line, None, None, table_no))


def merged_cell(origin: Cell) -> Cell:
    """A position covered by ``origin``'s span."""
    return Cell(text="", loc=Loc(line=origin.loc.line), merged=True)
