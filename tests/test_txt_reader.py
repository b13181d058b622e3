"""The text reader on real reports re-encoded and re-laid-out: encodings, traditional
characters, line endings, pipe and markdown tables, truncated documents."""

from __future__ import annotations

import json
from pathlib import Path

import opencc
import pytest

import nianbao
from builders.seeds import distinct_figures, word_tables
from nianbao.text import fold

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "000_be19f74464ca47e9.txt"
SEED_CELL_PER_LINE = SHARED / "seeds" / "003_33497d41d195c30a.txt"
pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"seed reports not available under {SHARED / 'seeds'}")


def _seed(path: Path = SEED) -> tuple[str, dict]:
    exp = json.loads(path.with_name(path.name.split(".")[0] + ".expected.json").read_text("utf-8"))
    return path.read_text("utf-8"), exp


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "utf-16"])
def test_encodings_are_detected(encoding):
    text, exp = _seed()
    r = nianbao.parse(text.encode(encoding), audit=False)
    assert r.values() == exp["cells"]
    assert r.meta.agency == exp["meta"]["agency"]


def test_traditional_characters_keep_the_printed_agency():
    text, exp = _seed()
    r = nianbao.parse(opencc.OpenCC("s2t").convert(text).encode("utf-8"), audit=False)
    assert r.values() == exp["cells"]
    assert r.meta.agency == "海州區工業和信息化局"
    assert r.meta.year == 2022
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("eol", ["\r\n", "\r"])
def test_line_endings(eol):
    text, exp = _seed()
    assert nianbao.parse(text.replace("\n", eol).encode(), audit=False).values() == exp["cells"]


def _as_pipe_rows(text: str, markdown: bool) -> str:
    out, prev_table = [], False
    for line in text.split("\n"):
        if "\t" in line:
            row = "| " + " | ".join(c.strip() for c in line.split("\t")) + " |"
            out.append(row)
            if markdown and not prev_table:
                out.append("|" + "---|" * (line.count("\t") + 1))
            prev_table = True
        else:
            out.append(line)
            prev_table = False if line.strip() else prev_table
    return "\n".join(out)


@pytest.mark.parametrize("markdown", [False, True], ids=["pipe-rows", "markdown"])
def test_pipe_and_markdown_tables(markdown):
    text, exp = _seed()
    r = nianbao.parse(_as_pipe_rows(text, markdown).encode(), audit=False)
    assert r.values() == exp["cells"]


def test_cell_lines_ending_in_pipe():
    """One cell per line ending in ' |' (the seed-003 layout with pipes instead of tabs)."""
    text, exp = _seed(SEED_CELL_PER_LINE)
    lines = []
    for line in text.split("\n"):
        lines.append(line[1:] + " |" if line.startswith("\t") else line)
    r = nianbao.parse("\n".join(lines).encode(), audit=False)
    assert r.values() == exp["cells"]


TAB_SEEDS = sorted(p for p in (SHARED / "seeds").glob("*.txt") if p != SEED_CELL_PER_LINE)


def _as_printed(path: Path) -> tuple[str, dict]:
    """A tab seed with a figure of its own in every figure cell, and the values it reads as
    printed: every other layout of it must read the same (its Table 3 prints only zeros)."""
    text = distinct_figures(_seed(path)[0])
    return text, nianbao.parse(text.encode(), audit=False).values()


def _as_page_text(text: str, lead: bool) -> str:
    """A seed's tab rows as a web page converted to text prints them: only the cells the page
    has (the empty cells a row span leaves at a row's start are not there), each closed by a
    pipe; on one line (``a | b |``), or, when cells hold paragraphs, led by pipes."""
    out = []
    for line in text.split("\n"):
        if "\t" not in line:
            out.append(line)
            continue
        cells = [c.strip() for c in line.lstrip("\t").split("\t")]
        if lead:
            out += [cells[0], *(f"| {c}" if c else "|" for c in cells[1:]), "|"]
        else:
            out.append(" | ".join(cells) + " |")
    return "\n".join(out)


@pytest.mark.parametrize("lead", [False, True], ids=["rows-closed-by-pipes", "cells-led-by-pipes"])
@pytest.mark.parametrize("path", TAB_SEEDS, ids=lambda p: p.name[:3])
def test_web_page_text_with_pipes(path, lead):
    """Before, rows ``a | b |`` were read as one cell each and pipe-led cells as prose: no
    table was found (165-200 of 200 cells lost per seed)."""
    text, values = _as_printed(path)
    r = nianbao.parse(_as_page_text(text, lead).encode(), audit=False)
    assert r.values() == values
    assert r.meta.agency == _seed(path)[1]["meta"]["agency"]


def _txt_tables(text: str) -> list[list[list[tuple[str, int]]]]:
    from nianbao.document import Table
    from nianbao.readers.txt import text_to_document

    doc = text_to_document(text)
    return [[[(c.text, c.loc.line) for c in r.cells] for r in b.rows] for b in doc.blocks if isinstance(b, Table)]


def test_rows_closed_by_pipes_keep_rows_of_one_cell():
    text = "标题\n第二十条第（一）项 |\n信息内容 | 本年制发件数 |\n规章|3|\n\n正文"
    assert _txt_tables(text) == [[[("第二十条第（一）项", 2)], [("信息内容", 3), ("本年制发件数", 3)], [("规章", 4), ("3", 4)]]]


def test_cells_led_by_pipes():
    """A lone pipe closes the last cell (or an empty one), a line without a pipe continues the
    open cell, and text after a closed cell starts the next row; the table ends at prose."""
    text = "指标名称\n| 计量\n单位\n| 本期\n|\n|\n甲\n| 条\n| 5\n|\n正文一行\n\n| 不是表格"
    tables = _txt_tables(text)
    assert tables[0] == [
        [("指标名称", 1), ("计量\n单位", 2), ("本期", 4), ("", 6)],
        [("甲", 7), ("条", 8), ("5", 9)],
    ]
    assert len(tables) == 1
    doc = nianbao.read(text.encode(), name="x.txt")
    assert [b.text for b in doc.paragraphs()] == ["正文一行", "| 不是表格"]


def test_cell_lines_ending_in_pipe_are_not_rows():
    """One cell per line (``a |``, rows between blank lines) stays one cell per line."""
    assert _txt_tables("规章 |\n3 |\n\n行政规范性文件 |\n|\n") == [[[("规章", 1), ("3", 2)], [("行政规范性文件", 4), ("", 5)]]]


def _with_radicals(text: str) -> str:
    """``text`` as a PDF with radical glyphs prints it when copied: Kangxi radicals for the
    ideographs that have one (⼀ ⼆ ⼈ ⾏), radical forms for 长 门 见."""
    import unicodedata

    looks = {unicodedata.normalize("NFKC", chr(cp)): chr(cp) for cp in range(0x2F00, 0x2FD6)}
    looks.update(zip("长门见", "⻓⻔⻅"))
    return "".join(looks.get(ch, ch) for ch in text)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("path", sorted((SHARED / "seeds").glob("*.txt")), ids=lambda p: p.name[:3])
def test_radical_look_alikes_from_pdf_copies(path, encoding):
    """Before, headings printed ⼀、 and ⼆、 were not found (sections 一 and 二 lost)."""
    text, exp = _seed(path)
    r = nianbao.parse(_with_radicals(text).encode(encoding), audit=False)
    assert r.values() == nianbao.parse(text.encode(), audit=False).values() == exp["cells"]
    assert r.meta.agency == exp["meta"]["agency"]
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]
    assert r.section(1).text == nianbao.parse(text.encode(), audit=False).section(1).text


@pytest.mark.parametrize(
    "printed",
    [
        "海州区工业和信息化局二〇二二年政府信息公开工作年度报告",  # before: agency …局二〇二二年
        "海州区工业和信息化局二○二二年度政府信息公开工作报告",
        "海州区工业和信息化局2022年政务公开工作年度报告",  # before: no title, no agency
        "2022年度海州区工业和信息化局政务公开工作年度报告",
        "关于海州区工业和信息化局2022年政府信息公开工作年度报告的公告",  # before: agency 关于…
        "【海州区工业和信息化局】2022年政府信息公开工作年度报告",  # before: agency 【…】
        "海州区工业和信息化局政府信息公开工作年度报告（2022年度）",
        "海州区工业和信息化局二O二二年政府信息公开工作年度报告",  # a letter O for the zero
        "海州区工业和信息化局二0二二年度政府信息公开工作年度报告",
    ],
)
def test_title_shapes(printed):
    text, exp = _seed()
    r = nianbao.parse(text.replace("海州区工业和信息化局 2022 年政府信息公开工作年度报告", printed, 1).encode(), audit=False)
    assert (r.meta.agency, r.meta.year, r.meta.title) == (exp["meta"]["agency"], 2022, fold(printed))


@pytest.mark.parametrize(
    ("printed", "agency"),
    [
        ("2022年度海州区政务公开办公室政府信息公开工作年度报告", "海州区政务公开办公室"),
        ("海州区政务公开办公室政府信息公开工作年度报告（2022年度）", "海州区政务公开办公室"),
        ("海州区政务服务和政务公开管理办公室2022年政府信息公开工作年度报告", "海州区政务服务和政务公开管理办公室"),
        ("海州区政务服务管理办公室2022年政务公开工作年度报告", "海州区政务服务管理办公室"),
    ],
)
def test_agency_named_after_open_government(printed, agency):
    """政务公开 ends the agency's name only in titles that do not say 信息公开."""
    text, _ = _seed()
    r = nianbao.parse(text.replace("海州区工业和信息化局 2022 年政府信息公开工作年度报告", printed, 1).encode(), audit=False)
    assert (r.meta.agency, r.meta.year) == (agency, 2022)


def test_markdown_strong_headings_and_cells():
    """Before, headings printed **一、总体情况** were not found (no sections at all)."""
    text, exp = _seed()
    md = _as_pipe_rows(text, markdown=True)
    for head in ("一、总体情况", "二、主动公开政府信息情况", "六、其他需要报告的事项"):
        md = md.replace("\n" + head + "\n", f"\n**{head}**\n", 1)
    md = md.replace("| 规章 |", "| **规章** |", 1)
    r = nianbao.parse(md.encode(), name="report.md", audit=False)
    assert r.values() == exp["cells"]
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]
    assert r.section(1).title == "一、总体情况"


def _cells_broken(text: str, longer_than: int) -> str:
    """Each tab row's longest text cell broken in the middle by a line break, as a table whose
    cells hold line breaks is copied as text: the row's line ends inside that cell and the
    next line starts with the cell's rest."""
    out = []
    for line in text.split("\n"):
        cells = line.split("\t")
        k = max(range(len(cells)), key=lambda i: len(cells[i]))
        if len(cells) > 3 and len(cells[k]) > longer_than:
            cut = len(cells[k]) // 2
            out += ["\t".join(cells[:k] + [cells[k][:cut]]), "\t".join([cells[k][cut:], *cells[k + 1 :]])]
        else:
            out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("longer_than", [14, 8])
@pytest.mark.parametrize("path", TAB_SEEDS, ids=lambda p: p.name[:3])
def test_cells_broken_over_lines(path, longer_than):
    """Before, 163-175 of 200 cells were lost: a label's first half ended the table, or
    stayed a row of its own with the figures on the next one."""
    text, values = _as_printed(path)
    r = nianbao.parse(_cells_broken(text, longer_than).encode(), audit=False)
    assert r.values() == values
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]
    if longer_than == 14:  # no table's first cell is broken: the prose is the seed's
        assert [s.text for s in r.sections] == [s.text for s in nianbao.parse(text.encode(), audit=False).sections]


@pytest.mark.parametrize("path", TAB_SEEDS, ids=lambda p: p.name[:3])
def test_headings_right_above_tables_stay_headings(path):
    """Without blank lines, a section heading sits between two tables; it is no broken cell."""
    text, values = _as_printed(path)
    r = nianbao.parse("\n".join(x for x in text.split("\n") if x.strip()).encode(), audit=False)
    assert r.values() == values
    assert [s.text for s in r.sections] == [s.text for s in nianbao.parse(text.encode(), audit=False).sections]


@pytest.mark.parametrize("mark", ["— 3 —", "第3页，共5页", "第 3 页 共 5 页", "Page 3 of 5", "3/5", "running head"])
@pytest.mark.parametrize("before", ["table-3-row", "table-4-figures"])
def test_page_furniture_inside_tables_is_no_cell(mark, before):
    """A page number or running head printed between two rows of a table, above a labelled row
    or above Table 4's row of figures; before, the latter took it as its first cell and every
    figure of Table 4 moved one cell left."""
    text, values = _as_printed(SEED)
    lines = text.split("\n")
    if before == "table-3-row":
        at = next(i for i, x in enumerate(lines) if "部分公开" in x)
    else:
        at = next(i for i, x in enumerate(lines) if x.count("\t") >= 10 and all(c.isdigit() for c in x.split("\t") if c))
    lines.insert(at, lines[2].strip() if mark == "running head" else mark)
    assert "年度报告" in lines[at] or mark != "running head"
    assert nianbao.parse("\n".join(lines).encode(), audit=False).values() == values


def _lead_pipes(path: Path, edit) -> tuple[str, dict]:
    text, values = _as_printed(path)
    lead = _as_page_text(text, lead=True)
    edited = edit(lead)
    assert edited != lead
    return edited, values


@pytest.mark.parametrize(
    "case",
    ["no-blank-lines", "empty-corner-under-heading", "first-cell-over-two-lines", "numbered-first-cell-over-two-lines"],
)
def test_pipe_led_tables_next_to_headings(case):
    """Section headings right above a pipe-led table stay headings, also when the table's top
    left cell is empty (its row starts with ``|``) or no blank line separates them; a row's
    first cell may take several lines."""
    note = "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)"
    heading = "三、收到和处理政府信息公开申请情况"
    edits = {
        "no-blank-lines": lambda t: "\n".join(x for x in t.split("\n") if x.strip()),
        "empty-corner-under-heading": lambda t: t.replace(f"{heading}\n\n{note}\n", f"{heading}\n", 1),
        "first-cell-over-two-lines": lambda t: t.replace("(二) 部分公开（", "(二) 部分公开\n（", 1),
        "numbered-first-cell-over-two-lines": lambda t: t.replace("\n一、本年新收政府信息公开", "\n一、本年新收政府信息\n公开", 1),
    }
    text, values = _lead_pipes(SEED, edits[case])
    r = nianbao.parse(text.encode(), audit=False)
    assert r.values() == values
    assert [(x.number, x.title) for x in r.sections][2] == (3, heading)
    assert [x.number for x in r.sections] == [1, 2, 3, 4, 5, 6]


def test_table_3_without_header_nor_total_column():
    """Table 3 pasted without its header rows and printed without a total column: no row
    prints a total, so six figures are the six applicants; before, each row was counted from
    the right and every figure landed on its neighbour's cell (150 of 150)."""
    text, values = _as_printed(SEED)
    lines = text.split("\n")
    head = next(i for i, x in enumerate(lines) if "本列数据" in x)
    first = next(i for i, x in enumerate(lines) if x.startswith("一、本年新收"))
    last = next(i for i, x in enumerate(lines) if "结转下年度" in x)
    rows = [x.rstrip("\t").rsplit("\t", 1)[0] for x in lines[first : last + 1]]  # each row's total dropped
    got = nianbao.parse("\n".join(lines[:head] + rows + lines[last + 1 :]).encode(), audit=False).values()
    t3 = [k for k in values if k.startswith("t3.")]
    assert {k: got[k] for k in t3 if not k.endswith(".total")} == {k: values[k] for k in t3 if not k.endswith(".total")}
    assert [k for k in t3 if k.endswith(".total") and got[k] is not None] == []


def test_page_number_inside_a_table_is_no_cell():
    text = "表\t甲\t乙\n（一）予以公开\t1\t2\n— 3 —\n（二）部分公开\t3\t4\n"
    assert [[c for c, _ in row] for row in _txt_tables(text)[0]] == [["表", "甲", "乙"], ["（一）予以公开", "1", "2"]]


SHORTENED_LABELS = {
    "部分公开（区分处理的，只计这一情形，不计其他情形）": "部分公开",
    "本年新收政府信息公开申请数量": "本年新收申请数量",
    "本机关不掌握相关政府信息": "本机关不掌握",
    "没有现成信息需要另行制作": "没有现成信息",
    "要求行政机关确认或重新出具已获取信息": "要求确认",
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": "申请人逾期不补正",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": "申请人逾期未缴纳费用",
}


@pytest.mark.parametrize("path", TAB_SEEDS, ids=lambda p: p.name[:3])
def test_shortened_row_labels(path):
    """Labels printed shorter than the template's, keeping their start and their words in
    order; before, each such row's values were lost (7 cells a row)."""
    text, values = _as_printed(path)
    for full, short in SHORTENED_LABELS.items():
        text = text.replace(full, short)
    assert nianbao.parse(text.encode(), audit=False).values() == values


def test_shortened_labels_of_the_cell_per_line_seed():
    text, exp = _seed(SEED_CELL_PER_LINE)
    for full, short in SHORTENED_LABELS.items():
        text = text.replace(full, short)
    assert nianbao.parse(text.encode(), audit=False).values() == exp["cells"]


@pytest.mark.parametrize("printed", ["1.申请人无正当理由", "其中：依申请公开", "依申请公开"])
def test_a_tail_of_another_label_is_no_shortened_label(printed):
    """Only a numbered sub-row's number may follow other words: 依申请公开 is no shortened
    1.申请人无正当理由逾期不补正… (it shares 申请…公开 with it), and a clipped label ranks
    its own row first."""
    from nianbao.extract.tables import row_score
    from nianbao.schema.template import load_template
    from nianbao.text import label_key

    rows = load_template("2021").tables["t3"].rows
    scores = sorted(((row_score(label_key(printed), r.keys), r.id) for r in rows), reverse=True)
    if printed.startswith("1."):
        assert scores[0][1] == "other_overdue_correction" and scores[1][0] < 0.62
    else:
        assert scores[0][0] < 0.62


def test_truncated_document_places_values_or_nothing():
    """A report cut off mid-table: cells before the cut keep their values, the rest are null."""
    text, exp = _seed(SEED_CELL_PER_LINE)
    cut = text.index("6.属于四类过程性信息")
    r = nianbao.parse(text[:cut].encode(), audit=False)
    got = r.values()
    assert got["t3.denied_internal_affairs.natural_person"] == 2
    assert got["t3.new_received.total"] == 3
    assert got["t3.denied_process_info.natural_person"] is None
    assert got["t3.total_processed.total"] is None
    assert all(got[k] is None for k in got if k.startswith("t4."))
    for k, v in got.items():  # nothing shifted onto a neighbour
        assert v is None or v == exp["cells"][k], k


def test_line_numbers_survive_page_breaks():
    """Regression: form feeds used to count as extra lines, so provenance after page 1 pointed
    at the wrong line of a pdftotext -layout file."""
    path = SHARED / "corpus" / "kiro" / "hongze-district_2024_original.pdftotext-layout.txt"
    if not path.exists():
        pytest.skip(f"{path} not available")
    text = path.read_text("utf-8")
    assert "\f" in text
    lines = text.split("\n")
    r = nianbao.parse(path, audit=False)
    for cid in ("t3.new_received.natural_person", "t4.litigation_after_review.total", "t2.fees.amount"):
        c = r.cells[cid]
        assert c.raw in lines[c.provenance.line - 1], cid


@pytest.mark.parametrize("seed", ["000_be19f74464ca47e9", "001_6b6d80a219e047ef", "002_82fce97c06b76847", "004_b12aec6b56ff96c6"])
def test_figures_separated_by_single_spaces(seed):
    """Text copied from a viewer: each row is its label and figures with one space between.
    Blank cells vanish in this layout, so short rows are placed by count, never by position."""
    path = SHARED / "seeds" / f"{seed}.txt"
    text, exp = _seed(path)
    single = "\n".join(" ".join(c.strip() for c in line.split("\t") if c.strip()) for line in text.split("\n"))
    assert "\t" not in single
    r = nianbao.parse(single.encode("utf-8"), audit=False)
    assert r.values() == exp["cells"]


def test_amounts_printed_in_yuan_are_reported_in_wanyuan():
    """The contract reports fee and procurement amounts in 万元 whatever unit the header prints;
    the literal stays as printed and the layout notes the conversion."""
    text, _ = _seed()
    printed = text.replace("本年收费金额（单位：万元）", "本年收费金额（单位：元）").replace("行政事业性收费\t0", "行政事业性收费\t77302800")
    r = nianbao.parse(printed.encode("utf-8"), audit=False)
    assert r.cells["t2.fees.amount"].value == 7730.28
    assert r.cells["t2.fees.amount"].raw == "77302800"
    assert "t2.fees.amount" in r.layout["tables"]["t2"]["units"]
    same = nianbao.parse(text.replace("行政事业性收费\t0", "行政事业性收费\t7730.28").encode("utf-8"), audit=False)
    assert same.cells["t2.fees.amount"].value == 7730.28 and not same.layout["tables"]["t2"]["units"]


@pytest.mark.parametrize("year", [2023, 2024])
def test_layout_text_table_headers_are_not_section_text(year):
    """pdftotext -layout prints a table's header as lines like any other (第二十条第（一）项,
    信息内容  本年制发件数 …, a header cell wrapped over four lines); sections 二–四 hold only
    their tables, and the prose of 一, 五 and 六 stays whole."""
    from corpus_files import hongze

    report = nianbao.parse(hongze(year))
    texts = {s.number: s.text for s in report.sections}
    assert texts[2] == texts[3] == texts[4] == ""
    assert texts[1].startswith(f"{year} 年，") and texts[1].endswith("。")
    assert texts[5].startswith(f"{year} 年，") and texts[5].endswith("业务工作水平。")
    assert texts[6].endswith("信息处理费 0 元。")


def _hongze_2024_edited(old: str, new: str) -> nianbao.Report:
    from corpus_files import hongze

    text = hongze(2024).read_text("utf-8")
    assert old in text
    return nianbao.parse(text.replace(old, new, 1).encode("utf-8"))


@pytest.mark.parametrize(
    ("old", "new", "kept"),
    [
        # a paragraph that ends in a closing quote or bracket, or without a full stop, right
        # above the next section's tables stays text of its own section
        ("载党中央、国务院重大方针政策。\n", "载党中央、国务院重大方针政策。”\n", (1, "重大方针政策。”")),
        ("载党中央、国务院重大方针政策。\n", "载党中央、国务院重大方针政策（详见\n区政府门户网站政务公开专栏）\n", (1, "政务公开专栏）")),
        # a line announcing the table is prose, not its header
        ("二、主动公开政府信息情况\n", "二、主动公开政府信息情况\n  本年度主动公开政府信息情况统计如下\n", (2, "统计如下")),
    ],
)
def test_layout_text_header_walk_keeps_prose(old, new, kept):
    """Regression (review): the walk up from a table's first value line took the end of the
    section above and an announcing line as header lines."""
    report = _hongze_2024_edited(old, new)
    number, tail = kept
    assert report.section(number).text.endswith(tail)


def test_layout_text_small_table_outside_the_template_keeps_its_header():
    """Regression (review): a fee table in section 六 is not one of the template's tables; its
    header line stays section text, and the fee is still stated (no FEE-NOT-STATED)."""
    report = _hongze_2024_edited(
        " 2024 年，区政府严格落实《政府信息公开信息处理费管理办\n法》，全年收取政府信息公开信息处理费 0 元。\n",
        "  本年度情况如下表\n      项目          收费件数      收费金额（元）\n      信息处理       0             0\n",
    )
    assert "收费金额" in report.section(6).text
    assert "FEE-NOT-STATED" not in {f.code for f in report.findings}


def test_edition_by_layout_when_the_header_is_traditional_and_the_prose_names_a_2019_row():
    """Regression (review): markers counted on the printed text before conversion gave 2019
    for a traditional 2021 header when the prose mentioned 政府集中采购."""
    from nianbao.extract import detect_edition

    assert detect_edition("本年度主动公开政府集中采购信息12条。本年制發件數 本年廢止件數 現行有效件數", 2022) == ("2021", "layout")
    assert detect_edition("本年制发件数 本年废止件数 现行有效件数", 2022) == ("2021", "layout")


def test_prose_wrapping_after_a_figure_stays_section_text():
    """Regression (review): in the Hongze 2024 layout text the line ending in
    ``…公开政府常务会议 7`` (the sentence goes on with ``期，``) was read as a table row with one
    value, and the paragraph above it was taken as that row's label."""
    from corpus_files import hongze

    text = nianbao.parse(hongze(2024)).section(1).text
    assert "（一）主动公开情况。主要通过政府门户网站主动公开政府" in text
    assert "主动发布各类政府信息 2428 条，公开政府常务会议 7\n期，解读信息发布 7 条。" in text


def _cell_lines(path: Path, form: str) -> str | None:
    """A tab seed's tables as a Word table (every figure its own) taken to text one cell a
    line with nothing marking cells or rows: saved as text by LibreOffice (an empty cell is an
    empty line), or saved as a web page whose text is then taken node by node, as scrapers do
    (no empty lines). None when LibreOffice is not installed."""
    from lxml import html
    from pdfkit import libreoffice_convert

    docx = word_tables(distinct_figures(_seed(path)[0]))
    if form == "libreoffice-text":
        data = libreoffice_convert(docx, "txt:Text (encoded):UTF8", "txt")
        return None if data is None else data.decode("utf-8-sig")
    page = libreoffice_convert(docx, "html", "html")
    if page is None:
        return None
    root = html.fromstring(page)
    for el in root.xpath("//head|//script|//style"):
        el.getparent().remove(el)
    return "\n".join(" ".join(t.split()) for t in root.itertext() if t.strip())  # white space collapsed, as a browser shows it


@pytest.mark.parametrize("form", ["libreoffice-text", "page-text-by-node"])
@pytest.mark.parametrize("path", TAB_SEEDS, ids=lambda p: p.name[:3])
def test_word_tables_taken_to_text_one_cell_a_line(path, form):
    """Nothing marks a cell or a row: a row is its label's lines and its figures a line each.
    Before, no table was found (188-200 of 200 cells lost per seed)."""
    text = _cell_lines(path, form)
    if text is None:
        pytest.skip("LibreOffice not installed (libreoffice-writer-nogui)")
    assert "\t" not in text and "|" not in text
    r = nianbao.parse(text.encode(), name="report.txt", audit=False)
    assert r.values() == _as_printed(path)[1]
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]


def _one_cell_a_line(*rows: list[str]) -> str:
    head = ["某县人民政府2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    return "\n".join(head + [line for row in rows for line in row])


def test_one_cell_a_line_keeps_an_empty_cell_between_figures():
    """An empty line between two figures of a row is its empty cell: the figures after it stay
    in their columns."""
    text = _one_cell_a_line(
        ["一、本年新收政府信息公开申请数量", "1", "2", "3", "4", "5", "6", "21"],
        ["二、上年结转政府信息公开申请数量", "7", "", "9", "10", "11", "12", "49"],
    )
    got = nianbao.parse(text.encode(), name="r.txt", audit=False).values()
    assert [got[f"t3.carried_over.{c}"] for c in ("natural_person", "commercial", "research", "total")] == [7, None, 9, 49]


def test_one_cell_a_line_numbers_printed_in_pieces():
    """A web page sets a label's number in spans of its own: taken node by node it prints
    ( / 一 / ) / 予以公开, which go on as one label."""
    text = _one_cell_a_line(
        ["一、本年新收政府信息公开申请数量", *"1234567"],
        ["三、本年度办理结果", "(", "一", ")", "予以公开", *"7654321"],
    )
    got = nianbao.parse(text.encode(), name="r.txt", audit=False).values()
    assert got["t3.granted.natural_person"] == 7 and got["t3.granted.total"] == 1


def test_figures_of_prose_cut_into_lines_are_no_cells():
    """Prose whose figures a page set in spans of their own, taken node by node: 2023 / 年以来…
    A figure followed by its unit is text, and a document with few figure lines has no table."""
    prose = ["一、总体情况", "2023", "年以来，本机关认真贯彻落实《条例》，主动公开政府信息", "150", "余条，受理申请", "3", "件。"]
    doc = nianbao.read("\n".join(prose).encode(), name="r.txt")
    assert not doc.tables()
    many = prose * 4  # 12 figure lines, all followed by a unit
    assert not nianbao.read("\n".join(many).encode(), name="r.txt").tables()


_T3_LINES = [
    "三、收到和处理政府信息公开申请情况",
    "一、本年新收政府信息公开申请数量 1 2 3 4 5 6 21",
    "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
    "三、本年度办理结果",
    "(一)予以公开 1 2 3 4 5 6 21",
    "(二)部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 0 0 0 0 0",
    "(三)不予公开",
    *[f"{k}.{w} 0 0 0 0 0 0 0" for k, w in enumerate(["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益"], 1)],
]
# Table 4's figures of three digits in columns one character wide, wrapped a digit a line
# (186 / 18 / 7 / 18 / 8 …: pdftotext -raw of such a table prints each piece on a line)
_T4_PIECES = ["186", "18", "7", "18", "8", "18", "9", "19", "0", "191", "19", "2", "19", "3", "19", "4", "19", "5", "196"]


@pytest.mark.parametrize("spaced", [True, False], ids=["figures-in-rows", "one-cell-a-line"])
def test_table_4_of_figure_pieces_places_nothing(spaced):
    """Pieces of Table 4's figures, a line each, are not its cells. In text whose rows print
    their figures on their line, each piece made a row of one figure and Table 4 took them in
    order (186, 18, 7 …); a cell a line, the pieces made one row of 19 figures, of which Table
    4 took the first 15. Now rows of fewer than five figures that do not complete the table,
    and more figures than it has cells, place nothing."""
    t4 = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", "结果维持", *_T4_PIECES]
    lines = ["某县2023年政府信息公开工作年度报告", *(_T3_LINES if spaced else _T3_LINES[:1]), *t4, "五、存在的主要问题及改进情况"]
    r = nianbao.parse("\n".join(lines).encode(), name="r.txt", audit=False)
    assert r.layout["tables"]["t4"]["found"]
    assert {k: v for k, v in r.values().items() if k.startswith("t4.") and v is not None} == {}


@pytest.mark.parametrize("path", TAB_SEEDS, ids=lambda p: p.name[:3])
def test_markdown_tables_without_outer_pipes(path):
    """Markdown tables as GitHub and html2text write them, no pipe at either end of a row
    (``规章 | 1 | 2 | 3`` under ``--- | --- | ---``). Before, such rows were text and, in text of
    wide gaps, read by position: 规章's last figure landed on its first cell (3 for 1)."""
    text, values = _as_printed(path)
    out, previous = [], ""
    for line in text.split("\n"):
        if "\t" not in line:
            out.append(line)
        else:
            cells = [c.strip() for c in line.lstrip("\t").split("\t")]
            out.append(" |  ".join(cells) + "  ")  # as html2text writes them
            if "\t" not in previous:  # a table's first row: its header, then the separator
                out.append("|".join(["---"] * len(cells)))
        previous = line
    assert nianbao.parse("\n".join(out).encode(), name="r.md", audit=False).values() == values


# fmt: off
_T2_LAYOUT = [
    "某县人民政府2023年政府信息公开工作年度报告",
    "二、主动公开政府信息情况",
    "        第二十条第（一）项",
    "    信息内容         本年制发件数      本年废止件数      现行有效件数",
    "      规章                                 1                  5",
    "  行政规范性文件          2                 0                 12",
    "        第二十条第（五）项",
    "    信息内容                    本年处理决定数量",
    "    行政许可                          7",
    "        第二十条第（六）项",
    "    信息内容                    本年处理决定数量",
    "    行政处罚                          8",
    "    行政强制                          9",
    "        第二十条第（八）项",
    "    信息内容                    本年收费金额（单位：万元）",
    "  行政事业性收费                      0",
]
# fmt: on


def test_table_2_row_with_a_blank_in_layout_text():
    """A Table 2 row of layout text (pdftotext -layout) printing nothing in its first column
    (规章: blank, 1, 5): its figures stand under their headers. Before, they were counted from
    the left and 1 landed on 本年制发件数, 5 on 本年废止件数."""
    got = nianbao.parse("\n".join(_T2_LAYOUT).encode(), name="r.txt", audit=False).values()
    assert [got[f"t2.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [None, 1, 5]
    assert [got[f"t2.normative_documents.{c}"] for c in ("issued", "repealed", "in_force")] == [2, 0, 12]
    # without the header, one row printing every column cannot tell where the others stand
    lines = [x for x in _T2_LAYOUT if "信息内容" not in x]
    got = nianbao.parse("\n".join(lines).encode(), name="r.txt", audit=False).values()
    assert [got[f"t2.regulations.{c}"] for c in ("issued", "repealed", "in_force")] == [None, None, None]
