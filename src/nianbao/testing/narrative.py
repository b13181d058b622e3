"""Narrative text for the six sections: title variants, numbering styles and sentences that
restate figures of the tables (收到申请N件), as real reports do."""

from __future__ import annotations

import random

from nianbao.testing.agencies import Agency

CN_NUM = "一二三四五六"

# Printed section titles (the first is the national one).
SECTION_TITLES = {
    1: ("总体情况", "总体情况", "概述"),
    2: ("主动公开政府信息情况",),
    3: ("收到和处理政府信息公开申请情况",),
    4: ("政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
    5: ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况"),
    6: ("其他需要报告的事项",),
}

_OPENINGS = (
    "{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "紧紧围绕中心工作和公众关切，持续深化政务公开，不断提升政府信息公开工作质量。",
    "{agency}深入贯彻落实党中央、国务院关于全面推进政务公开的决策部署，坚持“公开为常态、不公开为例外”的原则，"
    "扎实推进政府信息公开各项工作，依法保障人民群众知情权、参与权和监督权。",
    "{agency}严格按照《中华人民共和国政府信息公开条例》要求，健全工作机制，规范公开流程，"
    "加强政策解读和回应关切，政府信息公开工作整体运行平稳有序。",
)
_SUBHEADS = ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障")
_MANAGEMENT = (
    "严格落实公文公开属性源头认定和发布审查机制，坚持“先审查、后公开”，确保公开信息准确规范。",
    "建立健全信息发布协调机制和保密审查制度，严把政治关、法律关、政策关、保密关、文字关。",
)
_PLATFORM = (
    "依托政府门户网站、政务新媒体等平台及时发布政府信息，优化栏目设置，方便公众查询。",
    "加强政府网站和政务新媒体日常监管，定期开展内容检查，及时整改发现的问题。",
)
_OVERSIGHT = (
    "将政务公开工作纳入年度绩效考核，加强业务培训，全年未发生因政府信息公开工作被追责的情况。",
    "主动接受社会监督，畅通意见反馈渠道，定期通报检查结果，推动各项工作落实到位。",
)
_PROBLEMS = (
    "工作中仍存在一些不足：一是公开内容的深度和广度有待拓展；二是政策解读形式还不够丰富；三是工作人员业务水平有待提升。"
    "下一步，{self}将进一步健全工作机制，加强业务培训，持续提升政府信息公开工作质量。",
    "存在问题：信息公开规范性、时效性还需加强。改进情况：一是加强专职人员配备和培训；二是加大公开力度，"
    "进一步梳理公众关注度高的政府信息，确保公开信息的完整性和准确性。",
)


def period_sentence(year: int) -> str:
    return f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"


def applications_sentence(self_ref: str, year: int, received: int) -> str:
    """The sentence restating Table 3's new applications (a figure the checks compare)."""
    if received == 0:
        return f"{year}年，{self_ref}未收到政府信息公开申请。"
    return f"{year}年，{self_ref}共收到政府信息公开申请{received}件，均在法定期限内予以答复。"


def fee_sentence(year: int) -> str:
    return f"{year}年度，本机关未收取政府信息公开信息处理费。"


def heading(number: int, title: str, arabic: bool) -> str:
    return f"{number}、{title}" if arabic else f"{CN_NUM[number - 1]}、{title}"


def sections(rng: random.Random, agency: Agency, year: int, received: int) -> dict[int, list[str]]:
    """The paragraphs of each section (tables not included)."""
    published = rng.randint(20, 4000)
    author = agency.name + ("人民政府办公室" if agency.level == "whole_city" else "")
    s1 = [
        f"本报告由{author}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。" + period_sentence(year),
        f"{year}年，" + rng.choice(_OPENINGS).format(agency=agency.self_ref),
        f"{_SUBHEADS[0]}。{year}年，{agency.self_ref}在政府网站主动公开政府信息{published}条。",
        f"{_SUBHEADS[1]}。" + applications_sentence(agency.self_ref, year, received),
        f"{_SUBHEADS[2]}。" + rng.choice(_MANAGEMENT),
        f"{_SUBHEADS[3]}。" + rng.choice(_PLATFORM),
        f"{_SUBHEADS[4]}。" + rng.choice(_OVERSIGHT),
    ]
    return {
        1: s1,
        2: [],
        3: [],
        4: [],
        5: [rng.choice(_PROBLEMS).format(self=agency.self_ref)],
        6: [fee_sentence(year)],
    }
