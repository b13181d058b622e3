"""The rule catalogue: one module per family; ``registry`` collects them."""

from nianbao.rules.base import Context, Rule
from nianbao.rules.registry import all_rules, get_rule, select_rules

__all__ = ["Context", "Rule", "all_rules", "get_rule", "select_rules"]
