"""Run the rule catalogue over reports: select / ignore / severity -> findings.

>>> from nianbao.audit import audit
>>> findings = audit(report, prev=last_year, select=["T3"], ignore=["CELL-BLANK"])

``audit_many`` checks several reports at once and pairs each with the same agency's
report of the year before (cross-year rules). Both are cheap enough to run over a corpus:
``throughput(reports)`` measures reports per second for the benchmark.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterable, Mapping

from nianbao.rules.base import INTERNAL_ERROR, UNVERIFIABLE, Context, Rule
from nianbao.rules.registry import RuleSelectionError, get_rule, select_rules
from nianbao.schema.model import SEVERITY_RANK, Finding, Report
from nianbao.text import label_key

__all__ = ["audit", "audit_many", "pair_previous", "throughput", "worst", "RuleSelectionError"]


def _severities(severity: Mapping[str, str] | None) -> dict[str, str]:
    out = {}
    for code, sev in (severity or {}).items():
        if sev not in SEVERITY_RANK:
            raise RuleSelectionError(f"严重程度 {sev!r} 无效，应为 error、warning 或 info (invalid severity for {code})")
        out[get_rule(code).code] = sev
    return out


def audit(
    report: Report,
    prev: Report | None = None,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    severity: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Findings of the selected rules on ``report`` (and against ``prev``, last year's report).

    ``select``/``ignore`` take codes, code prefixes or names; ``severity`` overrides default
    severities by code. Engine findings (``CHECK-UNVERIFIABLE``, ``INTERNAL-ERROR``) follow
    the rule that raised them and can themselves be ignored. An exception in one rule
    becomes an ``INTERNAL-ERROR`` finding naming it; the others still run.
    """
    overrides = _severities(severity)
    rules = select_rules(select, ignore)
    # engine findings follow their rule; only an explicit --ignore silences them
    muted = {UNVERIFIABLE, INTERNAL_ERROR} - {r.code for r in select_rules(None, ignore)} if ignore else set()
    ctx = Context(report, prev)
    out: list[Finding] = []
    for cls in rules:
        if getattr(cls, "engine", False) or report.edition not in cls.editions or (cls.cross_year and prev is None):
            continue
        if not all(ctx.table_found(t) for t in cls.tables):
            continue
        rule = cls(overrides.get(cls.code))
        try:
            out.extend(rule.check(ctx))
        except Exception as e:  # noqa: BLE001 - one broken rule must not hide the others
            out.append(_internal_error(rule, e))
    return [f for f in out if f.code not in muted]


def _internal_error(rule: Rule, e: Exception) -> Finding:
    where = traceback.extract_tb(e.__traceback__)[-1]
    return Finding.model_construct(
        code=INTERNAL_ERROR,
        severity="error",
        cells=[],
        message=f"规则 {rule.code}（{rule.name}）运行出错：{type(e).__name__}: {e}（internal error, please report）",
        location="",
        name="internal-error",
        expected=None,
        actual=None,
        detail={"rule": rule.code, "error": f"{type(e).__name__}: {e}", "at": f"{where.filename}:{where.lineno}"},
    )


def agency_key(report: Report) -> str:
    """A comparable agency name: simplified, without spaces, punctuation or the parent region."""
    return label_key(report.meta.agency or "")


def pair_previous(reports: list[Report], extra: Iterable[Report] = ()) -> list[Report | None]:
    """For each report, the same agency's report of the year before among ``reports`` + ``extra``."""
    pool: dict[tuple[str, int], Report] = {}
    for r in [*extra, *reports]:
        if r.meta.agency and r.meta.year is not None:
            pool.setdefault((agency_key(r), r.meta.year), r)
    out = []
    for r in reports:
        prev = None
        if r.meta.agency and r.meta.year is not None:
            key = agency_key(r)
            prev = pool.get((key, r.meta.year - 1))
            if prev is None:  # 洪泽区人民政府 vs 淮安市洪泽区人民政府
                prev = next(
                    (p for (k, y), p in pool.items() if y == r.meta.year - 1 and k and (k.endswith(key) or key.endswith(k))),
                    None,
                )
        out.append(prev)
    return out


def audit_many(reports: list[Report], prev: Report | None = None, **options) -> list[list[Finding]]:
    """Audit several reports, pairing consecutive years of the same agency automatically.

    ``prev`` (last year's report) is used for the report it precedes; with a single report
    it is used as given.
    """
    if prev is not None and len(reports) == 1:
        prevs: list[Report | None] = [prev]
    else:
        prevs = pair_previous(reports, [prev] if prev is not None else [])
    return [audit(r, prev=p, **options) for r, p in zip(reports, prevs)]


def worst(findings: Iterable[Finding]) -> str | None:
    """The highest severity among findings, or None."""
    ranks = [SEVERITY_RANK[f.severity] for f in findings]
    if not ranks:
        return None
    return {v: k for k, v in SEVERITY_RANK.items()}[max(ranks)]


def throughput(reports: list[Report], repeat: int = 1) -> float:
    """Reports audited per second of CPU time (one core) over ``reports``, for the benchmark.

    One report is audited first, untimed: the region index and template caches are built
    once per process, not per report.
    """
    if reports:
        audit(reports[0])
    t0 = time.process_time()
    n = 0
    for _ in range(repeat):
        for r in reports:
            audit(r)
            n += 1
    return n / max(time.process_time() - t0, 1e-9)
