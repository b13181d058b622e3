"""`nianbao check` (audit reports like a linter) and `nianbao rules` (the catalogue)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from nianbao.cli import app
from nianbao.cli.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, err_console, out_console, user_errors


class CheckFormat(str, Enum):
    human = "human"
    json = "json"
    github = "github"
    html = "html"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class RulesFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


def _write(text: str, output: Path | None) -> None:
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        out_console.file.write(text)


@app.command()
def check(
    files: list[Path] = typer.Argument(..., help="report files (any format `parse` reads)"),
    prev: Path | None = typer.Option(None, "--prev", help="last year's report of the same agency (cross-year checks)"),
    format: CheckFormat = typer.Option(CheckFormat.human, "--format", "-f", help="human | json | github | html"),
    select: str | None = typer.Option(None, "--select", help="only these rule codes, comma-separated (prefixes such as T3 allowed)"),
    ignore: str | None = typer.Option(None, "--ignore", help="skip these rule codes, comma-separated"),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="exit 1 when a finding is at least this severe"),
    output: Path | None = typer.Option(None, "--output", "-o", help="write to this file instead of stdout"),
):
    """Check reports against the rule catalogue, like a linter.

    Exit status: 0 clean, 1 findings at or above --fail-on, 2 could not run.
    Files of the same agency for consecutive years are checked against each other.

    Example: nianbao check 2024.pdf --prev 2023.pdf --fail-on warning
    """
    from nianbao import parse as parse_report
    from nianbao.audit import audit_many, worst
    from nianbao.render.findings import render_findings
    from nianbao.rules.registry import select_rules
    from nianbao.runtime import settle
    from nianbao.schema.model import SEVERITY_RANK

    with user_errors():
        select_rules(select, ignore)  # a bad code stops before any file is read
        last = parse_report(prev, audit=False) if prev else None
    items, failed = [], 0
    for f in files:
        try:
            with user_errors():
                items.append((f, parse_report(f, audit=False)))
            settle()  # after the first document: see nianbao.runtime
        except typer.Exit:
            failed += 1
    if items:
        reports = [r for _, r in items]
        for r, found in zip(reports, audit_many(reports, prev=last, select=select, ignore=ignore)):
            r.findings = found
        _write(render_findings(items, format.value), output)
    if failed:
        if len(files) > 1:
            err_console.print(f"{failed} 个文件无法读取 ({failed} file(s) could not be read)")
        raise typer.Exit(EXIT_ERROR)
    top = worst(f for _, r in items for f in r.findings)
    raise typer.Exit(EXIT_FINDINGS if top and SEVERITY_RANK[top] >= SEVERITY_RANK[fail_on.value] else EXIT_OK)


@app.command()
def rules(
    codes: list[str] = typer.Argument(None, help="show the full documentation of these codes"),
    format: RulesFormat = typer.Option(RulesFormat.text, "--format", "-f", help="text | markdown | json"),
):
    """List the rule catalogue (codes, names, severities), or document some rules.

    Example: nianbao rules T3-BALANCE      (docs: nianbao rules --format markdown > docs/rules.md)
    """
    from nianbao.render.findings import render_catalogue

    with user_errors():
        _write(render_catalogue(format.value, codes or ()), None)
