"""`nianbao generate`: a synthetic corpus of reports with their ground truth."""

from __future__ import annotations

from pathlib import Path

import typer

from nianbao.cli import app
from nianbao.cli.common import out_console, user_errors


@app.command()
def generate(
    out_dir: Path = typer.Argument(..., help="folder to write the reports and their .expected.json into"),
    count: int = typer.Option(20, "--count", "-n", min=1, help="how many reports"),
    formats: str = typer.Option("txt,md,html,docx,pdf", "--formats", help="comma-separated: txt,md,html,docx,pdf"),
    defects: float = typer.Option(0.0, "--defects", min=0.0, max=1.0, help="share of reports with one injected defect (0..1)"),
    quirks: float = typer.Option(0.5, "--quirks", min=0.0, max=1.0, help="share of reports printed with real-world quirks"),
    seed: int = typer.Option(0, "--seed", help="same seed, same bytes"),
):
    """Generate consistent random reports in every input form, each with its ground truth.

    Example: nianbao generate --count 100 --formats txt,html,docx,pdf --defects 0.3 --seed 7 corpus/
    """
    from nianbao.testing.corpus import generate as generate_corpus

    with user_errors():
        paths = generate_corpus(out_dir, count, [f.strip() for f in formats.split(",") if f.strip()], defects, seed, quirks)
    out_console.print(f"已生成 {len(paths)} 份报告及其 .expected.json：{out_dir} (generated {len(paths)} reports)")
