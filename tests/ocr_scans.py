"""Scanned reports made by the tests: a PDF rasterised at 150-200 dpi, turned slightly, with
scanner noise, saved as an image-only PDF (no text layer), and the check of what OCR read."""

from __future__ import annotations

import random
from io import BytesIO

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

from nianbao.rules.ocr import LOW_CONFIDENCE
from nianbao.schema.model import Report

# Rules whose failure points at a misread cell.
ARITHMETIC = ("T3-BALANCE", "T3-RESULTS-SUM", "T3-ROW-TOTAL", "T4-GROUP-TOTAL", "CELL-NEGATIVE", "CELL-NOT-INTEGER", "CELL-BLANK")


def degrade(page: Image.Image, rng: random.Random, angle: float) -> Image.Image:
    """A page as a hand-fed scanner gives it back: turned by ``angle`` degrees, a little
    blurred, with grain and specks."""
    img = page.convert("L").rotate(angle, resample=Image.BICUBIC, fillcolor=255, expand=False)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    arr = np.asarray(img, dtype=np.float32)
    nrng = np.random.default_rng(rng.randrange(2**32))
    arr = arr + nrng.normal(0, 10, arr.shape)
    specks = nrng.random(arr.shape)
    arr[specks < 0.0008] = 0
    arr[specks > 0.9992] = 255
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def scan(pdf: bytes, seed: int, pages: list[int] | None = None) -> bytes:
    """An image-only PDF of ``pdf`` (1-based ``pages``, default all), scanned at a random
    150-200 dpi and a random 0.5-1.5 degree turn either way."""
    rng = random.Random(seed)
    dpi = rng.choice((150, 175, 200))
    doc = pdfium.PdfDocument(pdf)
    numbers = pages or list(range(1, len(doc) + 1))
    images = []
    for n in numbers:
        angle = rng.uniform(0.5, 1.5) * rng.choice((-1, 1))
        images.append(degrade(doc[n - 1].render(scale=dpi / 72).to_pil(), rng, angle))
    doc.close()
    out = BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi), quality=85)
    return out.getvalue()


def score(report: Report, truth: dict[str, int | float | None]) -> dict:
    """Cells read right, and whether each wrong one is flagged (low confidence or a failing rule)."""
    failing = {c for f in report.findings if f.code in ARITHMETIC or f.code == "OCR-LOW-CONFIDENCE" for c in f.cells}
    wrong, unflagged = [], []
    for cid, want in truth.items():
        cell = report.cells.get(cid)
        got = None if cell is None else cell.value
        if got == want and (got is None) == (want is None):
            continue
        wrong.append(cid)
        low = cell is not None and cell.confidence is not None and cell.confidence < LOW_CONFIDENCE
        if not low and cid not in failing:
            unflagged.append((cid, want, got))
    return {"cells": len(truth), "wrong": wrong, "unflagged": unflagged, "right": len(truth) - len(wrong)}
