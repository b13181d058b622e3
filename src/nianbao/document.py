"""The document model every reader produces: text blocks and table grids, each with its location.

Readers never interpret content; they only say what was printed where. Three table layouts
exist because sources differ in what they keep of the printed grid:

- ``grid``: a true grid (HTML, DOCX, ruled PDF). Merged cells are expanded; positions
  covered by a span carry ``merged=True`` and empty text, so columns line up.
- ``ragged``: text exports (tab, pipe, one cell per line) where merged cells collapsed and
  rows have differing numbers of cells.
- ``positioned``: cells carry horizontal extents (``x0``/``x1``) but no grid
  (pdftotext ``-layout`` text, unruled PDF text).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Loc:
    """Where a piece was printed. Lines and pages are 1-based; ``bbox`` is in PDF points."""

    line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None

    def describe(self) -> str:
        """Human-readable location, in Chinese."""
        return describe_location(self.page, self.line, self.table, self.row, self.col)


def describe_location(page: int | None, line: int | None, table: int | None, row: int | None, col: int | None) -> str:
    """第3页，第37行，源表格2第8行第10列 — the parts that are known."""
    parts = []
    if page is not None:
        parts.append(f"第{page}页")
    if line is not None:
        parts.append(f"第{line}行")
    if table is not None and row is not None:
        parts.append(f"源表格{table}第{row + 1}行第{(col or 0) + 1}列")
    return "，".join(parts)


@dataclass(slots=True)
class Cell:
    text: str
    loc: Loc = field(default_factory=Loc)
    x0: float | None = None
    x1: float | None = None
    merged: bool = False
    confidence: float | None = None  # OCR recognition confidence (0..1); None for born-digital text


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    loc: Loc = field(default_factory=Loc)

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass(slots=True)
class Table:
    rows: list[Row]
    layout: str = "grid"  # grid | ragged | positioned
    loc: Loc = field(default_factory=Loc)


@dataclass(slots=True)
class Paragraph:
    text: str
    loc: Loc = field(default_factory=Loc)
    # For positioned sources each line is also offered as a row of tokens, so that the
    # extractor can read a table that the reader could not delimit.
    tokens: list[Cell] | None = None


Block = Paragraph | Table


@dataclass
class Document:
    blocks: list[Block]
    source: str = "<bytes>"
    format: str = "txt"
    encoding: str | None = None
    pages: int | None = None
    notes: list[str] = field(default_factory=list)

    def paragraphs(self):
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self):
        return [b for b in self.blocks if isinstance(b, Table)]

    def map_texts(self, fn) -> Document:
        """Replace every paragraph, token and cell text ``t`` by ``fn(t)``, in place."""
        for b in self.blocks:
            if isinstance(b, Table):
                for r in b.rows:
                    for c in r.cells:
                        c.text = fn(c.text)
            else:
                b.text = fn(b.text)
                for c in b.tokens or ():
                    c.text = fn(c.text)
        return self
