"""Findings the engine itself emits; documented here so the catalogue lists them."""

from __future__ import annotations

from nianbao.rules.base import INTERNAL_ERROR, UNVERIFIABLE, Rule


class CheckUnverifiable(Rule):
    """A check could not be made because an input cell holds no number.

    **What it checks.** Emitted by any rule whose identity needs a cell that is blank,
    missing or a marker. ``detail.rule`` names the rule; ``cells`` lists the null cells.
    A null is never read as 0 and never lets a check pass silently.

    **Why it matters.** "All checks passed" must mean the checks were made.

    **Fails:** (reported) 「（一）予以公开」 prints no 自然人 value, so 「自然人」列's result sum
    cannot be verified.

    **Passes:** (nothing reported) every cell the identity needs holds a number.
    """

    code = UNVERIFIABLE
    name = "check-unverifiable"
    severity = "info"
    engine = True


class InternalError(Rule):
    """A rule failed with an unexpected error on this report.

    **What it checks.** Emitted when a rule raises; the finding names the rule and the
    error, and the other rules still run. Please report it with the file.

    **Why it matters.** A crashed rule must not look like a passed rule.

    **Fails:** (reported) a rule meets a layout nobody anticipated.

    **Passes:** (nothing reported) every rule ran to completion.
    """

    code = INTERNAL_ERROR
    name = "internal-error"
    severity = "error"
    engine = True
