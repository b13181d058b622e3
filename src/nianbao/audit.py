"""Run the rule catalogue over a report. (Placeholder until the rule engine lands: no rules.)"""

from __future__ import annotations

from nianbao.schema.model import Finding, Report


def audit(report: Report, prev: Report | None = None, select=None, ignore=None) -> list[Finding]:
    return []
