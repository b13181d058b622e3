"""Every generated report, in every form and both editions, parses back to its ground truth.

CI runs a sample of each format; the full run (>= 500 reports) is marked slow.
"""

from __future__ import annotations

import importlib.util

import pytest

import nianbao
from nianbao.document import Cell, Document, Loc, Paragraph, Row, Table
from nianbao.extract import extract
from nianbao.extract.meta import find_title
from nianbao.testing.compare import differences
from nianbao.testing.forms import render
from nianbao.testing.sample import FORMS, make_sample

SEED = 2024
CI_COUNTS = {"txt": 40, "md": 10, "html": 30, "docx": 20, "pdf": 12}
FULL_COUNTS = {"txt": 170, "md": 50, "html": 140, "docx": 100, "pdf": 40}
_READERS = {"txt": "txt", "md": "txt", "html": "html", "docx": "docx", "pdf": "pdf"}


def _skip_if_unsupported(fmt: str) -> None:
    module = f"nianbao.readers.{_READERS[fmt]}"
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not written yet: {fmt} files cannot be read back")
    if fmt == "pdf" and importlib.util.find_spec("weasyprint") is None:
        pytest.skip("weasyprint is not installed: PDF forms cannot be written")


def _roundtrip(fmt: str, count: int, seed: int) -> tuple[list[str], set[str]]:
    failures, editions = [], set()
    layouts = FORMS[fmt]
    for i in range(count):
        s = make_sample(seed, i, fmt, layout=layouts[i % len(layouts)], defect_rate=0.3, quirk_rate=0.6)
        editions.add(s.report.edition)
        diff = differences(nianbao.parse(render(s), name=s.name, audit=False), s.expected())
        if diff:
            quirks = [q["quirk"] for q in s.quirks]
            failures.append(f"{s.name} quirks={quirks} defects={[d['defect'] for d in s.defects]}: {diff[:4]}")
    return failures, editions


@pytest.mark.parametrize("fmt", list(CI_COUNTS))
def test_generated_sample_reads_back(fmt):
    _skip_if_unsupported(fmt)
    failures, editions = _roundtrip(fmt, CI_COUNTS[fmt], SEED)
    assert not failures, "\n".join(failures)
    assert editions == {"2021", "2019"}


@pytest.mark.slow
@pytest.mark.parametrize("fmt", list(FULL_COUNTS))
def test_generated_corpus_reads_back(fmt):
    """The documented full run: 500 reports over all formats and layouts."""
    _skip_if_unsupported(fmt)
    failures, editions = _roundtrip(fmt, FULL_COUNTS[fmt], SEED + 1)
    assert not failures, f"{len(failures)} of {FULL_COUNTS[fmt]}:\n" + "\n".join(failures)
    assert editions == {"2021", "2019"}


# -- regressions found by the generator ---------------------------------------------------


@pytest.mark.parametrize("layout", ["markdown", "pipe", "tab"])
def test_no_total_column_with_merged_label_blanks(layout):
    """Markdown prints merged label cells as blanks; under a header without 总计 the six
    values are right-aligned, not shifted onto 自然人 (extract/tables.py)."""
    for i in range(6):
        s = make_sample(5, i, "md" if layout == "markdown" else "txt", layout=layout, quirk_names=["no_total_column", "blank_cells"])
        assert differences(nianbao.parse(render(s), audit=False), s.expected()) == []


def test_breadcrumb_is_not_the_title():
    """CMS pages print 首页 > 政府信息公开 > 年度报告 above the article (extract/meta.py)."""
    s = make_sample(5, 2, "html", layout="nested", quirk_names=[])
    r = nianbao.parse(render(s), audit=False)
    assert r.meta.title == s.report.meta.title
    assert r.meta.agency == s.report.meta.agency


def test_arabic_section_heading_is_not_a_wrapped_table_label():
    """In space-aligned text, 2、主动公开政府信息情况 above Table 2's header is not the start of
    规章's label (extract/rows.py)."""
    for i in range(4):
        s = make_sample(23, i, "txt", layout="layout", edition="2021", quirk_names=["arabic_headings"])
        r = nianbao.parse(render(s), audit=False)
        assert differences(r, s.expected()) == []


def _grid(rows: list[list[str]]) -> Table:
    return Table(rows=[Row(cells=[Cell(t, loc=Loc(row=i, col=j)) for j, t in enumerate(r)]) for i, r in enumerate(rows)], layout="grid")


def test_table3_header_split_across_pages_keeps_natural_person():
    """A PDF table broken across pages leaves 自然人 and 总计 (two-row header cells) on the
    first page; the column before 商业企业 is still 自然人 (extract/tables.py)."""
    values = ["223", "8", "1", "0", "2", "1", "235"]
    page2 = _grid(
        [
            ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
            ["一、本年新收政府信息公开申请数量", "", "", *values],
            ["二、上年结转政府信息公开申请数量", "", "", "5", "0", "0", "0", "0", "0", "5"],
            ["四、结转下年度继续办理", "", "", "0", "0", "0", "0", "0", "0", "0"],
        ]
    )
    doc = Document(blocks=[Paragraph("三、收到和处理政府信息公开申请情况"), page2], format="pdf")
    r = extract(doc)
    assert r.value("t3.new_received.natural_person") == 223
    assert r.value("t3.new_received.total") == 235
    assert r.value("t3.carried_over.natural_person") == 5


def test_title_wrapped_over_two_lines():
    """PDF text lines: a long title wraps as ...工作年度报 / 告 (extract/meta.py)."""
    doc = Document(blocks=[Paragraph("某某县某某乡人民政府2021年政府信息公开工作年度报"), Paragraph("告"), Paragraph("一、总体情况")])
    assert find_title(doc)[0] == "某某县某某乡人民政府2021年政府信息公开工作年度报告"
