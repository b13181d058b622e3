"""Text helpers and the cell value model: the fast paths give the answers of the plain ones."""

from __future__ import annotations

import copy
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.schema.model import CellValue, Provenance, Report
from nianbao.text import _lcs, parse_number, similarity, unify_radicals


def _lcs_table(a: str, b: str) -> int:
    """The textbook dynamic-programming LCS length, as the reference."""
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b):
            cur.append(prev[j] + 1 if ca == cb else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


# few distinct characters, so that strings share many of them in many orders
_LABEL_CHARS = st.text(alphabet="本年新收政府信息公开申请其他法律行政禁止不予1（）", max_size=80)


@settings(max_examples=400, deadline=None)
@given(_LABEL_CHARS, _LABEL_CHARS)
def test_bit_parallel_lcs_equals_the_table(a, b):
    assert _lcs(a, b) == _lcs_table(a, b)


def test_lcs_of_long_strings_crossing_machine_words():
    a = "本年新收政府信息公开申请数量" * 12
    b = "其他法律行政法规禁止公开" * 9
    assert _lcs(a, b) == _lcs_table(a, b)


def test_similarity_of_clipped_and_misspelt_labels():
    assert similarity("三本年度办理结果三不予公开2其他法律行政法规禁止公开", "其他法律行政法规禁止公开") == 1.0
    assert similarity("其他法律行政止公开", "其他法律行政法规禁止公开") == 9 / 12
    assert similarity("", "公开") == 0.0


def test_parse_number_kinds():
    assert parse_number(None) == (None, "blank")
    assert parse_number("  ") == (None, "blank")
    assert parse_number("—") == (None, "marker")
    assert parse_number("1,234件") == (1234, "number")
    assert parse_number("0.5") == (0.5, "number")
    assert parse_number("十二") == (12, "number")
    assert parse_number("行政许可") == (None, "text")
    assert parse_number("17\n2") == (172, "number")  # wrapped inside a narrow cell
    assert parse_number("101*") == (101, "number")  # a footnote mark after the figure
    assert parse_number("1.") == (None, "text")


def test_unit_of_a_wrapped_header():
    from nianbao.extract.tables import unit_factor

    assert unit_factor("本年收\n费金额\n（单\n位：万\n元）") == 1.0
    assert unit_factor("本年收费金额（单位：元）") == 0.0001


def test_cell_values_copy_pickle_and_validate():
    c = CellValue(7, "7", Provenance(12, 2, (1.0, 2.0, 3.0, 4.0), 1, 5, 3, "（一）予以公开"), 0.9)
    assert pickle.loads(pickle.dumps(c)) == c
    assert copy.deepcopy(c) == c and copy.copy(c) == c
    r = Report(edition="2021", cells={"a": c, "b": {"value": 2, "raw": "2", "provenance": {"line": 3}}})
    assert r.cells["b"] == CellValue(2, "2", Provenance(line=3))
    dumped = r.model_dump()["cells"]
    assert dumped["a"]["provenance"]["label"] == "（一）予以公开" and dumped["b"]["value"] == 2
    assert r.model_dump(include={"cells": {"a": {"value"}}})["cells"] == {"a": {"value": 7}}
    assert Report.model_validate_json(r.model_dump_json()).cells == r.cells


_CELLISH = st.text(alphabet="0123456789１２３,.．-—/ 件万元人次一二十百千无空报告公开申请①²", max_size=30)


@settings(max_examples=400, deadline=None)
@given(_CELLISH)
def test_prose_shortcut_agrees_with_full_normalisation(raw):
    from nianbao.text import _parse_folded

    assert parse_number.__wrapped__(raw) == _parse_folded(raw)


def test_radical_look_alikes_become_ideographs():
    """A PDF font's Kangxi radicals (⼀ ⾏) and simplified radical forms (⻓ ⻔) are the
    ideographs the author typed; the UTF-8 bytes give the same answer as the text."""
    printed = "⼀、总体情况 ⾏政许可 局⻓ ⻔户网站 ⼈次"
    assert unify_radicals(printed) == "一、总体情况 行政许可 局长 门户网站 人次"
    assert unify_radicals(printed, printed.encode("utf-8")) == unify_radicals(printed)
    plain = "一、总体情况 “三安全一稳定” ——"
    assert unify_radicals(plain) is plain and unify_radicals(plain, plain.encode("utf-8")) is plain
