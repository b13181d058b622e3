"""Text-PDF reader: page text and ruled tables, each piece with its page and box.

pypdfium2 supplies the characters (with their boxes) and the vector paths; ruled tables are
found with pdfplumber's table algorithm (edges -> intersections -> cells -> tables) run on
the visible ruling edges taken from those paths. Parsing pages with pdfminer (what
``pdfplumber.Page`` does) is several times slower and is never needed.

- A ruled table becomes a ``grid`` Table; positions covered by a merged cell are
  ``Cell(text="", merged=True)``. A "table" of one column (a page frame or text-line
  background boxes around body text) is not a table: its text stays paragraphs.
- Every other text line becomes a Paragraph with positioned tokens (split on wide gaps), so
  that an unruled table can still be read by position.
- Pages without a text layer go to ``nianbao.readers.ocr.ocr_pdf_pages`` when it exists.
"""

from __future__ import annotations

import ctypes
import re
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from operator import itemgetter
from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import Table as _PlumberTable
from pdfplumber.table import merge_edges

from nianbao.document import Block, Cell, Document, Loc, Paragraph, Row, Table
from nianbao.errors import InputError
from nianbao.text import LABEL_START, label_before_figures

__all__ = ["read_pdf"]

# pdfplumber's defaults for the "lines" strategy, in points.
_SNAP = _JOIN = _INTERSECT = 3.0
_EDGE_MIN = 3.0
_OPEN_ROW = 8.0  # rules overshooting the outermost crossing rule this far mark an open row
_THIN = 2.0  # a filled rectangle thinner than this is drawn as a rule
_AXIS_TOL = 1.0  # a segment this close to horizontal/vertical counts as a rule
_SPACE_GAP = 0.2  # gap (in em) above which two characters are separated by a space
_TOKEN_GAP = 1.2  # gap (in em) above which a line is split into positioned tokens
_FURNITURE = re.compile(r"^[-—–－\s]*\d{1,4}[-—–－\s]*$|^第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?$")

_MARGIN = 0.1  # page numbers are printed within this share of the page height from the edge

_NO_TEXT_LAYER = "PDF 没有文本层，需要 OCR 识别 (no text layer; scanned PDF)"
_PDFIUM = threading.Lock()


@dataclass(slots=True)
class Char:
    """One printed character, in top-down page coordinates (points)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    space: bool = False  # the content stream put a space before it

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class PageContent:
    """What one page printed: characters, ruling edges, and whether anything else is drawn."""

    number: int
    height: float
    chars: list[Char]
    edges: list[dict]
    has_ink: bool  # images or visible paths: a page without characters but with ink needs OCR
    damaged: bool = False  # pdfium could not load the page


def read_pdf(data: bytes, source: str = "<bytes>") -> Document:
    """Read a text PDF into a Document (paragraph lines and ruled-table grids).

    Raises :class:`InputError` for a corrupt, truncated, password-protected or image-only PDF.
    """
    with _PDFIUM:  # pdfium is not thread-safe
        pdf = _open(data, source)
        try:
            pages = [_page_content(pdf, i) for i in range(len(pdf))]
        finally:
            pdf.close()
    damaged = [p.number for p in pages if p.damaged]
    if len(damaged) == len(pages):
        raise InputError(source, "PDF 文件已损坏，页面无法读取 (corrupt PDF)")
    if not any(p.chars for p in pages) and not any(p.has_ink for p in pages):
        raise InputError(source, "PDF 中没有任何文字或图像 (blank PDF)")
    builder = _Builder()
    scanned = [p.number for p in pages if not p.chars and p.has_ink]
    ocr_blocks = _ocr(data, scanned, source, len(pages)) if scanned else {}
    notes = [f"第{'、'.join(map(str, damaged))}页已损坏，无法读取 (damaged pages skipped)"] if damaged else []
    if scanned and not ocr_blocks:
        notes.append(f"第{'、'.join(map(str, scanned))}页没有文本层，未做 OCR 识别 (pages without a text layer were skipped)")
    for p in pages:
        if p.number in ocr_blocks:
            builder.add_blocks(ocr_blocks[p.number])
        else:
            builder.add_page(p)
    return Document(blocks=builder.blocks, source=source, format="pdf", pages=len(pages), notes=notes)


# -- opening and bad input --------------------------------------------------------------------


def _open(data: bytes, source: str) -> pdfium.PdfDocument:
    if b"%%EOF" not in data.rstrip(b"\x00 \t\r\n")[-1024:]:
        raise InputError(source, "PDF 文件不完整（可能被截断） (truncated PDF)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise InputError(source, "PDF 已加密，无法读取 (password-protected)") from None
        if getattr(e, "err_code", None) == pdfium_c.FPDF_ERR_SECURITY:
            raise InputError(source, "PDF 使用了不支持的加密方式 (unsupported security handler)") from None
        raise InputError(source, "PDF 文件已损坏，无法打开 (corrupt PDF)") from None
    if len(pdf) == 0:
        pdf.close()
        raise InputError(source, "PDF 没有页面 (no pages)")
    return pdf


def _ocr(data: bytes, pages: list[int], source: str, total: int) -> dict[int, list[Block]]:
    """Blocks for the scanned pages, by page, from the OCR reader when it is installed."""
    try:
        from nianbao.readers.ocr import ocr_pdf_pages
    except (ImportError, AttributeError):
        if len(pages) == total:
            raise InputError(source, _NO_TEXT_LAYER) from None
        return {}
    by_page: dict[int, list[Block]] = {p: [] for p in pages}
    for b in ocr_pdf_pages(data, pages, source):
        by_page.setdefault(b.loc.page or pages[0], []).append(b)
    return by_page


# -- characters and rules from pdfium ---------------------------------------------------------


def _page_content(pdf: pdfium.PdfDocument, index: int) -> PageContent:
    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        return PageContent(number=index + 1, height=0.0, chars=[], edges=[], has_ink=False, damaged=True)
    try:
        height = page.get_height()
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage, height)
        finally:
            textpage.close()
        edges: list[dict] = []
        ink = _walk_objects(page.raw, height, edges)
        return PageContent(number=index + 1, height=height, chars=chars, edges=edges, has_ink=ink)
    finally:
        page.close()


def _chars(textpage: pdfium.PdfTextPage, height: float) -> list[Char]:
    raw = textpage.raw
    box = pdfium_c.FS_RECTF()
    tight = [ctypes.c_double() for _ in range(4)]
    out: list[Char] = []
    centres: list[tuple[float, float, float]] = []  # per char: tight-box centre and size
    space = False
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        if pdfium_c.FPDFText_IsGenerated(raw, i):
            continue
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code <= 32 or code in (0xA0, 0x3000, 0xFEFF, 0xFFFE):
            space = True
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, i, box):
            continue
        pdfium_c.FPDFText_GetCharBox(raw, i, *tight)
        left, right, low, high = (v.value for v in tight)
        centres.append(((left + right) / 2, height - (low + high) / 2, max(right - left, high - low, 2.5)))
        out.append(Char(chr(code), box.left, height - box.top, box.right, height - box.bottom, space))
        space = False
    if out:
        _fix_misplaced(out, centres)
    return out


def _fix_misplaced(chars: list[Char], centres: list[tuple[float, float, float]]) -> None:
    """pdfium misplaces and mis-scales the loose box of vertical-writing glyphs (it ignores
    the text matrix): where the loose box misses the glyph or is far taller than the page's
    usual line, the glyph's tight box stands in."""
    usual = median(c.bottom - c.top for c in chars)
    for ch, (cx, cy, size) in zip(chars, centres):
        if not (ch.x0 <= cx <= ch.x1 and ch.top <= cy <= ch.bottom) or ch.bottom - ch.top > 3 * usual:
            half = size / 2
            ch.x0, ch.top, ch.x1, ch.bottom = cx - half, cy - half, cx + half, cy + half


def _walk_objects(container, height: float, edges: list[dict], matrix=None, form: bool = False) -> bool:
    """Collect ruling edges from the path objects (into ``edges``); True if an image or a
    visible path was seen."""
    count = pdfium_c.FPDFFormObj_CountObjects(container) if form else pdfium_c.FPDFPage_CountObjects(container)
    get = pdfium_c.FPDFFormObj_GetObject if form else pdfium_c.FPDFPage_GetObject
    ink = False
    for k in range(count):
        obj = get(container, k)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            ink = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            ink |= _path_edges(obj, _compose(_matrix(obj), matrix), height, edges)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            ink |= _walk_objects(obj, height, edges, _compose(_matrix(obj), matrix), form=True)
    return ink


def _matrix(obj) -> tuple[float, ...]:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...] | None) -> tuple[float, ...]:
    """The matrix applying ``inner`` first, then ``outer``."""
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _visible(obj, getter) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return True
    # white or transparent paint draws nothing a reader sees (some editors box every text line in white)
    return a.value > 0 and min(r.value, g.value, b.value) < 250


def _path_edges(obj, m: tuple[float, ...], height: float, edges: list[dict]) -> bool:
    """Add the ruling edges a path draws; False if the path draws nothing visible."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
        return False
    stroked = bool(stroke.value) and _visible(obj, pdfium_c.FPDFPageObj_GetStrokeColor)
    filled = bool(fill.value) and _visible(obj, pdfium_c.FPDFPageObj_GetFillColor)
    if not (stroked or filled):
        return False
    for points, straight in _subpaths(obj, m, height):
        if stroked:
            for (xa, ya), (xb, yb) in zip(points, points[1:]):
                _add_segment(xa, ya, xb, yb, edges)
        elif straight and len(points) >= 4:
            _add_filled_box(points, edges)
    return True


def _subpaths(obj, m: tuple[float, ...], height: float) -> list[tuple[list[tuple[float, float]], bool]]:
    """The path's subpaths as page points (top-down y); each flagged straight if it has no curve."""
    a, b, c, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[tuple[list[tuple[float, float]], bool]] = []
    points: list[tuple[float, float]] = []
    straight = True
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        pt = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if len(points) > 1:
                out.append((points, straight))
            points, straight = [pt], True
        else:
            if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
                straight = False
            points.append(pt)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and points:
            points.append(points[0])
    if len(points) > 1:
        out.append((points, straight))
    return out


def _add_segment(xa: float, ya: float, xb: float, yb: float, edges: list[dict]) -> None:
    if abs(ya - yb) <= _AXIS_TOL and abs(xa - xb) > 0:
        y = (ya + yb) / 2
        edges.append(_edge("h", min(xa, xb), y, max(xa, xb), y))
    elif abs(xa - xb) <= _AXIS_TOL and abs(ya - yb) > 0:
        x = (xa + xb) / 2
        edges.append(_edge("v", x, min(ya, yb), x, max(ya, yb)))


def _add_filled_box(points: list[tuple[float, float]], edges: list[dict]) -> None:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    if any(min(abs(px - x0), abs(px - x1)) > _AXIS_TOL or min(abs(py - top), abs(py - bottom)) > _AXIS_TOL for px, py in points):
        return  # not an axis-aligned rectangle
    if bottom - top <= _THIN and x1 - x0 > _THIN:
        y = (top + bottom) / 2
        edges.append(_edge("h", x0, y, x1, y))
    elif x1 - x0 <= _THIN and bottom - top > _THIN:
        x = (x0 + x1) / 2
        edges.append(_edge("v", x, top, x, bottom))
    elif x1 - x0 > _THIN:
        edges += [
            _edge("h", x0, top, x1, top),
            _edge("h", x0, bottom, x1, bottom),
            _edge("v", x0, top, x0, bottom),
            _edge("v", x1, top, x1, bottom),
        ]


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }


# -- tables: pdfplumber's algorithm on the edges ----------------------------------------------


def find_grids(edges: list[dict]) -> list[list[list[tuple[float, float, float, float] | None]]]:
    """Ruled tables as grids of cell boxes (None where a merged cell covers the position)."""
    if len(edges) < 4:
        return []
    merged = _merge(edges)
    frame = _frame_edges(merged)
    if frame:
        merged = _merge(merged + frame)
    grids = []
    for group in _tables(_cells(_intersections(merged))):
        rows = [r.cells for r in _PlumberTable(None, group).rows]
        if rows and len(rows[0]) > 1:  # one column: a frame around body text, not a table
            grids.append(rows)
    return grids


def _merge(edges: list[dict]) -> list[dict]:
    merged = merge_edges(edges, _SNAP, _SNAP, _JOIN, _JOIN)
    return [e for e in merged if (e["width"] if e["orientation"] == "h" else e["height"]) >= _EDGE_MIN]


def _intersections(edges: list[dict]) -> dict:
    """pdfplumber's ``edges_to_intersections``, finding the crossing rules by bisection."""
    hs = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    tops = [h["top"] for h in hs]
    out: dict = {}
    for v in sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top")):
        for h in hs[bisect_left(tops, v["top"] - _INTERSECT) : bisect_right(tops, v["bottom"] + _INTERSECT)]:
            if h["x0"] - _INTERSECT <= v["x0"] <= h["x1"] + _INTERSECT:
                d = out.setdefault((v["x0"], h["top"]), {"v": [], "h": []})
                d["v"].append(v)
                d["h"].append(h)
    return out


def _tables(cells: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float, float, float]]]:
    """pdfplumber's ``cells_to_tables``: cells sharing a corner form one table (top to
    bottom, left to right; single cells dropped), by union-find instead of repeated scans."""
    parent = list(range(len(cells)))
    corner_owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = corner_owner.setdefault(corner, i)
            if j != i:
                parent[_root(parent, i)] = _root(parent, j)
    groups: dict[int, list] = {}
    for i, c in enumerate(cells):
        groups.setdefault(_root(parent, i), []).append(c)
    tables = sorted(groups.values(), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _cells(intersections: dict) -> list[tuple[float, float, float, float]]:
    """pdfplumber's ``intersections_to_cells`` (the smallest cell right and below each
    crossing whose four sides are ruled), with the edge lookups precomputed."""
    v = {p: {id(e) for e in d["v"]} for p, d in intersections.items()}
    h = {p: {id(e) for e in d["h"]} for p, d in intersections.items()}
    below: dict[float, list] = {}
    right: dict[float, list] = {}
    for p in sorted(intersections):
        below.setdefault(p[0], []).append(p)
        right.setdefault(p[1], []).append(p)
    cells = []
    for pt in sorted(intersections):
        for b in below[pt[0]]:
            if b[1] <= pt[1] or not v[pt] & v[b]:
                continue
            found = next(
                (
                    (pt[0], pt[1], r[0], b[1])
                    for r in right[pt[1]]
                    if r[0] > pt[0] and h[pt] & h[r] and (r[0], b[1]) in v and v[(r[0], b[1])] & v[r] and h[(r[0], b[1])] & h[b]
                ),
                None,
            )
            if found:
                cells.append(found)
                break
    return cells


def _frame_edges(edges: list[dict]) -> list[dict]:
    """Missing outer borders of each cluster of touching edges.

    A table cut by a page break often has no bottom (or top) rule on that page; its column
    rules run on to the page edge. Closing the cluster's bounding box where the rules
    overshoot the last crossing rule by a text row's height restores the open row.
    """
    out = []
    for group in _clusters(edges):
        hs = [e for e in group if e["orientation"] == "h"]
        vs = [e for e in group if e["orientation"] == "v"]
        if len(hs) < 2 or len(vs) < 2:
            continue
        x0, x1 = min(e["x0"] for e in group), max(e["x1"] for e in group)
        top, bottom = min(e["top"] for e in group), max(e["bottom"] for e in group)
        if bottom - max(e["top"] for e in hs) >= _OPEN_ROW:
            out.append(_edge("h", x0, bottom, x1, bottom))
        if min(e["top"] for e in hs) - top >= _OPEN_ROW:
            out.append(_edge("h", x0, top, x1, top))
        if min(e["x0"] for e in vs) - x0 >= _OPEN_ROW:
            out.append(_edge("v", x0, top, x0, bottom))
        if x1 - max(e["x0"] for e in vs) >= _OPEN_ROW:
            out.append(_edge("v", x1, top, x1, bottom))
    return out


def _clusters(edges: list[dict]) -> list[list[dict]]:
    """Edges grouped by touching (within the snap tolerance), sweeping left to right."""
    order = sorted(range(len(edges)), key=lambda i: edges[i]["x0"])
    parent = list(range(len(edges)))
    active: list[int] = []
    for i in order:
        a = edges[i]
        active = [j for j in active if edges[j]["x1"] + _SNAP >= a["x0"]]
        for j in active:
            b = edges[j]
            if a["top"] - _SNAP <= b["bottom"] and b["top"] - _SNAP <= a["bottom"]:
                parent[_root(parent, i)] = _root(parent, j)
        active.append(i)
    groups: dict[int, list[dict]] = {}
    for i, e in enumerate(edges):
        groups.setdefault(_root(parent, i), []).append(e)
    return list(groups.values())


# -- blocks -----------------------------------------------------------------------------------


_DIGITS = re.compile(r"\d+")


def _is_figure(text: str) -> bool:
    """Digits only, also when wrapped over lines inside the cell."""
    return _DIGITS.fullmatch("".join(text.split())) is not None


def _join_split_row(above: Table | None, below: Table) -> bool:
    """Join the first row of ``below`` (a table at the top of a page) to the last row of
    ``above`` (the table ending the page before) when the page break split one row: the tables
    share their column rules, no cell of the lower half starts a new numbered row, and either
    some column prints figures in both halves (a figure broken between the pages: 18 / 4) or
    a numbered row label runs on over the break (3.要 / 求提供公开出版物) with the row's
    figures all in one half or none. Figures are joined as one figure, other text as a new
    line of the cell. True when the row was joined (and removed from ``below``)."""
    if above is None or not above.rows or not below.rows:
        return False
    upper, lower = above.rows[-1].cells, below.rows[0].cells
    if len(upper) != len(lower) or any(not _same_column(a, b) for a, b in zip(upper, lower)):
        return False
    pairs = [(a, b, _is_figure(a.text), _is_figure(b.text)) for a, b in zip(upper, lower) if b.text.strip()]
    if not pairs or any(_numbered(b.text) for _, b, _, _ in pairs):
        return False
    if _figure_broken(upper, pairs):
        evidence = _label_continues(pairs, (above, below))
    else:
        evidence = _label_runs_on(upper, pairs) and _label_continues(pairs)
    if not evidence:
        return False
    for a, b, fa, fb in pairs:
        if fb and not a.text.strip():
            # a figure printed whole below the break keeps the page and box it was printed at
            a.text, a.loc = b.text, Loc(page=b.loc.page, bbox=b.loc.bbox, table=a.loc.table, row=a.loc.row, col=a.loc.col)
        else:
            a.text = "".join((a.text + b.text).split()) if fa else "\n".join(x for x in (a.text, b.text) if x)
    del below.rows[0]
    return True


def _same_column(a: Cell, b: Cell) -> bool:
    return abs((a.x0 or 0) - (b.x0 or 0)) <= 2 and abs((a.x1 or 0) - (b.x1 or 0)) <= 2


def _figure_broken(upper: list[Cell], pairs: list[tuple[Cell, Cell, bool, bool]]) -> bool:
    """Some column prints figures in both halves, every figure half is under a figure half,
    words continue words or a cell a span left empty above, and each figure half above reaches
    the last line of the upper half, as a figure running on over the break does (a figure on
    the first line of a taller row ended there: 201 beside a label of 16 lines)."""
    if not any(fa and fb for _, _, fa, fb in pairs) or any(fb != fa for a, _, fa, fb in pairs if fb or a.text.strip()):
        return False
    lines = max(c.text.count("\n") for c in upper)
    return all(a.text.count("\n") == lines for a, _, fa, fb in pairs if fa and fb)


def _label_runs_on(upper: list[Cell], pairs: list[tuple[Cell, Cell, bool, bool]]) -> bool:
    """The words of the lower half continue words of the upper half (a label running on; that
    one of them is a numbered row label is checked by ``_label_continues``), and the row's
    figures are all in one half: in the upper, in the lower under cells the upper left empty,
    or in neither (a row left blank)."""
    if all(fb for _, _, _, fb in pairs) or any(_is_figure(a.text) for a in upper) and any(fb for _, _, _, fb in pairs):
        return False
    return all(not a.text.strip() if fb else a.text.strip() and not fa for a, _, fa, fb in pairs)


def _label_continues(pairs: list[tuple[Cell, Cell, bool, bool]], tables: tuple[Table, ...] = ()) -> bool:
    """Words below continuing words above are a broken label when one of those cells, joined,
    is a numbered row label (its number may be broken too: （二 / ）部分公开) or, with the
    ``tables`` to measure its column in, its last line above is full (wrapped: 属于国家秘 /
    密). Unnumbered rows of short labels (行政处罚 8 / 行政强制 9) look the same as one row
    broken in two. True when no words continue words."""
    continued = [(a, b) for a, b, _, fb in pairs if not fb and a.text.strip()]
    return not continued or any(_numbered(a.text + b.text) or (tables and _wrapped(a, tables)) for a, b in continued)


def _numbered(text: str) -> bool:
    """The cell starts a numbered row label, also when its number wraps over lines (（二 / ）部分公开)."""
    return LABEL_START.match("".join(text.split())) is not None


def _wrapped(cell: Cell, tables: tuple[Table, ...]) -> bool:
    """The cell's last line is within a character as wide as the widest line of its column."""
    widest = max(_line_width(line) for t in tables for r in t.rows for c in r.cells if _same_column(c, cell) for line in c.text.split("\n"))
    return _line_width(cell.text.rsplit("\n", 1)[-1]) >= widest - 1


def _line_width(line: str) -> float:
    """Width in CJK characters (narrow characters count half)."""
    return sum(1.0 if _wide(ch) else 0.5 for ch in line)


class _Builder:
    """Turns pages into blocks, numbering tables and paragraph lines across the document."""

    def __init__(self):
        self.blocks: list[Block] = []
        self.tables = 0
        self.lines = 0

    def add_page(self, page: PageContent) -> None:
        chars = sorted(page.chars, key=lambda ch: ch.cy)
        centres = [ch.cy for ch in chars]
        used: set[int] = set()
        items: list[tuple[float, int, Block | list[Char]]] = []
        for grid in find_grids(page.edges):
            self.tables += 1
            table = self._table(grid, chars, centres, used, page.number)
            items.append((table.loc.bbox[1], 0, table))
        rest = [ch for i, ch in enumerate(chars) if i not in used]
        for line in group_lines(rest):
            items.append((min(ch.top for ch in line), 1, line))
        items.sort(key=lambda it: (it[0], it[1]))
        first_table = next((item for _, kind, item in items if kind == 0), None)
        if first_table is not None and _join_split_row(self._last_table(page.number - 1), first_table) and not first_table.rows:
            items = [it for it in items if it[2] is not first_table]
        for _, kind, item in items:
            self.blocks.append(item if kind == 0 else self._paragraph(item, page))

    def _last_table(self, page: int) -> Table | None:
        """The last table of the document so far, when it is on ``page``."""
        for b in reversed(self.blocks):
            if isinstance(b, Table):
                return b if b.loc.page == page else None
        return None

    def add_blocks(self, blocks: list[Block]) -> None:
        """Blocks read elsewhere (OCR), renumbered into this document's tables and lines."""
        for b in blocks:
            if isinstance(b, Table):
                self.tables += 1
                b.loc.table = self.tables
                for row in b.rows:
                    row.loc.table = self.tables
                    for c in row.cells:
                        c.loc.table = self.tables
            else:
                self.lines += 1
                b.loc.line = self.lines
                for c in b.tokens or []:
                    c.loc.line = self.lines
            self.blocks.append(b)

    def _table(self, grid, chars: list[Char], centres: list[float], used: set[int], page: int) -> Table:
        tno = self.tables
        xs = sorted({c[0] for row in grid for c in row if c} | {c[2] for row in grid for c in row if c})
        spans = [(min(b[1] for b in boxes if b), max(b[3] for b in boxes if b)) for boxes in grid]
        texts = [[self._take(box, chars, centres, used) if box else None for box in boxes] for boxes in grid]
        rows = []
        for r, boxes in enumerate(grid):
            top, bottom = spans[r]
            cells = []
            for col, box in enumerate(boxes):
                text, merged = texts[r][col], False
                if box is None:
                    # a position no found cell starts at: covered by a span, or a cell whose rule is missing
                    box = (xs[col], top, xs[col + 1] if col + 1 < len(xs) else xs[-1], bottom)
                    text = self._take(box, chars, centres, used)
                    merged = not text
                loc = Loc(page=page, bbox=_round(box), table=tno, row=r, col=col)
                cells.append(Cell(text=text, loc=loc, x0=round(box[0], 2), x1=round(box[2], 2), merged=merged))
            rows.append(Row(cells=cells, loc=Loc(page=page, bbox=_round((xs[0], top, xs[-1], bottom)), table=tno, row=r)))
        bbox = (xs[0], spans[0][0], xs[-1], max(s[1] for s in spans))
        return Table(rows=rows, layout="grid", loc=Loc(page=page, bbox=_round(bbox), table=tno))

    @staticmethod
    def _take(box, chars: list[Char], centres: list[float], used: set[int]) -> str:
        """The text of the unused characters centred in ``box`` (marking them used)."""
        lo, hi = bisect_left(centres, box[1]), bisect_left(centres, box[3])
        inside = [i for i in range(lo, hi) if i not in used and box[0] <= chars[i].cx < box[2]]
        used.update(inside)
        return "\n".join(line_text(ln) for ln in group_lines([chars[i] for i in inside]))

    def _paragraph(self, line: list[Char], page: PageContent) -> Paragraph:
        self.lines += 1
        box = _bbox(line)
        loc = Loc(line=self.lines, page=page.number, bbox=_round(box))
        text = line_text(line)
        margin = _MARGIN * page.height
        if _FURNITURE.match(text) and (box[1] < margin or box[3] > page.height - margin):
            # a page number: no tokens, so that it never splits a positioned table
            return Paragraph(text=text, loc=loc)
        pieces = split_tokens(line)
        in_row = len(pieces) > 1 and any(all(ch.text in _FIGURE_CHARS for ch in tok) for tok in pieces)
        tokens = [
            Cell(text=line_text(tok), loc=Loc(line=self.lines, page=page.number, bbox=_round(_bbox(tok))), x0=round(tok[0].x0, 2), x1=round(tok[-1].x1, 2))
            for piece in pieces
            for tok in _figure_apart(piece, in_row)
        ]
        return Paragraph(text=text, loc=loc, tokens=tokens)


def _bbox(chars: list[Char]) -> tuple[float, float, float, float]:
    return min(c.x0 for c in chars), min(c.top for c in chars), max(c.x1 for c in chars), max(c.bottom for c in chars)


def _round(b) -> tuple[float, float, float, float]:
    return tuple(round(v, 2) for v in b)


# -- lines, words and spaces ------------------------------------------------------------------


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters -> text lines (top to bottom), each sorted left to right."""
    lines: list[list[Char]] = []
    bounds: list[tuple[float, float]] = []
    for ch in sorted(chars, key=lambda c: (c.cy, c.x0)):
        if lines:
            top, bottom = bounds[-1]
            if top <= ch.cy <= bottom:
                lines[-1].append(ch)
                continue
        lines.append([ch])
        bounds.append((ch.top, ch.bottom))
    return [sorted(ln, key=lambda c: c.x0) for ln in lines]


def _em(line: list[Char]) -> float:
    return median(c.bottom - c.top for c in line) or 1.0


def split_tokens(line: list[Char]) -> list[list[Char]]:
    """A line cut where the gap between characters exceeds _TOKEN_GAP em (table columns)."""
    limit = _TOKEN_GAP * _em(line)
    out = [[line[0]]]
    for prev, ch in zip(line, line[1:]):
        if ch.x0 - prev.x1 > limit:
            out.append([ch])
        else:
            out[-1].append(ch)
    return out


_FIGURE_CHARS = frozenset("0123456789０１２３４５６７８９.")


def _figure_apart(tok: list[Char], in_row: bool) -> list[list[Char]]:
    """A token ending in a figure set off by a space after a row label (…予以公开 25, where a
    tab stop left less than a column's gap), or right after it on a line of figures (a label
    reaching a tab stop: …相关政府信息83): the label and the figure, two tokens. A figure after
    a sentence or a date stays in its token."""
    j = len(tok)
    while j > 0 and tok[j - 1].text in _FIGURE_CHARS:
        j -= 1
    if j in (0, len(tok)) or not tok[j].text.isdecimal():
        return [tok]
    if not (in_row or tok[j].space or tok[j].x0 - tok[j - 1].x1 > _SPACE_GAP * _em(tok)):
        return [tok]
    return [tok[:j], tok[j:]] if label_before_figures(line_text(tok[:j])) else [tok]


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def line_text(line: list[Char]) -> str:
    """The line's text; a space stands for a visible gap, never between two CJK characters."""
    if not line:
        return ""
    limit = _SPACE_GAP * _em(line)
    parts = [line[0].text]
    for prev, ch in zip(line, line[1:]):
        if (ch.space or ch.x0 - prev.x1 > limit) and not (_wide(prev.text) and _wide(ch.text)):
            parts.append(" ")
        parts.append(ch.text)
    return "".join(parts)
