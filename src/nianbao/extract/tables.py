"""Logical rows + template -> cell values with literal text and provenance.

Rows are matched to template rows by label (an order-preserving alignment that tolerates
group prefixes, clipped labels and typos); values are matched to columns by position where
the source knows positions (grid columns, x coordinates) and by count otherwise. A value
that cannot be placed with confidence is left out rather than shifted onto a neighbour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import median

from nianbao.document import Cell
from nianbao.extract.rows import LRow, centre
from nianbao.schema.template import RowSpec, Template
from nianbao.text import is_subsequence, label_key, parse_number, similarity

MIN_SCORE = 0.62


# A value placed on a cell id: the printed cell and the logical row it was read from. A plain
# tuple: a report places ~200 of them.
Placed = tuple[Cell, LRow]


@dataclass
class TableResult:
    placed: dict[str, Placed] = field(default_factory=dict)
    found: bool = False
    rows_matched: list[str] = field(default_factory=list)
    shape: list[str] = field(default_factory=list)  # deviations from the template, for TABLE-SHAPE
    header_total: bool | None = None
    start: int | None = None  # index of the table's first data row among the logical rows
    # cell id -> factor that turns the printed amount into 万元 (an amount printed in 元)
    scale: dict[str, float] = field(default_factory=dict)


def unit_factor(text: str) -> float | None:
    """The factor from the unit a header or cell prints to 万元 (None when it names none)."""
    t = "".join(text.split())  # a header cell wraps: 本年收费金额（单位：万 / 元）
    if "万元" in t:
        return 1.0
    if "千元" in t:
        return 0.1
    if "亿元" in t:
        return 10000.0
    if "元" in t:
        return 0.0001
    return None


@lru_cache(maxsize=200000)
def row_score(printed_key: str, spec_keys: tuple[str, ...]) -> float:
    """How well a printed row label matches a template row (0..1), preferring exact fits."""
    if not printed_key:
        return 0.0
    best = 0.0
    for k in spec_keys:
        if not k:
            continue
        if k in printed_key:
            s = 0.7 + 0.3 * len(k) / len(printed_key)
        elif len(k) >= 4:
            s = 0.9 * similarity(printed_key, k)
            short = _abbreviation(printed_key, k)
            if short:
                s = max(s, 0.65 + 0.25 * short / len(k))
        else:
            s = 0.0
        best = max(best, s)
    return best


def _abbreviation(printed_key: str, k: str) -> int:
    """How much of a printed label is a shortened printing of label key ``k``: it starts as
    ``k`` does (the list number, or the first word) and keeps only characters of ``k``, in
    order (（二）部分公开 for the full （二）部分公开（区分处理的，…）). Before a numbered
    sub-row's number the group's words may stand (（四）无法提供 1.本机关不掌握); before
    anything else nothing may. 0 when it is none (at least 4 characters)."""
    if len(printed_key) < 4:
        return 0
    if not k[0].isdigit():
        return len(printed_key) if printed_key[0] == k[0] and is_subsequence(printed_key, k) else 0
    at = printed_key.find(k[0])
    while 0 <= at <= len(printed_key) - 4:
        if is_subsequence(printed_key[at:], k):
            return len(printed_key) - at
        at = printed_key.find(k[0], at + 1)
    return 0


@lru_cache(maxsize=100000)
def _score_vector(printed_key: str, spec_keys: tuple[tuple[str, ...], ...]) -> tuple[float, ...]:
    return tuple(row_score(printed_key, k) for k in spec_keys)


def _greedy(score: list[list[float]]) -> list[tuple[int, int, float]] | None:
    """The common case without search: every row's single best template row, strictly in order
    and unambiguous. None when that does not hold (then the full alignment runs)."""
    out = []
    last = -1
    for i, row in enumerate(score):
        best = max(row) if row else 0.0
        if best < MIN_SCORE:
            continue
        j = row.index(best)
        if j <= last or sum(1 for s in row if s >= MIN_SCORE and best - s < 0.15) > 1:
            return None
        out.append((i, j, best))
        last = j
    return out


def align(rows: list[LRow], specs: list[RowSpec]) -> tuple[tuple[int, int, float], ...]:
    """Order-preserving best matching of printed rows to template rows: (row index, spec
    index, score) triples. Reports printed from the same template repeat the same label
    sequence, so the alignment is computed once per sequence."""
    return _align(tuple((r.key, not r.slots) for r in rows), tuple(s.keys for s in specs))


@lru_cache(maxsize=4096)
def _align(rows: tuple[tuple[str, bool], ...], spec_keys: tuple[tuple[str, ...], ...]) -> tuple[tuple[int, int, float], ...]:
    """The alignment of printed (label key, prints no values) rows to template row keys
    (dynamic programming when the greedy fit is not unambiguous)."""
    m, k = len(rows), len(spec_keys)
    score = [list(_score_vector(key, spec_keys)) for key, _ in rows]
    # rows that print values are preferred over bare label lines with the same text
    for i, (_, bare) in enumerate(rows):
        if bare:
            score[i] = [s * 0.8 for s in score[i]]
    fast = _greedy(score)
    if fast is not None:
        return tuple(fast)
    best = [[0.0] * (k + 1) for _ in range(m + 1)]
    move = [[0] * (k + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(k - 1, -1, -1):
            opts = (best[i + 1][j], best[i][j + 1])
            b, mv = (opts[0], 1) if opts[0] >= opts[1] else (opts[1], 2)
            s = score[i][j]
            if s >= MIN_SCORE and s + best[i + 1][j + 1] > b:
                b, mv = s + best[i + 1][j + 1], 3
            best[i][j] = b
            move[i][j] = mv
        # the last column of best stays 0
    out = []
    i = j = 0
    while i < m and j < k:
        mv = move[i][j]
        if mv == 3:
            out.append((i, j, score[i][j]))
            i += 1
            j += 1
        elif mv == 1:
            i += 1
        else:
            j += 1
    return tuple(out)


def _region(rows: list[LRow], start_keys: tuple[str, ...], end_keys: tuple[str, ...], begin: int = 0) -> tuple[int, int]:
    """Indexes [a, b) of the rows from the first row naming a start key to the row naming an end key."""
    a = next((i for i in range(begin, len(rows)) if any(k in rows[i].key for k in start_keys)), None)
    if a is None:
        return -1, -1
    b = next((i for i in range(a, len(rows)) if any(k in rows[i].key for k in end_keys)), len(rows) - 1)
    return a, b + 1


def _anchor_positions(rows: list[LRow], n: int) -> list[float] | None:
    """Column positions from the rows that print exactly n values."""
    full = [r.pos for r in rows if r.pos is not None and len(r.slots) == n]
    full = [p for p in full if p]
    if len(full) < 2:
        return None
    return [median(p[c] for p in full) for c in range(n)]


def _nearest_full(body: list[LRow], i: int, n: int, k: int = 4) -> list[LRow]:
    """The k rows printing all n values closest to row i (page offsets drift in layout text)."""
    full = [(abs(j - i), r) for j, r in enumerate(body) if r.layout == "positioned" and len(r.slots) == n]
    return [r for _, r in sorted(full, key=lambda x: x[0])[:k]]


def _aligned(rows: list[LRow]) -> list[LRow]:
    """The rows themselves when their columns line up (a real layout), else nothing: in text
    whose figures follow their labels after one space, positions say nothing about columns
    and a short row is placed by count instead."""
    if len(rows) < 2:
        return []
    n = len(rows[0].pos or [])
    cols = [[r.pos[c] for r in rows] for c in range(n)]
    centres = [median(c) for c in cols]
    spacing = min((b - a for a, b in zip(centres, centres[1:])), default=1.0) or 1.0
    if any(max(c) - min(c) > spacing * 0.5 for c in cols):
        return []
    return rows


def _printed_columns(
    body: list[LRow], cols: tuple[str, ...], total_col: str | None, header_total: bool | None
) -> tuple[str, ...]:
    """The columns a table of positioned rows prints, left to right: all of them, or the
    applicant columns alone when the header does not name 总计 and no row prints a value
    per column. The rows printing every printed column are then the anchors that place
    a row with blanks by position; counted from the right instead, each of its values
    would land on a neighbour's cell."""
    if total_col is None or header_total is True:
        return cols
    if any(r.layout == "positioned" and len(r.slots) == len(cols) for r in body):
        return cols
    return tuple(c for c in cols if c != total_col)


def _applicants_only(row: LRow, cols: Sequence[str], header_total: bool | None) -> bool:
    """A row one figure short under a header that names no 总计: its figures are the
    applicant columns (seed 001's rows 一 and 二; _place_ragged places them so)."""
    return header_total is False and len(row.slots) == len(cols) - 1


def _place_by_position(row: LRow, anchors: list[float], cols: Sequence[str]) -> dict[str, Cell]:
    out: dict[str, Cell] = {}
    spacing = min((b - a for a, b in zip(anchors, anchors[1:])), default=1.0) or 1.0
    for c, p in zip(row.slots, row.pos or []):
        d = [abs(p - a) for a in anchors]
        j = min(range(len(anchors)), key=d.__getitem__)
        if d[j] <= spacing * 0.6 and cols[j] not in out:
            out[cols[j]] = c
    return out


def _place_ragged(row: LRow, cols: Sequence[str], header_total: bool | None, total_col: str | None) -> dict[str, Cell]:
    """Place a ragged row's slots: full rows in order; short rows by what the header says."""
    n = len(cols)
    slots = row.slots
    nonblank = [c for c in slots if c.text.strip()]
    if len(nonblank) >= n:
        return dict(zip(cols, nonblank[-n:] if len(nonblank) > n else nonblank))
    applicants = [c for c in cols if c != total_col]
    if total_col and header_total is False and len(slots) >= n and not any(c.text.strip() for c in slots[: len(slots) - n + 1]):
        # under a header without 总计, blanks before the last six slots are merged label cells
        return dict(zip(applicants, slots[len(slots) - n + 1 :]))
    if len(slots) >= n:
        # genuine blanks among the values: the slots as printed, left to right
        lead = len(slots) - n
        # leading blanks beyond the count come from merged label cells
        if all(not c.text.strip() for c in slots[:lead]):
            return dict(zip(cols, slots[lead:]))
        return dict(zip(cols, slots[:n]))
    if total_col and header_total is False and len(slots) == n - 1:
        return dict(zip(applicants, slots))
    if total_col and len(slots) < n:
        # short rows keep their right end (the total printed alone, 总计 column last)
        return dict(zip(cols[n - len(slots):], slots))
    return dict(zip(cols, slots))


def _place_tabbed(row: LRow, cols: Sequence[str], printed: Sequence[str], total_col: str | None) -> dict[str, Cell]:
    """A row of tab-separated paragraphs: its figures in order when it prints every column (or
    every printed one), a lone figure as the total; else nothing, as no position tells where
    its blanks are."""
    for columns in (cols, printed):
        if len(row.slots) == len(columns):
            return dict(zip(columns, row.slots))
    if total_col and len(row.slots) == 1:
        return {total_col: row.slots[0]}
    return {}


def _in_line(row: LRow, cmap: dict[int, str]) -> bool:
    """Whether every figure of a grid row stands in a column the header names. Where a
    merged label cell was kept as one cell too few (a table exported with its merges
    collapsed, each row still padded to the width), a row's figures start a column early
    or late: read by their columns, each would land on a neighbour's cell. Such a row is
    placed by its count of figures instead, as in ragged text."""
    return all(p in cmap for c, p in zip(row.slots, row.pos or ()) if c.text.strip())


@lru_cache(maxsize=None)
def _row_cell_ids(table: str, row: str, cols: tuple[str, ...]) -> dict[str, str]:
    """Column id -> cell id for one template row."""
    return {c: f"{table}.{row}.{c}" for c in cols}


class TableReader:
    """Reads the three tables of one edition from a document's logical rows."""

    def __init__(self, template: Template, rows: list[LRow]):
        self.t = template
        self.rows = rows

    # -- Table 3 -------------------------------------------------------------------------
    def table3(self) -> TableResult:
        res = TableResult()
        a, b = _region(self.rows, ("本年新收",), ("结转下年度",))
        if a < 0:
            return res
        res.found = True
        res.start = a
        header = self._header_rows(a)
        htext = "".join(label_key(" ".join(c.text for c in r.cells)) for r in header)
        res.header_total = ("总计" in htext) if header else None
        body = self.rows[a:b]
        spec = self.t.tables["t3"]
        specs = list(spec.rows)
        cols = tuple(spec.columns)
        total_col = next((c for c, v in spec.columns.items() if v.total), None)
        matches = align(body, specs)
        grid_maps = self._grid_column_maps(header, body, cols)
        printed = _printed_columns(body, cols, total_col, res.header_total)
        # without a header to ask, the rows tell whether a total column is printed: in a table
        # without one, a row short of a figure is not missing its total
        total_printed = res.header_total
        if total_printed is None:
            total_printed = any(sum(1 for c in r.slots if c.text.strip()) >= len(cols) for r in body)
        for i, j, _ in matches:
            row = body[i]
            rid = specs[j].id
            res.rows_matched.append(rid)
            placed = None
            if row.layout == "grid" and row.table in grid_maps and _in_line(row, grid_maps[row.table]):
                placed = self._place_grid(row, grid_maps[row.table])
            elif row.layout == "tabbed":
                # paragraphs of tab-separated cells: positions say nothing of columns; a full row
                # places, and a lone figure is the total, as elsewhere
                placed = _place_tabbed(row, cols, printed, total_col)
            elif row.layout == "positioned" and len(row.slots) == len(printed):
                placed = dict(zip(printed, row.slots))
            elif row.layout == "positioned":
                anch = _anchor_positions(_aligned(_nearest_full(body, i, len(printed))), len(printed))
                if anch is not None:
                    placed = _place_by_position(row, anch, printed)
                elif printed != cols or (1 < len(row.slots) < len(printed) and not _applicants_only(row, cols, res.header_total)):
                    # nothing tells where the blanks are (no total printed, or figures short
                    # of a full row: counted from the right, each would land on a neighbour's
                    # cell), so the row places none; a lone figure is the total
                    placed = {}
            if placed is None:
                placed = _place_ragged(row, cols, total_printed, total_col)
            ids = _row_cell_ids("t3", rid, cols)
            for col, cell in placed.items():
                res.placed[ids[col]] = (cell, row)
        if res.header_total is False:
            res.shape.append("header-missing-total")
        return res

    def _header_rows(self, a: int) -> list[LRow]:
        """Table 3's header: up to 6 rows without figures above its first data row ``a``, from
        the same source table; or, when that table starts with its data (the header printed
        as a table of its own), from the table right above it."""
        rows = self.rows
        h0, table = a, rows[a].table
        while h0 > 0 and a - h0 < 6 and not rows[h0 - 1].numbers():
            if rows[h0 - 1].table != table:
                if h0 != a or "positioned" in (rows[h0 - 1].layout, rows[a].layout):
                    break
                table = rows[h0 - 1].table
            h0 -= 1
        return rows[h0:a]

    def _grid_column_maps(self, header: list[LRow], body: list[LRow], cols: Sequence[str]) -> dict[int, dict[int, str]]:
        """For grid tables: source column index -> column id, read from the header cells."""
        maps: dict[int, dict[int, str]] = {}
        if not header or header[0].layout != "grid":
            return maps
        spec = self.t.tables["t3"].columns
        width = max(len(r.cells) for r in header)
        m: dict[int, str] = {}
        for ci in range(width):
            text = ""
            for r in reversed(header):
                if ci < len(r.cells) and r.cells[ci].text.strip() and not r.cells[ci].merged:
                    text = label_key(r.cells[ci].text)
                    break
            if not text:
                continue
            for cid, col in spec.items():
                if cid in m.values():
                    continue
                if any(k == text or (len(k) >= 3 and k in text and len(text) <= len(k) + 2) for k in col.keys):
                    m[ci] = cid
                    break
        if len(m) < 5:
            return maps
        orgs = [k for k, v in m.items() if v == "commercial"]
        if "natural_person" not in m.values() and orgs and orgs[0] - 1 not in m:
            # 自然人 spans two header rows and was left on the previous page: the column before 商业企业
            m[orgs[0] - 1] = "natural_person"
        if "total" not in m.values():
            # the header lacks 总计 but a column right of the last applicant column prints numbers
            last = max(m)
            if any(len(r.cells) > last + 1 for r in body):
                m[last + 1] = "total"
        tables = {r.table for r in body if r.layout == "grid"}
        head_table = header[0].table
        for tno in tables:
            w = max(len(r.cells) for r in body if r.table == tno)
            if tno == head_table or w == width:
                maps[tno] = m
        return maps

    @staticmethod
    def _place_grid(row: LRow, cmap: dict[int, str]) -> dict[str, Cell]:
        out = {}
        for ci, cid in cmap.items():
            if ci < len(row.cells):
                c = row.cells[ci]
                if c.merged:
                    continue
                out[cid] = c
        return out

    # -- Table 2 -------------------------------------------------------------------------
    def table2(self, before: int | None = None) -> TableResult:
        res = TableResult()
        spec = self.t.tables["t2"]
        end = before if before is not None else len(self.rows)
        cand = [r for r in self.rows[:end] if r.slots or r.numbers()]
        matches = align(cand, list(spec.rows))
        # Table 2 labels are short; require a good containment match
        for i, j, s in matches:
            if s < 0.75:
                continue
            row = cand[i]
            rs = spec.rows[j]
            cols = list(rs.columns)
            nonblank = [c for c in row.slots if c.text.strip()]
            if len(nonblank) == len(cols):
                placed = dict(zip(cols, nonblank))
            elif row.layout == "positioned":
                # blanks printed nothing: the figures' columns are where they stand, if the
                # rows around tell; counted from the left, 规章 · 1 · 5 would read 1 as issued
                anchors = self._t2_columns(row, len(cols), cand)
                placed = _place_by_position(row, anchors, cols) if anchors else {}
            elif row.layout == "tabbed":  # tab paragraphs keep no position of a blank
                placed = {}
            else:
                placed = dict(zip(cols, row.slots))
            res.found = True
            res.rows_matched.append(rs.id)
            ids = _row_cell_ids("t2", rs.id, tuple(cols))
            for col, cell in placed.items():
                res.placed[ids[col]] = (cell, row)
                if spec.columns[col].unit == "万元":
                    factor = self._amount_unit(row, cell)
                    if factor not in (None, 1.0):
                        res.scale[ids[col]] = factor
        return res

    def _t2_columns(self, row: LRow, n: int, cand: list[LRow]) -> list[float] | None:
        """Where the n columns of a Table 2 row of positioned text stand: the figures of the
        rows of its table that print all n (lined up), else the last n words of the header
        line right above (本年制发件数 本年废止件数 现行有效件数)."""
        full = [r for r in cand if r.table == row.table and r.layout == "positioned" and r.pos and len(r.slots) == n]
        anchors = _anchor_positions(_aligned(full), n)
        if anchors:
            return anchors
        i = self._index(row) or 0
        for r in reversed(self.rows[max(0, i - 3) : i]):
            if not r.slots and len(r.cells) > n:
                return [centre(c) for c in r.cells[-n:]]
            if r.slots:
                break
        return None

    def _index(self, row: LRow) -> int | None:
        """Where ``row`` stands among the document's rows."""
        return next((k for k, r in enumerate(self.rows) if r is row), None)

    def _amount_unit(self, row: LRow, cell: Cell) -> float | None:
        """The unit of an amount: printed in the cell itself, else in the header above its row."""
        own = unit_factor(cell.text) if not cell.text.strip().replace(".", "").isdigit() else None
        if own is not None:
            return own
        i = self._index(row)
        if i is None:
            return None
        for r in reversed(self.rows[max(0, i - 4) : i]):
            text = r.label + "".join(c.text for c in r.cells)
            if "金额" in text:
                return unit_factor(text)
        return None

    # -- Table 4 -------------------------------------------------------------------------
    def table4(self, after: int = 0) -> TableResult:
        res = TableResult()
        a = -1
        for i in range(after, len(self.rows)):
            k = self.rows[i].key
            if "行政复议" in k or "结果维持" in k:
                a = i
                break
        if a < 0:
            return res
        cols = list(self.t.tables["t4"].columns)
        ids = [f"t4.{g}.{c}" for g, _, _ in self.t.t4_groups for c in cols]
        values: list[tuple[Cell, LRow]] = []
        for r in _t4_window(self.rows, a):
            if r.numbers() == 0:
                if values:
                    break
                continue
            if not values and r.numbers() < 5 and len(r.key) > 12:
                continue
            slots = r.slots
            nonblank = [c for c in slots if c.text.strip()]
            # a row with exactly one slot per cell keeps its blanks where they were printed
            full = len(slots) == len(ids)
            use = nonblank if not full and (len(nonblank) in (5, 10, 15) or len(slots) > 15) else slots
            if len(use) < 5 and len(values) + len(use) != len(ids):
                # fewer figures than a group's five, not completing the table: pieces of
                # figures wrapped a digit a line (18 / 6), which cannot be told apart
                res.found = True
                res.shape.append("t4-pieces")
                return res
            values += [(c, r) for c in use]
            if len(values) >= len(ids):
                break
        if not values:
            res.found = True
            res.shape.append("t4-no-values")
            return res
        res.found = True
        if len(values) != len(ids):
            res.shape.append(f"t4-{len(values)}-values")
        if len(values) > len(ids):
            # more figures than the table has cells: pieces of wrapped figures or another
            # table's, and which are its own cannot be told
            return res
        for cid, (cell, row) in zip(ids, values):
            res.placed[cid] = (cell, row)
        return res

# Table 4's values follow its header within so many rows; header cells printed a line each
# (text of one cell a line, nothing marking rows) are ragged rows of one cell and do not count
_T4_ROWS = 12


def _t4_window(rows: list[LRow], start: int) -> list[LRow]:
    """The rows from ``start`` where Table 4's values may be: _T4_ROWS of them, not counting
    rows of a single header cell."""
    out: list[LRow] = []
    counted = 0
    for r in rows[start:]:
        if counted == _T4_ROWS:
            break
        out.append(r)
        counted += r.layout != "ragged" or len(r.cells) != 1 or bool(r.slots)
    return out


def value_of(text: str, decimal: bool) -> int | float | None:
    """The value a printed cell holds (None for blanks, markers and text); whole amounts in a
    decimal column stay floats, whole counts are ints."""
    return _decimal_value(text) if decimal else _count_value(text)


@lru_cache(maxsize=65536)
def _decimal_value(text: str) -> int | float | None:
    v, kind = parse_number(text)
    return v if kind == "number" else None


@lru_cache(maxsize=65536)
def _count_value(text: str) -> int | float | None:
    v, kind = parse_number(text)
    if kind != "number":
        return None
    return int(v) if isinstance(v, float) and v.is_integer() else v


__all__ = ["TableReader", "TableResult", "Placed", "align", "value_of"]
