"""Metadata: title, agency, report year and statistics period."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from nianbao.document import Document, Paragraph, Table
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
# what a line over a title that names no agency cannot be: a publication date or time, the
# site's name (某区人民政府门户网站)
_NOT_OVER_TITLE = re.compile(r"\d{4}\s*[-/.]\s*\d{1,2}|\d{1,2}:\d{2}|网站|门户|网$")
_TITLE_LAST = frozenset("告报報)）")  # how a line ending a title ends, before folding
_SUBJECT_RAW = re.compile(r"[息务務]公[开開]")  # 信息公开 / 政务公开, printed in either script
_GENERIC_TITLE = re.compile(r"(?:政府|政务)?信息公开(?:工作)?(?:年度报告|工作报告|年报)|政务公开(?:工作)?(?:年度报告|年报)")

# Labels of the fields a CMS prints about a page (when, where from, how often read, font size)
_CMS_LABELS = (
    r"发布时间|发布日期|发文日期|成文日期|生成日期|更新时间|日期|时间|信息来源|来源|浏览次数|浏览量|点击数|点击量|点击率"
    r"|阅读次数|阅读量|访问量|访问次数|责任编辑|编辑|作者|字号|字体|发布机构|发布单位|发文机关|发文单位|索引号|文号"
)
# a title with such fields printed after it on its line: …年度报告  发布时间：2024-01-18  来源：本站
_TITLE_THEN_FIELDS = re.compile(rf"(?:年度报告|工作报告|年报)(?:\([^()]{{0,12}}\))?(?=[\s|丨]*[【\[]?(?:{_CMS_LABELS})\s*[:\s])")
# CMS fields naming who published the page; the label starts its line or follows a space or separator
_AGENCY_FIELD = re.compile(
    r"(?<![^\s|丨】\]])(?:发布机构|发布单位|发布部门|发文机关|发文单位|信息来源|来源单位|来源|所属机构|公开主体|责任部门)"
    r"\s*(?::|\t)\s*([^\s:|丨【\[]+)"
)
# where a field's value ends: a date (digits) or the next field stuck to it
_FIELD_VALUE_END = re.compile(rf"\d|{_CMS_LABELS}")
# How the name of a public body ends: the issuer of a report printed on a line of its own, in a
# CMS field or over the date that signs the report off
AGENCY_SUFFIXES = (
    "局", "委员会", "委", "办公室", "办", "人民政府", "政府", "中心", "院", "厅", "署", "处", "所", "站",
    "街道办事处", "管理委员会", "管委会", "公司", "队", "部", "会", "司", "馆", "社", "校", "集团", "银行",
    "监狱", "镇", "乡", "街道", "小组", "室",
)
# Texts ending like a body that are not one: the site, a page of it, a link, the report, a
# sentence about the agency (本局, 我局), an editor's part (主办)
_NOT_AGENCY = re.compile(r"网站|门户|网$|首页|位置|链接|报告|年报|公开工作|原创|转载|的|[、《》\"'“”\d]|^本|^我|(?:主|承|协)办$")
# a body named by no place or department: 政府办, 区人民政府, 本机关
_GENERIC_AGENCY = re.compile(r"(?:[省市区县镇乡]|本|(?:人民)?政府|办公室|办|机关|单位|部门)+")
_SUFFIX = re.compile("(?:" + "|".join(AGENCY_SUFFIXES) + ")$")  # found leftmost: the longest
_SUFFIX_LAST = frozenset(s[-1] for s in AGENCY_SUFFIXES)
# the stems of _AGENCY_FIELD's labels in either script: a table row worth folding and reading
_FIELD_HINT = re.compile(r"[发發][布文]|[来來]源|所[属屬]|公[开開]主|[责責]任部")
_AGENCY_MAX = 40  # a body's name is short
_LINE_MAX = 120  # a longer line is a paragraph: not a body's name, a title or a date (spaces included)
# the date signing a report off: 2024年1月18日, 二〇二四年一月十八日 (spaces dropped)
_SIGN_DATE = re.compile(rf"{_Y}年(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})日")


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


def _without_fields(t: str, simple: str) -> tuple[str, str]:
    """Drop the CMS fields printed after a title on its line (…年度报告  发布时间：… 来源：…)
    from the printed and the simplified text."""
    m = _TITLE_THEN_FIELDS.search(simple)
    if not m:
        return t, simple
    return (t[: m.end()] if len(t) == len(simple) else simple[: m.end()]), simple[: m.end()]


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
        listed = in_links  # a dated item of a list of links keeps its fields (and is no title)
        link, in_links = _link_line(simple, in_links)
        if ":" in simple:
            t, simple = _unlabelled(t, simple)
        if not listed and simple[-1:] not in _TITLE_LAST and "报" in simple:  # fields follow the title
            t, simple = _without_fields(t, simple)
        if link or not _heading_like(simple):
            prev = None
            continue
        named = any(w in simple for w in _TITLE_WORDS)
        if not named and after is not None:
            rest = _continued(simple, after.text)
            if rest:
                t, simple, named = t + rest[0], simple + rest[1], True
        if named and len(t) <= 80 and ("信息公开" in simple or "政务公开" in simple):
            if prev and (_YEAR.match(t) or simple.startswith("政府信息公开")) and not _NOT_OVER_TITLE.search(prev[1]):
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


def find_agency(doc: Document, title: str | None) -> str | None:
    """The issuing body: as the title prints it; else a CMS field in the head (发布机构: …) or a
    line of its own next to the title; else the name over the date that signs the report off."""
    return agency_from_title(title) or _head_agency(doc, title) or _signed_agency(doc)


def agency_name(text: str) -> str | None:
    """The text as a public body's name, as printed without spaces, or None: a short line
    without sentence, digits or quotes, ending like a body (AGENCY_SUFFIXES), naming neither
    the site nor the report: 红旗区工业和信息化局, not 红旗区人民政府门户网站 nor 本局."""
    if len(text) > _LINE_MAX:  # cheap before folding
        return None
    return _folded_name("".join(fold(text).split()))


def _folded_name(name: str) -> str | None:
    """agency_name of a text already folded, spaces dropped."""
    if not 3 <= len(name) <= _AGENCY_MAX:
        return None
    simple = to_simplified(name)
    suffix = _SUFFIX.search(simple) if simple[-1] in _SUFFIX_LAST else None
    if suffix is None or suffix.start() < 2:  # no suffix, a suffix alone (办公室) or nearly (全部)
        return None
    if _NOT_TITLE_ANYWHERE.search(simple) or _NOT_TITLE_START.match(simple) or _NOT_AGENCY.search(simple):
        return None
    return None if _GENERIC_AGENCY.fullmatch(simple) else name


def _field_agency(text: str) -> str | None:
    """The body a CMS field of a folded line names (发布机构: 某局 / 來源: 某局2024-01-18), as
    printed, or None (来源: 本站)."""
    simple = to_simplified(text)
    for m in _AGENCY_FIELD.finditer(simple):
        # cut positions found on the simplified text apply to the printed one (same length)
        value = (text if len(text) == len(simple) else simple)[m.start(1) : m.end(1)]
        end = _FIELD_VALUE_END.search(value)
        name = agency_name(value[: end.start()] if end else value)
        if name:
            return name
    return None


def _title_part(text: str, key: str) -> bool:
    """Whether a head line prints the title (spaces dropped in both): all of it, possibly with
    a field label before or fields after it, or one of the lines it is wrapped over."""
    return len(text) >= 2 and (text in key or text.startswith(key) or text.endswith(key))


def _table_field_agency(table: Table) -> str | None:
    """The body a small table of page fields names (索引号 | … | 发布机构 | 某局), or None."""
    if len(table.rows) > 12:  # a table of the report, not of the page's fields
        return None
    for row in table.rows:
        if _FIELD_HINT.search("".join(c.text for c in row.cells)):
            found = _field_agency("\t".join(fold(c.text) for c in row.cells))  # fold makes a tab a space
            if found:
                return found
    return None


def _head_agency(doc: Document, title: str | None) -> str | None:
    """The body a CMS field names in the head (lines, or a small table of fields), else a line
    naming only a body right below the title, else right above it. Stops at the first section."""
    key = "".join(title.split()) if title else ""
    below = above = None
    last_name, last_title = None, False  # the previous non-empty line: a body's name? the title?
    paras = 0
    for b in islice(doc.blocks, 120):
        if not isinstance(b, Paragraph):
            found = _table_field_agency(b) if isinstance(b, Table) else None
            if found:
                return found
            continue
        raw = b.text.strip()
        if not raw:
            continue
        paras += 1
        t = fold(raw) if len(raw) <= _LINE_MAX else ""  # a longer line is a paragraph of the body
        if paras > 60 or _FIRST_SECTION.match(t or fold(raw[:8])):
            break
        if ":" in raw or "：" in raw:
            found = _field_agency(t or fold(raw))
            if found:
                return found
        k = "".join(t.split())
        name = _folded_name(k) if k else None
        is_title = bool(key and k) and _title_part(k, key)
        if is_title and last_name and not above:
            above = last_name
        if name and last_title and not below:
            below = name
        last_name, last_title = name, is_title
    return below or above


def _last_lines(doc: Document, count: int) -> list[str]:
    """The document's last ``count`` non-empty lines, spaces dropped, in order; fewer if a
    table or the 20th block from the end comes first."""
    lines: list[str] = []
    for b in islice(reversed(doc.blocks), 20):
        if not isinstance(b, Paragraph):
            break
        for line in reversed(b.text.split("\n")):
            k = "".join(fold(line).split()) if len(line) <= _LINE_MAX else line  # long: a paragraph
            if k:
                lines.append(k)
                if len(lines) == count:
                    return lines[::-1]
    return lines[::-1]


def _signed_agency(doc: Document) -> str | None:
    """The body signing the report off: among its last lines, a body's name over a date
    (红旗区工业和信息化局 / 2024年1月18日), as official documents close."""
    lines = _last_lines(doc, 5)
    for i in range(len(lines) - 1, 0, -1):
        if _SIGN_DATE.fullmatch(lines[i]):
            return _folded_name(lines[i - 1])  # a long line is kept unfolded: too long for a name
    return None


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

