"""Positioned rows (pdftotext -layout text) of a Table 3 printed without a 总计 column.

A row with a blank prints fewer figures than the table has columns. Its figures are placed by
their x positions against the rows that print every column the table has; counted from the
right they would each land on a neighbour's cell (extract/tables.py).
"""

from __future__ import annotations

import pytest

import nianbao
from nianbao.document import Cell, Document, Loc, Paragraph
from nianbao.extract.rows import LRow, table_rows
from nianbao.extract.tables import TableReader
from nianbao.readers.txt import _positioned_tokens
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


# fmt: off
# Seed 004's Tables 3 and 4 (every figure its own: 11, 12, …) in a Word file whose figure
# columns are 1.1 cm wide, printed to PDF by LibreOffice and read back by pdftotext -layout
# (rows trimmed). Figures of three digits wrap in their cells (10 / 0), and so do labels; pdftotext
# prints the rest of each on a line of its own, under the cell it continues.
WRAPPED_LAYOUT = """\
某县人民政府2022年政府信息公开工作年度报告

三、收到和处理政府信息公开申请情况

(本列数据的勾稽关系   申请人情况                            总
为：第一项加第二项之                                    计
和，等于第三项加第四
项之和)
             自然人     法
                     人
                     或
                     其
                     他
                     组
                     织
                     商    科    社    法    其
                     业    研    会    律    他
                     企    机    组    服
                     业    构    织    务
                                    机
                                    构
一、本年新收政府信息   11      12   13   14   15   16   17
公开申请数量
二、上年结转政府信息   18      19   20   21   22   23   24
公开申请数量
三、本年度办理结果   (一) 予以公开                                    25
            (二) 部分公开（区分处                                26
            理的，只计这一情形，
            不计其他情形）

      (四) 无法提   1.本机关不    83   84   85   86   87   88   89
      供         掌握相关政
                府信息
                2.没有现成    90   91   92   93   94   95   96
                信息需要另
                行制作
                3.补正后申    97   98   99   10   10   10   10
                请内容仍不                    0    1    2    3
                明确
      (五) 不予处   1.信访举报    10   10   10   10   10   10   11
      理         投诉类申请     4    5    6    7    8    9    0
                2.重复申请    11   11   11   11   11   11   11
                          1    2    3    4    5    6    7

      (六) 其他处   1.申请人无    13   14   14   14   14   14   14
      理         正当理由逾     9    0    1    2    3    4    5
                           期不补正、
                           行政机关不
                           再处理其政
                           府信息公开
                           申请
                           2.申请人逾     14    14       14   14    15        15    15
                           期未按收费      6     7        8    9     0         1     2
                           通知要求缴
                           纳费用、行
                           政机关不再
                           处理其政府
                           信息公开申
                           请
3.其他                       153        15    15       15   15    15        15
                                      4     5        6    7     8         9
(七) 总计                     160        16    16       16   16    16        16
                                      1     2        3    4     5         6
四、结转下                      167        16    16       17   17    17        17
年度继续办                                 8     9        0    1     2         3
理

四、政府信息公开行政复议、行政诉讼情况

行政                         行政
复议                         诉讼
结果     结    其    尚    总    未经                         复议
维持     果    他    未    计    复议                         后起
       纠    结    审         直接                         诉
       正    果    结         起诉
                           结果    结    其    尚     总    结果       结     其     尚    总
                           维持    果    他    未     计    维持       果     他     未    计
                                 纠    结    审                   纠     结     审
                                 正    果    结                   正     果     结
174    17   17   17   17   179   18   18   18    18   184      18    18    18   18
       5    6    7    8          0    1    2     3             5     6     7    8
"""
# fmt: on

# the first figure of each row WRAPPED_LAYOUT prints: its figures run on from there
WRAPPED_ROWS = {
    "t3.new_received": 11, "t3.carried_over": 18, "t3.unavailable_not_held": 83, "t3.unavailable_needs_creation": 90,
    "t3.unavailable_unclear": 97, "t3.not_processed_petition": 104, "t3.not_processed_repeated": 111,
    "t3.other_overdue_correction": 139, "t3.other_overdue_fee": 146, "t3.other_other": 153,
    "t3.total_processed": 160, "t3.carried_forward": 167,
}
T4_ROWS = ("review", "litigation_direct", "litigation_after_review")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")


def test_figures_wrapped_in_narrow_cells_join_the_figure_above():
    """A line of figure fragments under a row (10 / 0, 11 / 6), maybe with the rest of the row's
    label, continues that row: each fragment joins the figure above it. Before, the fragment line
    was read as a row of its own: 100 was read as 10 and the fragments' row placed 0, 1, 2, … on
    the next row's cells (62 wrong cells here; 83 in the whole printing)."""
    r = nianbao.parse(WRAPPED_LAYOUT.encode(), name="wrapped.txt", audit=False)
    v = r.values()
    expected = {f"{row}.{c}": first + k for row, first in WRAPPED_ROWS.items() for k, c in enumerate((*APPLICANTS, "total"))}
    expected |= {"t3.granted.total": 25, "t3.partially_granted.total": 26}
    expected |= {f"t4.{row}.{c}": 174 + 5 * i + k for i, row in enumerate(T4_ROWS) for k, c in enumerate(T4_COLUMNS)}
    assert {k: x for k, x in v.items() if k.startswith(("t3.", "t4.")) and x is not None} == expected
    # the joined figure keeps the first line as its place, and prints both lines' digits
    cell = r.cells["t3.unavailable_unclear.social_welfare"]
    first = next(n for n, line in enumerate(WRAPPED_LAYOUT.split("\n"), 1) if "3.补正后申" in line)
    assert (cell.raw, cell.provenance.line) == ("100", first)


def _all_rows(text: str) -> list[LRow]:
    """The rows of a layout text, every line read as positioned tokens (as the text reader
    reads a whole report that looks space-aligned; a few lines alone do not)."""
    lines = text.split("\n")
    doc = Document([Paragraph(s.strip(), Loc(i), _positioned_tokens(s, i)) for i, s in enumerate(lines, 1) if s.strip()])
    return table_rows(doc)[0]


def _rows(text: str) -> list[LRow]:
    """The rows of values of a layout text (``_all_rows`` that print values)."""
    return [r for r in _all_rows(text) if r.slots]


def test_label_of_two_columns_joins_word_by_word():
    """The rest of each label word joins the word above it: (六) 其他处 / 理 and 1.申请人无 / 正当理由逾."""
    rows = _rows(WRAPPED_LAYOUT)
    row = next(r for r in rows if r.label.startswith("(六)"))
    assert row.label.startswith("(六) 其他处理1.申请人无正当理由逾")
    assert [c.text for c in row.slots] == [str(n) for n in range(139, 146)]


# fmt: off
@pytest.mark.parametrize("lines", [
    # one figure under one figure: a row of Table 2 of its own (行政强制 210), not the rest of 2518797
    ["行政处罚                                              2518797",
     "行政强制                                                  210"],
    # a label wider than the one above did not wrap from it: a row of its own
    ["规章                               10      20      30",
     "行政规范性文件                       4       5       6"],
    # a numbered label starts a row
    ["三、本年度办理结果  （一）予以公开      12      30      14",
     "（二）部分公开                        1       0       0"],
    # a blank line between: another row
    ["予以公开            12      30      14",
     "",
     "部分公开             1       0       0"],
    # figures as long as those above are no rest of them (a line of text wrapped by the page)
    ["186   187   188   189   190   191   192   193   194   195   196   197",
     "      198   199   200"],
    # the figures above had room left in their cells (the header over each column is wider):
    # they did not wrap, and the line below is a row of its own
    ["                    自然人    商业企业    科研机构",
     "予以公开            12        30          14",
     "部分公开             1         0           0"],
])
# fmt: on
def test_rows_of_short_figures_are_no_continuation(lines):
    """Lines of short figures under a row that are rows of their own stay rows: the evidence
    that they continue the row above is not clear (right cell or none)."""
    rows = _rows("\n".join(lines))
    figures = [[w for w in line.split() if w.isdecimal()] for line in lines]
    assert [[c.text for c in r.slots] for r in rows] == [f for f in figures if f]


def test_label_wrapped_below_its_figures_ends_that_row():
    """Top-aligned cells: a row's figures print on its label's first line and the label goes on
    below them (一、本年新 / 收政府信息 / 公开申请数 / 量). A row numbered 二、 starts a new row, so
    the lines above it finish the row before. Before, they waited for the next row, Table 3's
    first row read 一、本年新 and the table was not found (175 of 200 cells lost per printing)."""
    text = "\n".join([
        "                    自然人    商业企业    科研机构    总计",
        "一、本年新           11        12          13          36",
        "收政府信息",
        "公开申请数",
        "量",
        "二、上年结           18        19          20          57",
        "转政府信息",
        "公开申请数",
        "量",
        "三、本年度  (一) 予以公   25   26   27   78",
    ])
    rows = _rows(text)
    assert [(r.label, [c.text for c in r.slots]) for r in rows][:2] == [
        ("一、本年新收政府信息公开申请数量", ["11", "12", "13", "36"]),
        ("二、上年结转政府信息公开申请数量", ["18", "19", "20", "57"]),
    ]


def test_pieces_of_figures_that_cannot_be_joined_leave_the_row_empty():
    """A line of bare digits under a row's longer figures, each under one of them, that cannot
    surely be joined (here the column printed a wider figure above, so 17 had room and need not
    have wrapped): the figures above may be cut (172 read as 17), so the row places nothing and
    the pieces make no row (right cell or none). Before, the row read 17, 12 and 30."""
    text = "\n".join([
        "1.本机关不掌握      123      45      168",
        "(七)总计             17      12       30",
        "                      2       3        1",
        "四、结转下年度        5       6       11",
    ])
    assert [(r.label, [c.text for c in r.slots]) for r in _rows(text)] == [
        ("1.本机关不掌握", ["123", "45", "168"]),
        ("四、结转下年度", ["5", "6", "11"]),
    ]


def test_shifted_pieces_under_a_numbered_row_leave_it_empty():
    """pdftotext printed the wrapped ends of a row's figures shifted from their columns (10 / 7
    for 107), with the rest of the row's label: nothing lines up to join, but under a numbered
    row of figures of two digits or more, a line of shorter figures and an unnumbered label is
    no row of its own: the figures above are cut, and the row places none (before: 10, 10, …)."""
    text = "\n".join([
        "2.没有现成信息      95   96   97   98   99   100   101",
        "3.补正        10   10   10   11   11   11   11",
        "后申请    7    8    9    0    1    2    3",
        "内容仍不明确",
        "(五)不予处理  1.信访举报      0    0    0    0    0    0    0",
    ])
    assert [(r.label, [c.text for c in r.slots]) for r in _rows(text)] == [
        ("2.没有现成信息", ["95", "96", "97", "98", "99", "100", "101"]),
        ("(五)不予处理1.信访举报", ["0"] * 7),
    ]


def test_full_width_figures_in_one_character_columns_place_nothing():
    """Columns one full-width character wide (the header printed a character a line): a figure
    of two digits wraps a digit a line (１ / ２ is 12), so a line of single digits under a row of
    single digits is the rest of its figures, and the row places none. Words under a row of
    Table 2 (rows without numbers) stay a row of their own."""
    text = "\n".join([
        "                自   商   科",
        "                然   业   研",
        "                人   企   机",
        "一、本年新收    １   １   １",
        "公开申请数量    ２   ３   ４",
        "二、上年结转    ５   ０   ７",
    ])
    assert [(r.label, [c.text for c in r.slots]) for r in _rows(text)] == [("二、上年结转", ["５", "０", "７"])]
    assert _all_rows(text)[-2].label == "一、本年新收公开申请数量"  # the cut row is still known by its label
    table2 = "\n".join([
        "                上   本   处",
        "                年   年   理",
        "行政处罚        ３   １   ２",
        "行政强制        ２   ０   １",
    ])
    assert [[c.text for c in r.slots] for r in _rows(table2)] == [["３", "１", "２"], ["２", "０", "１"]]


def test_two_figures_one_space_apart_are_two_cells():
    """Narrow columns leave one space between figures (３９ ４): each is a cell of its own;
    before, the two read as one token, 394."""
    texts = [c.text for c in _positioned_tokens("(三)不予公开     ３   ３   ３９ ４   ４", 1)]
    assert texts == ["(三)不予公开", "３", "３", "３９", "４", "４"]


def test_label_wrapped_over_many_lines_in_a_narrow_column():
    """A label column two characters wide takes a line for every two characters (一、 / 本年 /
    新收 / … / 数量): all of them finish the row, not only the last three (before: 一、公开申请数量,
    and Table 3 was not found)."""
    text = "\n".join(["一、        11    12   13   14", "本年", "新收", "政府", "信息", "公开", "申请", "数量", "二、        18    19   20   21"])
    assert [(r.label, [c.text for c in r.slots]) for r in _rows(text)] == [
        ("一、本年新收政府信息公开申请数量", ["11", "12", "13", "14"]),
        ("二、", ["18", "19", "20", "21"]),
    ]


# fmt: off
# Seed 000's Table 3 as a Word table of equal columns (python-docx's default), printed by
# LibreOffice and read by pdftotext -layout (lines trimmed): each label column is two
# characters wide, so a row's label words go on below its figures a column at a time.
TWO_COLUMN_LABELS = [
    "三、   (一)   25     26   27   28   29   30   31",
    "本年   予以",
    "度办   公开",
    "理结",
    "果",
    "     (二)   32     33   34   35   36   37   38",
    *[f"     {w}" for w in ("部分", "公开", "（区", "分处", "理", "的，", "只计", "这一", "情", "形，", "不计", "其他", "情", "形）")],
    "     (三)   1. 属   39   40   41   42   43   44   45",
    "     不予    于国",
    "     公开    家秘",
    "           密",
    "           2. 其   46   47   48   49   50   51   52",
    "           他法",
]
# fmt: on


def test_label_of_two_columns_wrapped_below_its_figures():
    """Each word below a row finishes the label column it is printed in: (三) 1. 属 / 不予 于国 /
    公开 家秘 / 密 reads (三)不予公开1. 属于国家秘密. Before, lines of two words were taken for a
    table's header and the label stayed (三)1. 属: the row was not found (7 cells lost)."""
    rows = _rows("\n".join(TWO_COLUMN_LABELS))
    assert [r.label for r in rows] == [
        "三、本年度办理结果(一)予以公开",
        "(二)部分公开（区分处理的，只计这一情形，不计其他情形）",
        "(三)不予公开1. 属于国家秘密",
        "2. 其他法",
    ]
    assert [c.text for c in rows[2].slots] == [str(n) for n in range(39, 46)]


def test_label_wrapped_over_more_than_ten_lines():
    """A label column two characters wide prints (二)部分公开（区分处理的，只计这一情形，不计其他情形）
    over fifteen lines: all of them finish the row. Before, only ten lines could wait for the
    next row, the first four were dropped and the row (label (二)) was not found."""
    rows = _rows("\n".join(TWO_COLUMN_LABELS))
    assert (rows[1].label, [c.text for c in rows[1].slots]) == (
        "(二)部分公开（区分处理的，只计这一情形，不计其他情形）",
        [str(n) for n in range(32, 39)],
    )


def test_last_row_label_finished_before_the_next_section():
    """The last row of Table 3 (四、 / 结转 / 下年 / 度继 / 续办 / 理) is followed by the next section's
    heading and Table 4's header, whose lines of several words ended the words waiting for a
    row: the label stayed 四、 and the row was lost. The short lines right below it finish it;
    the heading and the header stay lines of their own."""
    text = "\n".join([
        "(七)        172    173    174    175    176    177    178",
        "总计",
        "四、        179    180    181    182    183    184    185",
        "结转", "下年", "度继", "续办", "理",
        "四、政府信息公开行政复议、行政诉讼情况",
        "行                               行",
        "政                               政",
        "结     结      其    尚      总      未",
        "1     2      3    4     5      6      7      8      9     10",
    ])
    labels = [r.label for r in _all_rows(text)]
    assert labels[:3] == ["(七)总计", "四、结转下年度继续办理", "四、政府信息公开行政复议、行政诉讼情况"]
    # at the end of the text too
    assert [r.label for r in _rows("\n".join(text.split("\n")[:8]))] == ["(七)总计", "四、结转下年度继续办理"]


def test_line_below_a_row_the_page_wrapped_is_read_without_error():
    """Table 4 of seed 001 (figures 184–200) in a Word table of 1.1 cm columns with cells
    centred vertically, printed by LibreOffice and read by pdftotext -layout: its figures
    wrap a digit a line (18 / 5). The second line was taken for the first's row wrapped by the
    page; the line below it was then compared with figures printed on two lines, and parsing
    stopped with a KeyError (5 of 12 such printings). Now it reads, and no piece is a value."""
    lines = [
        "四、政府信息公开行政复议、行政诉讼情况",
        "",
        "行政                        行政",
        "复议                        诉讼",
        "      结    其    尚         未经",
        "                                                     复议",
        "结果    果    他    未    总    复议",
        "                                                     后起",
        "维持    纠    结    审    计    直接",
        "                                                     诉",
        "      正    果    结         起诉",
        "                                结    其    尚                   结     其     尚",
        "                          结果    果    他    未     总    结果       果     他     未    总",
        "                          维持    纠    结    审     计    维持       纠     结     审    计",
        "                                正    果    结                   正     果     结",
        "      18   18   18   18         19   19   19    19            19    19    19   19",
        "184                       189                        194",
        "      5    6    7    8          0    1    2     3             5     6     7    8",
    ]
    report = nianbao.parse("\n".join(lines).encode(), name="t.txt", audit=False)
    assert {k: v for k, v in report.values().items() if v is not None} == {}


def test_heading_and_header_lines_finish_no_row():
    """Lines between a row and the next numbered row finish the row above only while they are
    short pieces of a label: a section heading or a table's header after Table 2's last row
    stays a line of its own."""
    text = "\n".join([
        "行政事业性收费                  10",
        "三、收到和处理政府信息公开申请情况",
        "申请人情况",
        "一、本年新收政府信息公开申请数量     1   2   3",
    ])
    assert [r.label for r in _all_rows(text)] == [
        "行政事业性收费", "三、收到和处理政府信息公开申请情况", "申请人情况", "一、本年新收政府信息公开申请数量",
    ]


def test_columns_of_a_shifted_block_say_nothing_of_the_next():
    """pdftotext shifts blocks of a page against each other: the label words of the block above
    (4.保 / 护第, starting further right) lie over the next block's figure columns. They do not
    show that those columns had room: the single digits under 5.属's are the rest of its figures,
    and both cut rows place nothing (before: 5.属 read ６, ６, ６７ …)."""
    text = "\n".join([
        "            4.保         ５    ５    ６０ ６       ６    ６    ６",
        "            护第          ８    ９       １       ２    ３    ４",
        "            三方",
        "      5.属   ６   ６   ６７ ６   ６   ７   ７",
        "      于三    ５   ６      ８   ９   ０   １",
        "      类内",
        "      6.属   ７   ７   ７４ ７   ７   ７   ７",
    ])
    assert [(r.label, [c.text for c in r.slots]) for r in _rows(text)] == [("6.属", ["７", "７", "７４", "７", "７", "７", "７"])]


def test_figures_wrapped_over_three_lines_place_nothing():
    """Full-width figures in columns one character wide wrap a digit a line (１ / ５ / １ is 151),
    and pdftotext prints the lines shifted against each other: the row places none, and none of
    its lines of pieces makes a row of its own (before: the third line, with the label words
    期不补正、, was read as the row 1.申请人无正当理由逾期不补正… with the figures 1, 2, 3, …)."""
    text = "\n".join([
        "            (六) 其他处     1. 申请人无   １   １   １    １   １   １   １",
        "            理           正当理由逾     ５   ５   ５    ５   ５   ５   ５",
        "                        期不补正、     １   ２   ３    ４   ５   ６   ７",
        "                        行政机关不",
        "                        再处理其政",
        "                        府信息公开",
        "                        申请",
        "                        2. 申请人逾   ８   ９   ７    ６   ５   ４   ３",
    ])
    rows = _all_rows(text)
    assert rows[0].label.startswith("(六) 其他处1. 申请人无理正当理由逾期不补正、") and not rows[0].slots
    assert [(r.label, len(r.slots)) for r in rows if r.slots] == [("2. 申请人逾", 7)]


def test_tab_paragraphs_wrapped_by_the_page_in_layout_text():
    """pdftotext of a table typed as tab-separated paragraphs: a row's last figures wrap to the
    start of the next line, where its label starts. They finish the row, which is then read by
    its count alone (a tab stop passed by a long label moves the rest of the row, so positions
    tell no columns). Before, (二) read 30 as its total and 31 … 36 were lost."""
    text = "\n".join([
        "   (二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)                    30",
        "   31   32  33 34   35 36",
        "",
        "   (三) 不予公开 1.属于国家秘密                37    38    39    40",
        "   41   42  43",
    ])
    rows = _rows(text)
    assert [(r.label, [c.text for c in r.slots], r.layout) for r in rows] == [
        ("(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)", [str(n) for n in range(30, 37)], "tabbed"),
        ("(三) 不予公开 1.属于国家秘密", [str(n) for n in range(37, 44)], "tabbed"),
    ]


# fmt: off
# Seed 000's Table 3 as a Word table of 1.1 cm figure columns with cells centred vertically,
# printed by LibreOffice and read by pdftotext -layout (lines trimmed): three-digit figures
# wrap (10 / 2 is 102), and the lines of a centred label print between a row's two lines.
CENTRED_WRAPS = [
    "                        2. 没有现成",
    "                                   10   10       10   10   10       10   10",
    "                        信息需要另",
    "                                   2    3        4    5    6        7    8",
    "                        行制作",
    "                        3. 补正后申",
    "                                   10   11       11   11   11       11   11",
    "                        请内容仍不",
    "                                   9    0        1    2    3        4    5",
    "                        明确",
]
# fmt: on


def test_ends_of_figures_below_a_centred_label_line_place_nothing():
    """Cells centred vertically print a row's wrapped figures on two lines with a line of its
    label between them (10 / 信息需要另 / 2 is 102): the line of ends is no row, and the row
    places nothing. Before, the row read 10, 10, … and the ends were a row of their own that
    took the next label lines (信息需要另行制作 read 2, 3, 4, …: 14 wrong cells)."""
    rows = _all_rows("\n".join(CENTRED_WRAPS))
    assert [(r.label, [c.text for c in r.slots]) for r in rows if r.slots] == []
    assert [r.label for r in rows][:2] == ["2. 没有现成信息需要另", "行制作"]


def test_figures_that_did_not_wrap_between_the_ends_place_nothing():
    """A centred row whose first column is wide prints its figure whole on the middle line,
    between the wrapped figures of the other columns and their ends (12 12 / 2. 重复申请 123 /
    4 5): every line of the row places nothing. Before, 123 was the row's only figure and was
    placed as its total, and the ends read 4, 5, … on the next row. A line of ends shorter than
    every figure above also ends them: the line of 12s below 11 / 6 is the next row's, not a
    third line of the row above, which keeps its joined figures (before, it placed none)."""
    text = "\n".join([
        "          (五) 不予处       1. 信访举报    11   11       11   11   12       12   12",
        "          理             投诉类申请      6    7        8    9    0        1    2",
        "                                   12   12       12   12   12       12",
        "2. 重复申请                 123",
        "                                   4    5        6    7    8        9",
        "3. 要求提供                            13   13       13   13   13       13",
        "                        130",
        "公开出版物                              1    2        3    4    5        6",
    ])
    rows = _all_rows(text)
    assert [(r.label, [c.text for c in r.slots]) for r in rows if r.slots] == [
        ("(五) 不予处理1. 信访举报投诉类申请", [str(n) for n in range(116, 123)]),
    ]
    assert [r.label for r in rows if r.label.startswith(("2.", "3."))] == ["2. 重复申请", "3. 要求提供公开出版物"]


def test_numbered_label_between_a_row_and_its_ends_is_that_rows():
    """A row's one-line label centred between its wrapped figures and their ends (16 16 / 3. 其他
    / 5 6) belongs to that row; the next row's wrapped figures, with its first column shifted
    by pdftotext and its total whole on the middle line ((七) 总计 173), place nothing either.
    Before, 3. 其他 read 5, 6, 7, … and (七) 总计 read 173 as its total."""
    text = "\n".join([
        "                                   16   16       16   16   16       17   17",
        "                    3. 其他",
        "                                   5    6        7    8    9        0    1",
        "              17                   17   17       17   17   17",
        "(七) 总计              173",
        "              2                    4    5        6    7    8",
    ])
    rows = _all_rows(text)
    assert [(r.label, [c.text for c in r.slots]) for r in rows] == [("3. 其他", []), ("(七) 总计", [])]


def test_short_top_level_label_line_starts_the_row_of_centred_values():
    """A label column two characters wide with cells centred vertically prints Table 3's second
    row's values between its label lines (二、 / 上年 / 结转 / 政府 / values / 信息 / …): the short
    line 二、 starts that row, and the lines above it finish the first. Before, only numbers like
    1. and （一） started a row: the values took 本年新收…二、上年结转政府 as their label and the
    first row's cells got the second row's figures (7 wrong cells)."""
    lines = ["一、        11   12   13   14   15   16    17", "本年", "新收", "政府", "信息", "公开", "申请", "数量",
             "二、", "上年", "结转", "政府", "           18     19   20   21   22   23   24", "信息", "公开", "申请", "数量"]
    assert [(r.label, [c.text for c in r.slots]) for r in _rows("\n".join(lines))] == [
        ("一、本年新收政府信息公开申请数量", [str(n) for n in range(11, 18)]),
        ("二、上年结转政府信息公开申请数量", [str(n) for n in range(18, 25)]),
    ]


def test_centred_table4_with_figures_between_their_ends_places_nothing():
    """Table 4 of seed 000 with cells centred vertically (figure columns 1.6 cm): the figures
    that did not wrap (186 191 196) print on the middle line, in columns the others leave
    empty. That line was taken for the first line wrapped by the page, and the row read 18,
    18, 18, … 186, 191, 196 (15 wrong cells); now nothing is placed."""
    lines = [
        "四、政府信息公开行政复议、行政诉讼情况",
        "",
        "行政                           行政",
        "复议                           诉讼",
        "                                     结    其     尚                 结     其    尚",
        "                             结果      果    他     未    总     结果     果     他    未    总",
        "                             维持      纠    结     审    计     维持     纠     结    审    计",
        "                                     正    果     结                 正     果    结",
        "      18    18    18    19           19   19    19   19           19    19   19   20",
        "186                          191                           196",
        "      7     8     9     0            2    3     4    5            7     8    9    0",
    ]
    report = nianbao.parse("\n".join(lines).encode(), name="t.txt", audit=False)
    assert {k: v for k, v in report.values().items() if v is not None} == {}


def test_numeral_of_a_wrapped_label_alone_on_its_line_is_a_word():
    """A label column two characters wide wraps 3.危及“三安全一稳定” a few characters a line, and
    三 lands alone on its line: a numeral in ideographs with nothing else on the line is a word
    of the label, not a value. Before, it read as the figure 3, took the label lines around it
    and was placed as the row's total (57 read 3)."""
    text = "\n".join([
        "            3.危             51   52   53   54        55   56    57",
        "            及“",
        "      三",
        "      安全",
        "      一稳",
        "      定”",
        "      4.保   58    59    60    61    62    63    64",
    ])
    assert [(r.label, [c.text for c in r.slots]) for r in _rows(text)] == [
        ("3.危及“三安全一稳定”", [str(n) for n in range(51, 58)]),
        ("4.保", [str(n) for n in range(58, 65)]),
    ]


def test_marker_before_a_label_word_is_a_word():
    """(四) 无 / 法提供 wraps 无法提供 in a narrow column, and 无 alone reads as a marker: one printed
    before a word of its line (1.本机) is a word, as values follow their label. Before, 无 was
    the row's first value, the row (四) read 无 and seven figures, and the line of ends below it
    (３ ４ … ９ of 93 … 99) was a row of its own, 1.本机关不掌握相关政府信息 (7 wrong cells)."""
    text = "\n".join([
        "      (四) 无   1.本机       ９   ９   ９   ９   ９   ９   ９",
        "      法提供     关不掌        ３   ４   ５   ６   ７   ８   ９",
        "              握相关",
        "              政府信",
        "              息",
        "              2.没有       １   ２   ３   ４   ５   ６   ７",
    ])
    rows = _all_rows(text)
    assert rows[0].label.startswith("(四)无1.本机") and not rows[0].slots
    assert [(r.label, len(r.slots)) for r in rows if r.slots] == [("2.没有", 7)]


def test_label_of_two_columns_centred_around_its_values():
    """Cells centred vertically print a label of two columns partly above its row's values (三、
    / 本年 (一) / 度办 予以 25 26 … / 理结 公开 / 果): the line of two words above is the label's,
    not a table's header, and the short line 三、 starts the row, so that the lines above it
    finish the row before. Before, 本年 (一) was taken for a header row: the lines above it were
    left alone, 二、 lost the rest of its label and (一)予以公开 its head (14 cells lost)."""
    lines = ["二、     18   19    20    21    22    23    24", "上年", "结转", "政府", "信息", "公开", "申请", "数量",
             "三、", "本年   (一)", "度办   予以    25     26   27   28   29   30   31", "理结   公开", "果"]
    assert [(r.label, [c.text for c in r.slots]) for r in _rows("\n".join(lines))] == [
        ("二、上年结转政府信息公开申请数量", [str(n) for n in range(18, 25)]),
        ("三、本年(一)度办理结果予以公开", [str(n) for n in range(25, 32)]),
    ]


def test_lone_figure_in_text_of_single_spaces_is_no_applicant_cell():
    """pdftotext -raw (and text copied from a viewer) sets a row's figures apart by single
    spaces and prints a row's lone total on a line of its own, at the line's start: positions
    tell no columns there. Before, the lone 25 of （一）予以公开 stood where the first column's
    figures start and was read as 自然人's; now rows are read by count, a lone figure as the
    row's total."""
    lines = [
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量",
        "11 12 13 14 15 16 81",
        "二、上年结转政府信息公开申请数量",
        "18 19 20 21 22 23 24",
        "三、本年度办理结果",
        "(一) 予以公开",
        "25",
        *[f"{k}.{w}\n10 10 10 10 10 10 60" for k, w in enumerate(["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益", "属于三类内部事务信息", "属于四类过程性信息"], 1)],
    ]
    got = nianbao.parse("\n".join(lines).encode(), name="r.txt", audit=False).values()
    assert [got[f"t3.granted.{c}"] for c in (*APPLICANTS, "total")] == [None] * 6 + [25]
    assert [got[f"t3.new_received.{c}"] for c in (*APPLICANTS, "total")] == [11, 12, 13, 14, 15, 16, 81]


def test_ends_of_figures_below_label_lines_in_text_of_single_spaces():
    """pdftotext -raw of a Table 3 whose figure columns are one character wide: row 3.补正's
    figures 109–115 print cut to 10 10 10 11 …, its label's rest on three lines, then the ends
    7 8 9 0 1 2 3 on a line without words. Positions tell nothing in text of single spaces, so
    the ends are told by count and length: the row and its ends place nothing. Before, the
    ends took the label lines above them (后申请内容仍不明确) and were read as 3.补正's figures
    (7 for 109)."""
    lines = [
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量 11 12 13 14 15 16 17",
        "二、上年结转政府信息公开申请数量 18 19 20 21 22 23 24",
        "(四) 无法提供",
        "1.本机关不掌握相关政府信息",
        "93 94 95 96 97 98 99",
        "2.没有现成信息需要另行制作 80 81 82 83 84 85 86",
        "3.补正 10 10 10 11 11 11 11",
        "后申请",
        "内容仍",
        "不明确",
        "7 8 9 0 1 2 3",
        "(五) 不予处理",
        "1.信访举报投诉类申请 60 61 62 63 64 65 66",
        "2.重复申请 70 71 72 73 74 75 76",
    ]
    got = nianbao.parse("\n".join(lines).encode(), name="r.txt", audit=False).values()
    assert [got[f"t3.unavailable_unclear.{c}"] for c in (*APPLICANTS, "total")] == [None] * 7
    assert [got[f"t3.not_processed_petition.{c}"] for c in (*APPLICANTS, "total")] == list(range(60, 67))
