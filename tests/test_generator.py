"""The synthetic corpus: consistent figures at real magnitudes, labelled defects, ground
truth in the spec's shape, and byte-identical output for the same seed."""

from __future__ import annotations

import importlib.util
import json

import pytest
from typer.testing import CliRunner

from nianbao.cli import app
from nianbao.schema.template import load_template
from nianbao.testing.defects import DEFECTS, broken_identities
from nianbao.testing.forms import render
from nianbao.testing.sample import FORMATS, make_sample


def _clean(i: int, **kw):
    return make_sample(1, i, "txt", layout="tab", quirk_rate=0.0, defect_rate=0.0, **kw)


def test_every_identity_holds_in_clean_reports():
    editions = set()
    for i in range(150):
        s = _clean(i)
        editions.add(s.report.edition)
        assert broken_identities(s.report) == set(), s.name
        assert set(s.report.cells) == set(load_template(s.report.edition).cell_ids())
    assert editions == {"2021", "2019"}


def test_magnitudes_per_level():
    big = _clean(0, level="whole_city", edition="2021").report
    assert 10000 <= big.value("t3.new_received.total") <= 60000
    share = big.value("t3.new_received.natural_person") / big.value("t3.new_received.total")
    assert 0.93 <= share <= 0.97
    granted = big.value("t3.granted.total") / big.value("t3.total_processed.total")
    assert 0.2 <= granted <= 0.75
    zero_small = sum(_clean(i, level="township").report.value("t3.new_received.total") == 0 for i in range(40))
    assert zero_small >= 15, "many small bodies report all zeros"
    fees = [_clean(i, level="province", edition="2021").report.cells["t2.fees.amount"].raw for i in range(20)]
    assert any("." in f for f in fees), "fees are printed in 万元 with decimals"
    penalties = [_clean(i, level="whole_city", edition="2021").report.value("t2.penalty.decisions") for i in range(20)]
    assert max(penalties) >= 1_000_000


def test_narrative_restates_applications_and_period():
    s = _clean(3, level="district_government")
    r = s.report
    text = r.section(1).text
    assert f"共收到政府信息公开申请{r.value('t3.new_received.total')}件" in text
    assert f"统计期限自{r.meta.year}年1月1日起至{r.meta.year}年12月31日止" in text
    assert [x.number for x in r.sections] == [1, 2, 3, 4, 5, 6]
    assert r.meta.title == f"{r.meta.agency}{r.meta.year}年政府信息公开工作年度报告"


def test_agencies_come_from_real_regions():
    from nianbao.regions import all_regions

    for i in range(30):
        s = _clean(i)
        region = all_regions()[s.report.meta.region_code]
        assert s.agency.name.startswith(region.name)


def test_defects_are_labelled_and_change_the_truth():
    seen = set()
    for i in range(120):
        s = make_sample(9, i, "txt", layout="tab", defect_rate=1.0, quirk_rate=0.0)
        assert len(s.defects) == 1, s.name
        d = s.defects[0]
        seen.add(d["defect"])
        assert d["codes"], d
        if d["defect"] in ("change_cell", "swap_cells"):
            broken = {code for code, _ in broken_identities(s.report)}
            assert set(d["codes"]) <= broken
        if d["defect"] == "blank_cell":
            assert s.report.value(d["cells"][0]) is None
        if d["defect"] == "drop_section":
            assert d["section"] not in [x.number for x in s.report.sections]
    assert seen == set(DEFECTS)


def test_expected_json_has_the_spec_shape():
    s = make_sample(4, 0, "html", defect_rate=1.0)
    e = json.loads(json.dumps(s.expected(), ensure_ascii=False))
    assert {"edition", "meta", "sections", "cells", "defects", "quirks"} <= set(e)
    assert {"title", "agency", "year"} <= set(e["meta"])
    assert set(load_template(e["edition"]).cell_ids()) <= set(e["cells"])
    assert all({"number", "title", "text"} == set(x) for x in e["sections"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_seed_same_bytes(fmt):
    if fmt == "pdf" and importlib.util.find_spec("weasyprint") is None:
        pytest.skip("weasyprint is not installed")
    a = [render(make_sample(12, i, fmt, defect_rate=0.5)) for i in range(2)]
    b = [render(make_sample(12, i, fmt, defect_rate=0.5)) for i in range(2)]
    assert a == b
    assert render(make_sample(13, 0, fmt)) != a[0]


def test_generate_command_is_reproducible(tmp_path):
    runner = CliRunner()
    args = ["generate", "--count", "6", "--formats", "txt,md,html,docx", "--defects", "0.5", "--seed", "3"]
    for out in ("a", "b"):
        res = runner.invoke(app, [*args, str(tmp_path / out)])
        assert res.exit_code == 0, res.output
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) == 12 and sum(n.endswith(".expected.json") for n in names) == 6
    for n in names:
        assert (tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes(), n


def test_generate_rejects_an_unknown_format(tmp_path):
    res = CliRunner().invoke(app, ["generate", "--formats", "txt,odt", str(tmp_path)])
    assert res.exit_code == 2
    assert "odt" in res.output


def test_bench_reports_every_figure(tmp_path):
    from nianbao.bench import run_bench
    from nianbao.cli.bench import _table

    result = run_bench(count=3, formats=("txt", "html"), seed=1)
    for fmt in ("txt", "html"):
        r = result["formats"][fmt]
        assert r["reports"] == 3 and r["parse_per_s"] > 0 and r["check_per_s"] > 0 and r["peak_parse_mb"] >= 0
        assert r["ingest_per_s"] is None or r["ingest_per_s"] > 0
    text = _table(result)
    assert "Step-1 targets" in text and "txt" in text and "html" in text


def test_bench_compares_pdf_tables_with_pdfplumber():
    if importlib.util.find_spec("weasyprint") is None or importlib.util.find_spec("nianbao.readers.pdf") is None:
        pytest.skip("PDF writing or reading is not available")
    from nianbao.bench import _corpus, compare_pdf_tables

    cmp = compare_pdf_tables(_corpus("pdf", 1, 0))
    assert cmp["files"] == 1 and cmp["time_ratio"] is not None
    assert cmp["nianbao_tables"] >= 3 and cmp["pdfplumber_number_cells"] > 0


def test_rule_engine_reports_every_labelled_defect():
    """The labels are the ground truth for the checks: each injected defect is reported by
    one of the codes it names."""
    import nianbao

    missed = []
    for i in range(40):
        s = make_sample(5, i, "txt", layout="tab", defect_rate=1.0, quirk_rate=0.0)
        codes = {f.code for f in nianbao.parse(render(s)).findings}
        if not codes & set(s.defects[0]["codes"]):
            missed.append((s.name, s.defects[0], sorted(codes)))
    assert not missed, missed
