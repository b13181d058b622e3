"""The issuing agency when the title names none (extract/meta.py find_agency): a CMS field in
the head (发布机构: …), a line naming only a body next to the title, or the body's name over the
date that signs the report off, in that order after the title. Anything else gives no agency:
never a sentence, a breadcrumb, the site's name, a link or the title itself.

The cases are a real report (seed 002) with its title replaced and page chrome added."""

from __future__ import annotations

from pathlib import Path

import pytest

import nianbao
from nianbao.document import Document, Paragraph
from nianbao.extract.meta import agency_name, find_agency

TITLE = "红旗区工业和信息化局 2023 年政府信息公开工作年度报告"  # as seed 002 prints it
GENERIC = "2023年政府信息公开工作年度报告"  # a title naming no agency
AGENCY = "红旗区工业和信息化局"


@pytest.fixture(scope="module")
def body(shared_dir: Path) -> str:
    """Seed 002 below its title: from 一、总体情况 to its last line."""
    return (shared_dir / "seeds" / "002_82fce97c06b76847.txt").read_text("utf-8").split(TITLE, 1)[1]


def _agency(text: str, name: str = "x.txt") -> str | None:
    return nianbao.parse(text.encode(), name=name, audit=False).meta.agency


def _html(head: str, body: str, tail: str = "") -> str:
    paras = "".join(f"<p>{line}</p>" for line in body.split("\n") if line.strip())
    return f"<html><body>{head}{paras}{tail}</body></html>"


# -- what an agency name looks like ----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("红旗区工业和信息化局", "红旗区工业和信息化局"),
        ("某某县某某乡人民政府", "某某县某某乡人民政府"),
        ("中共某某县委办公室", "中共某某县委办公室"),
        ("紅旗區工業和信息化局", "紅旗區工業和信息化局"),  # printed script kept
        ("红 旗 区 工 信 局", "红旗区工信局"),  # a letter-spaced signature
    ],
)
def test_agency_names(line, name):
    assert agency_name(line) == name


@pytest.mark.parametrize(
    "line",
    [
        "红旗区人民政府门户网站",
        "红旗区人民政府网",
        "首页 > 政务公开 > 红旗区工业和信息化局",
        "本报告由红旗区工业和信息化局编制。",
        "我局",
        "本局",
        "本站",
        "办公室",
        "政府办",
        "区人民政府",
        "全部",
        GENERIC,
        "相关链接",
        "2024年1月18日",
        "红旗区人民政府办公室主办",
    ],
)
def test_not_agency_names(line):
    assert agency_name(line) is None


# -- a CMS field in the head ------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        f"发布机构：{AGENCY}",
        f"发布机构：\t{AGENCY}",  # a field table scraped with a tab between label and value
        f"发布时间：2024-01-18 10:21  来源：{AGENCY}  浏览次数：125",
        f"信息来源：{AGENCY}2024-01-18",  # a date stuck to the value
        f"来源：{AGENCY}发布时间：2024-01-18",  # the next field stuck to the value
        f"索引号：\t11410702MB1234567X/2024-00012\n发布机构：\t{AGENCY}\n生成日期：\t2024-01-18",
    ],
    ids=["label", "tab", "fields-line", "date-stuck", "field-stuck", "index-table"],
)
def test_agency_from_a_head_field(body, head):
    assert _agency(f"{GENERIC}\n{head}\n{body}") == AGENCY
    assert _agency(f"{head}\n{GENERIC}\n{body}") == AGENCY


def test_agency_from_a_field_in_traditional_script(body):
    """Labels match in either script; the name keeps the script it was printed in."""
    assert _agency(f"{GENERIC}\n發布時間：2024-01-18  來源：紅旗區工業和信息化局\n{body}") == "紅旗區工業和信息化局"


def test_agency_from_an_html_field_table(body):
    cells = f"<td>索引号：</td><td>114107/2024-00012</td><td>发布机构</td><td>{AGENCY}</td>"
    assert _agency(_html(f"<table><tr>{cells}</tr></table><h1>{GENERIC}</h1>", body), "x.html") == AGENCY


@pytest.mark.parametrize(
    "head",
    ["来源：本站", "来源：本网", "信息来源：原创", "发布机构：办公室", "来源：红旗区人民政府门户网站", "来源：区政府办"],
)
def test_a_field_naming_no_body_is_no_agency(body, head):
    assert _agency(f"{GENERIC}\n发布时间：2024-01-18  {head}\n{body}") is None


def test_a_field_in_the_body_is_not_read(body):
    """Fields are read above the first section only."""
    first, rest = body.split("一、总体情况", 1)
    assert _agency(f"{GENERIC}\n{first}一、总体情况\n来源：{AGENCY}\n{rest}") is None


# -- a line naming only the agency next to the title ---------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        f"{GENERIC}\n{AGENCY}",
        f"{GENERIC}\n{AGENCY}\n2024年1月18日",
        f"{AGENCY}\n政务公开工作年度报告（2023年）",  # above a title the title's line does not join
        f"{AGENCY}\n{GENERIC}",  # above a year-led title: joined into the title
    ],
    ids=["below", "below-dated", "above", "above-joined"],
)
def test_agency_on_a_line_next_to_the_title(body, head):
    assert _agency(f"{head}\n{body}") == AGENCY


def test_agency_below_the_title_in_html(body):
    assert _agency(_html(f"<h1>{GENERIC}</h1><p>{AGENCY}</p><p>2024年1月18日</p>", body), "x.html") == AGENCY


# -- the signature closing the report -------------------------------------------------------


@pytest.mark.parametrize(
    "tail",
    [
        f"{AGENCY}\n2024年1月18日",
        f"                {AGENCY}\n              2024 年 1 月 18 日",
        f"{AGENCY}\n二〇二四年一月十八日",
        f"{AGENCY}\n2024年1月18日\n打印本页 关闭窗口",
    ],
    ids=["date", "spaced", "chinese-date", "footer-after"],
)
def test_agency_from_the_signature(body, tail):
    assert _agency(f"{GENERIC}\n{body}\n\n{tail}\n") == AGENCY


def test_agency_from_a_signature_in_html(body):
    assert _agency(_html(f"<h1>{GENERIC}</h1>", body, f"<p>{AGENCY}<br>2024年1月18日</p>"), "x.html") == AGENCY


def test_a_sentence_over_the_date_is_no_signature(body):
    assert _agency(f"{GENERIC}\n{body}\n\n我局将进一步加强政府信息公开工作。\n2024年1月18日\n") is None


def test_a_signature_not_closing_the_report_is_not_read(body):
    first, rest = body.split("二、", 1)
    assert _agency(f"{GENERIC}\n{first}\n{AGENCY}\n2024年1月18日\n二、{rest}") is None


# -- never a wrong agency ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        f"{GENERIC}\n本报告由{AGENCY}编制。",
        f"{GENERIC}\n我局",
        f"首页 > 政务公开 > {AGENCY}\n{GENERIC}",
        f"红旗区人民政府门户网站\n{GENERIC}",  # before, the site's name was joined to the title
        f"{GENERIC}\n相关链接\n{AGENCY}",
        f"政府信息公开年度报告\n{GENERIC}",
        GENERIC,
    ],
    ids=["sentence", "we", "breadcrumb", "site-name", "links", "column-name", "none"],
)
def test_no_agency_rather_than_a_wrong_one(body, head):
    assert _agency(f"{head}\n{body}") is None


# -- which source wins ---------------------------------------------------------------------------


def test_the_title_comes_first(body):
    text = f"{TITLE}\n发布机构：红旗区人民政府办公室\n红旗区科学技术局\n{body}\n红旗区发展和改革委员会\n2024年1月18日\n"
    assert _agency(text) == AGENCY


def test_a_head_field_comes_before_the_line_below_and_the_signature(body):
    text = f"{GENERIC}\n红旗区科学技术局\n发布机构：{AGENCY}\n{body}\n红旗区发展和改革委员会\n2024年1月18日\n"
    assert _agency(text) == AGENCY


def test_the_line_below_comes_before_the_signature(body):
    assert _agency(f"{GENERIC}\n{AGENCY}\n{body}\n红旗区发展和改革委员会\n2024年1月18日\n") == AGENCY


def test_the_fullest_printing_applies_to_a_found_agency():
    """full_agency still prefers the body's fullest printing: 洪泽区人民政府 -> 淮安市洪泽区人民政府."""
    text = f"{GENERIC}\n发布机构：洪泽区人民政府\n一、总体情况\n2023年，淮安市洪泽区人民政府坚持以公开为常态。\n"
    assert _agency(text) == "淮安市洪泽区人民政府"


def test_find_agency_on_plain_lines():
    doc = Document(blocks=[Paragraph(GENERIC), Paragraph(AGENCY), Paragraph("一、总体情况"), Paragraph("无")])
    assert find_agency(doc, GENERIC) == AGENCY
    assert find_agency(doc, TITLE) == AGENCY  # the title's own
    assert find_agency(Document(blocks=[Paragraph(GENERIC), Paragraph("一、总体情况")]), GENERIC) is None
