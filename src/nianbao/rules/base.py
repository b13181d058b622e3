"""The machinery of a rule: the Rule class, the context it reads, and how findings are made.

A rule is a class with a permanent ``code``, a kebab-case ``name``, a default ``severity``
and a docstring that is its documentation. Its ``check(ctx)`` yields findings made with
``self.finding(...)`` (a defect) or ``self.unverifiable(...)`` (an input cell is null, so
the identity could not be checked: never a silent pass, never null read as 0).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property, lru_cache
from typing import Any, ClassVar

from nianbao.schema.model import Finding, Report, Severity
from nianbao.schema.template import Template, load_template

UNVERIFIABLE = "CHECK-UNVERIFIABLE"
INTERNAL_ERROR = "INTERNAL-ERROR"

TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
SECTION_NAMES = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六"}
_NOTE = re.compile(r"（[^）]{8,}）$")
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


def _row_key(cid: str) -> str:
    return cid.rpartition(".")[0]


@lru_cache(maxsize=4096)
def _labels(edition: str, cid: str) -> tuple[str, str]:
    """(row label, column label) of a cell as printed, the row with its group for numbered
    sub-rows and without long parenthetical notes."""
    template = load_template(edition)
    tid, rid, _ = cid.split(".")
    _, row, col = template.labels(cid)
    if tid != "t4":
        spec = template.tables[tid].row(rid)
        if spec.group and row[:1].isdigit():
            row = f"{spec.group}{row}"
    return _NOTE.sub("", row), col


@lru_cache(maxsize=4096)
def ids(table: str, rows: tuple[str, ...], cols: tuple[str, ...]) -> list[str]:
    """Cell ids of ``rows`` × ``cols`` (row-major), cached: rules ask for the same ones per
    report. The list is shared: read it, never change it."""
    return [f"{table}.{r}.{c}" for r in rows for c in cols]


class Context:
    """What a rule reads: the report, its template, last year's report, and helpers that
    name cells as printed."""

    def __init__(self, report: Report, prev: Report | None = None):
        self.report = report
        self.prev = prev
        self.template: Template | None = load_template(report.edition) if report.edition in ("2021", "2019") else None
        self.vals: dict[str, int | float | None] = {cid: c.value for cid, c in report.cells.items()}

    # -- cells -----------------------------------------------------------------------
    def has(self, cid: str) -> bool:
        return cid in self.vals

    def value(self, cid: str) -> int | float | None:
        return self.vals.get(cid)

    @cached_property
    def printed_cells(self) -> set[str]:
        """Cells the source printed something in (a number, a marker or a blank slot)."""
        return {cid for cid, c in self.report.cells.items() if c.raw is not None or c.value is not None}

    @cached_property
    def rows(self) -> dict[str, list[str]]:
        """Row key ("t3.granted") -> its cell ids, in template order."""
        out: dict[str, list[str]] = {}
        for cid in self.vals:
            key = cid.rpartition(".")[0]
            if key in out:
                out[key].append(cid)
            else:
                out[key] = [cid]
        return out

    def printed(self, cid: str) -> bool:
        """True when the source printed something (a number, a marker or a blank slot) there."""
        return cid in self.printed_cells

    @cached_property
    def tables_layout(self) -> dict[str, Any]:
        return self.report.layout.get("tables") or {}

    def table_found(self, tid: str) -> bool:
        """Whether the extractor found the table (or, for reports built without a layout,
        whether any of its cells was printed)."""
        t = self.tables_layout.get(tid)
        if t is not None and "found" in t:
            return bool(t["found"])
        return tid in self.printed_tables

    @cached_property
    def printed_tables(self) -> set[str]:
        return {cid[:2] for cid in self.printed_cells}

    @cached_property
    def all_printed(self) -> bool:
        """Every cell of the report was printed (the common case, which rules can skip on)."""
        return len(self.printed_cells) == len(self.vals)

    @cached_property
    def single_other_processing(self) -> bool:
        """The result rows end with the single （六）其他处理 row (edition 2019, or a 2021
        report that kept the old row)."""
        return self.report.edition == "2019" or "t3.other_processing.total" in self.report.cells

    @cached_property
    def t3_result_rows(self) -> tuple[str, ...]:
        return tuple(self.template.result_rows(alternative=self.single_other_processing)) if self.template else ()

    @cached_property
    def t3_rows(self) -> tuple[str, ...]:
        """Table 3 rows of this report, in printed order (the (六) variant in use only)."""
        if not self.template:
            return []
        unused = (
            {"other_overdue_correction", "other_overdue_fee", "other_other"}
            if self.single_other_processing
            else {"other_processing"}
        )
        return tuple(r.id for r in self.template.tables["t3"].rows if r.id not in unused and f"t3.{r.id}.total" in self.vals)

    @cached_property
    def t3_columns(self) -> tuple[str, ...]:
        return tuple(self.template.tables["t3"].columns) if self.template else ()

    # -- naming ----------------------------------------------------------------------
    def row_label(self, cid: str) -> str:
        """The printed row label, with its group for numbered sub-rows and without long
        parenthetical notes: （三）不予公开1.属于国家秘密, （二）部分公开."""
        return _labels(self.report.edition, cid)[0]

    def names(self, cells: Iterable[str]) -> str:
        """Several cells named as printed, grouped by row: 表三「（一）予以公开」行「自然人」「其他」列."""
        rows: dict[str, list[str]] = {}
        for cid in cells:
            rows.setdefault(_row_key(cid), []).append(cid)
        parts = []
        for row, cids in rows.items():
            if self.template is None:
                parts.append("、".join(cids))
                continue
            cols = "".join(f"「{_labels(self.report.edition, c)[1]}」" for c in cids)
            parts.append(f"{TABLE_NAMES[row[:2]]}「{self.row_label(cids[0])}」行{cols}列")
        return "；".join(parts)

    def where(self, cid: str) -> str:
        """A cell named as printed: 表三「（七）总计」行「自然人」列."""
        if self.template is None:
            return cid
        row, col = _labels(self.report.edition, cid)
        return f"{TABLE_NAMES[cid[:2]]}「{row}」行「{col}」列"

    def location(self, cells: Iterable[str]) -> tuple[str, dict[str, int]]:
        """Where the first of ``cells`` with a known provenance was printed: text and line/page."""
        cells = list(cells)
        found = self._located(cells)
        if found is None:  # a cell printed nowhere is located by its row
            found = self._located([m for cid in cells for m in self.rows.get(cid.rsplit(".", 1)[0], ())])
        if found is None:
            return "", {}
        pos = {k: v for k, v in (("line", found.line), ("page", found.page)) if v is not None}
        return found.describe(), pos

    def _located(self, cells: list[str]):
        for cid in cells:
            c = self.report.cells.get(cid)
            if c is not None and c.provenance is not None:
                return c.provenance
        return None

    def section_location(self, number: int) -> tuple[str, dict[str, int]]:
        s = self.report.section(number)
        if s is None:
            return "", {}
        pos = {k: v for k, v in (("line", s.line), ("page", s.page)) if v is not None}
        parts = [f"第{SECTION_NAMES[number]}部分"]
        if s.page is not None:
            parts.append(f"第{s.page}页")
        if s.line is not None:
            parts.append(f"第{s.line}行")
        return "，".join(parts), pos

    @staticmethod
    def fmt(v: Any) -> str:
        if v is None:
            return "空"
        if isinstance(v, float):
            return f"{v:g}"
        return str(v)


class Rule:
    """Base class of every rule. Subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    family: ClassVar[str] = ""
    editions: ClassVar[tuple[str, ...]] = ("2021", "2019", "pre2019")
    cross_year: ClassVar[bool] = False  # needs last year's report
    # tables the rule reads: it does not run when one is missing (TABLE-MISSING says so)
    tables: ClassVar[tuple[str, ...]] = ()

    def __init__(self, severity: Severity | None = None):
        self.effective_severity: Severity = severity or self.severity

    def check(self, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        return (inspect.getdoc(cls) or "").split("\n", 1)[0].strip()

    @classmethod
    def doc(cls) -> str:
        return inspect.getdoc(cls) or ""

    # -- making findings -------------------------------------------------------------
    def finding(
        self,
        ctx: Context,
        message: str,
        cells: list[str] | None = None,
        expected: Any = None,
        actual: Any = None,
        section: int | None = None,
        severity: Severity | None = None,
        **detail: Any,
    ) -> Finding:
        cells = list(cells or [])
        loc, pos = ctx.location(cells) if cells else ("", {})
        if not loc and section is not None:
            loc, pos = ctx.section_location(section)
        if section is not None:
            detail["section"] = section
        detail.update(pos)
        return Finding.model_construct(
            code=self.code,
            severity=severity or self.effective_severity,
            cells=cells,
            message=message,
            location=loc,
            name=self.name,
            expected=expected,
            actual=actual,
            detail=detail or None,
        )

    def unverifiable(self, ctx: Context, cells: list[str], what: str) -> Finding:
        """An info finding: ``what`` could not be checked because ``cells`` hold no number."""
        blank = [c for c in cells if ctx.value(c) is None]
        names = ctx.names(blank)
        loc, pos = ctx.location(cells)
        return Finding.model_construct(
            code=UNVERIFIABLE,
            severity="info",
            cells=blank,
            message=f"无法核对{what}：{names}没有数值（{self.code} not verified: input cells are null）",
            location=loc,
            name="check-unverifiable",
            expected=None,
            actual=None,
            detail={"rule": self.code, **pos},
        )

    def equation(
        self,
        ctx: Context,
        lhs: list[str],
        rhs: list[str],
        what: Callable[[], str],
        message: Callable[[str, str], str],
    ) -> Iterator[Finding]:
        """Check sum(lhs) == sum(rhs). ``what()`` names the identity for an unverifiable
        finding; ``message(expected, actual)`` words a failure. Both are called only when
        needed: most identities hold, and naming cells costs more than adding them.

        The finding lists the left-hand cells first (the printed total), then the parts.
        """
        vals = ctx.vals
        try:  # the common case first: every term known and the identity holds
            if sum(vals[c] for c in lhs) == sum(vals[c] for c in rhs):
                return
        except (KeyError, TypeError):  # a term is missing or null
            pass
        cells = lhs + rhs
        terms = [vals.get(c) for c in cells]
        if None in terms:
            yield self.unverifiable(ctx, cells, what())
            return
        left, right = sum(terms[: len(lhs)]), sum(terms[len(lhs) :])
        if abs(left - right) > 1e-9:
            yield self.finding(
                ctx, message(ctx.fmt(right), ctx.fmt(left)), cells=cells, expected=right, actual=left
            )
