"""The catalogue: every rule class by code, and selection by --select / --ignore."""

from __future__ import annotations

import importlib
from functools import lru_cache

from nianbao.errors import NianbaoError
from nianbao.rules.base import Rule

FAMILIES = ("structure", "meta", "cells", "totals", "balance", "table2", "text", "crossyear", "engine", "ocr")


class RuleSelectionError(NianbaoError):
    """--select / --ignore / a severity override names no rule."""


@lru_cache(maxsize=1)
def all_rules() -> dict[str, type[Rule]]:
    """Every rule class, by code, in catalogue order (family by family)."""
    out: dict[str, type[Rule]] = {}
    for fam in FAMILIES:
        mod = importlib.import_module(f"nianbao.rules.{fam}")
        for obj in vars(mod).values():
            if isinstance(obj, type) and issubclass(obj, Rule) and obj is not Rule and obj.__module__ == mod.__name__:
                if obj.code in out:  # pragma: no cover - a programming error
                    raise RuntimeError(f"duplicate rule code {obj.code}")
                obj.family = fam
                out[obj.code] = obj
    return out


def get_rule(code: str) -> type[Rule]:
    try:
        return all_rules()[code.upper()]
    except KeyError:
        raise RuleSelectionError(f"没有规则 {code!r} (no rule with this code; see `nianbao rules`)") from None


def _matches(token: str, rule: type[Rule]) -> bool:
    t = token.strip().upper()
    return rule.code == t or rule.code.startswith(t + "-") or rule.name.upper() == t or t == "ALL"


def _tokens(codes) -> list[str]:
    if codes is None:
        return []
    if isinstance(codes, str):
        codes = [codes]
    return [t for c in codes for t in str(c).split(",") if t.strip()]


def select_rules(select=None, ignore=None) -> list[type[Rule]]:
    """Rules chosen by code, code prefix (``T3`` = every ``T3-…``), or name; unknown ones raise.

    ``select`` None means all; ``ignore`` removes from the selection.
    """
    rules = list(all_rules().values())
    sel, ign = _tokens(select), _tokens(ignore)
    for t in sel + ign:
        if not any(_matches(t, r) for r in rules):
            raise RuleSelectionError(f"--select/--ignore 中的 {t!r} 不是规则代码 (unknown rule code; see `nianbao rules`)")
    if sel:
        rules = [r for r in rules if any(_matches(t, r) for t in sel)]
    return [r for r in rules if not any(_matches(t, r) for t in ign)]
