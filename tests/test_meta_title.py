"""Title, agency and year from the document head (extract/meta.py): the title is a heading-like
line above the first section; sentences about the report, lists of links to other reports and
navigation are not titles, and a link to another year's report does not set the year."""

from __future__ import annotations

from pathlib import Path

import pytest

import nianbao
from nianbao.document import Document, Paragraph
from nianbao.extract.meta import agency_from_title, find_title, find_year

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _title(*lines: str) -> str | None:
    return find_title(Document(blocks=[Paragraph(t) for t in lines]))[0]


# -- sentences about the report are not its title ------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "本报告根据《中华人民共和国政府信息公开条例》和《某某市政务公开工作要点》要求，由某某区人民政府办公室编制，政府信息公开工作年度报告全文如下。",
        "现将本机关2023年政府信息公开工作年度报告公布如下",  # no full stop: the opener and 如下 tell
        "现将本机关2023年政府信息公开工作年度报告公布如下：",
        "特向社会公布2022年度政府信息公开工作年度报告。",
        "本年度报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止，政务公开工作年度报告电子版可在网站下载。",
        "根据《条例》规定编制某某区2022年政府信息公开工作年度报告",  # a quoted law, and 根据
        "我局2022年政府信息公开工作年度报告已编制完成",
        "（一）2022年政府信息公开工作年度报告编制情况",  # a numbered item
        "相关链接：某县2021年政府信息公开工作年度报告",
        "上一篇：某县2021年政府信息公开工作年度报告",
    ],
    ids=["compiled-by", "publish-no-stop", "publish", "announce", "period", "quoted-law", "we", "numbered", "links", "previous"],
)
def test_a_sentence_is_not_the_title(sentence):
    assert find_title(Document(blocks=[Paragraph(sentence), Paragraph("一、总体情况")])) == (None, None)


def test_no_title_above_the_first_section():
    """A report that starts with its first section has no title, whatever the body says."""
    assert _title("一、总体情况", "某县2022年政府信息公开工作年度报告", "二、主动公开政府信息情况") is None


def test_the_title_after_a_sentence_is_found():
    """A sentence is passed over, not taken, and the title printed after it is found."""
    lines = ("现将本机关2023年政府信息公开工作年度报告公布如下：", "某县人民政府2023年政府信息公开工作年度报告", "一、总体情况")
    assert _title(*lines) == "某县人民政府2023年政府信息公开工作年度报告"


# -- links to other reports ----------------------------------------------------------------


def test_a_list_of_links_is_not_the_title():
    """相关链接 alone on its line heads a list of other reports, one a line."""
    lines = ("相关链接", "某县2021年政府信息公开工作年度报告", "某县2020年政府信息公开工作年度报告", "一、总体情况")
    assert _title(*lines) is None


def test_the_title_after_a_list_of_links_is_found():
    """The list ends at a line that is not a link (a sentence); the title below it is found."""
    lines = ("相关链接", "某县2021年政府信息公开工作年度报告", "发布时间：2023-01-20", "某县2022年政府信息公开工作年度报告")
    assert _title(*lines) == "某县2022年政府信息公开工作年度报告"
    assert _title("上一篇：某县2021年政府信息公开工作年度报告", "某县2022年政府信息公开工作年度报告") == "某县2022年政府信息公开工作年度报告"


def test_a_link_does_not_set_the_year():
    """No title and no statistics period: the year is the first printed outside the links."""
    body = "相关链接\n某县2019年政府信息公开工作年度报告\n一、总体情况\n2022年，本局坚持以公开为常态。"
    assert find_year(None, None, body) == 2022
    assert find_year(None, None, "相关链接：某县2019年政府信息公开工作年度报告\n2022年，本局坚持以公开为常态。") == 2022
    assert find_year(None, None, "2022年，本局坚持以公开为常态。\n相关链接：某县2019年政府信息公开工作年度报告") == 2022


def test_a_link_list_in_a_parsed_page():
    """End to end: a page whose title is an image, with links to other years' reports above
    the text. Before, the 2019 link was the title and set the year."""
    text = (
        "相关链接\n某县2019年政府信息公开工作年度报告\n某县2018年政府信息公开工作年度报告\n\n"
        "本报告根据《中华人民共和国政府信息公开条例》要求，由某县人民政府办公室编制。\n\n"
        "一、总体情况\n\n2022年，某县坚持以公开为常态、不公开为例外。\n"
    )
    r = nianbao.parse(text.encode(), name="x.txt", audit=False)
    assert (r.meta.title, r.meta.agency, r.meta.year) == (None, None, 2022)


def test_a_link_list_in_an_html_page():
    html = (
        "<html><body><div><img src='title.png'></div>"
        "<div class='links'><p>相关链接</p><ul><li><a href='a'>某县2019年政府信息公开工作年度报告</a></li>"
        "<li><a href='b'>某县2018年政府信息公开工作年度报告</a></li></ul></div>"
        "<p>现将本机关2022年政府信息公开工作年度报告公布如下：</p><h2>一、总体情况</h2><p>2022年，某县坚持以公开为常态。</p>"
        "</body></html>"
    )
    r = nianbao.parse(html.encode(), name="x.html", audit=False)
    assert (r.meta.title, r.meta.agency, r.meta.year) == (None, None, 2022)


# -- titles as real reports print them ------------------------------------------------------


TITLE_SHAPES = [
    (("某某市人民政府2022年政府信息公开工作年度报告",), "某某市人民政府2022年政府信息公开工作年度报告", "某某市人民政府"),
    (("2022年某某局政府信息公开工作年度报告",), "2022年某某局政府信息公开工作年度报告", "某某局"),
    (("某某区2021年度政府信息公开工作报告",), "某某区2021年度政府信息公开工作报告", "某某区"),
    (("某县政务公开工作年度报告（2023年）",), "某县政务公开工作年度报告(2023年)", "某县"),
    (("某某区人民政府", "2021年政府信息公开工作年度报告"), "某某区人民政府2021年政府信息公开工作年度报告", "某某区人民政府"),
    (("某某区人民政府办公室", "政府信息公开工作年度报告"), "某某区人民政府办公室政府信息公开工作年度报告", "某某区人民政府办公室"),
    # wrapped titles: the next line ends the title and names no subject of its own
    (("某某县某某乡人民政府2021年政府信息公开工作年度报", "告"), "某某县某某乡人民政府2021年政府信息公开工作年度报告", "某某县某某乡人民政府"),
    (("某某县某某乡人民政府2021年政府信息", "公开工作年度报告"), "某某县某某乡人民政府2021年政府信息公开工作年度报告", "某某县某某乡人民政府"),
    (("某某区人民政府", "2021年政府信息公开", "工作年度报告"), "某某区人民政府2021年政府信息公开工作年度报告", "某某区人民政府"),
    (("某某區人民政府", "2021年政府信息公開工作年度報", "告"), "某某區人民政府2021年政府信息公開工作年度報告", "某某區人民政府"),
    (("某某市二〇二二年政府信息公开工作年度报告",), "某某市二〇二二年政府信息公开工作年度报告", "某某市"),
    (("关于某某局2022年政府信息公开工作年度报告的公告",), "关于某某局2022年政府信息公开工作年度报告的公告", "某某局"),
    (("【某某局】2022年政府信息公开工作年度报告",), "【某某局】2022年政府信息公开工作年度报告", "某某局"),
    # a quoted report is the title itself; before, the agency kept 发布《
    (("关于发布《某某局2022年政府信息公开工作年度报告》的公告",), "关于发布《某某局2022年政府信息公开工作年度报告》的公告", "某某局"),
    # places that start like sentence openers (本…, 特…)
    (("本溪市人民政府2022年政府信息公开工作年度报告",), "本溪市人民政府2022年政府信息公开工作年度报告", "本溪市人民政府"),
    (("特克斯县2022年政府信息公开工作年度报告",), "特克斯县2022年政府信息公开工作年度报告", "特克斯县"),
    # a CMS field label is not part of the title
    (("名称：某县2022年政府信息公开工作年度报告",), "某县2022年政府信息公开工作年度报告", "某县"),
    # a bare column name gives way to the report's own title below it
    (("政府信息公开年度报告", "某县2022年政府信息公开工作年度报告"), "某县2022年政府信息公开工作年度报告", "某县"),
    (("政府信息公开年度报告", "一、总体情况"), "政府信息公开年度报告", None),
    # navigation above a year-led title is not its agency; 政府 there is the subject's
    (("首页 > 政府信息公开 > 年度报告", "2022年政府信息公开工作年度报告"), "2022年政府信息公开工作年度报告", None),
    # a publication date above a year-led title is not its agency
    (("发布日期 2023-01-20", "2022年政府信息公开工作年度报告"), "2022年政府信息公开工作年度报告", None),
]


@pytest.mark.parametrize(("lines", "title", "agency"), TITLE_SHAPES, ids=[f"{i:02d}-{len(s[0])}-lines" for i, s in enumerate(TITLE_SHAPES)])
def test_title_shapes(lines, title, agency):
    assert _title(*lines, "一、总体情况") == title
    assert agency_from_title(title) == agency


# -- the real reports keep their titles ------------------------------------------------------

REAL_TITLES = {
    "seeds/000_be19f74464ca47e9.txt": "海州区工业和信息化局 2022 年政府信息公开工作年度报告",
    "seeds/001_6b6d80a219e047ef.txt": "瀘河回族区科技和工业信息化局2021年政府信息公开工作年度报告",
    "seeds/002_82fce97c06b76847.txt": "红旗区工业和信息化局 2023 年政府信息公开工作年度报告",
    "seeds/003_33497d41d195c30a.txt": "海口市科学技术工业信息化局2022年度政府信息公开工作年度报告",
    "seeds/004_b12aec6b56ff96c6.txt": "新郑市科工信局2022年政府信息公开工作年度报告",
    "corpus/kiro/hongze-district_2023_original.pdftotext-layout.txt": "洪泽区人民政府2023 年政府信息公开工作年度报告",
    "corpus/kiro/hongze-district_2024_original.pdftotext-layout.txt": "淮安市洪泽区人民政府2024 年政府信息公开工作年度报告",
}


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"real reports not available: {SHARED} is absent")
@pytest.mark.parametrize("rel", sorted(REAL_TITLES), ids=lambda r: r.rsplit("/", 1)[-1][:19])
def test_real_titles_unchanged(rel):
    r = nianbao.parse(SHARED / rel, audit=False)
    assert r.meta.title == REAL_TITLES[rel]


# -- CMS fields on the title's line, a site's name above it ----------------------------------

FIELDS_AFTER_TITLE = [
    ("某县2022年政府信息公开工作年度报告  发布时间：2023-01-20  来源：本站", "某县2022年政府信息公开工作年度报告", "某县"),
    ("某县2022年政府信息公开工作年度报告发布日期：2023-01-20", "某县2022年政府信息公开工作年度报告", "某县"),
    ("某县2022年政府信息公开工作年度报告 | 浏览次数：125", "某县2022年政府信息公开工作年度报告", "某县"),
    ("某县2022年政府信息公开工作年度报告 【字体：大 中 小】", "某县2022年政府信息公开工作年度报告", "某县"),
    ("某县政务公开工作年度报告（2022年） 来源：某县人民政府", "某县政务公开工作年度报告(2022年)", "某县"),
    ("某縣2022年政府信息公開工作年度報告 發布時間：2023-01-20", "某縣2022年政府信息公開工作年度報告", "某縣"),
    ("名称：某县2022年政府信息公开工作年度报告 发布日期：2023-01-20", "某县2022年政府信息公开工作年度报告", "某县"),
]


@pytest.mark.parametrize(
    ("line", "title", "agency"),
    FIELDS_AFTER_TITLE,
    ids=["spaced", "stuck", "separator", "font-size", "year-in-brackets", "traditional", "labelled"],
)
def test_fields_after_the_title_are_not_part_of_it(line, title, agency):
    """Before, the field's colon made the line a sentence: no title, no agency."""
    assert _title(line, "一、总体情况") == title
    assert agency_from_title(title) == agency


def test_a_dated_link_is_still_not_the_title():
    """An item of a list of links keeps its fields, so it stays no title."""
    assert _title("相关链接", "某县2021年政府信息公开工作年度报告  发布时间：2022-01-20", "一、总体情况") is None


def test_a_site_name_is_not_joined_to_the_title():
    """Before, 某县人民政府门户网站 over a year-led title became part of it, and the agency."""
    title = _title("某县人民政府门户网站", "2022年政府信息公开工作年度报告", "一、总体情况")
    assert title == "2022年政府信息公开工作年度报告"
    assert agency_from_title(title) is None


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"real reports not available: {SHARED} is absent")
def test_a_real_title_with_fields_on_its_line():
    """Seed 002 with CMS fields printed after its title, on the same line."""
    title = REAL_TITLES["seeds/002_82fce97c06b76847.txt"]
    text = (SHARED / "seeds/002_82fce97c06b76847.txt").read_text("utf-8").replace(title, title + "  发布时间：2024-01-18  来源：本站", 1)
    r = nianbao.parse(text.encode(), name="x.txt", audit=False)
    assert (r.meta.title, r.meta.agency, r.meta.year) == (title, "红旗区工业和信息化局", 2023)
