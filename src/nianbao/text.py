"""Text normalisation shared by readers and the extractor: labels, numbers, encodings."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_OPENCC = None

# Characters that carry no meaning when comparing labels.
_LABEL_DROP = re.compile(r"[\s\u3000\"'“”‘’「」『』《》〈〉()\[\]【】{}、，,。.．:：;；!！?？·•_\-—–~～/\\|]+")
_SPACES = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff]+")
# Markers printed instead of a number; they mean "no value", never 0.
MARKERS = frozenset({"/", "／", "-", "－", "—", "——", "–", "无", "空", "—-", "--", "\\", "×", "x", "X", "N/A", "n/a", "*"})
_NUMBER = re.compile(r"^[+\-−－]?\d+(?:\.\d+)?$")
_CN_NUMERAL = re.compile(r"^[零〇一二两三四五六七八九十百千万亿]+$")
_UNIT = re.compile(r"(件|个|项|条|次|万元|元|人次|人)$")
# An ideograph that is no numeral, unit or marker: text with one is never a number (NFKC
# leaves unified ideographs as they are).
_WORD = re.compile(r"(?![零〇一二两三四五六七八九十百千万亿件个项条次元人无空])[\u4e00-\u9fff]")


# PDF fonts often map ideographs to the look-alike Kangxi radicals (⼀、总体情况, ⾏政许可) or
# to radical forms (⻓ for 长, ⻔ for 门); text copied from such PDFs carries them on. Kangxi
# radicals fold to their ideographs under NFKC; the simplified radical forms do not, and are
# listed here with the ideograph each stands for.
_RADICAL_FORMS = {
    **{cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)},
    **{ord(k): v for k, v in zip("⺟⺠⺰⻄⻅⻆⻈⻉⻋⻐⻓⻔⻙⻚⻛⻜⻠⻢⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳", "母民纟西见角讠贝车钅长门韦页风飞饣马鱼鸟卤麦黄黾齐齿龙龟")},
}
_RADICALS = re.compile("[\u2e80-\u2fdf]")
# the same range in UTF-8 (E2 BA 80 - E2 BF 9F): bytes search far faster than text
_RADICALS_UTF8 = re.compile(rb"\xe2[\xba-\xbf]")


def unify_radicals(text: str, utf8: bytes | None = None) -> str:
    """``text`` with radical look-alikes replaced by the ideographs they stand for. ``utf8``:
    the bytes ``text`` was decoded from as UTF-8, searched instead of the text (cheaper)."""
    found = _RADICALS_UTF8.search(utf8) if utf8 is not None else _RADICALS.search(text)
    return text.translate(_RADICAL_FORMS) if found else text


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese (opencc); cheap when the text has no traditional form."""
    global _OPENCC
    if text.isascii():
        return text
    if _OPENCC is None:
        import opencc

        _OPENCC = opencc.OpenCC("t2s")
    return _OPENCC.convert(text)


def fold(text: str) -> str:
    """NFKC (full-width digits, letters and brackets to half-width) and collapse spaces."""
    text = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """The comparable form of a printed label: simplified, folded, with spaces and punctuation dropped."""
    return _LABEL_DROP.sub("", to_simplified(unicodedata.normalize("NFKC", text)))


# A numbered table row as printed before its label: 1. / 2、 / （六）
ROW_NUMBER = re.compile(r"^(?:\d+\s*[.、．]|[（(][一二三四五六七八九十]+[）)])")
# How any numbered row label starts, top-level rows included: 1. / 2、 / （三） / 一、
LABEL_START = re.compile(r"\s*(?:" + ROW_NUMBER.pattern.removeprefix("^") + r"|[一二三四五六七八九十]+、)")

_CJK_END = re.compile(r"[\u4e00-\u9fff][）)」]?$")
_SENTENCE_MARKS = re.compile(r"[，。；！？]")


def label_before_figures(head: str) -> bool:
    """Whether text followed on its line by one or two figures reads as a row label with its
    figures (行政许可 0, …予以公开 25): it ends in a word, and is no sentence (a full stop, or
    commas in a line that is no numbered table row: a row label may hold commas, （二）部分公开
    （区分处理的，…）); not a date or a line of prose wrapped after a figure (…会议 7 / 期，…)."""
    if not _CJK_END.search(head):
        return False
    return "。" not in head and (_SENTENCE_MARKS.search(head) is None or ROW_NUMBER.match(head) is not None)


_ENUM_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)(?=[^\d])|^第?[一二三四五六七八九十]+[项部分]")


def strip_enumerator(key: str) -> str:
    """Drop a leading list number (一 / 1 / 第一项) from a label key."""
    return _ENUM_PREFIX.sub("", key, count=1)


def similarity(a: str, b: str) -> float:
    """How well label key ``a`` (printed) matches template key ``b``, from 0 to 1.

    Containment counts fully; otherwise the longest-common-subsequence share of ``b``,
    which tolerates clipped labels (``其他法律行政止公开``) and one-character typos.
    """
    if not a or not b:
        return 0.0
    if b in a:
        return 1.0
    return _lcs(a, b) / max(len(b), len(a) * 0.6)


def is_subsequence(a: str, b: str) -> bool:
    """Whether ``b`` holds every character of ``a`` in order (a shortened printing of ``b``)."""
    rest = iter(b)
    return all(ch in rest for ch in a)  # each ``in`` consumes ``rest`` up to the match


@lru_cache(maxsize=65536)
def _lcs(a: str, b: str) -> int:
    """Length of the longest common subsequence, bit-parallel (Allison–Dix, Crochemore et
    al.): one big-integer step per character of ``a`` instead of a len(a)×len(b) table."""
    if not a or not b:
        return 0
    masks = _char_masks(b)
    full = (1 << len(b)) - 1
    v = full
    for ch in a:
        u = v & masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return len(b) - v.bit_count()


@lru_cache(maxsize=4096)
def _char_masks(b: str) -> dict[str, int]:
    """Per character, the bit set of its positions in ``b``."""
    masks: dict[str, int] = {}
    for i, ch in enumerate(b):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    return masks


@lru_cache(maxsize=65536)
def parse_number(raw: str | None) -> tuple[int | float | None, str]:
    """Read a printed cell. Returns (value, kind) with kind one of
    ``number``, ``blank``, ``marker`` or ``text``. Markers and blanks are None, never 0.

    Decimals stay floats (fee amounts); thousands separators and trailing units (件, 万元)
    are accepted; Chinese numerals are read with cn2an.
    """
    if raw is None:
        return None, "blank"
    if len(raw) > 12 and _WORD.search(raw):  # prose: skip normalising it (most misses of the cache)
        return None, "text"
    return _parse_folded(raw)


def _parse_folded(raw: str) -> tuple[int | float | None, str]:
    # a figure wrapped inside its cell (a narrow PDF column: 17 / 2) is one figure
    s = fold(raw).replace(" ", "").replace("\n", "")
    if not s:
        return None, "blank"
    if s in MARKERS:
        return None, "marker"
    s = s.replace(",", "").replace("，", "")
    s = _UNIT.sub("", s.rstrip("*※#"))  # a footnote mark after a figure: 101*
    if _NUMBER.match(s):
        s = s.replace("−", "-").replace("－", "-").lstrip("+")
        if "." in s:
            try:
                return float(Decimal(s)), "number"
            except InvalidOperation:
                return None, "text"
        return int(s), "number"
    if _CN_NUMERAL.match(s):
        try:
            import cn2an

            return int(cn2an.cn2an(s, "strict")), "number"
        except (ValueError, KeyError):
            return None, "text"
    return None, "text"


@lru_cache(maxsize=65536)
def number_kind(raw: str | None) -> str:
    """The kind :func:`parse_number` gives ``raw``: number, blank, marker or text."""
    return parse_number(raw)[1]


def is_value_text(raw: str | None) -> bool:
    """True when a cell's text is a number, a marker or blank (a value slot, not a label)."""
    return parse_number(raw)[1] != "text"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text of unknown encoding: BOMs, then UTF-8, then GB18030 family, then detection."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    return data.decode("gb18030", errors="replace"), "gb18030"
