"""DOCX reader: official-layout documents read back exactly; merged cells, order, hostile files."""

from __future__ import annotations

import random
import zipfile
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nianbao
from builders.check import assert_read_back
from builders.seeds import TAB_SEEDS, distinct_figures, seed, word_tables
from builders.official import build, random_values
from builders.strategies import printed_reports
from builders.to_docx import to_docx
from nianbao.document import Paragraph, Table
from nianbao.errors import InputError
from nianbao.readers.docx import read_docx
from nianbao.readers.safety import check_sizes


# edition, report layout, document options
CASES = {
    "2021": ("2021", {}, {}),
    "2019": ("2019", {}, {}),
    "2021-paragraphs-in-cells": ("2021", {}, {"paragraphs_in_cells": True}),
    "2019-nested-layout-table": ("2019", {}, {"nested": True, "paragraphs_in_cells": True}),
    "2021-single-other-row": ("2021", {"single_other": True}, {}),
    "2021-header-without-total": ("2021", {"total_column": "unlabelled"}, {"nested": True}),
    "2019-no-total-column": ("2019", {"total_column": "absent"}, {"paragraphs_in_cells": True}),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_official_layout_reads_back_exactly(case):
    edition, layout, options = CASES[case]
    values = random_values(edition, random.Random(len(case)), odd=6, **layout)
    built = build(edition, values, **layout)
    assert_read_back(nianbao.parse(to_docx(built, **options), audit=False), built)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(printed_reports(), st.booleans(), st.booleans())
def test_property_random_values_read_back_unchanged(built, paragraphs_in_cells, nested):
    data = to_docx(built, paragraphs_in_cells=paragraphs_in_cells, nested=nested)
    assert_read_back(nianbao.parse(data, audit=False), built)


@pytest.fixture(scope="module")
def report_2021():
    built = build("2021", random_values("2021", random.Random(5)))
    return built, read_docx(to_docx(built, nested=True), "report.docx")


def test_body_order_and_paragraph_numbers(report_2021):
    built, doc = report_2021
    kinds = [type(b).__name__ for b in doc.blocks]
    # the layout cell "目录", title, intro, then sections with tables after headings 二 三 四
    assert kinds.count("Table") == 3 and kinds[:4] == ["Paragraph"] * 4
    heads = [b for b in doc.blocks if isinstance(b, Paragraph) and b.text.startswith(("二、", "三、", "四、"))]
    for h in heads:
        assert isinstance(doc.blocks[doc.blocks.index(h) + 1], Table)
    lines = [b.loc.line for b in doc.blocks]
    assert lines == sorted(lines) and lines[0] == 1
    assert doc.blocks[-1].text == "（完）"  # after a page break, which adds no text


def test_merged_cells_become_a_true_grid(report_2021):
    _, doc = report_2021
    t2, t3, t4 = doc.tables()
    assert [len(t.rows[0].cells) for t in (t2, t3, t4)] == [4, 10, 15]
    for t in (t2, t3, t4):
        assert t.layout == "grid" and len({len(r.cells) for r in t.rows}) == 1
    note = t3.rows[0].cells[0]
    assert note.text.startswith("（本列数据") and not note.merged
    # the note spans three rows and three columns
    assert all(t3.rows[r].cells[c].merged for r in range(3) for c in range(3) if (r, c) != (0, 0))
    group_rows = [r for r in t3.rows if r.cells[1].text.startswith("（三）")]
    (denied,) = group_rows
    start = t3.rows.index(denied)
    assert [t3.rows[start + k].cells[1].merged for k in range(8)] == [False] + [True] * 7
    assert t3.rows[start + 8].cells[1].text.startswith("（四）")
    assert t3.rows[start + 1].cells[0].merged and t3.rows[start + 1].cells[2].text.startswith("2.")
    # a vertical merge's covered cell carries the origin's line, its own position
    covered = t3.rows[start + 3].cells[1]
    assert (covered.loc.table, covered.loc.row, covered.loc.col, covered.loc.line) == (2, start + 3, 1, denied.cells[1].loc.line)


def _short_second_row(top: list[str], bottom: list[str], grid_attr: str) -> tuple:
    """A document with one table of two rows: ``top`` fills the first, ``bottom`` the second,
    which leaves one column out at its start (``w:gridBefore``) or its end (``w:gridAfter``)."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=len(top))
    for c, text in enumerate(top):
        table.cell(0, c).text = text
    before = grid_attr == "w:gridBefore"
    for c, text in enumerate(bottom, start=1 if before else 0):
        table.cell(1, c).text = text
    tr = table.rows[1]._tr
    tr.remove(tr.tc_lst[0 if before else -1])
    tr.get_or_add_trPr().insert(0, _el(grid_attr, "1"))
    return document, table


def _only_table(document) -> Table:
    buf = BytesIO()
    document.save(buf)
    (grid,) = read_docx(buf.getvalue(), "t.docx").tables()
    return grid


def test_grid_before_and_legacy_hmerge():
    document, table = _short_second_row(["A", "B", "C"], ["x", "y"], "w:gridBefore")
    tc = table.rows[0]._tr.tc_lst[2]
    tc.get_or_add_tcPr().append(_el("w:hMerge", "continue"))
    grid = _only_table(document)
    assert [[(c.text, c.merged) for c in r.cells] for r in grid.rows] == [
        [("A", False), ("B", False), ("", True)],
        [("", False), ("x", False), ("y", False)],
    ]


def test_grid_after_keeps_a_short_row_in_its_columns():
    # a row that leaves its last column out (gridAfter) in a table without merges: the row
    # is short by Word's own grid, not by a lost merge, so the table stays a grid
    document, _ = _short_second_row(["项目", "自然人", "总计"], ["本年新收", "3"], "w:gridAfter")
    grid = _only_table(document)
    assert grid.layout == "grid"
    assert [[c.text for c in r.cells] for r in grid.rows] == [["项目", "自然人", "总计"], ["本年新收", "3", ""]]
    assert grid.rows[1].cells[1].loc.col == 1


def _el(tag: str, val: str):
    from docx.oxml import OxmlElement

    el = OxmlElement(tag)
    el.set(qn("w:val"), val)
    return el


def test_line_breaks_split_paragraphs_and_page_breaks_vanish():
    document = docx.Document()
    p = document.add_paragraph("一、总体情况")
    p.add_run().add_break()
    p.add_run("本年度")
    run = p.add_run("共收到")
    run.add_break(docx.enum.text.WD_BREAK.PAGE)
    p.add_run("申请5件")
    buf = BytesIO()
    document.save(buf)
    doc = read_docx(buf.getvalue(), "t.docx")
    assert [(b.text, b.loc.line) for b in doc.blocks] == [("一、总体情况", 1), ("本年度共收到申请5件", 1)]


def test_radical_look_alikes_in_paragraphs_and_cells():
    document = docx.Document()
    document.add_paragraph("⼀、总体情况")
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "⾏政许可"
    buf = BytesIO()
    document.save(buf)
    doc = nianbao.read(buf.getvalue(), name="t.docx")
    assert doc.blocks[0].text == "一、总体情况"
    assert doc.blocks[1].rows[0].cells[0].text == "行政许可"


@pytest.mark.skipif(not TAB_SEEDS, reason="seed reports not available under ../shared/seeds")
@pytest.mark.parametrize("path", TAB_SEEDS, ids=lambda p: p.name[:3])
def test_tables_pasted_as_tab_separated_paragraphs(path):
    """A Word file whose tables were pasted as text (one paragraph per row, cells apart by
    tabs); before, no value was read (the document has no table)."""
    text = distinct_figures(seed(path)[0])
    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    buf = BytesIO()
    document.save(buf)
    report = nianbao.parse(buf.getvalue(), name="report.docx", audit=False)
    assert report.values() == nianbao.parse(text.encode(), audit=False).values()
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]


@pytest.mark.skipif(not TAB_SEEDS, reason="seed reports not available under ../shared/seeds")
@pytest.mark.parametrize("path", TAB_SEEDS, ids=lambda p: p.name[:3])
def test_figure_with_a_footnote_mark_keeps_the_row_in_its_columns(path):
    """The seeds' tables as Word tables, one figure printed with a footnote mark (101*).
    Before, the mark ended the row's label, which swallowed the figures before it; in the rows
    whose figures stand a column left of the header they then landed on neighbours' cells."""
    text = distinct_figures(seed(path)[0])
    truth = nianbao.parse(text.encode(), audit=False).values()
    lines = text.split("\n")
    at = next(i for i, x in enumerate(lines) if "本机关不掌握" in x)
    cells = lines[at].split("\t")
    last = max(j for j, c in enumerate(cells) if c.strip().isdigit())
    cells[last] += "*"
    lines[at] = "\t".join(cells)
    report = nianbao.parse(word_tables("\n".join(lines)), name="report.docx", audit=False)
    assert report.values() == truth


# -- hostile and broken files ----------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _valid_docx() -> bytes:
    buf = BytesIO()
    document = docx.Document()
    document.add_paragraph("二、主动公开政府信息情况")
    document.save(buf)
    return buf.getvalue()


def _with_document_xml(xml: bytes) -> bytes:
    with zipfile.ZipFile(BytesIO(_valid_docx())) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["word/document.xml"] = xml
    return _zip(members)


W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_corrupt_docx_is_an_input_error():
    data = _valid_docx()
    with pytest.raises(InputError, match="损坏"):
        nianbao.parse(data[: len(data) // 2], name="cut.docx")
    with pytest.raises(InputError, match="损坏"):
        read_docx(data[: len(data) // 2], "cut.docx")


def test_broken_xml_inside_a_docx_is_an_input_error():
    with pytest.raises(InputError, match="DOCX"):
        read_docx(_with_document_xml(b"<w:document " + W_NS + b"><w:body><w:p>"), "broken.docx")


def test_zip_that_is_not_a_docx():
    data = _zip({"readme.txt": b"hello", "data.csv": b"a,b\n1,2\n"})
    with pytest.raises(InputError, match="DOCX"):
        read_docx(data, "archive.docx")
    with pytest.raises(InputError):
        nianbao.parse(data, name="archive.zip")


def test_docx_bomb_is_refused_before_inflating():
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        with z.open("word/document.xml", "w") as member:
            chunk = b" " * (1 << 20)
            for _ in range(24):
                member.write(chunk)
    data = buf.getvalue()
    assert len(data) < 200_000
    with pytest.raises(InputError, match="压缩炸弹"):
        nianbao.parse(data, name="bomb.docx")


@pytest.mark.parametrize(
    ("size", "compressed", "flags", "problem"),
    [(10**10, 10**7, 0, "压缩炸弹"), (900 * 2**20, 800 * 2**20, 0, "压缩炸弹"), (1000, 500, 1, "加密")],
)
def test_absurd_or_encrypted_members_are_refused(size, compressed, flags, problem):
    info = zipfile.ZipInfo("word/document.xml")
    info.file_size, info.compress_size, info.flag_bits = size, compressed, flags
    with pytest.raises(InputError, match=problem):
        check_sizes([info], "x.docx")


def test_document_without_a_body_reads_as_empty():
    assert read_docx(_with_document_xml(b"<w:document " + W_NS + b"/>"), "t.docx").blocks == []


def test_external_entities_in_docx_are_not_resolved():
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document '
        + W_NS
        + b"><w:body><w:p><w:r><w:t>A&x;B</w:t></w:r></w:p></w:body></w:document>"
    )
    doc = read_docx(_with_document_xml(xml), "t.docx")
    assert "root:" not in " ".join(b.text for b in doc.paragraphs())


def test_text_box_follows_its_paragraph_once():
    """A text box is stored twice (the drawing and its VML fallback); it is read once, after
    the paragraph that anchors it."""
    box = b"<w:txbxContent><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:txbxContent>"
    xml = (
        b"<w:document " + W_NS + b' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        b"<w:body><w:p><w:r><w:t>anchor</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\">"
        + box % "框内文字".encode()
        + b"</mc:Choice><mc:Fallback>"
        + box % "框内文字".encode()
        + b"</mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>text</w:t></w:r></w:p></w:body></w:document>"
    )
    doc = read_docx(_with_document_xml(xml), "t.docx")
    assert [b.text for b in doc.blocks] == ["anchortext", "框内文字"]
