"""Two years of the same agency: carry-over, document stock, and text copied from last year."""

from __future__ import annotations

from collections.abc import Iterator

from nianbao.rules.base import SECTION_NAMES, Context, Rule
from nianbao.schema.model import Finding
from nianbao.similarity import copied_passages, normalise, similarity

COPY_THRESHOLD = 0.8  # Dice similarity of 4-gram sets above which a section counts as copied
COPY_SHARE = 0.5  # ... or this share of its text in verbatim passages
PARTIAL_SHARE = 0.25  # a smaller share still shown, as info
MIN_PASSAGE = 30  # characters a shared passage must have to be shown


def _consecutive(rule: Rule, ctx: Context, what: str) -> Finding | None:
    """None when last year's report is the year before this one; else an info finding."""
    y, py = ctx.report.meta.year, ctx.prev.meta.year
    if y is not None and py is not None and py == y - 1:
        return None
    return rule.finding(
        ctx,
        f"无法核对{what}：上一年度报告的年度（{py or '未知'}）不是本报告年度（{y or '未知'}）的前一年",
        severity="info",
        expected=None if y is None else y - 1,
        actual=py,
    )


class CarryOverMismatch(Rule):
    """This year's 上年结转 differs from last year's 结转下年度继续办理.

    **What it checks.** Across two consecutive reports of the same agency, for every
    column c of Table 3: 二、上年结转政府信息公开申请数量(Y)[c] = 四、结转下年度继续办理(Y-1)[c].

    **Why it matters.** Applications carried into the new year must arrive there; a
    difference means applications were lost between reports, or one year's table is wrong.

    **Fails:** 2023 carries forward 2 自然人 applications; 2024 reports 上年结转 0.

    **Passes:** 2024 reports 上年结转 2.
    """

    code = "CARRY-OVER-MISMATCH"
    name = "carry-over-mismatch"
    severity = "warning"
    editions = ("2021", "2019")
    tables = ("t3",)
    cross_year = True

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.prev.edition not in ("2021", "2019"):
            return
        bad = _consecutive(self, ctx, "上年结转")
        if bad:
            yield bad
            return
        for col in ctx.t3_columns:
            cur = f"t3.carried_over.{col}"
            before = ctx.prev.value(f"t3.carried_forward.{col}")
            if ctx.value(cur) is None or before is None:
                f = self.unverifiable(ctx, [cur], f"「{ctx.template.labels(cur)[2]}」列的上年结转")
                if before is None:
                    f.message += "（上一年度报告的结转下年度为空）"
                yield f
                continue
            if ctx.value(cur) != before:
                yield self.finding(
                    ctx,
                    f"{ctx.where(cur)}为 {ctx.fmt(ctx.value(cur))}，上一年度报告结转下年度为 {ctx.fmt(before)}",
                    cells=[cur],
                    expected=before,
                    actual=ctx.value(cur),
                    prev_cell=f"t3.carried_forward.{col}",
                )


class StockMismatch(Rule):
    """现行有效件数 does not follow from last year's stock and this year's changes.

    **What it checks.** For 规章 and 行政规范性文件 in edition-2021 reports of consecutive
    years: 现行有效件数(Y) = 现行有效件数(Y-1) + 本年制发件数(Y) − 本年废止件数(Y).

    **Why it matters.** The stock of documents in force is cumulative; a jump or a drop
    that the year's issues and repeals do not explain means one of the counts is wrong,
    or documents expired without being counted as repealed (hence only info).

    **Fails:** 2023 现行有效 5; 2024 制发 3, 废止 0, 现行有效 10.

    **Passes:** 2024 现行有效 8.
    """

    code = "STOCK-MISMATCH"
    name = "stock-mismatch"
    severity = "info"
    editions = ("2021",)
    tables = ("t2",)
    cross_year = True

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.prev.edition != "2021":
            return
        bad = _consecutive(self, ctx, "现行有效件数")
        if bad:
            yield bad
            return
        for rid in ("regulations", "normative_documents"):
            cells = [f"t2.{rid}.in_force", f"t2.{rid}.issued", f"t2.{rid}.repealed"]
            before = ctx.prev.value(f"t2.{rid}.in_force")
            if any(ctx.value(c) is None for c in cells) or before is None:
                yield self.unverifiable(ctx, cells, f"「{ctx.row_label(cells[0])}」现行有效件数的延续")
                continue
            want = before + ctx.value(cells[1]) - ctx.value(cells[2])
            if ctx.value(cells[0]) != want:
                yield self.finding(
                    ctx,
                    f"{ctx.where(cells[0])}为 {ctx.fmt(ctx.value(cells[0]))}，按上年现行有效 {ctx.fmt(before)} 加本年制发减本年废止应为 {ctx.fmt(want)}",
                    cells=cells,
                    expected=want,
                    actual=ctx.value(cells[0]),
                )


class TextCopiedFromPrevious(Rule):
    """Section 一 or 五 repeats last year's text (内容雷同).

    **What it checks.** The texts of 一、总体情况 and 五、存在的主要问题及改进情况 are compared
    with last year's report of the same agency. A similarity of 0.8 or more (shared
    4-character sequences, spacing ignored), or half the text in verbatim passages of 30
    characters or more, is reported with the copied passages; a quarter or more is shown
    as info.

    **Why it matters.** Problems and improvements copied unchanged from last year mean the
    improvements promised were not reported on; supervisors treat 内容雷同 as a defect.

    **Fails:** section 五 of 2024 identical to section 五 of 2023 but for the year.

    **Passes:** section 五 of 2024 describing new problems, with a sentence or two in common.
    """

    code = "TEXT-COPIED-FROM-PREVIOUS"
    name = "text-copied-from-previous"
    severity = "warning"
    cross_year = True

    def check(self, ctx: Context) -> Iterator[Finding]:
        for n in (1, 5):
            cur, old = ctx.report.section(n), ctx.prev.section(n)
            if cur is None or old is None or len(cur.text) < MIN_PASSAGE:
                continue
            sim = similarity(cur.text, old.text)
            passages = copied_passages(cur.text, old.text, min_chars=MIN_PASSAGE)
            share = sum(len(normalise(p)[0]) for p in passages) / max(1, len(normalise(cur.text)[0]))
            if sim >= COPY_THRESHOLD or share >= COPY_SHARE:
                severity = None
            elif share >= PARTIAL_SHARE:
                severity = "info"  # boilerplate reused in part: worth a look, not a defect
            else:
                continue
            flat = [p.replace("\n", "") for p in passages[:3]]
            shown = "；".join(f"「{p[:60]}{'…' if len(p) > 60 else ''}」" for p in flat)
            yield self.finding(
                ctx,
                f"第{SECTION_NAMES[n]}部分与上一年度报告相似度 {sim:.0%}，{share:.0%} 的文字原样照搬，雷同段落：{shown or '（整体改写程度低）'}",
                expected=f"< {COPY_THRESHOLD:.0%}",
                actual=round(sim, 3),
                section=n,
                severity=severity,
                copied_share=round(share, 3),
                passages=passages,
            )


class ItemsCarry(Rule):
    """Edition 2019: this year's 上一年项目数量 differs from last year's count after its change.

    **What it checks.** For two consecutive edition-2019 reports (2019 and 2020) of the
    same agency, in Table 2: 上一年项目数量(Y) = 上一年项目数量(Y-1) + 本年增/减(Y-1), for
    行政许可, 其他对外管理服务事项, 行政处罚, 行政强制 and 行政事业性收费.

    **Why it matters.** The item counts chain from year to year; a break means one year's
    count or change is wrong (the signed 本年增/减 is the usual suspect).

    **Fails:** 2019 行政许可 上一年项目数量 5, 本年增/减 -1; 2020 上一年项目数量 6.

    **Passes:** 2020 上一年项目数量 4.
    """

    code = "T2-ITEMS-CARRY"
    name = "items-carry-mismatch"
    severity = "info"
    editions = ("2019",)
    tables = ("t2",)
    cross_year = True

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.prev.edition != "2019":
            return
        bad = _consecutive(self, ctx, "上一年项目数量")
        if bad:
            yield bad
            return
        for rid in ("licensing", "other_services", "penalty", "coercion", "fees"):
            cur = f"t2.{rid}.prev_items"
            before = [ctx.prev.value(f"t2.{rid}.prev_items"), ctx.prev.value(f"t2.{rid}.change")]
            if ctx.value(cur) is None or None in before:
                yield self.unverifiable(ctx, [cur], f"「{ctx.row_label(cur)}」上一年项目数量的延续")
                continue
            want = before[0] + before[1]
            if ctx.value(cur) != want:
                yield self.finding(
                    ctx,
                    f"{ctx.where(cur)}为 {ctx.fmt(ctx.value(cur))}，按上一年度报告（{ctx.fmt(before[0])}，增/减 {ctx.fmt(before[1])}）应为 {ctx.fmt(want)}",
                    cells=[cur],
                    expected=want,
                    actual=ctx.value(cur),
                )
