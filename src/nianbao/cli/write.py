"""Writing reports: `nianbao new` (a data file to fill), `nianbao render` (the report in the
official layout) and `nianbao ledger` (Table 3 and deadlines from the register of applications)."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from enum import Enum
from pathlib import Path

import typer

from nianbao.cli import app
from nianbao.cli.common import EXIT_FINDINGS, err_console, fail, out_console, user_errors


@app.command()
def new(
    output: Path = typer.Option(..., "--output", "-o", help="the data file to write: .yaml or .xlsx"),
    year: int = typer.Option(..., "--year", help="report year, e.g. 2025"),
    agency: str = typer.Option(..., "--agency", help="机关名称, e.g. 某某市某某区人民政府"),
    edition: str | None = typer.Option(None, "--edition", help="2021 or 2019 (default: the one prescribed for the year)"),
    force: bool = typer.Option(False, "--force", help="overwrite an existing file"),
):
    """Write a data file to fill in: Excel laid out like the official tables, or YAML.

    Example: nianbao new --edition 2021 --year 2025 --agency 某某区人民政府 -o 2025.xlsx
    """
    from nianbao.draft import new_report, write_data
    from nianbao.schema.template import edition_for_year

    if output.exists() and not force:
        raise fail(f"{output}: 文件已存在，未覆盖；要覆盖请加 --force (file exists)")
    edition = edition or edition_for_year(year)
    if edition == "pre2019":
        raise fail(f"--year {year}: 2019 年以前没有统一的表格版式，请用 --edition 指定 (no official layout before 2019)")
    with user_errors():
        report = new_report(edition, year, agency)
        _atomic_write(output, lambda p: write_data(report, p))
    out_console.print(f"已写出 {output}：填好后运行 nianbao render {output} -o 报告.docx")


@app.command()
def render(
    data: Path = typer.Argument(..., help="data file (.yaml .xlsx from nianbao new, .json from nianbao parse) or a register (.csv .xlsx)"),
    output: Path = typer.Option(..., "--output", "-o", help="report to write: .docx .html .pdf .md .txt"),
    register: Path | None = typer.Option(None, "--register", help="register of applications to compute Table 3 from"),
    year: int | None = typer.Option(None, "--year", help="report year (needed when DATA is a register)"),
    agency: str | None = typer.Option(None, "--agency", help="机关名称 (needed when DATA is a register)"),
    force: bool = typer.Option(False, "--force", help="write even when the audit finds errors"),
):
    """Write the report in the official layout; totals are computed and the result is audited.

    Errors found by the audit stop the render (exit 1) unless --force.
    Example: nianbao render 2025.xlsx -o 2025年报.docx
    """
    from nianbao.audit import audit
    from nianbao.draft import load_data
    from nianbao.render.official import format_for, write_official

    with user_errors():
        format_for(output)
        report = load_data(data, register=register, year=year, agency=agency)
        report.findings = audit(report)
    errors = [f for f in report.findings if f.severity == "error"]
    for f in report.findings:
        style = "bold red" if f.severity == "error" else "yellow"
        err_console.print(f"[{style}]{f.severity}[/] {f.code} {f.message}", markup=True)
    if errors and not force:
        err_console.print(f"{len(errors)} 个错误，未写出 {output}；确需写出请加 --force ({len(errors)} error(s), nothing written)")
        raise typer.Exit(EXIT_FINDINGS)
    with user_errors():
        _atomic_write(output, lambda p: write_official(report, p))
    out_console.print(f"已写出 {output}")


class LedgerFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def ledger(
    register: Path = typer.Argument(..., help="register of applications: .csv or .xlsx"),
    year: int = typer.Option(..., "--year", help="report year"),
    as_of: str | None = typer.Option(None, "--as-of", help="date the deadlines are judged on (default: today), e.g. 2026-01-12"),
    soon: int = typer.Option(5, "--soon", help="working days left that count as due soon"),
    holidays: list[Path] = typer.Option([], "--holidays", help="holiday file for years chinesecalendar lacks (format of nianbao/data/holidays-override.yaml)"),
    format: LedgerFormat = typer.Option(LedgerFormat.table, "--format", "-f", help="table | json"),
):
    """Table 3 for a year from the register, and the applications overdue or due soon.

    Example: nianbao ledger 台账.xlsx --year 2025 --as-of 2026-01-12
    """
    from nianbao.ledger import WorkCalendar, load_register, table3_cells, watch_list
    from nianbao.schema.template import edition_for_year

    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError:
        raise fail(f"--as-of {as_of!r}: 日期应写成 2026-01-12 (invalid date)") from None
    edition = edition_for_year(year)
    if edition not in ("2021", "2019"):
        raise fail(f"--year {year}: 该年没有官方表格版式 (no official layout for {year})")
    with user_errors():
        apps = load_register(register)
        cells = table3_cells(apps, year, edition, str(register))
        watch = watch_list(apps, day, WorkCalendar(holidays), soon, year=year)
    fees = sum((a.fee for a in apps if a.fee and a.replied and a.replied.year == year), start=0)
    if format == LedgerFormat.json:
        out = {"year": year, "edition": edition, "as_of": day.isoformat(), "cells": cells,
               "watch": [w.as_dict() for w in watch], "fees": str(fees)}
        out_console.file.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
        return
    _print_ledger(cells, watch, edition, year, day, fees)


_STATUS = {"overdue": "已逾期", "due_soon": "即将到期", "late": "逾期答复"}


def _print_ledger(cells, watch, edition, year, day, fees) -> None:
    from rich.table import Table

    from nianbao.render.layout import t3_rows
    from nianbao.schema.template import load_template

    tmpl = load_template(edition)
    t3 = tmpl.tables["t3"]
    table = Table(title=f"{year}年 {t3.title}（{edition} 版式）")
    table.add_column("")
    for c in t3.columns.values():
        table.add_column(c.label, justify="right")
    for r in t3_rows(tmpl):
        table.add_row(r.label, *[str(cells[f"t3.{r.id}.{c}"]) for c in t3.columns])
    out_console.print(table)
    if fees:
        out_console.print(f"本年收取信息处理费合计 {fees} 元")
    if not watch:
        out_console.print(f"截至 {day}：没有逾期或即将到期的申请 (nothing overdue or due soon)")
        return
    w = Table(title=f"截至 {day} 需要关注的申请 (applications to watch)")
    for h in ("编号", "行", "收到日期", "答复期限", "延期", "答复日期", "状态", "剩余工作日"):
        w.add_column(h)
    for d in watch:
        w.add_row(d.id, str(d.row), str(d.received), str(d.due), "是" if d.extended else "否",
                  str(d.replied or ""), _STATUS[d.status], str(d.days_left))
    out_console.print(w)


def _atomic_write(path: Path, write) -> None:
    """Write through a temporary file in the same folder, so a failure leaves nothing behind."""
    fd, tmp = tempfile.mkstemp(prefix=".nianbao-", suffix=path.suffix, dir=path.parent if str(path.parent) else ".")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
