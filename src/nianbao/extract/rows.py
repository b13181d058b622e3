"""Document tables and positioned lines -> logical rows (a label and value slots)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import takewhile
from operator import attrgetter

from nianbao.document import Cell, Document, Paragraph, Table
from nianbao.text import LABEL_START, ROW_NUMBER, is_value_text, label_key, number_kind

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
    layout: str  # grid, ragged, positioned, or tabbed (paragraphs of tab-separated cells: positions tell no columns)
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
        self.relabel(self.label + text)

    def relabel(self, label: str) -> None:
        self.label = label
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


# At most so many lines of label words wait for a line of figures: a label wrapped in a narrow
# column takes a line for every two or three characters (一、 / 本年 / 新收 / 政府 / … / 数量).
_PENDING = 30
# The longest line that may finish the label of the row above it (情形，不计其他情形）).
_TAIL_PIECE = 12


def _positioned_rows(run: list[tuple[int, Paragraph]], tno: int) -> tuple[list[LRow], set[int]]:
    """Lines with positioned tokens -> rows. A line of labels without values waits for the
    next line of values (wrapped labels, vertically centred values)."""
    rows: list[LRow] = []
    used: set[int] = set()
    pending: list[tuple[int, str]] = []
    above = -1  # index in ``run`` of the line of values just read, which a continuation line may follow
    wrapped: tuple[list[Cell], int] | None = None  # a row's figures as first printed, and the last line continuing them
    edge = _last_column(run)
    gapped = _gapped(run)
    figures: list[list[Cell]] = []  # the values of each line so far
    for i, (bi, p) in enumerate(run):
        toks = p.tokens or []
        vals, labs = _values_and_words(toks)
        figures.append(vals)
        # a label token after the first value is not a label (stray text); keep labels before values
        if vals:
            first_x = vals[0].x0 or 0.0
            labs = [c for c in labs if (c.x0 or 0.0) < first_x]
        label = "".join(c.text for c in labs)
        if wrapped and p.loc.line == wrapped[1] + 1 and vals and len(vals) + len(labs) == len(toks) and _more_pieces(rows[-1], wrapped[0], vals, labs):
            # a third line of pieces (１ / ５ / １ is 151): the figures are longer than joined so far
            _cut_row(rows[-1], label)
            used.add(bi)
            wrapped = (wrapped[0], p.loc.line) if _fills(wrapped[0], vals) else None
            continue
        wrapped = None
        if vals:
            heads = list(rows[-1].slots) if above >= 0 else []  # as printed: a join rewrites them
            how = _goes_on(run, above, rows[-1], p, vals, labs, label, edge) if heads else None
            if how:
                used.add(bi)
                above = i if how == "tabbed" else -1
                if how != "tabbed" and p.loc.line is not None and _fills(heads, vals):
                    wrapped = (heads, p.loc.line)
                continue
            if gapped:
                top = _wrapped_above(run, figures, i, labs)
                block = None if top is None else run[top][0]
            else:  # positions tell nothing: the ends of figures are told by count and length
                block = _ends_by_count(rows, pending, vals, labs)
            if block is not None and _cut_centred(block, rows, pending, used, label):
                # the ends of figures wrapped in cells centred vertically: the rows they end
                # place none
                used.add(bi)
                above = -1
                continue
            if pending:
                trail = _column_head(toks, labs, [r.cells for r in rows[len(rows) - len(pending) :]])
                label = _take_pending(rows, pending, used, label, trail) + label
            pending = []
            rows.append(_pos_row(label, vals.copy(), tno, toks, bi))  # a join rewrites its slots, not ``figures``
            used.add(bi)
            above = i
        else:
            above = -1
            if len(label) > 60:  # a paragraph line, not a table label
                pending = []
                continue
            pending.append((bi, label))
            if len(pending) > _PENDING:
                pending.pop(0)
            rows.append(LRow(label=label, slots=[], pos=[], layout="positioned", table=tno, cells=toks))
    if pending:  # the lines after the last row of values may finish its label
        base = len(rows) - len(pending)
        _take_tail(rows, pending, base, _column_lead(rows, base), used)
    if any(r.layout == "tabbed" for r in rows) or not gapped:
        # lines the page wrapped are paragraphs of tab-separated cells, not a table: a tab stop
        # passed by a long label moves the rest of its row, so no row's positions tell columns;
        # nor do they in text whose figures follow their label after single spaces
        for r in rows:
            if r.slots and r.layout == "positioned":
                r.layout, r.pos = "tabbed", None
    return rows, used


def _gapped(run: list[tuple[int, Paragraph]]) -> bool:
    """Whether any line of the run sets two of its words apart by a gap of two columns or more
    (text laid out in columns), rather than all by single spaces (pdftotext -raw, text copied
    from a viewer): only then do positions tell columns."""
    for _, p in run:
        toks = p.tokens or ()
        if any((b.x0 or 0.0) - (a.x1 or 0.0) >= 2 for a, b in zip(toks, toks[1:])):
            return True
    return False


_IDEOGRAPHS = re.compile(r"[\u4e00-\u9fff]+$")


def _values_and_words(toks: list[Cell]) -> tuple[list[Cell], list[Cell]]:
    """A line's tokens that read as values, and its words. An ideograph that reads as a value
    (三 a numeral, 无 a marker) is rather a word of a label wrapped in a narrow column when a
    word follows it on the line (values follow their label: in (四) 无 1.本机 ９ …, 无 begins
    无法提供), or when the line prints nothing but numerals in ideographs (三 of 三安全, 一 of
    这一情形, alone on their lines)."""
    vals = [c for c in toks if is_value_text(c.text)]
    words = [c for c in toks if not is_value_text(c.text)]
    if not vals or not _IDEOGRAPHS.match(vals[0].text):
        return vals, words
    if not words:
        if all(_IDEOGRAPHS.match(c.text) and number_kind(c.text) == "number" for c in vals):
            return [], vals
        return vals, words
    last = max(k for k, c in enumerate(toks) if not is_value_text(c.text))
    vals, words = [], []
    for k, c in enumerate(toks):
        word = not is_value_text(c.text) or (k < last and _IDEOGRAPHS.match(c.text) is not None)
        (words if word else vals).append(c)
    return vals, words


def _goes_on(
    run: list[tuple[int, Paragraph]], at: int, row: LRow, p: Paragraph, vals: list[Cell], labs: list[Cell], label: str, edge: tuple[float, float]
) -> str | None:
    """How line ``p`` goes on with ``row``, the row of figures printed by ``run[at]`` right
    above it, taking it in: "tabbed" (a row of tab-separated figures the page wrapped: its
    figures go on at the start of the line), "joined" (pieces of figures wrapped in narrow
    cells, joined to them), "cut" (pieces that cannot surely be joined: each figure above may be
    cut, so the row places none); None when ``p`` is a line of its own."""
    if not labs and _wraps_on(run[at][1], p, edge):
        row.slots = row.slots + vals
        row.layout, row.pos = "tabbed", None
        return "tabbed"
    # a row the page wrapped holds figures of several lines: none is a figure of ``run[at]``
    # alone that a piece below could end
    if row.layout == "tabbed" or len(vals) + len(labs) != len(p.tokens or ()):
        return None
    under = _continues(run, at, row.slots, p, vals, labs)
    if under:
        _join_line(row, vals, labs, *under)
        return "joined"
    if _pieces_under(run, at, row, p, vals, labs):
        _cut_row(row, label)
        return "cut"
    return None


def _last_column(run: list[tuple[int, Paragraph]]) -> tuple[float, float]:
    """Where the rightmost figures of a run of lines start and end: the last column a line of
    figures reaches before the margin (tab stops align figures at their left or right edge)."""
    x0 = x1 = 0.0
    for _, q in run:
        for c in q.tokens or ():
            if is_value_text(c.text):
                x0, x1 = max(x0, c.x0 or 0.0), max(x1, c.x1 or 0.0)
    return x0, x1


def _wraps_on(top: Paragraph, p: Paragraph, edge: tuple[float, float]) -> bool:
    """Whether the line of figures ``p`` continues the row printed by ``top`` because the page
    wrapped it: ``p`` is the next line of the same page and prints only figures, from further
    left than the row's first figure (the start of a line), and ``top`` ends in a figure in the
    last column any line of figures reaches (``edge``: its left and right edges), or ``p``
    starts no further right than ``top``'s label."""
    line = p.loc.line
    if line is None or top.loc.line != line - 1 or top.loc.page != p.loc.page:
        return False
    toks, above = p.tokens or [], top.tokens or []
    figures = [c for c in above if is_value_text(c.text)]
    if not figures or above[-1] is not figures[-1] or not all(c.text.isdecimal() for c in toks):
        return False
    start = toks[0].x0 or 0.0
    if start >= (figures[0].x0 or 0.0):
        return False
    last = above[-1]
    at_edge = abs((last.x0 or 0.0) - edge[0]) <= 2.0 or abs((last.x1 or 0.0) - edge[1]) <= 2.0
    # or the figures start where the row's label starts (pdftotext spaces each line apart, so
    # that the margin is not where figures end)
    return at_edge or (above[0] is not figures[0] and start <= (above[0].x0 or 0.0) + 1.0)


def _cut_row(row: LRow, label: str) -> None:
    """A row whose figures wrapped beyond what can surely be joined places none; the words
    printed with the pieces finish its label, so that the row is still known."""
    row.slots, row.pos = [], []
    row.extend_label(label)


def _more_pieces(row: LRow, heads: list[Cell], vals: list[Cell], labs: list[Cell]) -> bool:
    """A line right below pieces of ``row``'s figures ``heads`` that goes on with them: bare
    digits, no more than the figures, and words only where they finish a numbered row's label
    (under a row of Table 2, words may start its next row)."""
    if len(vals) > len(heads) or not "".join([c.text for c in vals]).isdecimal():
        return False
    return not labs or (LABEL_START.match(row.label) is not None and not _numbers_a_row(labs))


def _fills(heads: list[Cell], pieces: list[Cell]) -> bool:
    """Whether a line of pieces of the figures ``heads`` filled its cells, so that the figures
    may go on wrapping on the next line: a piece is as long as the narrowest figure (１ / ５ / １
    is 151). Pieces all shorter than every figure end them: under 11 / 6, a line of 12s is the
    next row's."""
    return max(len(c.text) for c in pieces) >= min(len(c.text) for c in heads)


# At most so many lines lie between a row's figures wrapped in cells centred vertically and the
# line of their ends: lines of the label, and the row's figures that did not wrap
_CENTRED_GAP = 3


def _cut_centred(block: int, rows: list[LRow], pending: list[tuple[int, str]], used: set[int], label: str) -> bool:
    """A line (label words ``label``) prints the ends of figures that document block ``block``
    printed, wrapped in cells centred vertically (``_wrapped_above``): the row of those figures,
    the rows read since (the figures that did not wrap, the label lines printed between) and
    ``label`` are one row, which places none, as its pieces cannot surely be joined (16 16 /
    3. 其他 / 5 6 is the row 3. 其他, and 3. 其他 no label of the next row). False when
    ``block`` made no row of its own (its figures went on a row above)."""
    k = next((k for k in range(len(rows) - 1, -1, -1) if rows[k].block == block), None)
    if k is None:
        return False
    row = rows[k]
    row.relabel("".join(r.label for r in rows[k:]) + label)
    # figures printed on another line of the row are no page's wrap of them
    row.slots, row.pos, row.layout = [], [], "positioned"
    del rows[k + 1 :]
    used.update(i for i, _ in pending)
    pending.clear()
    return True


def _wrapped_above(run: list[tuple[int, Paragraph]], figures: list[list[Cell]], at: int, labs: list[Cell]) -> int | None:
    """The index in ``run`` of the line of figures that line ``run[at]`` (values ``figures[at]``,
    label words ``labs``) ends, when cells are centred vertically: a row's figures wrapped in
    narrow cells take two lines, and lines of its label print between them and their ends
    (10 / 信息需要另 / 2 is 102), or the row's figures that did not wrap, centred on the middle
    line (12 12 / 2. 重复申请 123 / 4 5 is 124 125 beside 123). None unless the evidence is
    clear:

    - ``run[at]`` is a line of text that prints two or more bare digits, its words (if any)
      numbering no row;
    - the lines between, at most _CENTRED_GAP and at least one, are short label lines and
      at most one line of figures (the middle one) clear of the ends;
    - each end lies under a longer figure of the line above, in character or display columns
      (``_under``), none 0;
    - where a line between starts a numbered row (16 16 / 3. 其他 / 5 6), the lines above in
      the same block print nothing wider in those figures' columns (``_one_figure_wide``): a
      figure with room left did not wrap, and the line below is the next row's.
    """
    p, vals = run[at][1], figures[at]
    line = p.loc.line
    if len(vals) < 2 or line is None or at < 2 or run[at - 1][1].loc.line != line - 1 or p.loc.bbox is not None:
        return None
    if (labs and _numbers_a_row(labs)) or not "".join([c.text for c in vals]).isdecimal():
        return None
    longest = max(len(c.text) for c in vals)
    between: list[Paragraph] = []
    middle = False  # whether a line between prints figures
    for j in range(at - 1, max(-1, at - 2 - _CENTRED_GAP), -1):
        q, heads = run[j][1], figures[j]
        if q.loc.line != line - (at - j) or (not heads and sum(len(c.text) for c in q.tokens or ()) > _TAIL_PIECE):
            return None
        # (an end is shorter than its figure: most lines need no closer look)
        if heads and between and len(vals) <= len(heads) and longest < max(len(c.text) for c in heads):
            return _ends_row(run, figures, j, between, p, vals)
        if heads and middle:
            return None
        middle = middle or bool(heads)
        between.append(q)
    return None


def _ends_by_count(rows: list[LRow], pending: list[tuple[int, str]], vals: list[Cell], labs: list[Cell]) -> int | None:
    """In text of single spaces, where positions tell no columns: the document block of the
    row whose figures a line of bare digits without words (``vals``) ends across the label
    lines waiting above it (``pending``; 3.补正 10 10 10 11 … / 后申请 / 内容仍 / 不明确 / 7 8 9 0 …
    is 109 110 111 …). Those lines start no row, the row above numbers its label and prints
    as many figures, and the ends are cut from them (``_cut_figures``); None otherwise. The
    lines cannot say whether they finish that row's label or start another's: the row and the
    ends then place nothing."""
    base = len(rows) - len(pending)
    if labs or not pending or base == 0 or len(vals) < 2:
        return None
    row = rows[base - 1]
    heads = row.slots
    texts = [t for _, t in pending] + [""]
    if len(heads) != len(vals) or row.block is None or not LABEL_START.match(row.label) or any(_starts_row(texts, k) for k in range(len(pending))):
        return None
    return row.block if "".join([c.text for c in vals]).isdecimal() and _cut_figures(heads, vals) else None


def _ends_row(run: list[tuple[int, Paragraph]], figures: list[list[Cell]], at: int, between: list[Paragraph], p: Paragraph, vals: list[Cell]) -> int | None:
    """``at`` when the values ``vals`` of ``p`` end the figures of line ``run[at]`` across the
    lines ``between`` (``_wrapped_above``); None otherwise."""
    top, heads = run[at][1], figures[at]
    found = _ends_under(top, heads, p, vals)
    if found is None or not _clear_between(between, p, vals, found[1]):
        return None
    slots, spans = found
    numbered = any(_numbers_a_row([c for c in b.tokens or () if not is_value_text(c.text)]) for b in between)
    if numbered and not _one_figure_wide(_lines_above(run, at), top, heads, slots, spans):
        return None
    return at


def _ends_under(top: Paragraph, heads: list[Cell], p: Paragraph, vals: list[Cell]):
    """The index in ``heads`` (figures of ``top``) of the figure each value of ``p`` ends, and
    the extents (_char_spans or _display_spans) in which they line up; None when they do not."""
    for spans in (_char_spans, _display_spans):
        slots = _under(vals, heads, spans(p.tokens or []), spans(top.tokens or []))
        if slots is not None:
            return slots, spans
    return None


def _clear_between(between: list[Paragraph], p: Paragraph, vals: list[Cell], spans) -> bool:
    """Whether the lines ``between`` print no figure over the values ``vals`` of ``p``, placed
    by ``spans``."""
    ends = [spans(p.tokens or [])[id(v)] for v in vals]
    for q in between:
        toks = q.tokens or []
        figures = [c for c in toks if is_value_text(c.text)]
        theirs = spans(toks)
        if any(_overlap(theirs[id(c)], e) for c in figures for e in ends):
            return False
    return True


def _take_pending(rows: list[LRow], pending: list[tuple[int, str]], used: set[int], label: str, trail: int = 0) -> str:
    """The wrapped label lines (``pending``, the last rows so far) above a line of values.

    A label wrapped over three lines prints its values on the middle one, so the lines
    waiting above may also hold the end of the previous row's label: the lines from the
    last one that starts a numbered row (``1.`` ``（六）``; also a short piece of a top-level
    row's label, ``二、上年结``: ``_starts_row``) belong to this row, those before it finish
    the previous one. Without a numbered line, a line of values alone takes them all and a
    line with its own label takes none. The last ``trail`` lines are its label printed in
    several columns above it (``_column_head``). Returns the label head for this row.
    """
    base = len(rows) - len(pending)
    lead = _column_lead(rows, base)
    # a line of several cells (a header row) is no label fragment, nor is anything above it
    # but the rest of the previous row's label
    floor = max((k + 1 for k in range(lead, len(pending) - trail) if len(rows[base + k].cells) > 1), default=0)
    region = pending[floor:]
    texts = [t for _, t in region] + [label]
    starts = [k for k in range(len(region)) if _starts_row(texts, k)]
    # a row of its own numbered label (1. （三） 一、) takes no lines above it: they end the row before
    numbered = bool(label) and LABEL_START.match(label) is not None
    if label and not numbered and not starts:
        return ""
    k = floor + (len(region) if numbered else (starts[-1] if starts else 0))
    head = pending[k:]
    used.update(i for i, _ in head)
    # the rows of the lines taken go; lines between the tail and the head (a section heading,
    # a table's header) stay rows of their own
    del rows[base + k :]
    _take_tail(rows, pending[:k], base, lead, used)
    return "".join(t for _, t in head)


def _starts_row(texts: list[str], k: int) -> bool:
    """Whether label line ``texts[k]`` starts a row, ``texts`` being label lines waiting for a
    line of values and last the label printed with the values: it is numbered (``1.``
    ``（六）``), or it is a piece of a top-level row's label wrapped in its column, its values
    printed further down the label (cells centred vertically): a short line that starts with
    a top-level number, followed by short lines, and no longer than the longest line after it
    (``二、上年结`` / ``转政府信息``; ``二、`` / ``上年`` / ``结转``). A section heading over a table
    is longer than the header lines below it (``二、主动公开政府信息情况`` / ``信息内容``), is
    followed by a long one (… / ``信息内容 本年制发件数 本年废止件数 …``), or is longer still
    (``三、收到和处理政府信息公开申请情况``)."""
    text = texts[k]
    if ROW_NUMBER.match(text):
        return True
    if len(text) > _TAIL_PIECE or not LABEL_START.match(text):
        return False
    later = texts[k + 1 :]
    return all(len(t) <= _TAIL_PIECE for t in later[:-1]) and len(text) <= max(map(len, later))


def _take_tail(rows: list[LRow], pending: list[tuple[int, str]], base: int, lead: int, used: set[int]) -> None:
    """The first of the label lines ``pending`` (the rows from ``base`` on) finish the label of
    the row of values above them, while they are short pieces, up to a line of several cells
    (a table's header) that is not the rest of a label printed in several columns (``lead``
    lines are); their rows go."""
    if base == 0 or not rows[base - 1].slots:
        return
    end = next((k for k in range(lead, len(pending)) if len(rows[base + k].cells) > 1), len(pending))
    tail = _label_tail(pending[:end])
    if tail:
        _finish_label(rows[base - 1], [r.cells for r in rows[base : base + len(tail)]])
        used.update(i for i, _ in tail)
        del rows[base : base + len(tail)]


def _column_head(toks: list[Cell], labs: list[Cell], lines: list[list[Cell]]) -> int:
    """How many of ``lines`` (their tokens), the last ones right above a line of values (tokens
    ``toks``, label words ``labs``), are short pieces of its label printed in several columns
    above it, cells centred vertically (本年 (一) / 度办 予以 25 26 …), left of the figures."""
    figures = toks[toks.index(labs[-1]) + 1 :] if labs else []
    end = figures[0].x0 or 0.0 if figures else float("inf")
    return _label_pieces(toks, labs, lines[::-1], end)


def _column_lead(rows: list[LRow], base: int) -> int:
    """How many rows from ``base`` on are the rest of the label of the row of values right
    above them printed in several columns (``_column_tail``)."""
    if base == 0 or not rows[base - 1].slots:
        return 0
    return _column_tail(rows[base - 1], [r.cells for r in rows[base:]])


def _label_tail(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines that finish the label of the row above them: the first ones, while they are
    short pieces of a wrapped label (a heading or a table's header after them is no part of it)."""
    n = 0
    while n < len(lines) and len(lines[n][1]) <= _TAIL_PIECE:
        n += 1
    return lines[:n]


def _finish_label(row: LRow, lines: list[list[Cell]]) -> None:
    """The lines of words ``lines`` (their tokens) wrapped below ``row`` finish its label. In a
    label of several columns each word finishes the column it is printed in: (三) 1. 属 / 不予
    于国 / 公开 家秘 / 密 reads (三)不予公开1. 属于国家秘密, not (三)1. 属不予于国公开家秘密. Where
    the columns cannot be told, the lines are joined in order."""
    heads = _label_words(row.cells, row.slots)
    printed = "".join([h.text for h in heads])
    columns = _columns_of(row.cells, heads, lines) if len(heads) > 1 and row.label.endswith(printed) else None
    if columns is None:
        row.extend_label("".join(c.text for toks in lines for c in toks))
        return
    texts = [h.text for h in heads]
    for k, c in columns:
        texts[k] += c.text
    row.relabel(row.label[: len(row.label) - len(printed)] + "".join(texts))


def _column_tail(row: LRow, lines: list[list[Cell]]) -> int:
    """How many of ``lines`` (their tokens), the first right below ``row``, are short pieces of
    its label printed in several columns."""
    return _label_pieces(row.cells, _label_words(row.cells, row.slots), lines)


def _label_pieces(top: list[Cell], heads: list[Cell], lines: list[list[Cell]], end: float = float("inf")) -> int:
    """How many of ``lines`` (their tokens), in order, are short pieces of a label printed in
    several columns: every word lies in one of the columns of the label words ``heads`` of
    line ``top`` (``_columns_of``) and ends left of ``end``."""
    if len(heads) < 2:
        return 0
    n = 0
    for line in lines:
        if sum(len(c.text) for c in line) > _TAIL_PIECE or any((c.x1 or 0.0) > end for c in line) or not _columns_of(top, heads, [line]):
            break
        n += 1
    return n


def _columns_of(top: list[Cell], heads: list[Cell], lines: list[list[Cell]]) -> list[tuple[int, Cell]] | None:
    """Each word of ``lines`` with the label column it is printed in, the columns starting
    where the label words ``heads`` of the line ``top`` (its tokens) start; in character columns (pdftotext) or display columns
    (an editor; PDF points), and where both tell, both the same. None when a word starts left
    of the first column or runs into the next one."""
    found = None
    # PDF and OCR words measure in points: only their own extents tell
    systems = (_display_spans,) if heads[0].loc.bbox is not None else (_char_spans, _display_spans)
    for spans in systems:
        above = spans(top)
        starts = [above[id(h)][0] for h in heads]
        out: list[tuple[int, Cell]] | None = []
        for toks in lines:
            their = spans(toks)
            for c in toks:
                x0, x1 = their[id(c)]
                k = sum(1 for s in starts if s <= x0 + 1) - 1
                if k < 0 or (k + 1 < len(starts) and x1 > starts[k + 1] + 1):
                    out = None
                    break
                out.append((k, c))
            if out is None:
                break
        if out is None:
            continue
        if found is not None and [k for k, _ in found] != [k for k, _ in out]:
            return None
        found = out
    return found


def centre(c: Cell) -> float:
    """A token's horizontal centre (its position among a table's columns)."""
    return ((c.x0 or 0.0) + (c.x1 or c.x0 or 0.0)) / 2


def _pos_row(label: str, vals: list[Cell], tno: int, toks: list[Cell], block: int) -> LRow:
    pos = [centre(c) for c in vals]
    return LRow(label=label, slots=vals, pos=pos, layout="positioned", table=tno, cells=toks, block=block)


_NEARBY = 40  # at most so many lines above a row tell how wide its columns are


def _continues(
    run: list[tuple[int, Paragraph]], at: int, heads: list[Cell], p: Paragraph, vals: list[Cell], labs: list[Cell]
) -> tuple[list[int], list[int], list[Cell]] | None:
    """Whether line ``p`` continues the row of values ``heads`` printed by line ``run[at]``,
    when narrow cells wrapped the row: pdftotext prints the digits that did not fit (10 / 0,
    11 / 6) and the rest of a wrapped label on a line of their own, each under the cell it
    continues. Returns the index in ``heads`` of the figure each value continues, the index of
    the label word above each label word, and the label words above; or None.

    None unless the evidence is clear: ``p`` is a line of text directly below (PDF and OCR
    lines measure in points); its values, two or more, are bare digits, each under a longer
    figure (not 0) that is as wide as anything printed in its column above (a figure with room
    left in its cell does not wrap); its label words, if any, start no numbered row and each
    lies under a label word no narrower. A single figure under a figure is left alone: it is as
    likely a row of its own (行政处罚 2518797 / 行政强制 210).
    """
    top = run[at][1]
    if not _digits_below(top, p, vals) or not 1 < len(vals) <= len(heads) or _numbers_a_row(labs):
        return None
    if sum(len(h.text) > 1 and h.text[0] not in "0０" for h in heads) < len(vals):
        return None
    head_labs = _label_words(top.tokens or [], heads)
    if labs and not head_labs:
        return None
    # pdftotext aligns characters (an ideograph takes one column); an editor aligns display
    # columns (it takes two): the line must sit under the row in one of the two, and where it
    # does in both, both must say the same
    found, systems = None, []
    for spans in (_char_spans, _display_spans):
        here, up = spans(p.tokens or []), spans(top.tokens or [])
        slots = _under(vals, heads, here, up)
        if slots is None or (words := _labels_under(labs, head_labs, here, up)) is None:
            continue
        if found is not None and found != (slots, words):
            return None
        found = slots, words
        systems.append(spans)
    if found is None:
        return None
    above = _lines_above(run, at)
    spans = systems[0] if len(systems) == 1 else _aligning(above, top, heads)
    return (*found, head_labs) if _fill_cells(above, top, heads, found[0], spans) else None


def _pieces_under(run: list[tuple[int, Paragraph]], at: int, row: LRow, p: Paragraph, vals: list[Cell], labs: list[Cell]) -> bool:
    """Whether line ``p``, directly below the row of figures ``row`` printed by ``run[at]``,
    looks like the wrapped ends of its figures, though not surely enough to join them: bare
    digits, numbering no row of their own, and

    - with no label, or with the rest of the label of a numbered row (Table 3's rows are
      numbered; under a row of Table 2, words may start its next row), and
    - two or more, shorter than every figure of the row, which are all two digits or more and
      none 0 (pdftotext printed the ends shifted), or single digits under a row of single
      digits none 0 (figures wrapped a digit a line); or each under a figure of the row, in
      character or display columns, and either no label and each piece shorter than the figure
      above it, or in a column that holds nothing wider than its figure on the lines above
      (header words printed a character a line: the column is one figure wide, so a longer
      figure must wrap: １ / ２ is 12), with any label words under the row's label words, no
      wider.
    """
    top = run[at][1]
    heads = row.slots
    if not _digits_below(top, p, vals):
        return False
    if labs and (len(vals) < 2 or _numbers_a_row(labs) or not LABEL_START.match(row.label)):
        return False  # words under a row of Table 2 (unnumbered rows) may be its next row
    if _cut_figures(heads, vals) or _cut_digits(heads, vals):
        return True
    head_labs = _label_words(top.tokens or [], heads)
    for spans in (_char_spans, _display_spans):
        here, up = spans(p.tokens or []), spans(top.tokens or [])
        if not labs and _under(vals, heads, here, up) is not None:
            return True
        slots = _under(vals, heads, here, up, same_length=True)
        if slots is None or (labs and _labels_under(labs, head_labs, here, up) is None):
            continue
        if _one_figure_wide(_lines_above(run, at), top, heads, slots, spans):
            return True
    return False


def _digits_below(top: Paragraph, p: Paragraph, vals: list[Cell]) -> bool:
    """Whether line ``p`` of text (PDF and OCR lines measure in points) is directly below
    ``top`` and its values are bare digits."""
    line = p.loc.line
    if line is None or top.loc.line != line - 1 or p.loc.bbox is not None:
        return False
    return "".join([c.text for c in vals]).isdecimal()


def _numbers_a_row(labs: list[Cell]) -> bool:
    """Whether a label word starts a numbered row (1. / （三） / 一、)."""
    return any(LABEL_START.match(c.text) for c in labs)


def _label_words(toks: list[Cell], heads: list[Cell]) -> list[Cell]:
    """The label words of a line's tokens ``toks``: its words left of the row's first figure ``heads[0]``."""
    first = heads[0].x0 or 0.0
    return [c for c in toks if (c.x0 or 0.0) < first and not is_value_text(c.text)]


def _cut_figures(heads: list[Cell], vals: list[Cell]) -> bool:
    """Two or more pieces, no more than the figures above, each shorter than every one of them,
    which are all of two digits or more and none starts with 0 (a 0 is whole)."""
    if not 1 < len(vals) <= len(heads):
        return False
    if not all(h.text.isdecimal() and len(h.text) > 1 and h.text[0] not in "0０" for h in heads):
        return False
    return max(len(v.text) for v in vals) < min(len(h.text) for h in heads)


def _cut_digits(heads: list[Cell], vals: list[Cell]) -> bool:
    """Two or more single digits under a row of single digits none of which is 0: the row's
    figures wrapped a digit a line (full-width figures in columns one character wide), even
    where pdftotext printed the lines shifted against each other."""
    if not 1 < len(vals) <= len(heads) or any(len(v.text) != 1 for v in vals):
        return False
    return all(len(h.text) == 1 and h.text.isdecimal() and h.text not in "0０" for h in heads)


def _one_figure_wide(above: list[list[Cell]], top: Paragraph, heads: list[Cell], slots: list[int], spans) -> bool:
    """Whether each column at ``slots`` is as narrow as its figure in ``heads``: the lines
    ``above`` print nothing wider in it (``_fill_cells``). Only the lines of the same block
    count, those starting where ``top`` starts: pdftotext shifts blocks of a page against each
    other, and a column of one block says nothing of another's."""
    toks = top.tokens or []
    start = spans(toks)[id(toks[0])][0]
    block = list(takewhile(lambda line: bool(line) and abs(spans(line)[id(line[0])][0] - start) <= 1, above))
    return _fill_cells(block, top, heads, slots, spans)


def _display_spans(toks: list[Cell]) -> dict[int, tuple[float, float]]:
    return {id(c): (c.x0 or 0.0, c.x1 or c.x0 or 0.0) for c in toks}


def _char_spans(toks: list[Cell]) -> dict[int, tuple[float, float]]:
    """Token extents in characters: display columns less the extra width of wide characters
    before them on the line."""
    out, extra = {}, 0.0
    for c in toks:
        x0, x1 = c.x0 or 0.0, c.x1 or c.x0 or 0.0
        out[id(c)] = (x0 - extra, x0 - extra + len(c.text))
        extra += x1 - x0 - len(c.text)
    return out


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _under(vals: list[Cell], heads: list[Cell], here: dict, up: dict, same_length: bool = False) -> list[int] | None:
    """The index in ``heads`` of the figure each value ends, left to right: a value overlaps it
    and shares its left edge, right edge or centre, and is shorter (or, with ``same_length``,
    as long when both are one digit). None when a value ends no figure."""
    slots, k = [], 0
    for v in vals:
        a = here[id(v)]
        while k < len(heads) and not _aligned(a, up[id(heads[k])]):
            k += 1
        if k == len(heads):
            return None
        head = heads[k].text
        if not head.isdecimal() or head[0] in "0０" or len(v.text) > len(head) or (len(v.text) == len(head) and not (same_length and len(head) == 1)):
            return None
        slots.append(k)
        k += 1
    return slots


def _aligned(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return _overlap(a, b) and (abs(a[0] - b[0]) <= 1 or abs(a[1] - b[1]) <= 1 or abs(a[0] + a[1] - b[0] - b[1]) <= 2)


def _labels_under(labs: list[Cell], heads: list[Cell], here: dict, up: dict) -> list[int] | None:
    """The index in ``heads`` of the label word each label word lies under, no narrower than it."""
    out = []
    for c in labs:
        k = next((k for k, h in enumerate(heads) if _overlap(here[id(c)], up[id(h)]) and _width(c) <= _width(h) + 2), None)
        if k is None:
            return None
        out.append(k)
    return out


def _width(c: Cell) -> float:
    return (c.x1 or 0.0) - (c.x0 or 0.0)


def _aligning(above: list[list[Cell]], top: Paragraph, heads: list[Cell]):
    """The extents (_char_spans or _display_spans) under which the figures of the rows
    ``above`` line up with ``heads``, the figures of ``top``; pdftotext's when they do not
    tell."""
    score = []
    for spans in (_char_spans, _display_spans):
        boxes = [spans(top.tokens or [])[id(c)] for c in heads]
        rows = [(toks, spans(toks)) for toks in above if sum(1 for c in toks if c.text.isdecimal()) > 1]
        score.append(sum(1 for toks, their in rows for c in toks if c.text.isdecimal() and any(_aligned(their[id(c)], b) for b in boxes)))
    return _display_spans if score[1] > score[0] else _char_spans


def _fill_cells(above: list[list[Cell]], top: Paragraph, heads: list[Cell], slots: list[int], spans) -> bool:
    """Each figure of ``heads`` (printed by ``top``) that wrapped, at ``slots``, is as wide as
    every token printed in its column on the lines ``above`` (header words, other rows'
    figures), placed by ``spans``: a figure with room left in its cell did not wrap. Widths
    are display widths (an ideograph is as wide as two digits, also where pdftotext gives it
    one column). Only tokens in the figures' part of the table count: starting no further left
    than the first figure, under no other figure of the row (labels, a page's shifted layout
    and wide headers say nothing of a column)."""
    least = min(_width(heads[k]) for k in slots)  # narrower tokens cannot tell
    boxes = None
    for toks in above:
        if not any(_width(c) > least for c in toks):
            continue
        boxes = boxes or [spans(top.tokens or [])[id(c)] for c in heads]
        their = spans(toks)
        for c in toks:
            if _width(c) > least and (k := _column(their[id(c)], boxes)) in slots and _width(c) > _width(heads[k]):
                return False
    return True


def _lines_above(run: list[tuple[int, Paragraph]], at: int) -> list[list[Cell]]:
    """The tokens of the lines right above ``run[at]``, up to a blank line, at most _NEARBY."""
    out = []
    line = run[at][1].loc.line
    for j in range(at - 1, max(-1, at - 1 - _NEARBY), -1):
        q = run[j][1]
        if q.loc.line != line - 1:
            break
        line -= 1
        out.append(q.tokens or [])
    return out


def _column(b: tuple[float, float], boxes: list[tuple[float, float]]) -> int | None:
    """The one box that span ``b`` overlaps, if it starts no further left than the first box."""
    if b[0] < boxes[0][0]:
        return None
    hit = [k for k, box in enumerate(boxes) if _overlap(b, box)]
    return hit[0] if len(hit) == 1 else None


def _join_line(row: LRow, vals: list[Cell], labs: list[Cell], slots: list[int], words: list[int], head_labs: list[Cell]) -> None:
    """Append a continuation line to ``row``: each figure's digits to the figure above it (its
    text grows; location and position stay those of the first line), each label word to the
    label word above it (``head_labs``, the first line's, which end the row's label), so that a
    label of two columns reads (六)其他处理1.申请人无正当理由… rather than (六)其他处1.申请人无理正当理由…"""
    for v, k in zip(vals, slots):
        head = row.slots[k]
        row.slots[k] = Cell(head.text + v.text, head.loc, head.x0, head.x1, head.merged, head.confidence)
    if labs:
        texts = [h.text for h in head_labs]
        for c, k in zip(labs, words):
            texts[k] += c.text
        row.relabel(row.label[: len(row.label) - sum(map(len, (h.text for h in head_labs)))] + "".join(texts))
