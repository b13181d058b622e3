"""The auditor on real reports: the defects the seeds' expected files list, and Hongze."""

from __future__ import annotations

from pathlib import Path

import pytest

import nianbao
from nianbao.audit import audit, audit_many

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
KIRO = SHARED / "corpus" / "kiro"

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"real reports not available: {SHARED} is absent")


def _seed(prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return nianbao.parse(path)


def _codes(findings, severity=None):
    return {f.code for f in findings if severity is None or f.severity == severity}


@pytest.mark.parametrize("prefix", ["000", "002"])
def test_clean_seeds_have_no_errors(prefix):
    report = _seed(prefix)
    assert not [f for f in report.findings if f.severity == "error"], [f.message for f in report.findings]


def test_seed_001_copy_paste_defects():
    findings = _seed("001").findings
    by_code = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f)
    region = by_code["FOREIGN-REGION"][0]
    assert region.actual == "苏仙区" and region.detail["section"] == 5
    shape = [f for f in by_code["TABLE-SHAPE"] if f.detail["shape"] == "header-missing-total"]
    assert shape and "t3.new_received.total" in shape[0].cells
    dup = [f for f in by_code["SECTION-ORDER"] if f.detail["kind"] == "duplicated"]
    assert dup and dup[0].detail["line"] == 9 and "一、总体情况" in dup[0].message
    assert "TITLE-DUPLICATED" in by_code
    assert by_code["CITATION-MALFORMED"][0].actual == "国务院令第七11号"
    assert not _codes(findings, "error"), "no arithmetic error in seed 001"


def test_seed_001_blank_totals_are_unverifiable_not_zero():
    findings = _seed("001").findings
    unverified = [f for f in findings if f.code == "CHECK-UNVERIFIABLE" and f.detail["rule"] == "T3-BALANCE"]
    assert unverified and unverified[0].cells == ["t3.new_received.total", "t3.carried_over.total"]


def test_seed_003_export_artifact_and_refusal_claim():
    findings = _seed("003").findings
    left = [f for f in findings if f.code == "TEMPLATE-LEFTOVER"]
    assert [f.actual for f in left] == ["[bookmark: _GoBack]"] and left[0].detail["section"] == 5
    # 3 applications, "给予不予公开答复书" said of all of them; the table has 2 不予公开, 1 无法提供
    claim = [f for f in findings if f.code == "TEXT-TABLE-MISMATCH"]
    assert [(f.expected, f.actual) for f in claim] == [(2, 3)]


def test_seed_004_blank_applicant_cells():
    findings = _seed("004").findings
    blank = [f for f in findings if f.code == "CELL-BLANK"]
    cells = {c for f in blank for c in f.cells}
    applicants = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org")
    assert cells == {f"t3.{r}.{c}" for r in ("granted", "partially_granted") for c in applicants}
    assert "表三「（一）予以公开」行「自然人」" in blank[0].message
    assert not _codes(findings, "error")


def test_parse_json_includes_findings():
    out = _seed("001").to_contract()
    assert any(f["code"] == "FOREIGN-REGION" and f["message"] for f in out["findings"])


def _hongze(year: int, kind: str):
    path = KIRO / f"hongze-district_{year}_original.{kind}"
    if not path.exists():
        pytest.skip(f"{path.name} not available")
    return nianbao.parse(path, audit=False)


def _pdf_reader_ready() -> bool:
    import importlib.util

    return importlib.util.find_spec("nianbao.readers.pdf") is not None


@pytest.mark.parametrize(
    "kind",
    ["pdftotext-layout.txt", pytest.param("pdf", marks=pytest.mark.skipif(not _pdf_reader_ready(), reason="PDF reader missing"))],
)
def test_hongze_2023_table4_totals_are_errors_on_the_right_cells(kind):
    report = _hongze(2023, kind)
    errors = [f for f in audit(report) if f.severity == "error"]
    assert sorted((f.code, f.cells[0], f.expected, f.actual) for f in errors) == [
        ("T4-GROUP-TOTAL", "t4.litigation_after_review.total", 5, 0),
        ("T4-GROUP-TOTAL", "t4.review.total", 11, 0),
    ]
    assert all("表四" in f.message and "总计" in f.message for f in errors)
    assert all(f.location for f in errors)


@pytest.mark.parametrize(
    "kind",
    ["pdftotext-layout.txt", pytest.param("pdf", marks=pytest.mark.skipif(not _pdf_reader_ready(), reason="PDF reader missing"))],
)
def test_hongze_2024_with_previous_year_has_no_error(kind):
    cur, prev = _hongze(2024, kind), _hongze(2023, kind)
    findings = audit(cur, prev=prev)
    assert not [f for f in findings if f.severity == "error"], [f.message for f in findings]
    # 区政府办代表区政府受理申请17件 is one office's scope, not the district's 95
    assert "TEXT-TABLE-MISMATCH" not in _codes(findings)
    assert not _codes(findings) & {"CARRY-OVER-MISMATCH", "STOCK-MISMATCH", "CHECK-UNVERIFIABLE"}
    # boilerplate reused from 2023 is shown (info), with the passages
    copied = [f for f in findings if f.code == "TEXT-COPIED-FROM-PREVIOUS"]
    assert copied and all(f.severity == "info" and f.detail["passages"] for f in copied)
    assert any("人员跟班学习制度" in p for f in copied for p in f.detail["passages"])
    # the single （六）其他处理 row is summed and reported as a shape deviation
    assert any(f.code == "TABLE-SHAPE" and f.detail["shape"] == "single-other-processing" for f in findings)


def test_hongze_years_pair_automatically():
    r24, r23 = _hongze(2024, "pdftotext-layout.txt"), _hongze(2023, "pdftotext-layout.txt")
    r24.cells["t3.carried_over.natural_person"].value = 4
    f24, f23 = audit_many([r24, r23])
    assert any(f.code == "CARRY-OVER-MISMATCH" and f.cells == ["t3.carried_over.natural_person"] for f in f24)
    assert not _codes(f23) & {"CARRY-OVER-MISMATCH", "STOCK-MISMATCH"}


@pytest.mark.parametrize("prefix", ["001", "004"])
def test_reworded_row_label_is_noted(prefix):
    found = [f for f in _seed(prefix).findings if f.code == "TABLE-LABEL-VARIANT"]
    assert [(f.severity, f.actual) for f in found] == [("info", "2.其他法律法规禁止公开")]
    assert "t3.denied_prohibited_by_law.total" in found[0].cells
