"""Tables whose merged cells were lost on the way to the page.

A statistical table pasted into a CMS page without its rowspan/colspan keeps one cell per
printed piece of text: rows under a merged label print fewer cells, start at the left edge,
and their figures no longer stand under their column heads. The text exports of the seeds
show the same loss (Word tables saved as text). Read by their columns, such rows put every
value on a neighbour's cell; they must read as the text export does.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

import nianbao
from nianbao.document import Cell, Loc
from nianbao.readers.grid import located_table
from nianbao.testing.forms import render
from nianbao.testing.sample import make_sample
from nianbao.text import decode_bytes

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
# the seeds printing tab-separated rows (not seed 003's one cell per line)
TAB_SEEDS = [p for p in sorted((SHARED / "seeds").glob("*.txt")) if re.search(r"[^\t\n]\t", p.read_text("utf-8-sig"))] if SHARED.is_dir() else []


def _blocks(text: str) -> list[list[list[str]] | str]:
    """The text's runs of tab-separated lines, each a table (rows of cells; blank lines inside
    a run skipped), and its other non-blank lines, each a paragraph, in order."""
    out: list[list[list[str]] | str] = []
    for line in text.splitlines():
        if "\t" in line:
            if not out or isinstance(out[-1], str):
                out.append([])
            out[-1].append(line.split("\t"))  # type: ignore[union-attr]
        elif line.strip():
            out.append(line)
    return out


def tab_text_as_html(text: str) -> bytes:
    """Each tab-separated line becomes a <tr> of one <td> per tab cell, without spans, as a
    CMS editor keeps a table whose merges were dropped; other lines become paragraphs."""
    out = ["<html><head><meta charset='utf-8'></head><body>"]
    for block in _blocks(text):
        if isinstance(block, str):
            out.append(f"<p>{html.escape(block)}</p>")
            continue
        out.append("<table border='1'>")
        out += ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in block]
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out).encode("utf-8")


def tab_text_as_docx(text: str, path: Path) -> Path:
    """The same in Word: each run of tab lines a table as wide as its widest row, every row
    padded with empty cells to that width (Word keeps a full grid), no cell merged."""
    import docx

    document = docx.Document()
    for block in _blocks(text):
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=max(map(len, block)))
        for i, row in enumerate(block):
            for j, c in enumerate(row):
                table.cell(i, j).text = c
    document.save(path)
    return path


def _wrong_cells(path: Path, data: bytes | Path, name: str) -> dict:
    """The seed's cells that ``data`` (the seed printed another way) reads differently."""
    expected = json.loads(path.with_name(path.name.split(".")[0] + ".expected.json").read_text("utf-8"))
    got = nianbao.parse(data, name=name, audit=False).values()
    return {k: (v, got.get(k)) for k, v in expected["cells"].items() if got.get(k) != v}


@pytest.mark.skipif(not TAB_SEEDS, reason=f"seed reports not available under {SHARED / 'seeds'}")
@pytest.mark.parametrize("path", TAB_SEEDS, ids=lambda p: p.name[:3])
def test_real_report_pasted_without_spans_reads_as_its_text(path):
    # seeds 000 and 002 keep every row padded to one width: a row under a merged label has
    # its figures a column early, and natural_person was lost from eight rows of table 3
    wrong = _wrong_cells(path, tab_text_as_html(path.read_text("utf-8-sig")), path.stem + ".html")
    assert not wrong, f"cells differ (expected, got): {wrong}"


@pytest.mark.skipif(not TAB_SEEDS, reason=f"seed reports not available under {SHARED / 'seeds'}")
@pytest.mark.parametrize("path", TAB_SEEDS, ids=lambda p: p.name[:3])
def test_real_report_in_a_word_table_without_merges_reads_as_its_text(path, tmp_path):
    # before the fix 18 to 89 cells per seed were lost or taken from a neighbour
    wrong = _wrong_cells(path, tab_text_as_docx(path.read_text("utf-8-sig"), tmp_path / "pasted.docx"), "pasted.docx")
    assert not wrong, f"cells differ (expected, got): {wrong}"


@pytest.mark.parametrize("i", range(12))
def test_generated_report_pasted_without_spans_reads_as_its_text(i):
    # rows of differing lengths: before the fix, 8 % of the cells of such pages took a
    # neighbour's value (table 3 read by the columns of a header that had lost its merges)
    sample = make_sample(7, i, "txt", layout="tab", quirk_rate=0.5, defect_rate=0.0)
    text, _ = decode_bytes(render(sample))
    got = nianbao.parse(tab_text_as_html(text), name="pasted.html", audit=False).values()
    truth = sample.report.values()
    wrong = {k: (v, got.get(k)) for k, v in truth.items() if got.get(k) != v}
    assert not wrong, f"cells differ (truth, got): {wrong}"


def _cell(text: str, r: int, c: int, merged: bool = False) -> Cell:
    return Cell(text, Loc(r + 1, None, None, 1, r, c), merged=merged)


def test_a_spanless_table_of_uneven_rows_is_ragged():
    grid = [[_cell("项目", 0, 0), _cell("自然人", 0, 1), _cell("商业企业", 0, 2)], [_cell("1.属于国家秘密", 1, 0), _cell("3", 1, 1)]]
    table = located_table(grid, 1, 1)
    assert table.layout == "ragged"
    assert [len(r.cells) for r in table.rows] == [3, 2]  # nothing padded
    assert (table.rows[1].cells[1].loc.row, table.rows[1].cells[1].loc.col) == (1, 1)  # still where printed


def test_a_table_with_spans_stays_a_grid():
    grid = [
        [_cell("申请人情况", 0, 0), _cell("", 0, 1, merged=True), _cell("", 0, 2, merged=True)],
        [_cell("自然人", 1, 0), _cell("商业企业", 1, 1), _cell("科研机构", 1, 2)],
        [_cell("1", 2, 0), _cell("2", 2, 1)],
    ]
    table = located_table(grid, 1, 1)
    assert table.layout == "grid"
    assert {len(r.cells) for r in table.rows} == {3}  # short rows padded to the width


def test_an_even_spanless_table_stays_a_grid():
    grid = [[_cell("a", 0, 0), _cell("1", 0, 1)], [_cell("b", 1, 0), _cell("2", 1, 1)]]
    assert located_table(grid, 1, 1).layout == "grid"
