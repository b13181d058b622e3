"""Totals printed in the tables: row totals of Table 3, result totals, Table 4 group totals."""

from __future__ import annotations

from collections.abc import Iterator

from nianbao.rules.base import Context, Rule, ids
from nianbao.schema.model import Finding


class T3RowTotal(Rule):
    """Each Table 3 row's 总计 equals the sum of its six applicant columns.

    **What it checks.** For every row of 收到和处理政府信息公开申请情况, the 总计 column equals
    自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他. There is no subtotal column
    for 法人或其他组织.

    **Why it matters.** A wrong row total is the commonest arithmetic slip in published
    reports; readers and supervisors add the row and find a different number.

    **Fails:** 「（一）予以公开」 prints 自然人 3, 商业企业 1, the others 0, and 总计 5.

    **Passes:** the same row with 总计 4.
    """

    code = "T3-ROW-TOTAL"
    name = "row-total-mismatch"
    severity = "error"
    editions = ("2021", "2019")
    tables = ("t3",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        parts = tuple(c for c in ctx.t3_columns if c != "total")
        for rid in ctx.t3_rows:
            row = ids("t3", (rid,), parts)
            total = ids("t3", (rid,), ("total",))[0]
            if not ctx.all_printed and not any(c in ctx.printed_cells for c in ctx.rows.get(f"t3.{rid}", ())):
                continue  # the row was not printed at all: TABLE-SHAPE reports it
            yield from self.equation(
                ctx,
                [total],
                row,
                lambda: f"「{ctx.row_label(total)}」行的总计",
                lambda e, a: f"{ctx.where(total)}应为六类申请人之和 {e}，实为 {a}",
            )


class T3ResultsSum(Rule):
    """（七）总计 equals the sum of every result row, per column.

    **What it checks.** In each column of Table 3, 三、本年度办理结果 （七）总计 equals the sum
    of （一）予以公开 through the three sub-rows of （六）其他处理 (edition 2021) or the single
    （六）其他处理 row (edition 2019, and 2021 reports that kept the old row).

    **Why it matters.** The total of results is what the balance 勾稽关系 uses; a result
    row left out of it (often a （六） sub-row) makes every later check disagree.

    **Fails:** 予以公开 2, 部分公开 1, all other results 0, and （七）总计 2.

    **Passes:** the same column with （七）总计 3.
    """

    code = "T3-RESULTS-SUM"
    name = "results-sum-mismatch"
    severity = "error"
    editions = ("2021", "2019")
    tables = ("t3",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for col in ctx.t3_columns:
            total = f"t3.total_processed.{col}"
            if not ctx.has(total):
                continue
            parts = ids("t3", ctx.t3_result_rows, (col,))
            label = ctx.template.tables["t3"].columns[col].label
            yield from self.equation(
                ctx,
                [total],
                parts,
                lambda: f"「{label}」列的办理结果合计",
                lambda e, a: f"{ctx.where(total)}应为各项办理结果之和 {e}，实为 {a}",
            )


class T4GroupTotal(Rule):
    """Each Table 4 group's 总计 equals 结果维持 + 结果纠正 + 其他结果 + 尚未审结.

    **What it checks.** For 行政复议, 行政诉讼·未经复议直接起诉 and 行政诉讼·复议后起诉, the
    总计 column equals the sum of the four result columns.

    **Why it matters.** Table 4 is a single line of fifteen numbers; a total left at 0
    while cases are counted in the result columns misstates how many cases there were.

    **Fails:** 行政复议 prints 结果维持 10, 结果纠正 1, 其他结果 0, 尚未审结 0, 总计 0.

    **Passes:** the same group with 总计 11.
    """

    code = "T4-GROUP-TOTAL"
    name = "group-total-mismatch"
    severity = "error"
    editions = ("2021", "2019")
    tables = ("t4",)

    def check(self, ctx: Context) -> Iterator[Finding]:
        for gid, _, _ in ctx.template.t4_groups:
            total = f"t4.{gid}.total"
            parts = ids("t4", (gid,), ("upheld", "corrected", "other", "pending"))
            yield from self.equation(
                ctx,
                [total],
                parts,
                lambda: f"「{ctx.row_label(total)}」的总计",
                lambda e, a: f"{ctx.where(total)}应为四类结果之和 {e}，实为 {a}",
            )
