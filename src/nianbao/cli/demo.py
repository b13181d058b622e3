"""`nianbao demo`: the main job on the embedded default — the bundled example reports are
ingested into a SQLite file, checked, and summarised."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import typer

from nianbao.cli import app
from nianbao.cli.common import out_console, user_errors


def examples_dir() -> Path:
    """The example reports shipped inside the package (made by `nianbao generate`)."""
    return Path(str(resources.files("nianbao").joinpath("data/examples")))


@app.command()
def demo(
    db: str = typer.Option("nianbao.db", "--db", help="SQLite file (or postgresql://…) to fill"),
    examples: Path | None = typer.Option(None, "--examples", help="folder of reports to use instead of the bundled ones"),
):
    """Ingest the bundled example reports into SQLite, check them and print what was found.

    Example: nianbao demo --db demo.db
    """
    from nianbao.cli.corpus import _open, emit_rows, print_summary, RowFormat
    from nianbao.corpus import stats
    from nianbao.ingest import ingest

    folder = examples or examples_dir()
    out_console.print(f"[bold]1. 入库 (ingest)[/] {folder} → {db}")
    with user_errors(), _open(db, create=True) as store:
        summary = ingest(store, [folder], progress=True)
        print_summary(summary)
        rows = store.rows(
            "SELECT d.name AS 文件, r.agency AS 机关, r.year AS 年度, r.edition AS 版式, r.errors AS 错误, r.warnings AS 警告 "
            "FROM reports r JOIN documents d ON d.id = r.document_id ORDER BY d.name"
        )
        out_console.print("[bold]2. 核查结果 (check)[/] 每份报告的错误与警告数；详情: nianbao check 文件")
        for r in rows:
            r["文件"] = Path(r["文件"]).name
        emit_rows(rows, RowFormat.table)
        result = stats(store, top=8)
    out_console.print(f"[bold]3. 语料统计 (stats)[/] 报告 {result['reports']} 份")
    emit_rows(result["by_year"], RowFormat.table, title="按年度 (by year)")
    emit_rows(result["top_findings"], RowFormat.table, title="最常见的问题 (most frequent findings)")
    out_console.print(
        f"下一步 (next): nianbao serve --db {db} 在浏览器中浏览；nianbao stats --db {db}；"
        f"nianbao search 依申请公开 --db {db}"
    )
