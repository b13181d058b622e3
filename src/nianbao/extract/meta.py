"""Metadata: title, agency, report year and statistics period."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

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


# Texts are folded (NFKC) before these apply: ，；：！？ are then , ; : ! ?
_SENTENCE_MARKS = re.compile(r"[。,;:!?]")
# Where a title cannot be: sentence punctuation, CMS navigation (首页 > 政府信息公开 > 年度报告),
# a sentence about the report (…公布如下)
_NOT_TITLE_ANYWHERE = re.compile(r"[。,;:!?>›»]|如下")
# How lines that are not titles start: navigation; body sentences about the report (本报告根据…
# 现将… 特向社会公布… 我局…; 本溪市 and 特克斯县 are places, so 本, 现, 特 and 我 only before
# these words); a numbered section or item (一、 (一) 1.)
_NOT_TITLE_START = re.compile(
    r"^(?:首页|当前位置|您当前的位置|您的位置"
    r"|本(?!溪)|现(?:将|就|予|对|把|在)|特(?:此|向|将|予|公布|发布)|根据|按照|依据|依照|遵照|对照|结合|以下|下面"
    r"|为(?:了|进一步|深入|全面|切实|认真|贯彻|落实)|我(?:们|局|区|市|县|镇|乡|委|办|院|厅|署|单位|部门|机关|中心|街道)"
    r"|[一二三四五六七八九十]+\s*[、.]|\(\s*(?:[一二三四五六七八九十]+|\d+)\s*\)|\d+\s*[、.](?!\d))"
)
_QUOTED = re.compile(r"《([^》]*)》?")
# the first section's heading: the body has begun, and a title is printed above it
_FIRST_SECTION = re.compile(r"^[一壹]\s*[、.]")
# Lines of links to other pages (often other years' reports): 相关链接 / 上一篇: … A marker alone
# on its line heads a list whose items follow, one a line.
_LINK_MARK = re.compile(
    r"^[【\[]?(?:相关(?:链接|文章|阅读|信息|新闻|文件|稿件|报告|内容|附件)|推荐阅读|延伸阅读|猜你喜欢|友情链接|热点推荐"
    r"|上一(?:篇|条|页)|下一(?:篇|条|页))[】\]]?(?=\s|:|$)"
)
_LINK_FIRST = frozenset("【[相推延猜友热上下")
# a CMS field label before the title: 标题: / 名称:
_FIELD_LABEL = re.compile(r"^(?:标题|名称|题名|文章标题|信息名称|文件名称)\s*:\s*")
# a title ends with the report words, or a year in brackets after them: …年度报告（2023年）
_TITLE_END = re.compile(r"(?:年度报告|工作报告|年报)(?:\([^()]{0,12}\))?$")
_DATE = re.compile(r"\d{4}\s*[-/.]\s*\d{1,2}|\d{1,2}:\d{2}")  # a publication date or time, not an agency
_TITLE_LAST = frozenset("告报報)）")  # how a line ending a title ends, before folding
_SUBJECT_RAW = re.compile(r"[息务務]公[开開]")  # 信息公开 / 政务公开, printed in either script
_GENERIC_TITLE = re.compile(r"(?:政府|政务)?信息公开(?:工作)?(?:年度报告|工作报告|年报)|政务公开(?:工作)?(?:年度报告|年报)")


def _heading_like(simple: str) -> bool:
    """A line that could be a title: no sentence punctuation, no sentence opener, no list
    number, no navigation, no quoted law (a quoted report is the title itself: 关于《…年度报告》的公告)."""
    if _NOT_TITLE_ANYWHERE.search(simple) or _NOT_TITLE_START.match(simple):
        return False
    return "《" not in simple or all(any(w in q for w in _TITLE_WORDS) for q in _QUOTED.findall(simple))


def _link_line(simple: str, in_list: bool) -> tuple[bool, bool]:
    """Whether a line belongs to a list of links to other pages (相关链接 / 上一篇: …), and
    whether the list goes on below it: a marker alone on its line heads a list of items, one a
    line, short and without sentences."""
    if simple[:1] in _LINK_FIRST:
        mark = _LINK_MARK.match(simple)
        if mark:
            return True, not simple[mark.end() :].strip(" :")
    if in_list and len(simple) <= 80 and not _SENTENCE_MARKS.search(simple):
        return True, True
    return False, False


def _unlabelled(t: str, simple: str) -> tuple[str, str]:
    """Drop a CMS field label (标题: …) from the printed and the simplified text."""
    m = _FIELD_LABEL.match(simple)
    if not m:
        return t, simple
    return (t[m.end() :] if len(t) == len(simple) else simple[m.end() :]), simple[m.end() :]


def _continued(simple: str, nxt: str) -> tuple[str, str] | None:
    """A title wrapped over two lines (PDF): 某某2021年政府信息公开工作年度报 / 告, or
    …政府信息 / 公开工作年度报告: the next line ends the title and names no subject of its own.
    The next line as printed and simplified, or None."""
    # cheap tests on the raw line first: most lines above a title are the agency over a whole title
    if nxt.rstrip()[-1:] not in _TITLE_LAST or _SUBJECT_RAW.search(nxt):
        return None
    nxt = fold(nxt)
    if len(simple) + len(nxt) > 80:
        return None
    rest = to_simplified(nxt)
    whole = simple + rest
    if "信息公开" in rest or "政务公开" in rest or not _TITLE_END.search(whole):
        return None
    if ("信息公开" in whole or "政务公开" in whole) and _heading_like(whole):
        return nxt, rest
    return None


def _head_lines(doc: Document) -> Iterator[tuple[Paragraph, Paragraph | None]]:
    """The first 60 paragraphs among the first 120 blocks, each with the paragraph after it;
    lazily, as the title is most often the first line."""
    paras = islice((b for b in doc.blocks[:120] if isinstance(b, Paragraph)), 60)
    p = next(paras, None)
    for after in paras:
        yield p, after
        p = after
    if p is not None:
        yield p, None


def find_title(doc: Document) -> tuple[str | None, int | None]:
    """The report's title as printed and its line: the first heading-like line naming the
    report (信息公开 or 政务公开 and 年度报告/工作报告/年报) above the first section, with the
    agency printed on the line above a title that starts with the year. Sentences about the
    report, link lists and breadcrumbs are not titles; (None, None) when no line qualifies."""
    fallback = None  # a bare 政府信息公开年度报告 (a column name?) gives way to a fuller title below
    prev = None  # the line above, if it could be the agency printed over the title
    in_links = False
    for p, after in _head_lines(doc):
        t = fold(p.text)
        if _FIRST_SECTION.match(t):
            break
        simple = to_simplified(t)  # match on simplified text, keep the printed form
        link, in_links = _link_line(simple, in_links)
        if ":" in simple:
            t, simple = _unlabelled(t, simple)
        if link or not _heading_like(simple):
            prev = None
            continue
        named = any(w in simple for w in _TITLE_WORDS)
        if not named and after is not None:
            rest = _continued(simple, after.text)
            if rest:
                t, simple, named = t + rest[0], simple + rest[1], True
        if named and len(t) <= 80 and ("信息公开" in simple or "政务公开" in simple):
            if prev and (_YEAR.match(t) or simple.startswith("政府信息公开")) and not _DATE.search(prev[1]):
                t, simple = prev[0] + t, prev[1] + simple
            if not _GENERIC_TITLE.fullmatch(simple):
                return t, p.loc.line
            fallback = fallback or (t, p.loc.line)
            prev = None
            continue
        prev = (t, simple) if 2 <= len(t) <= 30 else None
    return fallback or (None, None)


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
        # 2022年政府信息公开…: no agency, 政府 is the subject's
        head = "" if m.group(1) in ("政府", "政务") else m.group(1)
    else:
        head = _TITLE_TAIL[info].sub("", t)
        if head == t:  # no year in the title: cut at the report words
            head = re.split(_SUBJECTS[info], t)[0]
    # 关于…的 around the name, brackets that set it apart: 【某某局】, a quoted report: 关于发布《某某局…》
    head = re.sub(r"^关于|(?:关于|的)$", "", head.strip().rpartition("《")[2]).strip("【】[]〔〕")
    start = t.find(head) if head else -1
    if start >= 0:
        head = printed[start : start + len(head)]
    return head or None


def full_agency(agency: str | None, body: str) -> str | None:
    """Prefer the fullest printing of the agency in the body: 洪泽区人民政府 -> 淮安市洪泽区人民政府."""
    if not agency:
        return agency
    from nianbao.regions import by_name

    names = by_name()
    best = agency
    at = body.find(agency)
    while at >= 0:
        before = body[max(0, at - 10) : at]
        at = body.find(agency, at + len(agency))
        for k in range(len(before)):
            cand = before[k:]
            if cand in names and cand + agency not in (best,):
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
    return _head_year(body[:3000])


def _head_year(head: str) -> int | None:
    """The first year printed in the document's head, outside lists of links to other pages
    (相关链接: 某县2021年…年度报告 names another report's year)."""
    in_links = False
    for line in head.split("\n"):
        link, in_links = _link_line(to_simplified(fold(line)), in_links)
        m = None if link else _YEAR.search(line)
        if m:
            return _year(m.group(1))
    return None


def _year(printed: str) -> int:
    return int(printed.translate(_CN_DIGITS))


def find_period(body: str) -> tuple[str, str] | None:
    m = _PERIOD.search(body)
    if not m:
        return None
    y1, m1, d1, y2, m2, d2 = m.groups()
    return f"{y1}-{int(m1):02d}-{int(d1):02d}", f"{y2}-{int(m2):02d}-{int(d2):02d}"

