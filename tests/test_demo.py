"""The README's first command ends in `nianbao demo`: it must work on the bundled examples."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from nianbao.cli.demo import examples_dir


def test_bundled_examples_exist():
    files = sorted(p.suffix for p in examples_dir().iterdir())
    assert {".txt", ".md", ".html", ".docx", ".pdf"} <= set(files)


def test_demo_fills_a_sqlite_file_and_reports(tmp_path):
    db = tmp_path / "demo.db"
    p = subprocess.run(
        [sys.executable, "-m", "nianbao.cli", "demo", "--db", str(db)], capture_output=True, text=True, cwd=tmp_path,
        env={"COLUMNS": "160", "PATH": "/usr/bin:/bin"},
    )
    assert p.returncode == 0, p.stderr[-2000:]
    assert "Traceback" not in p.stderr
    n = len(list(examples_dir().iterdir()))
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == n
    assert "核查结果" in p.stdout and "语料统计" in p.stdout
    # a second run adds nothing
    p2 = subprocess.run([sys.executable, "-m", "nianbao.cli", "demo", "--db", str(db)], capture_output=True, text=True, cwd=tmp_path)
    assert p2.returncode == 0
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == n
