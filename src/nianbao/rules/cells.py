"""Single cells: blank or marker cells, negative counts, fractional counts."""

from __future__ import annotations

from collections.abc import Iterator

from nianbao.rules.base import Context, Rule
from nianbao.schema.model import Finding


def printed_rows(ctx: Context) -> Iterator[tuple[str, list[str]]]:
    """(row key, cell ids) of every table row the source printed, tables found only."""
    found = {t: ctx.table_found(t) for t in ("t2", "t3", "t4")}
    t3_rows = set(ctx.t3_rows)
    for key, cids in ctx.rows.items():
        tid, rid = key.split(".")
        if not found.get(tid) or (tid == "t3" and rid not in t3_rows):
            continue
        if any(c in ctx.printed_cells for c in cids):
            yield key, cids


class CellBlank(Rule):
    """A cell of a printed row is blank or holds a marker (/, -, 无) instead of a number.

    **What it checks.** Every cell of every row the report prints in Tables 2–4 holds a
    number. Blank cells and markers are read as null, never as 0; one finding per row
    lists its blank cells and their literal text. Cells of a 总计 column missing from the
    Table 3 header are left to TABLE-SHAPE.

    **Why it matters.** The template asks for a number in every cell, 0 included. A blank
    cell leaves the reader guessing, and every identity that uses it cannot be verified.

    **Fails:** 「（一）予以公开」 prints only its 总计 4 and leaves the six applicant cells empty.

    **Passes:** the row prints 4 0 0 0 0 0 4.
    """

    code = "CELL-BLANK"
    name = "cell-blank"
    severity = "warning"
    editions = ("2021", "2019")

    def check(self, ctx: Context) -> Iterator[Finding]:
        if None not in ctx.vals.values():
            return
        # a 总计 column the header lacks is TABLE-SHAPE's finding, not one blank per row
        no_total = (ctx.tables_layout.get("t3") or {}).get("header_total") is False
        for key, cids in printed_rows(ctx):
            blank = [
                c for c in cids
                if ctx.value(c) is None and not (no_total and key[:2] == "t3" and c.endswith(".total") and ctx.report.cells[c].raw is None)
            ]
            if not blank:
                continue
            raws = sorted({(ctx.report.cells[c].raw or "").strip() or "空白" for c in blank})
            yield self.finding(
                ctx,
                f"{ctx.names(blank)}没有数值（印作：{'、'.join(raws)}）",
                cells=blank,
                expected="数字",
                actual=[ctx.report.cells[c].raw for c in blank],
            )


class CellNegative(Rule):
    """A count is negative.

    **What it checks.** No cell of Tables 2–4 is below zero, except edition 2019's signed
    本年增/减 columns of Table 2, which record a change in the number of items.

    **Why it matters.** Applications, documents and cases are counted; a negative count is
    a typing error (often a dash read as a minus sign in the source).

    **Fails:** 「一、本年新收政府信息公开申请数量」「自然人」 prints -3.

    **Passes:** it prints 3; or, in edition 2019, 行政许可「本年增/减」 prints -2.
    """

    code = "CELL-NEGATIVE"
    name = "negative-count"
    severity = "error"
    editions = ("2021", "2019")

    def check(self, ctx: Context) -> Iterator[Finding]:
        for cid, v in ctx.vals.items():
            if v is not None and v < 0 and not ctx.template.column(cid).signed:
                yield self.finding(ctx, f"{ctx.where(cid)}为负数 {ctx.fmt(v)}", cells=[cid], expected=">= 0", actual=v)


class CellNotInteger(Rule):
    """A count is not a whole number.

    **What it checks.** Every count is an integer; only amounts (Table 2's 本年收费金额 and
    edition 2019's 采购总金额) may be decimal.

    **Why it matters.** Half an application does not exist; a decimal in a count column is
    usually an amount typed into the wrong row or a misplaced decimal point.

    **Fails:** 「行政处罚」「本年处理决定数量」 prints 12.5.

    **Passes:** it prints 12; 「行政事业性收费」「本年收费金额（单位：万元）」 prints 12.5.
    """

    code = "CELL-NOT-INTEGER"
    name = "count-not-integer"
    severity = "error"
    editions = ("2021", "2019")

    def check(self, ctx: Context) -> Iterator[Finding]:
        for cid, v in ctx.vals.items():
            if isinstance(v, float) and not v.is_integer() and not ctx.template.column(cid).decimal:
                yield self.finding(ctx, f"{ctx.where(cid)}不是整数：{ctx.fmt(v)}", cells=[cid], expected="整数", actual=v)
