"""Corpus, compare, dashboard and write endpoints over a real ingested corpus."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from web.test_api import assert_error


def _hongze(client) -> list[dict]:
    rows = client.get("/api/corpus", params={"agency": "洪泽"}).json()["reports"]
    return sorted(rows, key=lambda r: r["year"])


def test_list_and_filter(corpus_client):
    body = corpus_client.get("/api/corpus").json()
    assert body["total"] >= 7 and not body["empty_corpus"]
    years = body["options"]["years"]
    assert 2023 in years and 2024 in years
    only = corpus_client.get("/api/corpus", params={"year": 2023}).json()
    assert only["total"] >= 1 and all(r["year"] == 2023 for r in only["reports"])
    assert [r["year"] for r in _hongze(corpus_client)] == [2023, 2024]
    page = corpus_client.get("/corpus", params={"agency": "洪泽"})
    assert page.status_code == 200 and "洪泽" in page.text


def test_full_text_search(corpus_client):
    body = corpus_client.get("/api/corpus", params={"q": "政府信息公开"}).json()
    assert body["hits"] and body["total"] >= 1
    assert all("【政府信息公开】" in h["snippet"] for h in body["hits"])
    page = corpus_client.get("/corpus", params={"q": "政府信息公开"}).text
    assert "<mark>政府信息公开</mark>" in page


def test_stored_report_page_and_downloads(corpus_client):
    rid = _hongze(corpus_client)[0]["id"]
    assert corpus_client.get(f"/api/corpus/reports/{rid}").json()["meta"]["year"] == 2023
    assert 'data-cell="t4.review.total"' in corpus_client.get(f"/corpus/reports/{rid}").text
    assert corpus_client.get(f"/api/corpus/reports/{rid}/download/xlsx").status_code == 200
    assert_error(corpus_client.get("/api/corpus/reports/999999"), 404, "report_not_found")


def test_agency_page_has_years_and_cross_year_results(corpus_client):
    key = _hongze(corpus_client)[0]["agency_key"]
    body = corpus_client.get("/api/corpus/agency", params={"key": key}).json()
    assert [r["year"] for r in body["years"]] == [2023, 2024]
    assert body["cross_year"][0]["from"] == 2023 and body["cross_year"][0]["sections"]
    assert corpus_client.get("/corpus/agency", params={"key": key}).status_code == 200
    assert_error(corpus_client.get("/api/corpus/agency", params={"key": "no such body"}), 404, "agency_not_found")


def test_coverage_lists_bodies_without_a_report_for_the_year(corpus_client):
    body = corpus_client.get("/api/corpus/coverage", params={"year": 2024}).json()
    names = [b["agency"] for b in body["missing"]]
    assert body["bodies"] >= 2 and names
    assert not any("洪泽" in (n or "") for n in names)  # Hongze has 2024


def test_compare_two_years(corpus_client):
    a, b = (r["id"] for r in _hongze(corpus_client))
    body = corpus_client.get("/api/compare", params={"a": a, "b": b}).json()
    assert body["result"]["cells"], "Hongze 2023 and 2024 differ in some cells"
    assert {s["section"] for s in body["result"]["sections"]} >= {1, 5}
    page = corpus_client.get("/compare", params={"a": a, "b": b}).text
    assert 'class="num changed"' in page
    assert_error(corpus_client.get("/api/compare", params={"a": "../x", "b": "1"}), 422, "invalid_input")


def test_dashboard_and_csv(corpus_client):
    body = corpus_client.get("/api/dashboard").json()
    assert body["reports"] >= 7 and body["by_year"]
    csv = corpus_client.get("/api/dashboard/by_year.csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.content.decode("utf-8-sig").splitlines()[0] == "year,reports,with_applications,applications"
    assert_error(corpus_client.get("/api/dashboard/nope.csv"), 422, "invalid_input")


def test_empty_corpus_is_not_an_error(client):
    assert client.get("/api/corpus").json()["empty_corpus"] is True
    assert client.get("/dashboard").status_code == 200


def _filled(client) -> dict:
    form = client.get("/api/write").json()
    cells = dict.fromkeys(form["leaf_cells"], 0)
    cells.update({"t3.new_received.natural_person": 5, "t3.granted.natural_person": 4, "t3.carried_forward.natural_person": 1})
    return {"agency": "测试市测试局", "year": 2024, "cells": cells, "sections": {"1": "总体情况。"}}


def test_write_check_computes_totals_and_flags_bad_input(client):
    draft = _filled(client)
    body = client.post("/api/write/check", json=draft).json()
    assert body["cells"]["t3.new_received.total"] == 5 and body["cells"]["t3.total_processed.natural_person"] == 4
    assert not [f for f in body["findings"] if f["severity"] == "error"]
    draft["cells"]["t3.granted.commercial"] = "-2"
    bad = client.post("/api/write/check", json=draft).json()
    assert bad["input_errors"][0]["cell"] == "t3.granted.commercial"


def test_write_drafts_and_downloads(client):
    draft = _filled(client)
    saved = client.post("/api/drafts", json=draft).json()["id"]
    assert client.get(f"/api/drafts/{saved}").json()["agency"] == "测试市测试局"
    assert any(d["id"] == saved for d in client.get("/api/drafts").json()["drafts"])
    assert_error(client.get("/api/drafts/" + "f" * 32), 404, "draft_not_found")
    docx = client.post("/api/write/download/docx", json=draft)
    assert docx.status_code == 200
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "测试市测试局2024年政府信息公开工作年度报告" in text
    pdf = client.post("/api/write/download/pdf", json=draft)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.post("/api/write/download/xlsx", json=draft)
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    yaml_file = client.post("/api/write/download/yaml", json=draft)
    assert yaml_file.status_code == 200 and "测试市测试局" in yaml_file.text
    assert_error(client.post("/api/write/download/docx", json={**draft, "agency": ""}), 422, "agency_missing")


def test_empty_filter_fields_mean_any(corpus_client):
    """Regression: the filter form submits empty selects (year=) which must not be a 422."""
    resp = corpus_client.get("/corpus?q=&agency=&region=&level=&year=&code=")
    assert resp.status_code == 200
    assert corpus_client.get("/api/corpus?year=").json()["total"] >= 7


def test_control_characters_in_search_are_ignored(corpus_client):
    """Regression (found by schemathesis): q=00%00 made the FTS5 query fail with a 500."""
    assert corpus_client.get("/api/corpus", params={"q": "00\x00"}).status_code == 200
    assert corpus_client.get("/corpus", params={"q": "政府\x00信息"}).status_code == 200


REGISTER = Path(__file__).resolve().parents[1] / "fixtures" / "ledger" / "register-2025.csv"


def test_register_fills_table_3(client):
    if not REGISTER.exists():
        pytest.skip("register fixture not available")
    resp = client.post("/api/write/register", files={"file": ("台账.csv", REGISTER.read_bytes())}, data={"year": "2025"})
    assert resp.status_code == 200, resp.text
    cells = resp.json()["cells"]
    assert cells["t3.new_received.natural_person"] == 4 and cells["t3.carried_forward.research"] == 1
    bad = client.post("/api/write/register", files={"file": ("x.csv", "编号,收到日期\nA1,not a date\n".encode())}, data={"year": "2025"})
    assert_error(bad, 422, "bad_register")


def test_pages_link_their_json_twin_with_the_query(corpus_client):
    key = _hongze(corpus_client)[0]["agency_key"]
    page = corpus_client.get("/corpus/agency", params={"key": key}).text
    assert 'id="json-twin"' in page and "/api/corpus/agency?key=" in page
