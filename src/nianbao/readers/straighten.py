"""Straighten a scanned page: quarter turns first, then the small skew of a hand-fed scan."""

from __future__ import annotations

import cv2
import numpy as np

from nianbao.readers.ruled import ink


def _profile_score(mask: np.ndarray) -> float:
    """How sharply the ink falls into horizontal bands (text lines, rules): variance of row sums."""
    return float(np.var(mask.sum(axis=1, dtype=np.float64)))


def rotate(img: np.ndarray, angle: float, fill: int = 255) -> np.ndarray:
    """Rotate by ``angle`` degrees (counter-clockwise) about the centre; corners get ``fill``."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


def skew_angle(gray: np.ndarray, limit: float = 5.0) -> float:
    """The rotation (degrees) that makes text lines and rules horizontal, within +-limit.

    Projection-profile search on a reduced page: coarse steps, then a fine pass around the best.
    """
    scale = 800 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    mask = ink(small)

    def best(candidates) -> float:
        return max(candidates, key=lambda a: (_profile_score(rotate(mask, a, fill=0)), -abs(a)))

    coarse = best(np.arange(-limit, limit + 1e-6, 0.5))
    fine = best(np.arange(coarse - 0.5, coarse + 0.5 + 1e-6, 0.1))
    return float(round(fine, 2))


def quarter_turns(gray: np.ndarray) -> int:
    """0 or 1: whether the page lies on its side (text lines run vertically)."""
    scale = 600 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    mask = ink(small)
    rows = float(np.var(mask.sum(axis=1, dtype=np.float64)))
    cols = float(np.var(mask.sum(axis=0, dtype=np.float64)))
    return 1 if cols > rows * 1.5 else 0


def straighten(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """(upright page, degrees it was turned). Upside-down pages are left to the recogniser."""
    turned = 0.0
    if quarter_turns(gray):
        gray = np.ascontiguousarray(np.rot90(gray, -1))
        turned = -90.0
    angle = skew_angle(gray)
    if abs(angle) >= 0.05:
        gray = rotate(gray, angle)
        turned += angle
    return gray, turned
