"""The report's year and edition: title, statistics period, body and layout agree."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from nianbao.rules.base import SECTION_NAMES, Context, Rule
from nianbao.schema.model import Finding
from nianbao.schema.template import edition_for_year

_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:起|至|到|—|-))")
_PERIOD_YEAR = re.compile(r"统计(?:期限|时限|时间|区间|周期|截止)[^。；;\d]{0,12}((?:19|20)\d{2})\s*年")
# The year of the sentence stating this year's applications (2022年，我局共收到申请…).
_STATEMENT_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?(?:全年)?[，,]?[^。；;\n\d以]{0,16}?(?:收到|受理|新收)[^。；;\n]{0,16}?申请")
EDITION_YEARS = {"2021": "2021年及以后", "2019": "2019、2020年", "pre2019": "2019年以前"}


class YearMismatch(Rule):
    """The year in the title, the statistics period and the body disagree.

    **What it checks.** The statistics period (统计期限自2022年1月1日至2022年12月31日)
    lies in the report year of the title; the sentence stating the year's applications
    (2022年，我局共收到…申请) names that year; and the narrative of sections 一 to 四 speaks
    of it: a body that never names the report year but repeatedly names another one was
    carried over from another year's report.

    **Why it matters.** A report whose period or body belongs to another year reports the
    wrong year's work, or is last year's report with a new title.

    **Fails:** title 2022年…年度报告, period 2021年1月1日至2021年12月31日.

    **Passes:** title 2022, period 2022年1月1日至2022年12月31日; section 五 may speak of 2023
    plans.
    """

    code = "YEAR-MISMATCH"
    name = "year-mismatch"
    severity = "error"

    def check(self, ctx: Context) -> Iterator[Finding]:
        meta = ctx.report.meta
        year = meta.year
        if year is None:
            yield self.finding(ctx, "无法确定报告年度：标题和正文都没有写明年份（YEAR-MISMATCH not verified）",
                               severity="info", expected="报告年度", actual=None)
            return
        period = meta.period
        if not period:  # a period printed without full dates (自2023年1月1日至12月31日止)
            m = _PERIOD_YEAR.search("\n".join(s.text for s in ctx.report.sections if s.number == 1))
            if m:
                period = (f"{m.group(1)}年", f"{m.group(1)}年")
        if period:
            years = {int(period[0][:4]), int(period[1][:4])}
            if years != {year}:
                yield self.finding(
                    ctx,
                    f"统计期限 {period[0]} 至 {period[1]} 不在报告年度 {year} 年内",
                    expected=year,
                    actual=sorted(years),
                    section=1,
                    kind="period",
                )
        for s in ctx.report.sections:
            for m in _STATEMENT_YEAR.finditer(s.text):
                if int(m.group(1)) != year:
                    yield self.finding(
                        ctx,
                        f"第{SECTION_NAMES[s.number]}部分「{m.group().strip()}…」说的是 {m.group(1)} 年的申请，报告年度为 {year} 年",
                        expected=year,
                        actual=int(m.group(1)),
                        section=s.number,
                        kind="statement",
                    )
                    break
        body = "\n".join(s.text for s in ctx.report.sections if s.number <= 4)
        if str(year) in body:  # the report year is named: the body belongs to it
            return
        counts = Counter(int(m.group(1)) for m in _YEAR.finditer(body))
        if counts and year not in counts:
            other, n = counts.most_common(1)[0]
            if n >= 2 and other != year:
                yield self.finding(
                    ctx,
                    f"标题为 {year} 年，正文第一至四部分却从未提到 {year} 年，反复提到 {other} 年（{n}次）",
                    expected=year,
                    actual=other,
                    section=1,
                    kind="body",
                )


class EditionMismatch(Rule):
    """The layout's edition does not fit the report year.

    **What it checks.** Reports for 2021 onward use the 2021 tables (本年制发件数 …, three
    （六） sub-rows); reports for 2019 and 2020 use the 2019 trial tables (本年新制作数量 …,
    其他对外管理服务事项, 政府集中采购). The layout is read as printed and the mismatch flagged.

    **Why it matters.** An outdated template omits rows the current format requires and
    makes the report incomparable with its peers.

    **Fails:** a 2022 report whose Table 2 has 本年新制作数量 / 本年新公开数量 / 对外公开总数量.

    **Passes:** a 2022 report with 本年制发件数 / 本年废止件数 / 现行有效件数.
    """

    code = "EDITION-MISMATCH"
    name = "edition-mismatch"
    severity = "warning"

    def check(self, ctx: Context) -> Iterator[Finding]:
        year = ctx.report.meta.year
        want = edition_for_year(year)
        if want is None or want == ctx.report.edition:
            return
        got = ctx.report.edition
        printed = "2019年以前的自由格式（没有统一表格）" if got == "pre2019" else f"{EDITION_YEARS[got]}所用的{got}年版"
        yield self.finding(
            ctx,
            f"{year}年度报告应使用{EDITION_YEARS[want]}的{want}年版格式，实际版式为{printed}",
            expected=want,
            actual=got,
        )
