"""Table 2 plausibility: who can make 规章, and edition 2019's item counts."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from nianbao.rules.base import Context, Rule
from nianbao.schema.model import Finding

_NATIONAL = ("部", "委员会", "总局", "署", "银行", "办公厅")


@lru_cache(maxsize=4096)
def can_make_regulations(agency: str) -> bool | None:
    """Whether an agency may make 规章 (Legislation Law art. 91–93): provincial and
    prefecture-level people's governments, and State Council departments. None if unknown."""
    from nianbao.regions import find_regions, resolve

    if not agency:
        return None
    if not find_regions(agency):
        return agency.endswith(_NATIONAL) or None
    region = resolve(agency)
    if region is None:
        return None
    # the government itself, its office, or the whole region's report (聊城市)
    rest = agency.split(region.name, 1)[-1]
    return region.level in ("province", "city") and (rest == "" or rest.startswith("人民政府"))


class RegulationsImplausible(Rule):
    """An agency that cannot make 规章 reports 规章 issued this year.

    **What it checks.** Table 2's 规章 本年制发件数 (2019: 本年新制作数量) is 0 unless the author
    is a provincial or prefecture-level people's government or a State Council department;
    county governments and every local bureau have no power to make 规章.

    **Why it matters.** A county bureau reporting 规章 has counted 行政规范性文件 (or other
    documents) in the wrong row.

    **Fails:** 海州区工业和信息化局 reports 规章 本年制发件数 2.

    **Passes:** 海州区工业和信息化局 reports 规章 0 and 行政规范性文件 2; 江苏省人民政府 reports
    规章 本年制发件数 2.
    """

    code = "T2-REGULATIONS-IMPLAUSIBLE"
    name = "regulations-by-non-issuer"
    severity = "warning"
    editions = ("2021", "2019")

    def check(self, ctx: Context) -> Iterator[Finding]:
        cid = "t2.regulations.issued" if ctx.report.edition == "2021" else "t2.regulations.new_made"
        v = ctx.value(cid)
        if not v or can_make_regulations(ctx.report.meta.agency or "") is not False:
            return
        yield self.finding(
            ctx,
            f"{ctx.report.meta.agency}无权制定规章，{ctx.where(cid)}却为 {ctx.fmt(v)}（应计入行政规范性文件？）",
            cells=[cid],
            expected=0,
            actual=v,
        )


class ItemsNegative(Rule):
    """Edition 2019: last year's item count plus this year's change is negative.

    **What it checks.** In the 2019 Table 2, 上一年项目数量 + 本年增/减 ≥ 0 for 行政许可,
    其他对外管理服务事项, 行政处罚, 行政强制 and 行政事业性收费. 本年增/减 itself may be negative.

    **Why it matters.** The sum is this year's number of items; below zero, one of the two
    cells is wrong (often a decrease larger than the items there were).

    **Fails:** 行政许可 上一年项目数量 3, 本年增/减 -5.

    **Passes:** 行政许可 上一年项目数量 3, 本年增/减 -2.
    """

    code = "T2-ITEMS-NEGATIVE"
    name = "items-below-zero"
    severity = "error"
    editions = ("2019",)
    tables = ("t2",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for rid in ("licensing", "other_services", "penalty", "coercion", "fees"):
            cells = [f"t2.{rid}.prev_items", f"t2.{rid}.change"]
            if not all(ctx.has(c) for c in cells):
                continue
            if any(ctx.value(c) is None for c in cells):
                yield self.unverifiable(ctx, cells, f"「{ctx.row_label(cells[0])}」本年项目数量")
                continue
            now = ctx.value(cells[0]) + ctx.value(cells[1])
            if now < 0:
                yield self.finding(
                    ctx,
                    f"表二「{ctx.row_label(cells[0])}」上一年项目数量加本年增/减为 {ctx.fmt(now)}，不能为负",
                    cells=cells,
                    expected=">= 0",
                    actual=now,
                )


class PublishedTotalLow(Rule):
    """Edition 2019: fewer documents public in total than newly published this year.

    **What it checks.** In the 2019 Table 2, 对外公开总数量 ≥ 本年新公开数量 for 规章 and
    规范性文件.

    **Why it matters.** Documents published this year are part of the total published; a
    smaller total means the columns were swapped or the total was not updated.

    **Fails:** 规范性文件 本年新公开数量 6, 对外公开总数量 4.

    **Passes:** 规范性文件 本年新公开数量 6, 对外公开总数量 40.
    """

    code = "T2-PUBLISHED-TOTAL"
    name = "published-total-below-new"
    severity = "warning"
    editions = ("2019",)
    tables = ("t2",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for rid in ("regulations", "normative_documents"):
            total, new = f"t2.{rid}.total_published", f"t2.{rid}.new_published"
            if ctx.value(total) is None or ctx.value(new) is None:
                yield self.unverifiable(ctx, [total, new], f"「{ctx.row_label(total)}」对外公开总数量")
                continue
            if ctx.value(total) < ctx.value(new):
                yield self.finding(
                    ctx,
                    f"{ctx.where(total)} {ctx.fmt(ctx.value(total))} 小于本年新公开数量 {ctx.fmt(ctx.value(new))}",
                    cells=[total, new],
                    expected=f">= {ctx.fmt(ctx.value(new))}",
                    actual=ctx.value(total),
                )
