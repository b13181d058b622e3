"""Text-PDF reader: real Hongze reports, PDFs built here in the official layout, bad input."""

from __future__ import annotations

import io
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from builders.seeds import TAB_SEEDS, distinct_figures, seed, word_paragraphs, word_tables
from pdfkit import libreoffice_pdf, random_values, report_pdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from test_seeds import _assert_matches, _expected

import nianbao
from nianbao.errors import InputError
from nianbao.readers import pdf as pdf_reader
from nianbao.readers.pdf import Char, _page_content, find_grids, line_text, read_pdf

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
KIRO = SHARED / "corpus" / "kiro"
HONGZE = sorted(KIRO.glob("hongze-district_*_original.pdf")) if KIRO.is_dir() else []
needs_hongze = pytest.mark.skipif(not HONGZE, reason=f"Hongze PDFs not available under {KIRO}")


CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def _hongze(year: int) -> Path:
    return KIRO / f"hongze-district_{year}_original.pdf"


# -- real reports -------------------------------------------------------------------------------


@needs_hongze
@pytest.mark.parametrize("path", HONGZE, ids=lambda p: p.name[:20])
def test_hongze_pdf_parses_exactly(path):
    """Every cell, with （六）其他处理 as one row and the three other_* rows null."""
    report = nianbao.parse(path, audit=False)
    _assert_matches(report, _expected(path))
    got = report.values()
    assert all(got[f"t3.{r}.total"] is None for r in ("other_overdue_correction", "other_overdue_fee", "other_other"))
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]


@needs_hongze
def test_hongze_provenance_has_page_and_box_across_pages():
    report = nianbao.parse(_hongze(2023), audit=False)
    first = report.cells["t3.new_received.natural_person"].provenance
    assert (first.page, report.cells["t3.new_received.natural_person"].raw) == (3, "21")
    x0, top, x1, bottom = first.bbox
    assert 0 < x0 < x1 <= 595 and 0 < top < bottom <= 842
    # Table 3 continues on page 4 (its page-3 part has no bottom rule); Table 2 on page 3
    assert report.cells["t3.unavailable_unclear.total"].provenance.page == 4
    assert report.cells["t3.unavailable_needs_creation.total"].provenance.page == 3
    assert report.cells["t2.penalty.decisions"].provenance.page == 3
    assert report.cells["t2.licensing.decisions"].provenance.page == 2


@needs_hongze
def test_hongze_document_model():
    doc = read_pdf(_hongze(2023).read_bytes(), "hongze-2023")
    assert doc.format == "pdf" and doc.pages == 5
    tables = doc.tables()
    # the white boxes drawn around every body line of page 1 are no table
    assert tables and min(t.loc.page for t in tables) == 2
    assert doc.paragraphs()[0].text == "洪泽区人民政府"
    for t in tables:
        widths = {len(r.cells) for r in t.rows}
        assert len(widths) == 1 and widths.pop() > 1
    t3 = next(t for t in tables if any("本年新收" in c.text for r in t.rows for c in r.cells))
    texts = [c.text for r in t3.rows for c in r.cells]
    assert "（二）部分公开（区分处理的，只计这一情形，不\n计其他情形）" in texts  # no "情 形"
    assert "三\n、\n本\n年\n度\n办\n理\n结\n果" in texts  # vertical text in its merged cell
    assert "2.没有现成信息需要另行制作" in texts  # the open last row before the page break
    covered = [c for r in t3.rows for c in r.cells if c.merged]
    assert covered and all(c.text == "" and c.loc.bbox for c in covered)
    cell = t3.rows[3].cells[3]
    assert (cell.text, cell.loc.page, cell.loc.table, cell.loc.row, cell.loc.col) == ("21", 3, t3.loc.table, 3, 3)
    lines = [p.loc.line for p in doc.paragraphs()]
    assert lines == list(range(1, len(lines) + 1))
    footer = next(p for p in doc.paragraphs() if p.text.replace(" ", "") == "-3-")
    assert footer.tokens is None


@needs_hongze
@pytest.mark.parametrize("year, page, extra", [(2023, 2, [0]), (2023, 3, [0, 10]), (2023, 4, [0, 0]), (2024, 3, [0, 0])])
def test_grids_match_pdfplumber(year, page, extra):
    """The rules read with pdfium give the tables pdfplumber finds (ignoring invisible white boxes)."""
    path = _hongze(year)
    with pdfium.PdfDocument(str(path)) as pdf:
        content = _page_content(pdf, page - 1)
    mine = [sorted(c for row in g for c in row if c) for g in find_grids(content.edges)]

    def invisible(o):
        return o.get("object_type") == "rect" and not o.get("stroke") and tuple(o.get("non_stroking_color") or ()) == (1, 1, 1)

    with pdfplumber.open(path) as doc:
        theirs = [sorted(t.cells) for t in doc.pages[page - 1].filter(lambda o: not invisible(o)).find_tables()]
    # pdfplumber leaves the 2023 page-3 part of Table 3 open at the page break; we close it:
    # its last row (label and seven values) and the two row-spanning cells reaching into it
    assert len(mine) == len(theirs)
    for m, t in zip(mine, theirs):
        assert all(any(all(abs(a - b) < 0.01 for a, b in zip(c, d)) for d in m) for c in t)
    assert [len(m) - len(t) for m, t in zip(mine, theirs)] == extra


def _edge_sets(data: bytes):
    with pdfium.PdfDocument(data) as pdf:
        for i in range(len(pdf)):
            merged = pdf_reader._merge(_page_content(pdf, i).edges)
            yield merged + pdf_reader._frame_edges(merged)


def test_table_steps_equal_pdfplumbers(ruled_pdf):
    """The faster intersection, cell and table steps give exactly pdfplumber's results."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells

    pdfs = [ruled_pdf] + [p.read_bytes() for p in HONGZE]
    checked = 0
    for edges in (e for data in pdfs for e in _edge_sets(data)):
        edges = pdf_reader._merge(edges)
        theirs = edges_to_intersections(edges, 3, 3)
        mine = pdf_reader._intersections(edges)
        assert {k: ([id(e) for e in d["v"]], [id(e) for e in d["h"]]) for k, d in mine.items()} == {
            k: ([id(e) for e in d["v"]], [id(e) for e in d["h"]]) for k, d in theirs.items()
        }
        cells = intersections_to_cells(theirs)
        assert pdf_reader._cells(mine) == cells
        assert [sorted(t) for t in pdf_reader._tables(cells)] == [sorted(t) for t in cells_to_tables(cells)]
        checked += bool(cells)
    assert checked >= 3


# -- PDFs built here ----------------------------------------------------------------------------


def _truth(values: dict[str, str]) -> dict:
    return {k: float(Decimal(v)) if "." in v else int(v) for k, v in values.items()}


@pytest.fixture(scope="module")
def values():
    return random_values(20231)


@pytest.fixture(scope="module")
def ruled_pdf(values):
    return report_pdf(values)


def test_built_ruled_report_reads_back_exactly(values, ruled_pdf):
    report = nianbao.parse(ruled_pdf, name="built.pdf", audit=False)
    assert (report.edition, report.meta.year, report.meta.agency) == ("2021", 2023, "淮安市洪泽区人民政府")
    got = report.values()
    assert {k: got[k] for k in values} == _truth(values)
    doc = read_pdf(ruled_pdf, "built.pdf")
    t3 = [t for t in doc.tables() if len(t.rows[0].cells) == 10]
    assert t3 and all(len(r.cells) == 10 for t in t3 for r in t.rows)
    assert any(c.merged for t in t3 for r in t.rows for c in r.cells)


def test_built_report_with_other_seed_and_agency():
    vals = random_values(7)
    report = nianbao.parse(report_pdf(vals, agency="宿迁市宿城区人民政府", year=2024), audit=False)
    assert (report.meta.year, report.meta.agency) == (2024, "宿迁市宿城区人民政府")
    got = report.values()
    assert {k: got[k] for k in vals} == _truth(vals)


def test_built_unruled_report_reads_back_by_position(values):
    """No rules at all: columns come from token positions; labels wrap over three lines
    with the values on the middle one (regression: those rows were lost)."""
    data = report_pdf(values, ruled=False)
    doc = read_pdf(data, "unruled.pdf")
    assert not doc.tables()
    assert any(p.tokens and len(p.tokens) == 8 for p in doc.paragraphs())
    got = nianbao.parse(data, audit=False).values()
    assert {k: got[k] for k in values} == _truth(values)


@pytest.mark.slow
def test_libreoffice_printed_docx_reads_back_exactly():
    """A Word-style report (the project's DOCX writer, merged cells) printed by LibreOffice."""
    from nianbao.draft import leaf_cells, report_from_values
    from nianbao.render.docx import to_docx
    from nianbao.schema.template import load_template

    rng = random.Random(5)
    leaves = {cid: rng.randint(1, 60) for cid in leaf_cells(load_template("2021"))}
    truth = report_from_values("2021", "淮安市洪泽区人民政府", 2023, {1: "本机关认真贯彻落实条例。"}, leaves, "<test>")
    data = libreoffice_pdf(to_docx(truth))
    if data is None:
        pytest.skip("LibreOffice not installed (libreoffice-writer-nogui)")
    doc = read_pdf(data, "libreoffice.pdf")
    assert doc.tables() and all(len({len(r.cells) for r in t.rows}) == 1 for t in doc.tables())
    got = nianbao.parse(data, audit=False)
    assert (got.edition, got.meta.year, got.meta.agency) == ("2021", 2023, "淮安市洪泽区人民政府")
    assert got.values() == truth.values()


@pytest.mark.parametrize("digits", ["ascii", "full-width"])
@pytest.mark.parametrize("path", TAB_SEEDS, ids=lambda p: p.name[:3])
def test_seed_tables_with_narrow_figure_columns_printed_by_libreoffice(path, digits):
    """The real seeds' tables (every figure its own) as Word tables whose figure columns are
    narrow, printed by LibreOffice: figures of three digits and the fee column's unit header
    wrap inside their cells, and a row may break across a page (１ at the foot of one page, １６
    at the top of the next). Before, a wrapped figure was text (the row's figures then moved a
    column), the unit 万 / 元 broken over lines read as 元 (fees divided by 10,000), and both
    halves of a broken row were read as rows with the figures cut."""
    text = distinct_figures(seed(path)[0])
    printed = text.translate(str.maketrans("0123456789", "０１２３４５６７８９")) if digits == "full-width" else text
    data = libreoffice_pdf(word_tables(printed, figure_cm=1.1))
    if data is None:
        pytest.skip("LibreOffice not installed (libreoffice-writer-nogui)")
    truth = nianbao.parse(text.encode(), audit=False).values()
    got = nianbao.parse(data, name="report.pdf", audit=False).values()
    assert {k: v for k, v in got.items() if v is not None and v != truth[k]} == {}  # never another cell's figure
    lost = [k for k, v in truth.items() if v is not None and got[k] is None]
    assert lost == []  # a row broken across a page is joined back (words-only continuations too)
    if path == TAB_SEEDS[0] and digits == "ascii":
        assert got == truth


def _seed_by_pdftotext(path: Path, tmp_path: Path, **widths) -> tuple[dict, dict]:
    """A seed's values (every figure its own) as its text reads, and as its Word tables
    (``word_tables`` options ``widths``) printed by LibreOffice and read back through
    ``pdftotext -layout`` read."""
    text = distinct_figures(seed(path)[0])
    data = libreoffice_pdf(word_tables(text, **widths))
    if data is None:
        pytest.skip("LibreOffice not installed (libreoffice-writer-nogui)")
    (tmp_path / "r.pdf").write_bytes(data)
    subprocess.run(["pdftotext", "-layout", str(tmp_path / "r.pdf"), str(tmp_path / "r.txt")], check=True)
    truth = nianbao.parse(text.encode(), audit=False).values()
    return truth, nianbao.parse((tmp_path / "r.txt").read_bytes(), name="r.txt", audit=False).values()


@pytest.mark.parametrize("path", TAB_SEEDS, ids=lambda p: p.name[:3])
def test_seed_tables_of_equal_columns_printed_by_libreoffice_read_by_pdftotext(path, tmp_path):
    """The real seeds' tables (every figure its own) as Word tables of equal columns, printed
    by LibreOffice and turned to text by ``pdftotext -layout``: Table 3's label columns are two
    characters wide, so labels run a column at a time over up to 18 lines below their figures
    ((三) 1. 属 / 不予 于国 / 公开 家秘 / 密). Before, 57–71 cells per seed were lost (8 rows of
    Table 3). Tables 2 and 3 now read exactly; Table 4's figures of three digits wrap a digit a
    line in its one-character columns and are left out (right cell or none)."""
    truth, got = _seed_by_pdftotext(path, tmp_path)
    assert {k: v for k, v in got.items() if v is not None and v != truth[k]} == {}  # never another cell's figure
    assert {k: got[k] for k in truth if not k.startswith("t4.")} == {k: v for k, v in truth.items() if not k.startswith("t4.")}


@pytest.mark.parametrize("figure_cm", [1.1, 1.6])
@pytest.mark.parametrize("path", TAB_SEEDS, ids=lambda p: p.name[:3])
def test_seed_tables_with_centred_cells_printed_by_libreoffice_read_by_pdftotext(path, figure_cm, tmp_path):
    """The real seeds' tables as Word tables of narrow figure columns with cells centred
    vertically, printed by LibreOffice and read by ``pdftotext -layout``: a row's wrapped
    figures print on two lines with lines of its label, or its figures that did not wrap,
    between them (10 / 信息需要另 / 2 is 102; 12 12 / 2. 重复申请 123 / 4 5), and a row's values
    print in the middle of its label (二、 / 上年 / 结转 / 政府 / 18 19 …). Before, 7 to 36 cells
    per printing read another cell's figure (10 for 102, 18 for 11); now none does, and the rows
    whose wrapped figures cannot surely be joined place nothing."""
    truth, got = _seed_by_pdftotext(path, tmp_path, figure_cm=figure_cm, centred=True)
    assert {k: v for k, v in got.items() if v is not None and v != truth[k]} == {}  # never another cell's figure
    first = ("t3.new_received.", "t3.carried_over.")  # values between their label's lines
    assert {k: got[k] for k in truth if k.startswith(first)} == {k: v for k, v in truth.items() if k.startswith(first)}


@pytest.mark.parametrize("path", TAB_SEEDS, ids=lambda p: p.name[:3])
def test_seed_tables_typed_as_tab_paragraphs_printed_by_libreoffice(path):
    """The real seeds' tables typed in Word as paragraphs of tab-separated cells (no Word
    table), printed by LibreOffice: a row whose label passes the page's tab stops wraps its
    last figures onto the next line (…申请数量 11 … 16 / 17), a tab after a label that ends near
    a tab stop leaves the figure glued to it (…予以公开 25, …政府信息83), and a tab stop passed
    by a long label moves the rest of the row. Before, 140 of 200 cells were lost per seed; now
    every full row reads in order, a lone figure is its row's total, and no row is placed by
    its positions."""
    text = distinct_figures(seed(path)[0])
    data = libreoffice_pdf(word_paragraphs(text))
    if data is None:
        pytest.skip("LibreOffice not installed (libreoffice-writer-nogui)")
    truth = nianbao.parse(text.encode(), audit=False).values()
    assert nianbao.parse(data, name="report.pdf", audit=False).values() == truth


@pytest.mark.slow
def test_row_label_running_on_over_a_page_break_printed_by_libreoffice(monkeypatch):
    """A Word table with narrow label columns printed by LibreOffice: tall rows break across
    pages with their figures on the first page and only the words of the label on the next
    (（六）其 / 他处理, 1.申请人 / 无正当理由逾期不补正…). Before, the label's tail was read
    as a row of its own and the row's figures, under a label cut to 1.本 or 1.申请人, were
    lost (14 cells of this report)."""
    from nianbao.draft import leaf_cells, report_from_values
    from nianbao.render.text import to_text
    from nianbao.schema.template import load_template

    rng = random.Random(5)
    leaves = {cid: rng.randint(1, 60) for cid in leaf_cells(load_template("2021"))}
    truth = report_from_values("2021", "淮安市洪泽区人民政府", 2023, {1: "本机关认真贯彻落实条例。"}, leaves, "<test>")
    data = libreoffice_pdf(word_tables(to_text(truth)))
    if data is None:
        pytest.skip("LibreOffice not installed (libreoffice-writer-nogui)")
    joined = []
    join = pdf_reader._join_split_row

    def spy(above, below):
        lower = [c.text for c in below.rows[0].cells] if below.rows else []
        if join(above, below):
            joined.append(lower)
            return True
        return False

    monkeypatch.setattr(pdf_reader, "_join_split_row", spy)
    got = nianbao.parse(data, name="report.pdf", audit=False)
    assert got.values() == truth.values()
    assert any(lower and not any(map(pdf_reader._is_figure, lower)) for lower in joined), joined  # words alone ran on


def _ruled_pages(pages: list[list[list[str]]], widths: tuple[float, ...] = (200.0, 50.0, 50.0)) -> bytes:
    """One ruled table per page, top-aligned, its rows given as cell texts (lines split by \\n)."""
    from pdfkit import FONT

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for rows in pages:
        c.setFont(FONT, 10)
        y = 760.0
        for row in rows:
            height = 14.0 * max(len(t.split("\n")) for t in row) + 6.0
            x = 72.0
            for text, w in zip(row, widths):
                c.rect(x, y - height, w, height)
                for k, line in enumerate(text.split("\n")):
                    c.drawString(x + 4, y - 14.0 * (k + 1), line)
                x += w
            y -= height
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize(
    "last, first, rows",
    [
        # the label runs on, the figures all printed above the break
        (["3.要", "130", "131"], ["求提供公开\n出版物", "", ""], [["3.要\n求提供公开\n出版物", "130", "131"]]),
        # the label runs on, the figures all printed below it (a label wrapped inside its cell)
        (["1.没有现行有效的法规", "", ""], ["依据", "5", "6"], [["1.没有现行有效的法规\n依据", "5", "6"]]),
        # ... or in neither (a row left blank); the row number itself broken
        (["一、本年新", "", ""], ["收政府信息公开", "", ""], [["一、本年新\n收政府信息公开", "", ""]]),
        (["（二", "37", "16"], ["）部分公开", "", ""], [["（二\n）部分公开", "37", "16"]]),
        # a new numbered row, also when its number wraps inside the cell
        (["（六）其他处理", "", ""], ["（七\n）总计", "5", "6"], None),
        (["（六）其他处理", "151", "152"], ["（七\n）总计", "172", "173"], None),
        # two rows of unnumbered labels: a genuine row looks like one broken in two
        (["行政处罚", "8", ""], ["行政强制", "9", ""], None),
        # figures on the first line of a taller row ended there: the next row is another
        (["2.申请人逾期\n未按收费通知\n要求缴纳费用", "201", "47"], ["其他", "100", "95"], None),
        # a repeated header: words under the figures above, or under cells the row left blank
        (["1.信访举报投诉类申请", "5", "6"], ["项目", "自然人", "法人"], None),
        (["8.属于行政查询事项", "", ""], ["项目", "自然人", "法人"], None),
        # labels alone in both halves: a header broken in two, left as printed
        (["（本列数据的勾稽", "申请人", ""], ["关系为）", "情况", ""], None),
    ],
    ids=["figures-above", "figures-below", "blank", "number-broken", "new-row", "new-row-figures", "unnumbered", "figure-ended", "header", "header-after-blank", "labels-only"],
)
def test_row_broken_across_a_page_joined_only_with_clear_evidence(last, first, rows):
    """The last row of page 1 and the first of page 2 are one row when a numbered label runs on
    over the break and the figures are printed in one half only or none (or broken between
    both, as before); a new numbered label, words under figures or under empty cells, or
    unnumbered labels keep two rows."""
    nxt = ["4.无正当理由大量反复申请", "137", "138"]
    doc = read_pdf(_ruled_pages([[["项目", "自然人", "法人"], last], [first, nxt]]), "broken.pdf")
    got = [[c.text for c in r.cells] for t in doc.tables() for r in t.rows]
    assert got == [["项目", "自然人", "法人"], *(rows or [last, first]), nxt]
    if rows and first[1]:
        figure = doc.tables()[0].rows[-1].cells[1]
        assert (figure.loc.page, figure.loc.table, figure.loc.row) == (2, 1, 1)  # where it was printed, in the joined row


def test_figure_broken_beside_a_wrapped_unnumbered_label_is_joined():
    """Without a row number, a label whose last line above the break is full (wrapped) runs on
    with a figure broken between the pages: 15 / 2 is 152 (as before, when any label joined)."""
    first = [["项目", "甲", "乙"], ["属于国家秘", "15", "6"]]
    second = [["密", "2", ""], ["属于四类过", "7", "8"]]
    doc = read_pdf(_ruled_pages([first, second], widths=(60.0, 50.0, 50.0)), "wrapped.pdf")
    got = [[c.text for c in r.cells] for t in doc.tables() for r in t.rows]
    assert got == [["项目", "甲", "乙"], ["属于国家秘\n密", "152", "6"], ["属于四类过", "7", "8"]]


def test_cjk_spaces_dropped_digits_kept():
    def chars(spec):
        out, x = [], 0.0
        for ch, gap in spec:
            x += gap
            out.append(Char(ch, x, 0.0, x + 10.0, 10.0))
            x += 10.0
        return out

    assert line_text(chars([("号", 0), ("，", 4), ("邮", 4), ("编", 4)])) == "号，邮编"
    assert line_text(chars([("第", 0), ("7", 3), ("1", 0), ("1", 0), ("号", 3)])) == "第 711 号"
    assert line_text(chars([("1", 0), ("2", 0.5)])) == "12"


def test_curly_quotes_stay_in_their_line():
    """Regression: a quote's tiny glyph box made its (correct) loose box look misplaced, so
    the quotes fell out of the line. WeasyPrint PDFs with Noto CJK show it."""
    weasyprint = pytest.importorskip("weasyprint")
    html = '<p style="font-family: Noto Serif CJK SC">坚持“公开为常态、不公开为例外”的原则，‘单引号’。</p>'
    doc = read_pdf(weasyprint.HTML(string=html).write_pdf(), "quotes.pdf")
    assert [p.text for p in doc.paragraphs()] == ["坚持“公开为常态、不公开为例外”的原则，‘单引号’。"]


def test_misplaced_loose_box_replaced_by_glyph_box():
    quote = Char("“", 0.0, 0.0, 12.0, 17.0)  # loose box of a quote: right
    vertical = Char("三", 86.0, 440.0, 285.0, 639.0)  # pdfium's loose box of a vertical glyph: wrong
    plain = [Char("字", 12.0 * k, 0.0, 12.0 * (k + 1), 17.0) for k in range(1, 4)]
    chars = [quote, vertical, *plain]
    pdf_reader._fix_misplaced(chars, [(2.0, 4.0, 4.0), (90.5, 611.5, 9.0)] + [(c.cx, c.cy, 11.0) for c in plain])
    assert (quote.x0, quote.top, quote.x1, quote.bottom) == (0.0, 0.0, 12.0, 17.0)
    assert (vertical.x0, vertical.top, vertical.x1, vertical.bottom) == (86.0, 607.0, 95.0, 616.0)


def test_owner_password_only_is_readable(values):
    """Encrypted for permissions only (no password to open): read as usual."""
    got = nianbao.parse(report_pdf(values, encrypt=""), audit=False).values()
    assert {k: got[k] for k in values} == _truth(values)


def test_page_numbers_only_in_the_margins_lose_their_tokens():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 12)
    c.drawString(72, 500, "550")  # a lone value in the body: may belong to an unruled table
    c.drawString(290, 30, "- 2 -")  # the page number in the bottom margin
    c.showPage()
    c.save()
    value, number = read_pdf(buf.getvalue(), "numbers.pdf").paragraphs()
    assert (value.text, [t.text for t in value.tokens]) == ("550", ["550"])
    assert (number.text, number.tokens) == ("- 2 -", None)


def test_trailing_padding_after_eof_is_not_truncation(ruled_pdf, values):
    got = nianbao.parse(ruled_pdf + b"\r\n" + b"\x00" * 6000, audit=False).values()
    assert {k: got[k] for k in values} == _truth(values)


@needs_hongze
def test_parallel_reads_agree():
    """pdfium is not thread-safe; the reader serialises its calls (the web app reads in threads)."""
    from concurrent.futures import ThreadPoolExecutor

    data = _hongze(2024).read_bytes()
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: nianbao.parse(data, audit=False).values(), range(8)))
    assert all(r == results[0] for r in results) and results[0]["t3.new_received.total"] == 95


# -- pages without a text layer -----------------------------------------------------------------


def _image_pdf(text_first_page: bool, words: str = "") -> bytes:
    """A PDF whose last page is a picture (of ``words``, in a CJK font, when given)."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (1200, 300), 255)
    draw = ImageDraw.Draw(img)
    draw.line((20, 280, 1180, 280), fill=0, width=3)
    if words:
        draw.text((60, 100), words, fill=0, font=ImageFont.truetype(str(CJK_FONT), 80))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    if text_first_page:
        c.setFont("Helvetica", 12)
        c.drawString(72, 760, "2023 annual report")
        c.showPage()
    c.drawImage(ImageReader(img), 72, 500, 450, 112)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_scanned_pdf_without_ocr_is_an_input_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "nianbao.readers.ocr", None)  # the OCR reader not installed
    with pytest.raises(InputError, match="没有文本层"):
        read_pdf(_image_pdf(text_first_page=False), "scan.pdf")


def test_partly_scanned_pdf_without_ocr_keeps_text_and_notes_the_page(monkeypatch):
    monkeypatch.setitem(sys.modules, "nianbao.readers.ocr", None)
    doc = read_pdf(_image_pdf(text_first_page=True), "part.pdf")
    assert [p.text for p in doc.paragraphs()] == ["2023 annual report"]
    assert doc.notes and "第2页" in doc.notes[0]


@pytest.mark.slow
@pytest.mark.skipif(not CJK_FONT.exists(), reason=f"CJK font {CJK_FONT} not installed (fonts-noto-cjk)")
def test_scanned_page_is_read_by_ocr_in_page_order():
    pytest.importorskip("nianbao.readers.ocr", reason="OCR reader not installed")
    doc = read_pdf(_image_pdf(text_first_page=True, words="政府信息公开工作年度报告"), "part.pdf")
    paras = doc.paragraphs()
    assert (paras[0].text, paras[0].loc.page, paras[0].loc.line) == ("2023 annual report", 1, 1)
    assert any("信息公开" in p.text and p.loc.page == 2 for p in paras[1:])
    assert [p.loc.line for p in paras] == list(range(1, len(paras) + 1))
    assert not doc.notes


# -- bad input ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory, ruled_pdf):
    d = tmp_path_factory.mktemp("bad")
    files = {
        "empty.pdf": b"",
        "picture.pdf": b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64,
        "truncated.pdf": ruled_pdf[: len(ruled_pdf) // 2],
        "locked.pdf": report_pdf(random_values(1), encrypt="secret"),
        "garbage.pdf": b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"\n%%EOF\n",
    }
    for name, data in files.items():
        (d / name).write_bytes(data)
    return d


@pytest.mark.parametrize(
    "name, problem",
    [
        ("empty.pdf", "文件为空"),
        ("picture.pdf", "图片"),
        ("truncated.pdf", "截断"),
        ("locked.pdf", "PDF 已加密，无法读取 (password-protected)"),
        ("garbage.pdf", "损坏"),
    ],
)
def test_bad_pdf_is_an_input_error(bad_files, name, problem):
    with pytest.raises(InputError) as err:
        nianbao.parse(bad_files / name, audit=False)
    assert problem in err.value.problem and name in str(err.value)


@pytest.mark.parametrize("name", ["empty.pdf", "truncated.pdf", "locked.pdf", "garbage.pdf"])
def test_cli_bad_pdf_exits_2_without_traceback(bad_files, name):
    nianbao_cli = Path(sys.executable).with_name("nianbao")
    p = subprocess.run([str(nianbao_cli), "parse", str(bad_files / name)], capture_output=True, text=True)
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr and name in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_reader_module_is_used_for_pdf(ruled_pdf):
    assert nianbao.read(ruled_pdf).format == "pdf"
    assert pdf_reader.read_pdf.__doc__


@needs_hongze
def test_page_numbers_are_not_section_text():
    """Regression: the footer -2- of a page became the whole text of section 二."""
    r = nianbao.parse(KIRO / "hongze-district_2023_original.pdf", audit=False)
    assert r.section(2).text == "" and r.section(3).text == ""
    assert "-4-" not in r.section(5).text and "-5-" not in r.section(6).text
