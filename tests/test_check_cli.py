"""`nianbao check` and `nianbao rules` end to end: formats, exit codes, selection, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nianbao.cli import app

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
SEED000 = SEEDS / "000_be19f74464ca47e9.txt"
SEED001 = SEEDS / "001_6b6d80a219e047ef.txt"
KIRO = SHARED / "corpus" / "kiro"
H23 = KIRO / "hongze-district_2023_original.pdftotext-layout.txt"
H24 = KIRO / "hongze-district_2024_original.pdftotext-layout.txt"
ROOT = Path(__file__).resolve().parents[1]

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"real reports not available: {SHARED} is absent")


class Run:
    """What a command printed and how it ended, in-process (fast) through typer's runner."""

    def __init__(self, args):
        result = CliRunner().invoke(app, [str(a) for a in args])
        self.returncode, self.stdout, self.stderr = result.exit_code, result.stdout, result.stderr
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception


def run(*args) -> Run:
    return Run(args)


@needs_shared
def test_clean_report_exits_0():
    p = run("check", SEED000)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "未发现问题" in p.stdout


@needs_shared
def test_errors_exit_1_and_name_table_row_column_as_printed():
    p = run("check", H23)
    assert p.returncode == 1
    line = next(x for x in p.stdout.splitlines() if "T4-GROUP-TOTAL" in x and "行政复议" in x)
    assert "错误" in line and "表四「行政复议」行「总计」列" in line and "11" in line and "第" in line and "行]" in line
    assert "t4.review" not in p.stdout  # never JSON paths


@needs_shared
def test_fail_on_warning_and_info():
    assert run("check", SEED001).returncode == 0  # warnings only
    assert run("check", SEED001, "--fail-on", "warning").returncode == 1
    assert run("check", SEED000, "--fail-on", "info").returncode == 0


@needs_shared
def test_json_one_file_is_the_spec_object():
    p = run("check", SEED001, "--format", "json")
    out = json.loads(p.stdout)
    assert {"edition", "meta", "sections", "cells", "findings"} <= set(out)
    f = next(f for f in out["findings"] if f["code"] == "FOREIGN-REGION")
    assert f["severity"] == "warning" and f["message"] and f["location"]


@needs_shared
def test_human_summary_over_several_files():
    p = run("check", *sorted(SEEDS.glob("*.txt")))
    assert p.stdout.rstrip().splitlines()[-1] == "共检查 5 个文件：有错误 0，仅有警告 3，仅有提示 0，无问题 2"


@needs_shared
def test_json_several_files_is_a_list():
    p = run("check", SEED000, SEED001, "--format", "json")
    out = json.loads(p.stdout)
    assert [Path(x["file"]).name for x in out] == [SEED000.name, SEED001.name]


@needs_shared
def test_select_and_ignore():
    p = run("check", H23, "--select", "T4", "--format", "json")
    assert {f["code"] for f in json.loads(p.stdout)["findings"]} == {"T4-GROUP-TOTAL"}
    p = run("check", H23, "--ignore", "T4-GROUP-TOTAL,TABLE-SHAPE")
    assert p.returncode == 0 and "T4-GROUP-TOTAL" not in p.stdout


def test_unknown_code_is_one_line_and_exit_2(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "nianbao.cli", "check", str(f), "--select", "NO-SUCH-RULE"], capture_output=True, text=True)
    assert p.returncode == 2
    assert "NO-SUCH-RULE" in p.stderr and "Traceback" not in p.stderr


def test_unreadable_file_exits_2(tmp_path):
    p = run("check", tmp_path / "missing.pdf")
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_unrelated_document_is_never_clean(tmp_path):
    f = tmp_path / "notice.txt"
    f.write_text("关于召开2023年度工作会议的通知\n\n各科室：定于下周一召开工作会议，请准时参加。\n", encoding="utf-8")
    p = run("check", f, "--format", "json")
    assert p.returncode == 1
    codes = [x["code"] for x in json.loads(p.stdout)["findings"]]
    assert codes.count("TABLE-MISSING") == 3 and "SECTION-MISSING" in codes


@needs_shared
def test_prev_and_automatic_pairing():
    p = run("check", H24, "--prev", H23, "--format", "json")
    assert p.returncode == 0, p.stdout
    p = run("check", H24, H23, "--format", "json")
    assert p.returncode == 1  # 2023's own Table 4 errors; 2024 is clean against it
    r24 = json.loads(p.stdout)[0]
    assert not [f for f in r24["findings"] if f["severity"] == "error"]


@needs_shared
def test_github_and_html_formats():
    p = run("check", H23, "--format", "github")
    assert any(x.startswith("::error file=") and ",line=" in x and "title=T4-GROUP-TOTAL" in x for x in p.stdout.splitlines())
    p = run("check", SEED001, "--format", "html")
    assert p.stdout.startswith("<!doctype html>") and "FOREIGN-REGION" in p.stdout and "苏仙区" in p.stdout


def test_rules_catalogue_and_docs_are_current():
    p = run("rules")
    assert p.returncode == 0 and "T3-BALANCE" in p.stdout
    p = run("rules", "T3-BALANCE")
    assert "**Fails:**" in p.stdout
    codes = json.loads(run("rules", "--format", "json").stdout)
    assert {"T3-BALANCE", "FOREIGN-REGION", "CHECK-UNVERIFIABLE"} <= {c["code"] for c in codes}
    md = run("rules", "--format", "markdown").stdout
    docs = ROOT / "docs" / "rules.md"
    assert docs.read_text("utf-8") == md, "docs/rules.md is stale: run `nianbao rules --format markdown > docs/rules.md`"


def test_help_has_examples():
    for cmd in ("check", "rules"):
        assert "Example:" in run(cmd, "--help").stdout
