"""The corpus commands end to end through the CLI: one shared --db, three output formats,
compare on Hongze 2023 vs 2024, export in wide and long form, the contract's JSON Schema."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

import nianbao
from corpus_files import hongze, real_reports
from typer.testing import CliRunner

from nianbao.cli import app

COMMANDS = ("ingest", "agencies", "stats", "search", "query", "compare", "export", "schema")


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(app, list(args))
    if ok:
        assert result.exit_code == 0, (result.output, result.exception)
    return result


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A folder of real reports ingested into ./nianbao.db, the default database."""
    home = tmp_path_factory.mktemp("corpus")
    src = home / "reports"
    src.mkdir()
    for p in real_reports():
        shutil.copy(p, src / p.name)
    cwd = home.cwd()
    import os

    os.chdir(home)
    try:
        result = run("ingest", str(src), "--workers", "1", "--no-progress")
        yield home, result
    finally:
        os.chdir(cwd)


@pytest.fixture
def in_corpus(corpus, monkeypatch):
    home, _ = corpus
    monkeypatch.chdir(home)
    return home


def test_ingest_uses_the_default_database_and_prints_a_summary(corpus):
    home, result = corpus
    assert (home / "nianbao.db").exists()
    assert "完成 (done)" in result.output and "失败 0" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_an_example_and_the_same_db_option(command):
    text = run(command, "--help").output
    assert "Example: nianbao " + command in text
    if command != "schema":
        assert "--db" in text


def test_reading_commands_do_not_create_a_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("stats", ok=False)
    assert result.exit_code == 2 and "nianbao ingest" in result.output
    assert not (tmp_path / "nianbao.db").exists()


def test_stats_prints_definitions_and_json_parts(in_corpus):
    text = run("stats").output
    assert "复议纠错率" in text and "Σ结果纠正" in text and "by_year" in text
    data = json.loads(run("stats", "--format", "json").output)
    assert data["reports"] == len(real_reports())
    by_year = {r["year"]: r for r in data["by_year"]}
    assert by_year[2024]["applications"] == 95  # Hongze 2024
    assert {r["kind"] for r in data["correction_rates"]} == {"复议纠错率", "诉讼纠错率"}
    assert abs(sum(r["share"] for r in data["outcomes"]) - 1) < 1e-3
    rows = list(csv.DictReader(io.StringIO(run("stats", "--format", "csv", "--part", "by_level").output)))
    assert sum(int(r["reports"]) for r in rows) == len(real_reports())


def test_agencies_links_years_and_lists_who_is_missing(in_corpus):
    rows = json.loads(run("agencies", "--format", "json").output)
    hz = [r for r in rows if r["agency_key"] == "320813:政府"]
    assert hz and hz[0]["years"] == [2023, 2024]
    missing = json.loads(run("agencies", "--year", "2024", "--missing", "--format", "json").output)
    assert "320813:政府" not in {r["agency_key"] for r in missing} and missing


def test_search_and_query_output_row_objects(in_corpus):
    hits = json.loads(run("search", "依申请公开", "--format", "json").output)
    assert hits and all("【依申请公开】" in h["snippet"] for h in hits)
    rows = json.loads(run("query", "SELECT year, COUNT(*) AS n FROM reports GROUP BY year ORDER BY year", "-f", "json").output)
    assert rows[0].keys() == {"year", "n"} and sum(r["n"] for r in rows) == len(real_reports())
    refused = run("query", "DELETE FROM reports", ok=False)
    assert refused.exit_code == 2 and "只允许读取" in refused.output


def test_compare_hongze_2023_and_2024_files():
    a, b = str(hongze(2023)), str(hongze(2024))
    data = json.loads(run("compare", a, b, "--format", "json").output)
    cells = {c["cell"]: c for c in data["cells"]}
    assert cells["t3.new_received.total"] == {"cell": "t3.new_received.total", "a": 21, "b": 95, "change": 74, "ratio": 4.5238}
    sections = {s["section"]: s for s in data["sections"]}
    assert set(sections) == {1, 2, 3, 4, 5, 6}
    # sections 二 to 四 print only tables, whose header lines are not section text
    assert all(sections[n]["similarity"] is None for n in (2, 3, 4))
    assert all(0 <= sections[n]["similarity"] <= 1 for n in (1, 5, 6)) and sections[1]["similarity"] < 1
    assert any(s["copied"] for s in sections.values())
    text = run("compare", a, b).output
    assert "变化的单元格" in text and "t3.new_received.total" in text and "各部分文字相似度" in text


def test_compare_gives_no_similarity_for_sections_without_text():
    """Regression: sections 二 to 四 of the Hongze PDFs print only tables; comparing their
    empty texts read as 100% similar."""
    from nianbao.corpus import compare

    pdfs = [hongze(y).with_name(f"hongze-district_{y}_original.pdf") for y in (2023, 2024)]
    data = compare(*(nianbao.parse(p) for p in pdfs))
    sections = {s["section"]: s for s in data["sections"]}
    assert all(sections[n]["similarity"] is None for n in (2, 3, 4))
    assert all(0 <= sections[n]["similarity"] < 1 for n in (1, 5))


def test_compare_stored_reports_by_id(in_corpus):
    ids = json.loads(run("query", "SELECT r.id, r.year FROM reports r WHERE agency_key = '320813:政府' ORDER BY year", "-f", "json").output)
    data = json.loads(run("compare", str(ids[0]["id"]), str(ids[1]["id"]), "-f", "json").output)
    assert (data["a"]["year"], data["b"]["year"]) == (2023, 2024) and data["cells"]
    assert run("compare", "999999", str(ids[1]["id"]), ok=False).exit_code == 2


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_export_wide_and_long(in_corpus, fmt):
    import duckdb

    n = len(real_reports())
    wide, long = in_corpus / f"w.{fmt}", in_corpus / f"l.{fmt}"
    run("export", "--format", fmt, "-o", str(wide))
    run("export", "--format", fmt, "--form", "long", "-o", str(long))
    if fmt == "xlsx":
        from openpyxl import load_workbook

        rows = list(load_workbook(wide, read_only=True)["reports"].values)
        assert len(rows) == n + 1 and "t3.new_received.total" in rows[0] and "agency" in rows[0]
        assert sum(1 for _ in load_workbook(long, read_only=True)["reports"].values) > 200 * n
        return
    reader = "read_csv_auto" if fmt == "csv" else "read_parquet"
    con = duckdb.connect()
    total = con.execute(f"SELECT SUM(\"t3.new_received.total\") FROM {reader}('{wide}') WHERE year = 2024").fetchone()[0]
    assert total == 95
    n_long = con.execute(f"SELECT COUNT(DISTINCT report_id), COUNT(*) FROM {reader}('{long}')").fetchone()
    assert n_long[0] == n and n_long[1] >= 200 * n


def test_schema_is_the_contract():
    schema = json.loads(run("schema").output)
    assert schema["required"] == ["edition", "meta", "sections", "cells", "findings"]
    assert "t3.new_received.total" in schema["properties"]["cells"]["propertyNames"]["enum"]
    contract = __import__("nianbao").parse(hongze(2024)).to_contract()
    assert set(contract["cells"]) <= set(schema["properties"]["cells"]["propertyNames"]["enum"])
    assert set(contract) <= set(schema["properties"])


def test_stats_on_postgres(pg_cluster):
    url = pg_cluster.new_database()
    run("ingest", str(hongze(2023)), str(hongze(2024)), "--db", url, "--workers", "1", "--no-progress")
    data = json.loads(run("stats", "--db", url, "--format", "json").output)
    assert data["reports"] == 2 and {r["year"]: r["applications"] for r in data["by_year"]} == {2023: 21, 2024: 95}


def test_compare_reports_cross_year_findings_only():
    import nianbao
    from nianbao.audit import audit
    from nianbao.corpus import compare

    a, b = nianbao.parse(hongze(2023)), nianbao.parse(hongze(2024))
    b.cells["t3.carried_over.total"].value = 7  # 2023 carried 0 forward
    result = compare(a, b)
    codes = [f["code"] for f in result["cross_year"]]
    assert "CARRY-OVER-MISMATCH" in codes
    alone = {f.code for f in audit(b)}
    assert not alone & {"CARRY-OVER-MISMATCH"}  # found only with the previous year at hand
    assert {"cell": "t3.carried_over.total", "a": 0, "b": 7, "change": 7, "ratio": None} in result["cells"]


def test_ingest_summary_shows_names_verbatim_and_caps_the_failure_list(capsys):
    from nianbao.cli.corpus import SHOWN_FAILURES, print_summary
    from nianbao.ingest import IngestSummary

    failed = [(f"报告[b]{i}.pdf", "PDF 文件不完整 [red]") for i in range(SHOWN_FAILURES + 3)]
    print_summary(IngestSummary(failed=failed))
    err = capsys.readouterr().err
    assert "报告[b]0.pdf: PDF 文件不完整 [red]" in err  # file names are not read as markup
    assert f"报告[b]{SHOWN_FAILURES}.pdf" not in err and "另有 3 个失败" in err


def test_tables_print_text_verbatim(capsys):
    from nianbao.cli.corpus import RowFormat, emit_rows

    emit_rows([{"snippet": "见[bold]第[1]条[/]"}], RowFormat.table, title="搜索 [x]")
    out = capsys.readouterr().out
    assert "见[bold]第[1]条[/]" in out and "搜索 [x]" in out
