"""`nianbao parse` end to end: output contract and bad input (one line, exit 2, no traceback)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "000_be19f74464ca47e9.txt"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "nianbao.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd)


@pytest.mark.skipif(not SEED.exists(), reason="seed reports not available")
def test_json_output_is_the_contract():
    p = run("parse", SEED, "--format", "json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert {"edition", "meta", "sections", "cells", "findings"} <= set(out)
    exp = json.loads(SEED.with_name("000_be19f74464ca47e9.expected.json").read_text("utf-8"))
    assert out["cells"] == exp["cells"]
    assert out["meta"]["agency"] == exp["meta"]["agency"] and out["meta"]["year"] == exp["meta"]["year"]
    assert [s["number"] for s in out["sections"]] == [1, 2, 3, 4, 5, 6]


@pytest.mark.skipif(not SEED.exists(), reason="seed reports not available")
@pytest.mark.parametrize("fmt", ["table", "csv", "debug"])
def test_other_formats(fmt):
    p = run("parse", SEED, "--format", fmt)
    assert p.returncode == 0, p.stderr
    assert "t3.new_received.total" in p.stdout or "本年新收" in p.stdout


@pytest.mark.parametrize(
    "name,content,words",
    [
        ("missing.pdf", None, "不存在"),
        ("empty.txt", b"", "为空"),
        ("blank.pdf", b"   \n\n", "为空"),
        ("image.pdf", PNG, "扩展名"),
        ("random.docx", b"PK\x03\x04not really a zip at all" + bytes(range(256)), "损坏"),
        ("blob.bin", bytes(range(256)) * 4, "不支持"),
        # data beside the reports, not reports (regression: a ground-truth JSON naming the
        # report's title was read as a report)
        ("truth.expected.json", '{"meta": {"title": "某县2023年政府信息公开工作年度报告"}}'.encode(), "JSON"),
        ("register.xlsx", None, "Excel"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, name, content, words):
    path = tmp_path / name
    if name.endswith(".xlsx"):
        import openpyxl

        openpyxl.Workbook().save(path)
    elif content is not None:
        path.write_bytes(content)
    p = run("parse", path)
    assert p.returncode == 2
    assert "Traceback" not in p.stderr
    assert words in p.stderr and name in p.stderr
    assert p.stdout == ""


def test_directory_is_not_a_file(tmp_path):
    p = run("parse", tmp_path)
    assert p.returncode == 2 and "文件夹" in p.stderr and "Traceback" not in p.stderr


def test_broken_rtf_is_one_line_and_exit_2(tmp_path):
    """An RTF cut short (a download that stopped): before, read as plain text and printed as a
    report with every cell missing; now one line naming the file (LibreOffice cannot convert it,
    or is not installed), exit 2."""
    path = tmp_path / "broken.rtf"
    path.write_bytes(b"{\\rtf1\\ansi{\\fonttbl{\\f0 SimSun;}}\\f0 \\u25919?\\u24220?\\u20449?\\u24687?\\u20844?\\u24320?\\par \\trowd")
    p = run("parse", path)
    assert p.returncode == 2
    assert "Traceback" not in p.stderr and p.stdout == ""
    assert len(p.stderr.strip().splitlines()) == 1
    assert "broken.rtf" in p.stderr and ("无法转换" in p.stderr or "需要 LibreOffice" in p.stderr)
