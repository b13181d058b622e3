"""`nianbao parse`: read reports into the national template."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from nianbao.cli import app
from nianbao.cli.common import EXIT_ERROR, err_console, out_console, user_errors


class ParseFormat(str, Enum):
    json = "json"
    table = "table"
    csv = "csv"
    debug = "debug"


@app.command()
def parse(
    files: list[Path] = typer.Argument(..., help="report files: .txt .md .html .docx .pdf (.doc .wps .odt .rtf with LibreOffice, scans with OCR)"),
    format: ParseFormat = typer.Option(ParseFormat.json, "--format", "-f", help="json | table | csv | debug"),
    output: Path | None = typer.Option(None, "--output", "-o", help="write to this file instead of stdout"),
):
    """Parse reports into the template's cells, sections and metadata.

    Example: nianbao parse report.pdf --format table
    """
    from nianbao import parse as parse_report
    from nianbao.render.parsed import render_parsed
    from nianbao.runtime import settle

    outputs = []
    failed = 0
    for f in files:
        try:
            with user_errors():
                report = parse_report(f)
            settle()  # after the first document: see nianbao.runtime
        except typer.Exit:
            failed += 1
            continue
        outputs.append((f, report))
    if outputs:
        text = render_parsed(outputs, format.value)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            out_console.file.write(text)
            if not text.endswith("\n"):
                out_console.file.write("\n")
    if failed:
        if len(files) > 1:
            err_console.print(f"{failed} 个文件无法读取 ({failed} file(s) could not be read)")
        raise typer.Exit(EXIT_ERROR)


@app.command()
def version():
    """Print the nianbao version and parser version."""
    from nianbao import PARSER_VERSION, __version__

    out_console.print(f"nianbao {__version__} (parser {PARSER_VERSION})")
