"""The 勾稽关系 of Table 3: applications on hand balance those processed and carried forward."""

from __future__ import annotations

from collections.abc import Iterator

from nianbao.rules.base import Context, Rule
from nianbao.schema.model import Finding


class T3Balance(Rule):
    """Per column, new + carried over = processed + carried forward (the printed 勾稽关系).

    **What it checks.** In each column c of Table 3:
    一、本年新收[c] + 二、上年结转[c] = （七）总计[c] + 四、结转下年度继续办理[c].

    **Why it matters.** The table prints this identity in its own header (第一项加第二项之和，
    等于第三项加第四项之和). When it fails, applications were lost or counted twice.

    **Fails:** 本年新收 5, 上年结转 1, （七）总计 5, 结转下年度 0 (one application vanished).

    **Passes:** 本年新收 5, 上年结转 1, （七）总计 5, 结转下年度 1.
    """

    code = "T3-BALANCE"
    name = "applications-do-not-balance"
    severity = "error"
    editions = ("2021", "2019")
    tables = ("t3",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for col in ctx.t3_columns:
            lhs = [f"t3.new_received.{col}", f"t3.carried_over.{col}"]
            rhs = [f"t3.total_processed.{col}", f"t3.carried_forward.{col}"]
            label = ctx.template.tables["t3"].columns[col].label
            yield from self.equation(
                ctx,
                lhs,
                rhs,
                lambda: f"「{label}」列的勾稽关系",
                lambda e, a: f"表三「{label}」列：本年新收加上年结转应等于办理总计加结转下年度 {e}，实为 {a}",
            )


class T3CarriedForwardExcess(Rule):
    """Applications carried forward cannot exceed the applications on hand.

    **What it checks.** Per column, 四、结转下年度继续办理 ≤ 一、本年新收 + 二、上年结转. It still
    applies when the full balance cannot be verified because a result cell is blank.

    **Why it matters.** More applications carried into next year than were ever received
    is impossible; it usually means a number was typed into the wrong row.

    **Fails:** 本年新收 2, 上年结转 0, 结转下年度 7.

    **Passes:** 本年新收 2, 上年结转 0, 结转下年度 1.
    """

    code = "T3-CARRIED-FORWARD-EXCESS"
    name = "carried-forward-exceeds-applications"
    severity = "error"
    editions = ("2021", "2019")
    tables = ("t3",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for col in ctx.t3_columns:
            fwd = f"t3.carried_forward.{col}"
            on_hand = [f"t3.new_received.{col}", f"t3.carried_over.{col}"]
            cells = [fwd, *on_hand]
            if any(ctx.value(c) is None for c in cells):
                continue  # T3-BALANCE already reports the column as unverifiable
            limit = sum(ctx.value(c) for c in on_hand)
            if ctx.value(fwd) > limit:
                yield self.finding(
                    ctx,
                    f"{ctx.where(fwd)}为 {ctx.fmt(ctx.value(fwd))}，超过本年新收与上年结转之和 {ctx.fmt(limit)}",
                    cells=cells,
                    expected=f"<= {ctx.fmt(limit)}",
                    actual=ctx.value(fwd),
                )
