"""Metadata: title, agency, report year and statistics period."""

from __future__ import annotations

import re

from nianbao.document import Document, Paragraph
from nianbao.text import fold, to_simplified

# a year in figures, or in Chinese numerals as titles print it: 二〇二二 / 二○二二 / 二零二二,
# with a letter O or a digit 0 for the zero (二O二二, 二0二二)
_Y = r"(?:(?:19|20)\d{2}|(?:一九|二[〇○零Oo0])[〇○零Oo0一二三四五六七八九]{2})"
_CN_DIGITS = str.maketrans("〇○零Oo一二三四五六七八九", "00000123456789")
_YEAR = re.compile(rf"({_Y})\s*年")
_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:起)?\s*(?:至|到|—|－|-|~|～)\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
)
# What the report is about: 政府信息公开 (政务信息公开, 信息公开), or in titles without those
# words 政务公开, which may also be part of the agency's name (某区政务公开办公室).
_SUBJECTS = {True: r"(?:政府|政务)?信息公开", False: r"政务公开"}
_TITLE_TAIL = {k: re.compile(rf"\s*{_Y}\s*年\s*(?:度)?\s*{v}.*$") for k, v in _SUBJECTS.items()}
_TITLE_WORDS = ("年度报告", "工作报告", "年报")


_BREADCRUMB = re.compile(r"^(?:首页|当前位置|您当前的位置|您的位置)|[>›»]")


def find_title(doc: Document) -> tuple[str | None, int | None]:
    paras = [b for b in doc.blocks[:120] if isinstance(b, Paragraph)][:60]
    for i, p in enumerate(paras):
        t = fold(p.text)
        simple = to_simplified(t)  # match on simplified text, keep the printed form
        if _BREADCRUMB.search(simple):  # CMS navigation: 首页 > 政府信息公开 > 年度报告
            continue
        subject = "信息公开" in simple or "政务公开" in simple
        if i + 1 < len(paras) and subject and not any(w in simple for w in _TITLE_WORDS):
            # a title wrapped over two lines (PDF): 某某2021年政府信息公开工作年度报 / 告
            joined = t + fold(paras[i + 1].text)
            if joined.endswith(_TITLE_WORDS) and len(joined) <= 80 and not re.search(r"[。，；]", joined):
                t, simple = joined, to_simplified(joined)
        if any(w in simple for w in _TITLE_WORDS) and len(t) <= 80 and subject:
            if (_YEAR.match(t.lstrip()) or simple.startswith("政府信息公开")) and i > 0:
                prev = fold(paras[i - 1].text)
                if 2 <= len(prev) <= 30 and not re.search(r"[。，；]", prev):
                    return prev + t, p.loc.line
            return t, p.loc.line
    return None, None


_YEAR_FIRST = {k: re.compile(rf"^\s*{_Y}\s*年\s*度?\s*(.+?){v}") for k, v in _SUBJECTS.items()}


def agency_from_title(title: str | None) -> str | None:
    """The issuing body as the title prints it: text before the year, or after a leading year."""
    if not title:
        return None
    t = fold(title).replace(" ", "")
    # cut positions found on the simplified text apply to the printed one (same length)
    printed, t = t, to_simplified(t)
    if len(printed) != len(t):
        printed = t
    info = "信息公开" in t
    m = _YEAR_FIRST[info].match(t)
    if m:
        head = m.group(1)
    else:
        head = _TITLE_TAIL[info].sub("", t)
        if head == t:  # no year in the title: cut at the report words
            head = re.split(_SUBJECTS[info], t)[0]
    # 关于…的 around the name, brackets that set it apart: 【某某局】
    head = re.sub(r"^关于|(?:关于|的)$", "", head.strip()).strip("【】[]〔〕")
    start = t.find(head) if head else -1
    if start >= 0:
        head = printed[start : start + len(head)]
    return head or None


def full_agency(agency: str | None, body: str) -> str | None:
    """Prefer the fullest printing of the agency in the body: 洪泽区人民政府 -> 淮安市洪泽区人民政府."""
    if not agency:
        return agency
    from nianbao.regions import by_name

    best = agency
    at = body.find(agency)
    while at >= 0:
        before = body[max(0, at - 10) : at]
        at = body.find(agency, at + len(agency))
        for k in range(len(before)):
            cand = before[k:]
            if cand in by_name() and cand + agency not in (best,):
                full = cand + agency
                if len(full) > len(best):
                    best = full
                break
    return best


def find_year(title: str | None, period: tuple[str, str] | None, body: str) -> int | None:
    if title:
        m = _YEAR.search(title)
        if m:
            return _year(m.group(1))
    if period:
        return int(period[0][:4])
    m = _YEAR.search(body[:3000])
    return _year(m.group(1)) if m else None


def _year(printed: str) -> int:
    return int(printed.translate(_CN_DIGITS))


def find_period(body: str) -> tuple[str, str] | None:
    m = _PERIOD.search(body)
    if not m:
        return None
    y1, m1, d1, y2, m2, d2 = m.groups()
    return f"{y1}-{int(m1):02d}-{int(d1):02d}", f"{y2}-{int(m2):02d}-{int(d2):02d}"

