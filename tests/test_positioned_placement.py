"""Positioned rows (pdftotext -layout text) of a Table 3 printed without a 总计 column.

A row with a blank prints fewer figures than the table has columns. Its figures are placed by
their x positions against the rows that print every column the table has; counted from the
right they would each land on a neighbour's cell (extract/tables.py).
"""

from __future__ import annotations

import pytest

import nianbao
from nianbao.document import Cell
from nianbao.extract.rows import LRow
from nianbao.extract.tables import TableReader
from nianbao.schema.template import load_template
from nianbao.testing.compare import differences
from nianbao.testing.forms import render
from nianbao.testing.sample import make_sample

# (seed, index) of the generated layout-text reports that read back wrong: each has a Table 3
# without a total column and one or more rows with a blank cell
FOUND = [(1, 103), (3, 104), (4, 43), (4, 56), (4, 103), (7, 84), (9, 31), (11, 120)]


@pytest.mark.parametrize(("seed", "index"), FOUND)
def test_generated_layout_text_without_total_column(seed, index):
    s = make_sample(seed, index, "txt", layout="layout", quirk_rate=0.6, defect_rate=0.3)
    assert differences(nianbao.parse(render(s), name=s.name, audit=False), s.expected()) == []


@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_blank_cells_without_total_column_in_every_report(edition):
    for i in range(12):
        quirks = ["no_total_column", "blank_cells"]
        s = make_sample(31, i, "txt", layout="layout", edition=edition, quirk_names=quirks)
        assert differences(nianbao.parse(render(s), name=s.name, audit=False), s.expected()) == [], s.name


# fmt: off
LAYOUT_TEXT = """\
某县人民政府2023年政府信息公开工作年度报告

   三、收到和处理政府信息公开申请情况

                申请人情况
                自然人   法人或其他组织
                商业企业   科研机构   社会公益组织   法律服务机构   其他
一、本年新收政府信息公开申请数量                           30        4        1        2        1        3
二、上年结转政府信息公开申请数量                            2        1        0        0        0        0
三、本年度办理结果  （一）予以公开                         20        3                 1        1        2
（二）部分公开（区分处理的，只计这一情形，不计其他情形）    5                 1        1        0        0
（七）总计                                                 27        3        1        2        1        3
四、结转下年度继续办理                                               2        0        0        0        0
"""
# fmt: on


APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org")


def test_handwritten_layout_text_keeps_blanks_in_place():
    r = nianbao.parse(LAYOUT_TEXT.encode(), name="table3.txt", audit=False)
    v = r.values()
    assert [v[f"t3.granted.{c}"] for c in APPLICANTS] == [20, 3, None, 1, 1, 2]
    assert [v[f"t3.partially_granted.{c}"] for c in APPLICANTS] == [5, None, 1, 1, 0, 0]
    assert [v[f"t3.carried_forward.{c}"] for c in APPLICANTS] == [None, 2, 0, 0, 0, 0]
    assert [k for k in v if k.startswith("t3.") and k.endswith(".total") and v[k] is not None] == []
    assert r.cells["t3.granted.other_org"].raw == "2"


def _row(label: str, values: list[str]) -> LRow:
    """A line whose figures follow its label after one space: positions say nothing about columns."""
    cells, pos, x = [], [], len(label) * 2 + 1
    for t in values:
        cells.append(Cell(t, x0=float(x), x1=float(x + len(t))))
        pos.append(x + len(t) / 2)
        x += len(t) + 1
    return LRow(label, cells, pos, "positioned", 1, cells=cells)


def test_short_row_without_anchors_places_nothing():
    """Without columns that line up, a row of five figures under six columns cannot say which
    one is blank: it places none rather than shifting them onto neighbours."""
    heads = ("自然人法人或其他组织", "商业企业科研机构社会公益组织法律服务机构其他")
    header = [LRow(t, [], [], "positioned", 1, cells=[Cell(t)]) for t in heads]
    rows = header + [
        _row("一、本年新收政府信息公开申请数量", ["30", "4", "1", "2", "1", "3"]),
        _row("二、上年结转政府信息公开申请数量", ["2", "1", "0", "0", "0", "0"]),
        _row("（一）予以公开", ["20", "3", "1", "1", "2"]),
        _row("四、结转下年度继续办理", ["5", "2", "0", "0", "0", "0"]),
    ]
    res = TableReader(load_template("2021"), rows).table3()
    assert res.header_total is False
    assert "granted" in res.rows_matched
    assert not [k for k in res.placed if k.startswith("t3.granted.")]
    assert res.placed["t3.new_received.other_org"][0].text == "3"
    assert "t3.new_received.total" not in res.placed


def test_short_row_in_text_of_single_spaces_places_nothing():
    """Figures after their labels with one space between (columns not lined up), no header:
    a row printing five of seven figures cannot say which two are blank. Before, it was counted
    from the right (20 on 科研机构, …, 2 on 总计); now it places none, full rows stay placed."""
    rows = [
        "一、本年新收政府信息公开申请数量 30 4 1 2 1 3 41",
        "二、上年结转政府信息公开申请数量 2 1 0 0 0 0 3",
        "三、本年度办理结果 （一）予以公开 20 3 1 1 2",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 5 1 1 1 0 0 8",
        "（三）不予公开 1.属于国家秘密 0 0 0 0 0 0 0",
        "2.其他法律行政法规禁止公开 1 0 0 0 0 0 1",
        "3.危及“三安全一稳定” 0 0 0 0 0 0 0",
        "4.保护第三方合法权益 2 0 0 0 0 0 2",
        "5.属于三类内部事务信息 0 0 0 0 0 0 0",
        "（七）总计 28 4 2 2 0 0 36",
        "四、结转下年度继续办理 4 1 0 0 0 0 5",
    ]
    text = "某县人民政府2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n" + "\n".join(rows) + "\n"
    v = nianbao.parse(text.encode(), name="t.txt", audit=False).values()
    assert [v[f"t3.granted.{c}"] for c in (*APPLICANTS, "total")] == [None] * 7
    assert [v[f"t3.new_received.{c}"] for c in (*APPLICANTS, "total")] == [30, 4, 1, 2, 1, 3, 41]
