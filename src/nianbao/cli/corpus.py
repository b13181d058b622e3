"""Corpus commands: ingest, agencies, stats, search, query, compare, export, schema.

Every command takes the same ``--db URL`` (default: the SQLite file ``nianbao.db`` in the
current folder; ``postgresql://…`` for PostgreSQL) and makes one library call.
"""

from __future__ import annotations

import csv
import io
import json
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from nianbao.cli import app
from nianbao.cli.common import err_console, fail, out_console, user_errors
from nianbao.store import DEFAULT_DB
from nianbao.store.export import FORMATS as EXPORT_FORMATS
from nianbao.store.export import FORMS as EXPORT_FORMS

DB_HELP = "数据库 (database): SQLite 文件路径，或 postgresql://用户@主机/库名；也可设环境变量 NIANBAO_DB"
DB = typer.Option(DEFAULT_DB, "--db", envvar="NIANBAO_DB", help=DB_HELP)


def _choices(name: str, values) -> type[Enum]:
    """A typer choice type whose members are ``values`` (often the library's own list)."""
    return Enum(name, {v: v for v in values}, type=str)


RowFormat = _choices("RowFormat", ("table", "csv", "json"))
CompareFormat = _choices("CompareFormat", ("text", "json"))


FORMAT = typer.Option(RowFormat.table, "--format", "-f", help="table | csv | json (a list of row objects)")


def _open(db: str, create: bool = False):
    """Open the store; reading commands refuse to create an empty SQLite file."""
    from nianbao.store import open_store

    is_file = not db.startswith(("postgresql://", "postgres://"))
    path = db.removeprefix("sqlite:///").removeprefix("sqlite://")
    if is_file and not create and not Path(path).exists():
        raise fail(f"{path}: 数据库不存在，请先运行 nianbao ingest (no database yet: run nianbao ingest first)")
    return open_store(db)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return ", ".join(map(str, v))
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".")
    return str(v)


def emit_rows(rows: list[dict[str, Any]], fmt: RowFormat, title: str | None = None) -> None:
    """Print rows as a table, CSV, or JSON (a list of row objects)."""
    if fmt is RowFormat.json:
        out_console.file.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    columns = list(rows[0]) if rows else []
    if fmt is RowFormat.csv:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
        out_console.file.write(buf.getvalue())
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title) if title else None, title_justify="left", show_lines=False)
    for i, c in enumerate(columns):
        table.add_column(c, overflow="fold", no_wrap=i == 0)  # the key column stays whole
    for r in rows:
        table.add_row(*[Text(_cell(r.get(c))) for c in columns])  # text as printed, never markup
    out_console.print(table if rows else f"{title + '：' if title else ''}（无结果 no rows）", markup=False)


# -- ingest ----------------------------------------------------------------------------------
@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="files, folders (recursive) and .zip archives"),
    db: str = DB,
    executor: str = typer.Option("process", "--executor", help="process (all cores) | serial | dask | dask://scheduler:8786"),
    workers: int | None = typer.Option(None, "--workers", "-j", help="parallel workers (default: number of cores)"),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="show the progress bar"),
    commit_every: int = typer.Option(
        50, "--commit-every", min=1, help="documents per transaction (1: each report visible as soon as it is stored)"
    ),
):
    """Parse reports into the corpus database; unchanged files are skipped on re-runs.

    Example: nianbao ingest reports/ archive.zip --db nianbao.db
    """
    from nianbao.ingest import ingest as run

    with user_errors(), _open(db, create=True) as store:
        summary = run(store, paths, executor=executor, workers=workers, progress=progress, commit_every=commit_every)
    print_summary(summary)
    if summary.interrupted:
        err_console.print("已中断：已保存的报告完整无缺，重新运行同一命令即可继续 (interrupted: run the same command again to resume)")
        raise typer.Exit(130)


SHOWN_FAILURES = 50


def print_summary(s) -> None:
    """The closing summary: ok / parsed with findings / failed with reason."""
    from rich.markup import escape

    c = err_console
    c.print(
        f"完成 (done): 正常 {len(s.ok)}，有问题提示 {len(s.with_findings)}，失败 {len(s.failed)}；"
        f"未变跳过 {s.unchanged}，重复内容 {s.duplicates}，重新解析 {s.reparsed}；"
        f"用时 {s.seconds:.1f} 秒，{s.rate:.1f} 份/秒"
    )
    if s.with_findings:
        c.print(f"有问题提示的报告 (parsed with findings): {len(s.with_findings)} 份，用 nianbao stats 查看最常见的问题")
    for name, reason in s.failed[:SHOWN_FAILURES]:
        c.print(f"  [red]失败[/] {escape(name)}: {escape(reason)}", markup=True, highlight=False)
    if len(s.failed) > SHOWN_FAILURES:
        c.print(
            f"  …另有 {len(s.failed) - SHOWN_FAILURES} 个失败 (and more)；全部列表 (all): "
            "nianbao query \"SELECT name, error FROM documents WHERE status = 'failed'\"",
            markup=False,
        )


# -- agencies, stats, search, query ----------------------------------------------------------
@app.command()
def agencies(
    db: str = DB,
    year: int | None = typer.Option(None, "--year", help="only bodies with a report for this year"),
    missing: bool = typer.Option(False, "--missing", help="with --year: bodies that have no report for that year"),
    format: RowFormat = FORMAT,
):
    """List reporting bodies with the years covered (years of the same body are linked).

    Example: nianbao agencies --year 2023 --missing
    """
    from nianbao.corpus import agencies as run

    with user_errors(), _open(db) as store:
        rows = run(store, year=year, missing=missing)
    emit_rows(rows, format, title="机关 (agencies)")


StatsPart = _choices("StatsPart", ("by_year", "by_region", "by_level", "outcomes", "correction_rates", "top_findings"))


@app.command()
def stats(
    db: str = DB,
    format: RowFormat = FORMAT,
    part: StatsPart | None = typer.Option(None, "--part", help="one part only (CSV prints one part; default by_year)"),
    top: int = typer.Option(10, "--top", help="how many of the most frequent findings"),
):
    """Applications by year, region and level; outcome shares; 复议/诉讼 correction rates; frequent findings.

    Example: nianbao stats --format json
    """
    from nianbao.corpus import stats as run

    with user_errors(), _open(db) as store:
        result = run(store, top=top)
    parts = [p.value for p in StatsPart]
    if format is RowFormat.json and part is None:
        out_console.file.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    if format is not RowFormat.table or part is not None:
        emit_rows(result[(part or StatsPart.by_year).value], format)
        return
    out_console.print(f"报告总数 (reports): {result['reports']}")
    for p in parts:
        emit_rows(result[p], format, title=p)
    out_console.print("口径 (definitions):")
    for k, v in result["definitions"].items():
        out_console.print(f"  {k}: {v}", markup=False)


@app.command()
def search(
    text: str = typer.Argument(..., help="text to find in the report sections (any substring)"),
    db: str = DB,
    limit: int = typer.Option(50, "--limit", "-n", help="at most this many sections"),
    format: RowFormat = FORMAT,
):
    """Full-text search over the sections of every stored report.

    Example: nianbao search 依申请公开 --limit 20
    """
    from nianbao.corpus import search as run

    with user_errors(), _open(db) as store:
        rows = run(store, text, limit=limit)
    emit_rows(rows, format, title=f"搜索 {text}")


@app.command()
def query(
    sql: str = typer.Argument(..., help="one SQL SELECT statement (tables: documents, reports, cells, sections, findings)"),
    db: str = DB,
    limit: int | None = typer.Option(None, "--limit", "-n", help="at most this many rows"),
    format: RowFormat = FORMAT,
):
    """Run a read-only SQL query against the corpus (anything that writes is refused).

    Example: nianbao query "SELECT year, SUM(applications) FROM reports GROUP BY year"
    """
    from nianbao.corpus import query as run

    with user_errors(), _open(db) as store:
        rows = run(store, sql, limit=limit)
    emit_rows(rows, format)


# -- compare ---------------------------------------------------------------------------------
@app.command()
def compare(
    a: str = typer.Argument(..., help="the earlier report: a file, or a stored report id / hash prefix"),
    b: str = typer.Argument(..., help="the later report: a file, or a stored report id / hash prefix"),
    db: str = DB,
    format: CompareFormat = typer.Option(CompareFormat.text, "--format", "-f", help="text | json"),
    min_chars: int = typer.Option(20, "--min-chars", help="shortest copied passage to show"),
):
    """Compare two reports: changed cells, cross-year checks, per-section similarity and copied passages.

    Example: nianbao compare hongze-2023.pdf hongze-2024.pdf
    """
    from nianbao.corpus import compare as run
    from nianbao.corpus import load

    with user_errors():
        result = run(load(a, db), load(b, db), min_chars=min_chars)
    if format is CompareFormat.json:
        out_console.file.write(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    print_comparison(result)


def print_comparison(r: dict[str, Any]) -> None:
    c = out_console
    for side in ("a", "b"):
        d = r[side]
        c.print(f"{side.upper()}: {d['agency'] or '（未识别机关）'} {d['year'] or ''} ({d['source']})", markup=False)
    c.print(f"单元格 (cells): 比较 {r['cells_compared']} 个，变化 {len(r['cells'])} 个")
    emit_rows([{**x, "label": _label(x["cell"])} for x in r["cells"]], RowFormat.table, title="变化的单元格 (changed cells)")
    if r["cross_year"]:
        emit_rows(
            [{"code": f["code"], "severity": f["severity"], "message": f.get("message", "")} for f in r["cross_year"]],
            RowFormat.table,
            title="跨年度检查 (cross-year checks)",
        )
    else:
        c.print("跨年度检查 (cross-year checks): 无问题 (no findings)")
    emit_rows(
        [{"section": s["section"], "title": s["title"], "similarity": "—" if s["similarity"] is None else f"{s['similarity']:.0%}", "copied": len(s["copied"])} for s in r["sections"]],
        RowFormat.table,
        title="各部分文字相似度 (section similarity)",
    )
    for s in r["sections"]:
        for p in s["copied"]:
            p = " ".join(p.split())
            c.print(f"  [{s['section']}] 照抄 (copied): {p if len(p) <= 80 else p[:77] + '…'}", markup=False)


def _label(cell_id: str) -> str:
    from nianbao.schema.template import load_template

    try:
        _, row, col = load_template("2021").labels(cell_id)
    except (KeyError, ValueError):
        try:
            _, row, col = load_template("2019").labels(cell_id)
        except (KeyError, ValueError):
            return ""
    return f"{row} × {col}"


# -- export and schema -----------------------------------------------------------------------
ExportFormat = _choices("ExportFormat", EXPORT_FORMATS)
ExportForm = _choices("ExportForm", EXPORT_FORMS)


@app.command()
def export(
    db: str = DB,
    format: ExportFormat = typer.Option("csv", "--format", "-f", help="csv | parquet | xlsx"),
    form: ExportForm = typer.Option("wide", "--form", help="wide: one row per report | long: one row per cell"),
    output: Path | None = typer.Option(None, "--output", "-o", help="file to write (default: nianbao-<form>.<format>)"),
):
    """Export every stored report as a table (wide or long form).

    Example: nianbao export --format parquet --form long -o cells.parquet
    """
    from nianbao.store.export import export as run

    target = output or Path(f"nianbao-{form.value}.{format.value}")
    with user_errors(), _open(db) as store:
        n = run(store, target, format=format.value, form=form.value)
    err_console.print(f"已导出 {n} 行到 {target} (exported {n} rows)")


@app.command()
def schema():
    """Print the JSON Schema of the report contract (the JSON that parse and check output).

    Example: nianbao schema > report.schema.json
    """
    from nianbao.corpus import contract_schema

    out_console.file.write(json.dumps(contract_schema(), ensure_ascii=False, indent=2) + "\n")
