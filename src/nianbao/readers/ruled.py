"""Ruled tables in a page image: the printed rules -> a grid of cells with their spans.

A table is a cluster of long horizontal and vertical rules. Its row and column boundaries
are the positions of those rules; two neighbouring grid positions belong to one merged cell
when the rule between them is not printed. The outer edge of a cluster counts as a rule
even where none is printed, because tables split over pages lose their top or bottom
border and some layouts print no left border.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Fraction of a boundary segment that must be inked for the rule to count as printed.
_COVERED = 0.5


@dataclass
class Span:
    """One printed cell: grid rows r0..r1 and columns c0..c1 (inclusive), and its box in pixels."""

    r0: int
    c0: int
    r1: int
    c1: int
    box: tuple[int, int, int, int]


@dataclass
class Grid:
    """A ruled table: boundary positions in pixels and its cells (each grid position in one span)."""

    xs: list[int]
    ys: list[int]
    spans: list[Span]

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def span_at(self) -> dict[tuple[int, int], Span]:
        """Grid position -> the span covering it."""
        out = {}
        for s in self.spans:
            for r in range(s.r0, s.r1 + 1):
                for c in range(s.c0, s.c1 + 1):
                    out[(r, c)] = s
        return out


def ink(gray: np.ndarray) -> np.ndarray:
    """Dark pixels of a page as a 0/255 mask (Otsu threshold, robust to scan noise)."""
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    _, mask = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask


def _rule_masks(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    h, w = mask.shape
    hlen, vlen = max(40, w // 30), max(30, h // 60)
    hor = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hlen, 1)))
    ver = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vlen)))
    # bridge small breaks left by noise or faint printing
    hor = cv2.morphologyEx(hor, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 3)))
    ver = cv2.morphologyEx(ver, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 15)))
    return hor, ver


def _segments(mask: np.ndarray, horizontal: bool) -> list[tuple[float, int, int]]:
    """Rules as (position across, start along, end along)."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for x, y, w, h, _ in stats[1:n]:
        out.append((y + h / 2, x, x + w) if horizontal else (x + w / 2, y, y + h))
    return out


def cluster(values: list[float], tol: float) -> list[int]:
    """Positions closer than ``tol`` merged into their mean (sorted)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [int(round(sum(g) / len(g))) for g in out]


def _with_edges(lines: list[int], lo: int, hi: int, tol: float) -> list[int]:
    lines = [v for v in lines if lo - tol <= v <= hi + tol]
    if not lines or lines[0] - lo > tol:
        lines.insert(0, lo)
    if hi - lines[-1] > tol:
        lines.append(hi)
    return lines


def find_grids(gray: np.ndarray) -> list[Grid]:
    """Every ruled table of a (straightened) grayscale page, top to bottom."""
    mask = ink(gray)
    hor, ver = _rule_masks(mask)
    both = cv2.dilate(cv2.bitwise_or(hor, ver), np.ones((5, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(both, connectivity=8)
    h_all, v_all = _segments(hor, True), _segments(ver, False)
    grids = []
    tol = max(6.0, gray.shape[1] / 250)
    for x, y, w, h, _ in stats[1:n]:
        x1, y1 = x + w, y + h
        hs = [s for s in h_all if y - 3 <= s[0] <= y1 + 3 and s[1] >= x - 3 and s[2] <= x1 + 3]
        vs = [s for s in v_all if x - 3 <= s[0] <= x1 + 3 and s[1] >= y - 3 and s[2] <= y1 + 3]
        if len(hs) < 2 or len(vs) < 2 or w < gray.shape[1] / 5:
            continue
        ys = _with_edges(cluster([s[0] for s in hs], tol), y + 2, y1 - 3, tol)
        # a column rule runs at least from one row rule to the next; shorter strokes are
        # handwriting, stamps or parts of characters
        vs = [s for s in vs if any(s[1] <= a + tol and s[2] >= b - tol for a, b in zip(ys, ys[1:]))]
        xs = _with_edges(cluster([s[0] for s in vs], tol), x + 2, x1 - 3, tol)
        if len(ys) < 2 or len(xs) < 3:
            continue
        grids.append(Grid(xs=xs, ys=ys, spans=_spans(xs, ys, hor, ver)))
    return sorted(grids, key=lambda g: g.ys[0])


def _covered(mask: np.ndarray, across: int, a: int, b: int, horizontal: bool) -> bool:
    m = max(2, (b - a) // 6)  # ignore the ends, where the crossing rules are
    a, b = a + m, b - m
    if b <= a:
        return True
    if horizontal:
        band = mask[max(0, across - 4) : across + 5, a:b]
        hits = band.any(axis=0)
    else:
        band = mask[a:b, max(0, across - 4) : across + 5]
        hits = band.any(axis=1)
    return bool(hits.mean() >= _COVERED)


def _spans(xs: list[int], ys: list[int], hor: np.ndarray, ver: np.ndarray) -> list[Span]:
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _covered(ver, xs[c + 1], ys[r], ys[r + 1], False):
                parent[find(r * cols + c + 1)] = find(r * cols + c)
            if r + 1 < rows and not _covered(hor, ys[r + 1], xs[c], xs[c + 1], True):
                parent[find((r + 1) * cols + c)] = find(r * cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(cols):
            groups.setdefault(find(r * cols + c), []).append((r, c))
    spans = []
    for cells in groups.values():
        r0, r1 = min(r for r, _ in cells), max(r for r, _ in cells)
        c0, c1 = min(c for _, c in cells), max(c for _, c in cells)
        spans.append(Span(r0, c0, r1, c1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])))
    return sorted(spans, key=lambda s: (s.r0, s.c0))
