"""Text similarity of report passages: how much of one text repeats another (内容雷同).

Used by the cross-year rule ``TEXT-COPIED-FROM-PREVIOUS`` and by corpus comparison. Both
functions compare the texts after dropping whitespace and folding full-width forms, so a
passage re-wrapped or re-spaced still counts as the same words.

>>> similarity("今年我局持续推进政务公开。", "今年我局持续推进政务公开。")
1.0
>>> copied_passages("一、本机关全面落实条例要求，加强主动公开。", "我们全面落实条例要求，加强主动公开工作", min_chars=10)
['全面落实条例要求，加强主动公开']
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["similarity", "copied_passages", "normalise"]

_WS = re.compile(r"\s+")
SHINGLE = 4  # character n-gram size: long enough to be specific in Chinese, short enough to survive small edits
_SEED = 8  # minimum exact run looked up when tiling copied passages


def normalise(text: str) -> tuple[str, list[int]]:
    """Folded text without whitespace, and for each kept character its offset in ``text``."""
    keep, where = [], []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        f = unicodedata.normalize("NFKC", ch)
        if not f or f.isspace():
            continue
        keep.append(f[0])
        where.append(i)
    return "".join(keep), where


def _shingles(s: str, k: int) -> set[str]:
    if len(s) < k:
        return {s} if s else set()
    return {s[i : i + k] for i in range(len(s) - k + 1)}


def similarity(a: str, b: str) -> float:
    """How alike two texts are, from 0 (nothing shared) to 1 (the same words).

    The Dice coefficient of their character 4-gram sets after normalisation: symmetric,
    insensitive to spacing and line breaks, and fast on section-length texts. Two empty
    texts are identical (1.0); an empty and a non-empty text share nothing (0.0).
    """
    na, _ = normalise(a)
    nb, _ = normalise(b)
    if na == nb:
        return 1.0
    if not na or not nb:
        return 0.0
    k = min(SHINGLE, len(na), len(nb))
    sa, sb = _shingles(na, k), _shingles(nb, k)
    return 2 * len(sa & sb) / (len(sa) + len(sb))


def copied_passages(a: str, b: str, min_chars: int = 20) -> list[str]:
    """The passages of ``a`` that also appear verbatim in ``b``, at least ``min_chars`` long.

    Greedy string tiling: scanning ``a`` left to right, at each position take the longest
    run that also occurs in ``b`` (found through an index of ``b``'s 8-character runs);
    a run of at least ``min_chars`` kept characters is a copied passage, reported as printed
    in ``a`` (original spacing kept) and in the order it appears there. Whitespace
    differences do not break a passage.
    """
    na, where = normalise(a)
    nb, _ = normalise(b)
    seed = max(1, min(_SEED, min_chars))
    if len(na) < min_chars or len(nb) < min_chars:
        return []
    index: dict[str, list[int]] = {}
    for j in range(len(nb) - seed + 1):
        index.setdefault(nb[j : j + seed], []).append(j)
    out: list[str] = []
    i = 0
    while i <= len(na) - seed:
        best = 0
        for j in index.get(na[i : i + seed], ()):
            n = seed
            while i + n < len(na) and j + n < len(nb) and na[i + n] == nb[j + n]:
                n += 1
            best = max(best, n)
        if best >= min_chars:
            start, end = where[i], where[i + best - 1] + 1
            out.append(a[start:end].strip())
            i += best
        else:
            i += 1
    return out
