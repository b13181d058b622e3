"""The six sections: headings (title variants, Arabic numbering, duplicates) and their text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nianbao.document import Document, Paragraph
from functools import lru_cache

from nianbao.schema.template import Template, load_template
from nianbao.text import label_key, similarity

_HEADING = re.compile(
    r"^\s*(?:第\s*([一二三四五六七八九十])\s*(?:部分|章)\s*[、.．:：]?|([一二三四五六七八九十])\s*[、.．,，:：]|([1-9])\s*[、.．]|([一二三四五六])\s+(?=\S))\s*(.+)$"
)
_CN = "一二三四五六七八九十"


@dataclass
class Heading:
    number: int  # which section it names (1..6)
    printed: int | None  # the number printed before it, if any
    title: str
    block: int
    line: int | None
    page: int | None


def _section_number(rest: str, template: Template) -> int | None:
    return _section_number_cached(rest, template.edition)


@lru_cache(maxsize=20000)
def _section_number_cached(rest: str, edition: str) -> int | None:
    template = load_template(edition)
    key = label_key(rest)
    if not key or len(key) > 40:
        return None
    best, best_s = None, 0.0
    for s in template.sections:
        for t in (s.title, *s.variants):
            k = label_key(t)
            if k in key and len(key) <= len(k) + 12:
                sc = 1.0 + len(k) / 100
            elif key in k and len(key) >= 4:
                sc = 0.9
            else:
                sc = similarity(key, k) if len(k) >= 6 else 0.0
            if sc > best_s:
                best, best_s = s.number, sc
    return best if best_s >= 0.8 else None


@lru_cache(maxsize=None)
def _exact_titles(edition: str) -> dict[str, int]:
    t = load_template(edition)
    return {label_key(x): s.number for s in t.sections for x in (s.title, *s.variants)}


@lru_cache(maxsize=None)
def _longest(edition: str) -> int:
    """A line longer than this cannot be a section title even with spaces and punctuation
    inside (which label keys drop): no need to compute its key."""
    return 2 * max(len(k) for k in _exact_titles(edition)) + 10


def find_headings(doc: Document, template: Template) -> list[Heading]:
    out = []
    for bi, b in enumerate(doc.blocks):
        if not isinstance(b, Paragraph):
            continue
        text = b.text.strip()
        if len(text) > 60:
            continue
        m = _HEADING.match(text)
        if m:
            g = m.group(1) or m.group(2) or m.group(4)
            printed = (_CN.index(g) + 1) if g else int(m.group(3))
            rest = m.group(5)
        else:
            # without a printed number only an exact section title counts: no fuzzy matching
            # of ordinary lines (that was most of the time spent on plain text)
            titles = _exact_titles(template.edition)
            num = titles.get(label_key(text)) if len(text) <= _longest(template.edition) else None
            if num is not None:
                out.append(Heading(num, None, text, bi, b.loc.line, b.loc.page))
            continue
        num = _section_number(rest, template)
        if num is None:
            continue
        out.append(Heading(num, printed, text, bi, b.loc.line, b.loc.page))
    return out


# A line of a table's header is short (a header cell, 第二十条第（一）项) or has several
# columns; a line of prose ends a sentence, or announces the table (…统计如下).
_HEADER_WIDTH = 24
_CLOSERS = "”’」』）)\"'"
_PROSE_END = ("。", "；", ";", "：", ":", "！", "？", "如下", ".")
_HEADER_DEPTH = 12  # the deepest header seen: Table 3's, wrapped over nine lines


def table_headers(doc: Document, value_blocks: set[int], headings: list[Heading], skip: set[int]) -> set[int]:
    """The header lines above the tables' value lines in positioned text (pdftotext -layout),
    where every printed line is a paragraph: ``第二十条第（一）项``, ``信息内容  本年制发件数 …``,
    a header cell wrapped over several lines. ``value_blocks`` are the paragraphs whose values
    were placed on the template's cells.

    Walking up from the first value line of each table, the lines directly above it are its
    header while they are short or have several columns and end no sentence; the walk stops at
    a section heading, a line already read as a table row, and after ``_HEADER_DEPTH`` lines.
    """
    stops = {h.block for h in headings} | skip
    out: set[int] = set()
    for bi in sorted(value_blocks):
        if bi - 1 in skip:
            continue  # not the first value line of its table
        k = bi - 1
        while k >= 0 and bi - k <= _HEADER_DEPTH and k not in stops:
            b = doc.blocks[k]
            if not isinstance(b, Paragraph):
                break
            text = b.text.strip()
            wide = len(b.tokens or ()) >= 2
            if text.rstrip(_CLOSERS).endswith(_PROSE_END) or not (wide or len(text) <= _HEADER_WIDTH):
                break
            out.add(k)
            k -= 1
    return out


# a printed page number (页码) on a line of its own: -2-, — 3 —, 第 4 页, 4/12
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*\d{1,4})?[-—–\s]*$")


def section_texts(doc: Document, headings: list[Heading], skip: set[int]) -> list[tuple[Heading, str]]:
    """Each heading with the paragraph text up to the next heading (table rows and page
    numbers left out)."""
    out = []
    for h, nxt in zip(headings, headings[1:] + [None]):
        end = nxt.block if nxt else len(doc.blocks)
        parts = [
            b.text.strip()
            for bi, b in enumerate(doc.blocks[h.block + 1 : end], start=h.block + 1)
            if isinstance(b, Paragraph) and bi not in skip and not _PAGE_NUMBER.match(b.text)
        ]
        out.append((h, "\n".join(p for p in parts if p)))
    return out
