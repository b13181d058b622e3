"""Scanned pages and image files -> document blocks, by optical character recognition.

A page is straightened (:mod:`nianbao.readers.straighten`), its ruled tables are found
(:mod:`nianbao.readers.ruled`), and its text is detected and recognised with RapidOCR on
onnxruntime (the models ship inside the ``rapidocr_onnxruntime`` wheel; nothing is
downloaded). Ruled tables become ``grid`` tables whose cells carry the recognition
confidence (0..1) and their box; other text becomes one paragraph per printed line.

Boxes are in PDF points for PDF pages and in pixels for image files, measured on the
straightened page.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

import cv2
import numpy as np

from nianbao.document import Block, Cell, Document, Loc, Paragraph, Row, Table
from nianbao.errors import InputError
from nianbao.progress import page_done
from nianbao.readers.recognise import detect, engine, recognise, upside_down
from nianbao.readers.ruled import Grid, cluster as _cluster, find_grids, ink
from nianbao.readers.straighten import straighten

DPI = 200
_PAGE_NUMBER = re.compile(r"[-—–－\s]*(?:第\s*)?\d{1,3}\s*(?:页)?[-—–－\s]*")


@dataclass
class _Text:
    """A printed line of text: its box (pixels), its crop, and later its recognised text."""

    x0: float
    y0: float
    x1: float
    y1: float
    crop: np.ndarray
    text: str = ""
    score: float = 0.0

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


def _read(texts: list[_Text]) -> None:
    for t, (text, score) in zip(texts, recognise([t.crop for t in texts])):
        t.text, t.score = text.strip(), score


def page_blocks(gray: np.ndarray, page: int, to_units: float = 1.0) -> list[Block]:
    """One page image (grayscale) -> paragraphs and grid tables, top to bottom.

    ``to_units`` converts pixels to the unit of the boxes (72/dpi for PDF points).
    """
    gray, _ = straighten(gray)
    grids = find_grids(gray)
    loose = _outside(gray, grids)
    if upside_down([t.crop for t in sorted(loose, key=lambda t: t.x0 - t.x1)[:20]]):
        gray = np.ascontiguousarray(gray[::-1, ::-1])
        grids = find_grids(gray)
        loose = _outside(gray, grids)
    mask = ink(gray)
    cells = [{k: _cell_lines(gray, mask, s.box) for k, s in enumerate(g.spans)} for g in grids]
    _read(loose + [t for per_grid in cells for ts in per_grid.values() for t in ts])
    placed: list[tuple[float, Block]] = []
    for grid, content in zip(grids, cells):
        placed.append((grid.ys[0], _table(grid, content, page, to_units)))
    for line in _lines(loose):
        top, bottom = min(t.y0 for t in line), max(t.y1 for t in line)
        if _PAGE_NUMBER.fullmatch("".join(t.text for t in line)) and (top > 0.9 * gray.shape[0] or bottom < 0.1 * gray.shape[0]):
            continue  # a printed page number in the margin is not report text
        placed.append((top, _paragraph(line, page, to_units)))
    return [b for _, b in sorted(placed, key=lambda p: p[0])]


def _outside(gray: np.ndarray, grids: list[Grid]) -> list[_Text]:
    """Text lines detected outside the tables (table areas are blanked first)."""
    page = gray.copy()
    for g in grids:
        x0, y0, x1, y1 = g.box
        page[max(0, y0 - 2) : y1 + 3, max(0, x0 - 2) : x1 + 3] = 255
    out = []
    for quad, crop in detect(cv2.cvtColor(page, cv2.COLOR_GRAY2BGR)):
        xs, ys = quad[:, 0], quad[:, 1]
        out.append(_Text(float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()), crop))
    return out


def _cell_lines(gray: np.ndarray, mask: np.ndarray, box, pad: int = 4) -> list[_Text]:
    """The printed lines inside one cell, found from its ink (no detector: small digits are
    never missed), each cropped for recognition."""
    x0, y0, x1, y1 = box
    x0, y0, x1, y1 = x0 + pad, y0 + pad, max(x0 + pad + 1, x1 - pad), max(y0 + pad + 1, y1 - pad)
    sub = mask[y0:y1, x0:x1]
    n, _, stats, _ = cv2.connectedComponentsWithStats(sub, connectivity=8)
    h, w = sub.shape
    comps = []
    for cx, cy, cw, ch, area in stats[1:n]:
        edge = cx == 0 or cy == 0 or cx + cw == w or cy + ch == h
        if area < 5 or (edge and (cw > 0.7 * w or ch > 0.7 * h or area < 12)):
            continue  # noise, or what is left of a rule
        comps.append((cx, cy, cx + cw, cy + ch))
    comps = _without_specks(comps)
    out = []
    for band in _bands(comps):
        bx0, by0 = min(c[0] for c in band), min(c[1] for c in band)
        bx1, by1 = max(c[2] for c in band), max(c[3] for c in band)
        # the margin is the page itself: a pasted white frame round a noisy scan misleads the model
        m = 4
        crop = gray[y0 + max(0, by0 - m) : y0 + min(h, by1 + m), x0 + max(0, bx0 - m) : x0 + min(w, bx1 + m)]
        out.append(_Text(x0 + bx0, y0 + by0, x0 + bx1, y0 + by1, cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)))
    return out


def _without_specks(comps: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Drop dots away from the line of the cell's characters or high on it (scanner specks);
    dots low on the line or mid-line (a decimal point, a short minus sign) stay."""
    if not comps:
        return comps
    tall = max(c[3] - c[1] for c in comps)
    big = [c for c in comps if max(c[2] - c[0], c[3] - c[1]) >= 0.25 * tall]
    lo, hi = min(c[0] for c in big) - tall, max(c[2] for c in big)  # a sign may lead, nothing trails
    top, bottom = min(c[1] for c in big), max(c[3] for c in big)
    top += 0.3 * (bottom - top)  # points and minus signs sit low or mid-line, never high
    return [c for c in comps if c in big or (lo <= (c[0] + c[2]) / 2 <= hi and top <= (c[1] + c[3]) / 2 <= bottom)]


def _bands(comps: list[tuple[int, int, int, int]]) -> list[list[tuple[int, int, int, int]]]:
    """Ink components grouped into horizontal bands (printed lines); a thin band (a stroke of
    a character such as 二, a decimal point) joins the nearest band."""
    bands: list[list] = []
    for c in sorted(comps, key=lambda c: c[1]):
        if bands and c[1] < max(x[3] for x in bands[-1]):
            bands[-1].append(c)
        else:
            bands.append([c])
    if len(bands) < 2:
        return bands
    height = [max(x[3] for x in b) - min(x[1] for x in b) for b in bands]
    tall = max(height)
    keep = [b for b, hh in zip(bands, height) if hh >= 0.5 * tall]
    for b, hh in zip(bands, height):
        if hh < 0.5 * tall:
            mid = (min(x[1] for x in b) + max(x[3] for x in b)) / 2
            near = min(keep, key=lambda k: abs((min(x[1] for x in k) + max(x[3] for x in k)) / 2 - mid))
            near.extend(b)
    return sorted(keep, key=lambda b: min(x[1] for x in b))


def _bbox(x0, y0, x1, y1, k: float) -> tuple[float, float, float, float]:
    return (round(x0 * k, 1), round(y0 * k, 1), round(x1 * k, 1), round(y1 * k, 1))


def _join(lines: list[_Text]) -> str:
    """Text lines of one cell or printed line, in reading order, joined without spaces (CJK wrap)."""
    return "".join(t.text for t in sorted(lines, key=lambda t: (round(t.cy / 12), t.x0)) if t.text)


def _table(grid: Grid, content: dict[int, list[_Text]], page: int, k: float) -> Table:
    where = grid.span_at()
    index = {id(s): i for i, s in enumerate(grid.spans)}
    rows = []
    for r in range(len(grid.ys) - 1):
        cells = []
        for c in range(len(grid.xs) - 1):
            s = where[(r, c)]
            loc = Loc(page=page, bbox=_bbox(*s.box, k), row=r, col=c)
            if (s.r0, s.c0) != (r, c):
                cells.append(Cell(text="", loc=loc, merged=True))
                continue
            found = content.get(index[id(s)], [])
            # ink that reads as nothing scores 0: a blank that is not clean is not trusted
            conf = min((t.score for t in found), default=1.0)
            cells.append(Cell(text=_join(found), loc=loc, x0=s.box[0] * k, x1=s.box[2] * k, confidence=round(conf, 4)))
        rows.append(Row(cells=cells, loc=Loc(page=page, bbox=_bbox(grid.xs[0], grid.ys[r], grid.xs[-1], grid.ys[r + 1], k))))
    return Table(rows=rows, layout="grid", loc=Loc(page=page, bbox=_bbox(*grid.box, k)))


def _lines(texts: list[_Text]) -> list[list[_Text]]:
    """Group text boxes outside tables into printed lines (vertical overlap)."""
    lines: list[list[_Text]] = []
    for t in sorted((t for t in texts if t.text), key=lambda t: t.cy):
        last = lines[-1] if lines else None
        if last is not None:
            top, bottom = min(x.y0 for x in last), max(x.y1 for x in last)
            if min(bottom, t.y1) - max(top, t.y0) > 0.5 * min(bottom - top, t.y1 - t.y0):
                last.append(t)
                continue
        lines.append([t])
    return [sorted(line, key=lambda t: t.x0) for line in lines]


def _paragraph(line: list[_Text], page: int, k: float) -> Paragraph:
    height = max(t.y1 - t.y0 for t in line)
    text = line[0].text
    for prev, t in zip(line, line[1:]):
        text += (" " if t.x0 - prev.x1 > height else "") + t.text
    box = _bbox(min(t.x0 for t in line), min(t.y0 for t in line), max(t.x1 for t in line), max(t.y1 for t in line), k)
    tokens = None
    if len(line) >= 3:  # a line of several separated pieces may be an unruled table row
        tokens = [Cell(text=t.text, loc=Loc(page=page, bbox=_bbox(t.x0, t.y0, t.x1, t.y1, k)), x0=t.x0 * k, x1=t.x1 * k, confidence=round(t.score, 4)) for t in line]
    return Paragraph(text=text, loc=Loc(page=page, bbox=box), tokens=tokens)


def _page_furniture(b: Block) -> bool:
    """A page number or running header between two parts of a table split over pages."""
    return isinstance(b, Paragraph) and len(b.text.strip(" -—－_")) <= 4


def _continues(a: Table, b: Table) -> bool:
    """Whether table ``b`` (top of the next page) continues ``a``: same left and right edges."""
    if a.loc.page is None or b.loc.page != a.loc.page + 1 or not a.loc.bbox or not b.loc.bbox:
        return False
    width = a.loc.bbox[2] - a.loc.bbox[0]
    return abs((b.loc.bbox[2] - b.loc.bbox[0]) - width) <= 0.04 * width


def _boundaries(t: Table, dx: float) -> list[float]:
    return [x + dx for r in t.rows for c in r.cells for x in (c.loc.bbox[0], c.loc.bbox[2])]


def _regrid(t: Table, xs: list[float], dx: float) -> None:
    """Re-cut every row of ``t`` on the column boundaries ``xs`` (cells spanning several
    columns leave merged positions after them)."""
    for r in t.rows:
        cells = []
        for j in range(len(xs) - 1):
            mid = (xs[j] + xs[j + 1]) / 2 - dx
            src = next((c for c in r.cells if c.loc.bbox[0] <= mid <= c.loc.bbox[2]), None)
            first = src is not None and j == min(range(len(xs)), key=lambda k: abs(xs[k] - src.loc.bbox[0] - dx))
            if src is not None and first and not src.merged:
                src.loc.col = j
                cells.append(src)
            else:
                loc = Loc(page=r.loc.page, bbox=src.loc.bbox if src else r.loc.bbox, row=r.cells[0].loc.row, col=j)
                cells.append(Cell(text="", loc=loc, merged=True))
        r.cells = cells


def stitch(blocks: list[Block]) -> list[Block]:
    """Join each table split over two pages into one grid, on the union of both parts'
    column boundaries (the parts may cut the label columns differently)."""
    out: list[Block] = []
    for b in blocks:
        prev = next((x for x in reversed(out) if not _page_furniture(x)), None)
        if isinstance(b, Table) and isinstance(prev, Table) and _continues(prev, b):
            dx = ((prev.loc.bbox[0] - b.loc.bbox[0]) + (prev.loc.bbox[2] - b.loc.bbox[2])) / 2
            tol = 0.01 * (prev.loc.bbox[2] - prev.loc.bbox[0])
            xs = [float(x) for x in _cluster(_boundaries(prev, 0.0) + _boundaries(b, dx), tol)]
            _regrid(prev, xs, 0.0)
            _regrid(b, xs, dx)
            for r in b.rows:
                for c in r.cells:
                    c.loc.row = (c.loc.row or 0) + len(prev.rows)
            prev.rows.extend(b.rows)
            continue
        out.append(b)
    return out


def number_tables(blocks: list[Block], start: int = 1) -> int:
    """Set ``loc.table`` on every table and its cells, counting from ``start``; returns the next number."""
    n = start
    for b in blocks:
        if isinstance(b, Table):
            b.loc.table = n
            for r in b.rows:
                for c in r.cells:
                    c.loc.table = n
            n += 1
    return n


def _render(data: bytes, page: int, source: str) -> np.ndarray:
    """One PDF page as a grayscale image at DPI (under the PDF reader's pdfium lock: pdfium is
    not thread-safe, and ingest and the web app read in threads)."""
    import pypdfium2 as pdfium

    from nianbao.readers.pdf import _PDFIUM

    with _PDFIUM:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            raise InputError(source, f"PDF 文件已损坏，无法渲染 (cannot render PDF: {e})") from None
        try:
            bitmap = pdf[page - 1].render(scale=DPI / 72, grayscale=True)
            return np.ascontiguousarray(bitmap.to_numpy().reshape(bitmap.height, bitmap.width, -1)[:, :, 0])
        finally:
            pdf.close()


def ocr_pdf_pages(data: bytes, pages: list[int], source: str, progress: Callable[[int, int], None] | None = None) -> list[Block]:
    """Blocks of the given 1-based pages of a PDF, read by OCR (for pages without a text layer).

    Tables are numbered from 1 in the order returned; the caller may renumber them. A table
    split over two pages comes back as one. ``progress(done, total)`` is called after each
    page (for background jobs that show progress per page).
    """
    blocks: list[Block] = []
    for done, p in enumerate(pages, start=1):
        blocks += page_blocks(_render(data, p, source), page=p, to_units=72 / DPI)
        if progress is not None:
            progress(done, len(pages))
        page_done(done, len(pages))
    blocks = stitch(blocks)
    number_tables(blocks)
    return blocks


def image_pages(data: bytes, source: str) -> list[np.ndarray]:
    """The frames of an image file (several for a multi-page TIFF) as grayscale arrays."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        img = Image.open(BytesIO(data))
        return [np.asarray(frame.convert("L")).copy() for frame in ImageSequence.Iterator(img)]
    except (UnidentifiedImageError, OSError, ValueError) as e:
        raise InputError(source, f"图片已损坏或格式不支持 (cannot decode image: {e})") from None


def read_image(data: bytes, source: str = "<bytes>") -> Document:
    """A scanned report as an image file (PNG, JPEG, TIFF; TIFF may hold several pages)."""
    frames = image_pages(data, source)
    blocks: list[Block] = []
    for i, gray in enumerate(frames, start=1):
        blocks += page_blocks(gray, page=i)
        page_done(i, len(frames))
    blocks = stitch(blocks)
    number_tables(blocks)
    return Document(blocks=blocks, source=source, format="image", pages=len(frames))


def ocr_timing(data: bytes, pages: list[int] | None = None) -> dict[str, float]:
    """The benchmark's figures for OCR of a PDF: pages read, wall seconds per page and CPU
    seconds per page (all threads; on an idle two-core machine wall time is lower than CPU
    time). Loading the models is not counted."""
    import pypdfium2 as pdfium

    if pages is None:
        pdf = pdfium.PdfDocument(data)
        pages = list(range(1, len(pdf) + 1))
        pdf.close()
    engine()
    wall, cpu = time.perf_counter(), time.process_time()
    ocr_pdf_pages(data, pages, "<bench>")
    n = max(1, len(pages))
    return {"pages": len(pages), "wall_per_page": (time.perf_counter() - wall) / n, "cpu_per_page": (time.process_time() - cpu) / n}
