"""The plain-text reader's shortcuts give what the definitions they replace give.

To read 1,000 text reports per second (issue 2) the reader steps around the regex engine and
per-character Unicode lookups where it can; each shortcut is checked here against the plain
formulation, on generated lines that mix every kind of space and figure the reader looks at.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from nianbao.document import Paragraph, Table
from nianbao.readers.txt import _spaced_line, _token_spans, display_width, text_to_document

TOKEN = re.compile(r"\S+(?: \S+)*")  # a token: words joined by single spaces
WIDE_GAP = re.compile(r"\S {2,}\S")
NUMBER_RUN = re.compile(r"(?:^|\s)(?:[-+]?[\d.,]+|/|—|－)(?:\s+(?:[-+]?[\d.,]+|/|—|－)){2,}\s*$")

# spaces of every kind (ideographic, no-break, vertical tab), CJK, ASCII, full-width and
# Arabic-Indic digits, the markers and separators a figure run may hold
PIECES = [" ", " ", " ", "\u3000", "\xa0", "\x0b", "\t", "a", "字", "（", "|"]
PIECES += ["1", "0", "１", "٣", "/", "—", "－", ".", ",", "-", "+"]
lines = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


def reference_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


@given(lines)
def test_token_spans_are_the_token_regex_matches(line):
    assert _token_spans(line) == [m.span() for m in TOKEN.finditer(line)]


@given(lines)
def test_spaced_line_prefilters_keep_the_definition(line):
    assert _spaced_line(line) == bool(WIDE_GAP.search(line.strip()) or NUMBER_RUN.search(line))


@given(st.one_of(lines, st.text(max_size=16)))
def test_display_width_counts_wide_characters_double(s):
    assert display_width(s) == reference_width(s)
    assert display_width(s) == reference_width(s)  # the second time from the cache


def test_columns_after_ideographic_spaces():
    """An ideographic space in a gap takes two columns, like the CJK characters around it."""
    text = "\n".join(f"行政许可\u3000\u3000{k}  2" for k in range(8))
    doc = text_to_document(text)
    tokens = doc.blocks[0].tokens
    assert [(t.text, t.x0, t.x1, t.loc.col) for t in tokens] == [
        ("行政许可", 0.0, 8.0, 0),
        ("0", 12.0, 13.0, 1),
        ("2", 15.0, 16.0, 2),
    ]


def test_tab_rows_drop_trailing_empty_cells_only():
    doc = text_to_document("标题\n标签\t1\t\t\n\t合并\t2\t \n\t\t\n结尾")
    table = doc.blocks[1]
    assert isinstance(table, Table) and table.loc.line == 2 and table.loc.table == 1
    assert [r.texts for r in table.rows] == [["标签", "1"], ["", "合并", "2"], [""]]
    assert [[(c.loc.line, c.loc.table, c.loc.row, c.loc.col) for c in r.cells] for r in table.rows] == [
        [(2, 1, None, 0), (2, 1, None, 1)],
        [(3, 1, None, 0), (3, 1, None, 1), (3, 1, None, 2)],
        [(4, 1, None, 0)],
    ]
    assert [r.loc.table for r in table.rows] == [None, None, None]  # rows keep only their line
    assert isinstance(doc.blocks[2], Paragraph) and doc.blocks[2].loc.line == 5


def test_every_piece_has_a_location_of_its_own():
    """The extractor annotates locations; no two cells, rows or tokens may share one."""
    tables = text_to_document("| a | b |\n|---|---|\n| 1 | 2 |\n\n\tx\n\ty\n\n\tz\n\nc\td\n")
    spaced = text_to_document("\n".join(f"行  {k}  {k} 1 2" for k in range(8)))
    assert [b.loc.table for b in tables.blocks] == [1, 2, 3]
    assert all(b.tokens for b in spaced.blocks)
    locs = []
    for b in tables.blocks + spaced.blocks:
        locs.append(b.loc)
        if isinstance(b, Table):
            locs += [r.loc for r in b.rows] + [c.loc for r in b.rows for c in r.cells]
        else:
            locs += [t.loc for t in b.tokens]
    assert len({id(loc) for loc in locs}) == len(locs)


# pieces of every table layout's lines: pipes leading, closing and between cells, tabs, labels
# that open or close brackets, figures, page numbers, emphasis and heading marks
TABLE_PIECES = ["|", "| ", " |", "\t", "0", "12", "（一）予以公开", "(二) 部分公开（区分", "处理的）", "一、本年新收",
                "— 3 —", "**", "#", "信息内容", "  ", "⼀、", "\n", "\n\n"]


@given(st.lists(st.sampled_from(TABLE_PIECES), max_size=60).map("".join))
def test_any_mix_of_table_lines_reads_and_keeps_every_line_number(text):
    """No mix of layouts makes the reader fail, and every block keeps a line of the text."""
    from nianbao.extract import extract

    doc = text_to_document(text)
    extract(doc)
    n = text.count("\n") + 1
    for b in doc.blocks:
        cells = [c for r in b.rows for c in r.cells] if isinstance(b, Table) else [b]
        assert all(1 <= c.loc.line <= n for c in cells)
