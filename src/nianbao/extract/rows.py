"""Document tables and positioned lines -> logical rows (a label and value slots)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import attrgetter

from nianbao.document import Cell, Document, Paragraph, Table
from nianbao.text import ROW_NUMBER, is_value_text, label_key, number_kind

_TEXT = attrgetter("text")
# Text that is no word: figures with marks or signs, no ideograph (96*, 12※, (3)).
_FIGURE_LIKE = re.compile(r"[^\u4e00-\u9fff]*\d[^\u4e00-\u9fff]*$")


@dataclass(slots=True)
class LRow:
    """One printed row: its label text, and its value slots in printed order.

    ``slots`` are the cells after the label. ``pos`` gives each slot's horizontal position
    where the source knows it (grid column index, or x centre); None for ragged text.
    """

    label: str
    slots: list[Cell]
    pos: list[float] | None
    layout: str
    table: int  # index of the source table (or positioned run) in the document
    cells: list[Cell] = field(default_factory=list)  # every cell of the row, for header reading
    block: int | None = None  # positioned rows: the document block (paragraph) that printed the values
    _key: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def key(self) -> str:
        """The label's comparable form (label_key), computed once."""
        k = self._key
        if k is None:
            k = self._key = label_key(self.label) if self.label else ""
        return k

    def extend_label(self, text: str) -> None:
        self.label += text
        self._key = None

    def numbers(self) -> int:
        return sum(1 for c in self.slots if number_kind(c.text) in ("number", "marker"))


def table_rows(doc: Document) -> tuple[list[LRow], set[int]]:
    """Every logical row of the document's tables, in reading order.

    Also returns the indexes of positioned paragraphs consumed as table rows, so that
    section text can leave them out.
    """
    out: list[LRow] = []
    consumed: set[int] = set()
    tno = 0
    run: list[tuple[int, Paragraph]] = []

    def flush_run():
        nonlocal tno
        if run:
            tno += 1
            rows, used = _positioned_rows(run, tno)
            out.extend(rows)
            consumed.update(used)
            run.clear()

    for bi, b in enumerate(doc.blocks):
        if isinstance(b, Table):
            flush_run()
            tno += 1
            out.extend(_grid_rows(b, tno) if b.layout == "grid" else _ragged_rows(b, tno))
        elif b.tokens is not None:
            run.append((bi, b))
    flush_run()
    return out, consumed


def _split_label(cells: list[Cell]) -> tuple[str, int]:
    """Label = the text cells up to the last one that is not a value; returns (label, index after it)."""
    # blanks parse as "blank", so a "text" cell is never empty
    kinds = list(map(number_kind, map(_TEXT, cells)))
    if "text" not in kinds:
        return "", 0
    end = len(kinds) - kinds[::-1].index("text")
    if _FIGURE_LIKE.match(cells[end - 1].text):
        # a figure with a mark (96*) among the figures ends no label: the label ends at the last
        # cell of words, so that the figures before the mark stay in their columns
        end = max((i + 1 for i in range(end) if kinds[i] == "text" and not _FIGURE_LIKE.match(cells[i].text)), default=0)
        if end == 0:
            return "", 0
    if end == 1:
        return cells[0].text.strip(), 1
    return " ".join(filter(None, [c.text.strip() for c in cells[:end]])), end


def _ragged_rows(t: Table, tno: int) -> list[LRow]:
    rows = []
    for r in t.rows:
        label, k = _split_label(r.cells)
        rows.append(LRow(label, r.cells[k:], None, "ragged", tno, r.cells))
    return rows


def _grid_rows(t: Table, tno: int) -> list[LRow]:
    rows = []
    for r in t.rows:
        cells = r.cells
        label, k = _split_label(cells)
        # positions covered by a span from the label or by a wide value cell are not slots
        keep = [i for i in range(k, len(cells)) if not cells[i].merged]
        rows.append(LRow(label, [cells[i] for i in keep], [float(i) for i in keep], "grid", tno, cells))
    return rows


def _positioned_rows(run: list[tuple[int, Paragraph]], tno: int) -> tuple[list[LRow], set[int]]:
    """Lines with positioned tokens -> rows. A line of labels without values waits for the
    next line of values (wrapped labels, vertically centred values)."""
    rows: list[LRow] = []
    used: set[int] = set()
    pending: list[tuple[int, str]] = []
    for bi, p in run:
        toks = p.tokens or []
        vals = [c for c in toks if is_value_text(c.text)]
        labs = [c for c in toks if not is_value_text(c.text)]
        # a label token after the first value is not a label (stray text); keep labels before values
        if vals:
            first_x = vals[0].x0 or 0.0
            labs = [c for c in labs if (c.x0 or 0.0) < first_x]
        label = "".join(c.text for c in labs)
        if vals:
            if pending:
                label = _take_pending(rows, pending, used, label) + label
            pending = []
            rows.append(_pos_row(label, vals, tno, toks, bi))
            used.add(bi)
        else:
            if len(label) > 60:  # a paragraph line, not a table label
                pending = []
                continue
            pending.append((bi, label))
            if len(pending) > 3:
                pending.pop(0)
            rows.append(LRow(label=label, slots=[], pos=[], layout="positioned", table=tno, cells=toks))
    return rows, used


def _take_pending(rows: list[LRow], pending: list[tuple[int, str]], used: set[int], label: str) -> str:
    """The wrapped label lines (``pending``, the last rows so far) above a line of values.

    A label wrapped over three lines prints its values on the middle one, so the lines
    waiting above may also hold the end of the previous row's label: the lines from the
    last one that starts a numbered row (``1.`` ``（六）``) belong to this row, those before
    it finish the previous one. Without a numbered line, a line of values alone takes them
    all and a line with its own label takes none. Returns the label head for this row.
    """
    # a line of several cells (a header row) is no label fragment, nor is anything above it
    floor = max((k + 1 for k in range(len(pending)) if len(rows[len(rows) - len(pending) + k].cells) > 1), default=0)
    pending = pending[floor:]
    starts = [k for k, (_, t) in enumerate(pending) if ROW_NUMBER.match(t)]
    if label and not ROW_NUMBER.match(label) and not starts:
        return ""
    k = len(pending) if label and ROW_NUMBER.match(label) else (starts[-1] if starts else 0)
    first = len(rows) - len(pending)
    head = pending[k:]
    tail = pending[:k] if first > 0 and rows[first - 1].slots else []
    if tail:
        rows[first - 1].extend_label("".join(t for _, t in tail))
    used.update(i for i, _ in tail + head)
    del rows[first if tail else first + k :]
    return "".join(t for _, t in head)


def _pos_row(label: str, vals: list[Cell], tno: int, toks: list[Cell], block: int) -> LRow:
    pos = [((c.x0 or 0.0) + (c.x1 or c.x0 or 0.0)) / 2 for c in vals]
    return LRow(label=label, slots=vals, pos=pos, layout="positioned", table=tno, cells=toks, block=block)
