"""Rule cases as data: tests/rules/<CODE>.yml, one file per rule code, run by one test.

Each case changes a consistent base report (see report_factory) and lists the findings the
rule must give: ``expect`` is matched exactly in number, each entry by code, severity
(default: the rule's) and a subset of cell ids. Findings of other rules are ignored, except
CHECK-UNVERIFIABLE findings raised by the rule under test. ``pytest -k T3-BALANCE`` runs one
rule's cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from report_factory import apply_case, base_report

from nianbao.audit import RuleSelectionError, audit
from nianbao.rules.registry import all_rules

CASES_DIR = Path(__file__).parent / "rules"


def _load() -> list:
    out = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        marks = [] if data["rule"] in all_rules() else [pytest.mark.skip(reason=f"rule {data['rule']} is not registered")]
        for case in data["cases"]:
            out.append(pytest.param(data["rule"], case, id=f"{data['rule']}::{case['name']}", marks=marks))
    return out


def _build(case: dict, key: str = "") -> object:
    spec = case.get(key, {}) if key else case
    edition = str(spec.get("edition", case.get("edition", "2021")))
    year = spec.get("year")
    return apply_case(base_report(edition, year), {k: v for k, v in spec.items() if k not in ("edition", "year")})


def _relevant(findings, code: str) -> list:
    return [f for f in findings if f.code == code or (f.detail or {}).get("rule") == code]


def _match(f, exp: dict) -> bool:
    return (
        f.code == exp["code"]
        and f.severity == exp.get("severity", all_rules()[exp["code"]].severity)
        and set(exp.get("cells", [])) <= set(f.cells)
        and all((f.detail or {}).get(k) == v for k, v in (exp.get("detail") or {}).items())
    )


@pytest.mark.parametrize("code, case", _load())
def test_rule_case(code, case):
    report = _build(case)
    prev = _build(case, "prev") if "prev" in case else None
    engine = getattr(all_rules()[code], "engine", False)  # engine findings come from every rule
    found = _relevant(audit(report, prev=prev, select=None if engine else [code]), code)
    expected = case.get("expect") or []
    unmatched = list(found)
    for exp in expected:
        hit = next((f for f in unmatched if _match(f, exp)), None)
        assert hit is not None, f"expected {exp}, got {[(f.code, f.severity, f.cells, f.message) for f in found]}"
        unmatched.remove(hit)
    assert not unmatched, f"unexpected findings: {[(f.code, f.severity, f.cells, f.message) for f in unmatched]}"


def test_every_rule_has_a_case_file_with_a_passing_and_a_failing_case():
    files = {p.stem for p in CASES_DIR.glob("*.yml")}
    assert set(all_rules()) - files == set(), "rules without a case file"
    for path in CASES_DIR.glob("*.yml"):
        cases = yaml.safe_load(path.read_text("utf-8"))["cases"]
        assert any(not c.get("expect") for c in cases), f"{path.name}: no passing case"
        assert any(c.get("expect") for c in cases), f"{path.name}: no failing case"


def test_every_rule_is_documented():
    for code, rule in all_rules().items():
        doc = rule.doc()
        assert rule.name == rule.name.lower() and " " not in rule.name, code
        assert rule.severity in ("error", "warning", "info"), code
        for part in ("**What it checks.**", "**Why it matters.**", "**Fails:**", "**Passes:**"):
            assert part in doc, f"{code}: docstring lacks {part}"


def test_spec_codes_exist_with_spec_severities():
    spec = {
        "T3-BALANCE": "error", "T3-RESULTS-SUM": "error", "T3-ROW-TOTAL": "error", "T4-GROUP-TOTAL": "error",
        "CELL-NEGATIVE": "error", "CELL-NOT-INTEGER": "error", "CELL-BLANK": "warning", "TABLE-MISSING": "error",
        "TABLE-SHAPE": "warning", "SECTION-MISSING": "error", "SECTION-ORDER": "warning", "YEAR-MISMATCH": "error",
        "EDITION-MISMATCH": "warning", "TEXT-TABLE-MISMATCH": "warning", "FOREIGN-REGION": "warning",
        "CARRY-OVER-MISMATCH": "warning", "STOCK-MISMATCH": "info",
    }
    rules = all_rules()
    assert {c: rules[c].severity for c in spec if c in rules} == spec


def test_consistent_base_reports_are_clean():
    for edition in ("2021", "2019"):
        assert audit(base_report(edition)) == []


def test_select_ignore_and_severity_overrides():
    report = apply_case(base_report(), {"set": {"t3.granted.total": 3, "t3.denied_state_secret.research": None}})
    codes = lambda **kw: sorted({f.code for f in audit(report, **kw)})  # noqa: E731
    assert codes() == ["CELL-BLANK", "CHECK-UNVERIFIABLE", "T3-RESULTS-SUM", "T3-ROW-TOTAL"]
    assert codes(select="T3") == ["CHECK-UNVERIFIABLE", "T3-RESULTS-SUM", "T3-ROW-TOTAL"]
    assert codes(select=["row-total-mismatch"]) == ["CHECK-UNVERIFIABLE", "T3-ROW-TOTAL"]
    assert codes(ignore="T3-RESULTS-SUM,CHECK-UNVERIFIABLE") == ["CELL-BLANK", "T3-ROW-TOTAL"]
    blank = [f for f in audit(report, severity={"CELL-BLANK": "error"}) if f.code == "CELL-BLANK"]
    assert [f.severity for f in blank] == ["error"]
    with pytest.raises(RuleSelectionError, match="NOPE"):
        audit(report, select=["NOPE"])
    with pytest.raises(RuleSelectionError, match="fatal"):
        audit(report, severity={"CELL-BLANK": "fatal"})


def test_a_failing_rule_becomes_an_internal_error_and_the_others_still_run(monkeypatch):
    from nianbao.rules.totals import T4GroupTotal

    def boom(self, ctx):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(T4GroupTotal, "check", boom)
    report = apply_case(base_report(), {"set": {"t3.granted.total": 3}})
    found = audit(report)
    internal = [f for f in found if f.code == "INTERNAL-ERROR"]
    assert len(internal) == 1 and internal[0].detail["rule"] == "T4-GROUP-TOTAL" and "boom" in internal[0].message
    assert any(f.code == "T3-ROW-TOTAL" for f in found)


def test_messages_name_cells_as_printed_never_as_ids():
    report = apply_case(base_report(), {"set": {"t3.denied_state_secret.total": 2, "t4.review.total": 3}})
    found = audit(report)
    row = next(f for f in found if f.code == "T3-ROW-TOTAL")
    assert row.message == "表三「（三）不予公开1.属于国家秘密」行「总计」列应为六类申请人之和 0，实为 2"
    assert (row.expected, row.actual, row.location) == (0, 2, "第144行")
    t4 = next(f for f in found if f.code == "T4-GROUP-TOTAL")
    assert t4.message == "表四「行政复议」行「总计」列应为四类结果之和 1，实为 3"
    assert not any("t3." in f.message or "t4." in f.message for f in found)
