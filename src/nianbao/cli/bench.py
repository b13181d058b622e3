"""`nianbao bench`: throughput and memory over a generated corpus."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from nianbao.cli import app
from nianbao.cli.common import out_console, user_errors


def _table(result: dict) -> str:
    head = (
        f"{'format':<6} {'reports':>7} {'parse/s':>9} {'read ms':>8} {'extr ms':>8} {'pages/s':>8} {'check/s':>9} "
        f"{'ingest/s':>9} {'peak MB':>8}"
    )
    lines = [head, "-" * len(head)]
    for fmt, r in result["formats"].items():
        ingest = "-" if r["ingest_per_s"] is None else f"{r['ingest_per_s']:.1f}"
        pages = f"{r['pages_per_s']:.1f}" if "pages_per_s" in r else ""
        lines.append(
            f"{fmt:<6} {r['reports']:>7} {r['parse_per_s']:>9.1f} {r['read_ms']:>8.3f} {r['extract_ms']:>8.3f} {pages:>8} "
            f"{r['check_per_s']:>9.1f} {ingest:>9} {r['peak_parse_mb']:>8.1f}"
        )
    for fmt, why in result["skipped"].items():
        lines.append(f"{fmt:<6} 跳过 (skipped): {why}")
    notes = {r["ingest_note"] for r in result["formats"].values() if r.get("ingest_note")}
    lines.append("parse/s, pages/s, check/s: per CPU second of one core; read/extract ms: CPU per report (parse = read + extract)")
    lines += [f"ingest/s: {n}" for n in notes]
    if "lxml_parse_ms" in result["formats"].get("html", {}):
        lines.append(f"HTML: libxml2's parse alone (no Python walk) takes {result['formats']['html']['lxml_parse_ms']:.3f} ms CPU per page")
    if "pdf_tables" in result:
        p = result["pdf_tables"]
        lines.append(
            f"PDF tables vs plain pdfplumber extract_tables ({p['files']} files): time ratio {p['time_ratio']} "
            f"(nianbao {p['nianbao_s']} / pdfplumber {p['pdfplumber_s']} CPU s); tables {p['nianbao_tables']} vs "
            f"{p['pdfplumber_tables']}; number cells {p['nianbao_number_cells']} vs {p['pdfplumber_number_cells']}"
        )
    f = result["formats"]
    t = result["targets"]
    got = {
        "txt": f.get("txt", {}).get("parse_per_s"),
        "html": f.get("html", {}).get("parse_per_s"),
        "docx": f.get("docx", {}).get("parse_per_s"),
        "pdf pages": f.get("pdf", {}).get("pages_per_s"),
    }
    lines.append(
        "Step-1 targets (per core): txt "
        f"{got['txt']}/s (target ≥{t['txt_per_s']}), HTML {got['html']}/s (target ≥{t['html_per_s']}), "
        f"DOCX {got['docx']}/s, PDF {got['pdf pages']} pages/s (target ≥{t['pdf_pages_per_s']})"
    )
    if result.get("corpus"):
        c = result["corpus"]
        lines.append(
            f"ingest: {c['ingested']} text reports in {c['ingest_seconds']} s on {c['cores']} cores = {c['ingest_per_s']}/s; "
            f"stats over {c['stats_reports']} stored reports: {c['stats_seconds']} s (target < 1 s on SQLite)"
        )
    if result.get("ocr"):
        o = result["ocr"]
        lines.append(
            f"OCR: {o['pages']} scanned pages (150 dpi, rotated 0.8°, noise): {o['wall_per_page']} s per page wall, "
            f"{o['cpu_per_page']} s CPU (target ≤ {o['target_s']} s per page on 2 cores)"
        )
    lines.append(f"peak RSS {result['max_rss_mb']} MB; {result['seconds']} s in all (generation included)")
    return "\n".join(lines)


@app.command()
def bench(
    count: int = typer.Option(300, "--count", "-n", min=1, help="generated reports per format (PDF: one in fifteen)"),
    formats: str = typer.Option("txt,html,docx,pdf", "--formats", help="comma-separated formats to time"),
    seed: int = typer.Option(0, "--seed", help="seed of the generated corpus"),
    json_out: Path | None = typer.Option(None, "--json", help="also write the figures to this JSON file"),
    corpus: int = typer.Option(10000, "--corpus", min=0, help="text reports to ingest on all cores for the corpus figures (0 skips)"),
    stats_reports: int = typer.Option(100_000, "--stats-reports", min=1, help="stored reports to time `stats` over"),
    ocr_pages: int = typer.Option(2, "--ocr-pages", min=0, help="scanned pages to time OCR on (0 skips)"),
):
    """Time parse, check and ingest per format over generated reports; compare PDF tables
    with plain pdfplumber.

    Example: nianbao bench --count 100 --corpus 2000 --json bench.json
    """
    from nianbao.bench import run_bench
    from nianbao.testing.corpus import check_formats

    with user_errors():
        fmts = check_formats([f.strip() for f in formats.split(",") if f.strip()])
        result = run_bench(
            count=count,
            formats=tuple(fmts),
            seed=seed,
            corpus=corpus,
            stats_reports=stats_reports,
            ocr_pages=ocr_pages,
            settle_heap=True,  # this process is nianbao's own, as in the batch commands
        )
    out_console.print(_table(result), markup=False)
    if json_out:
        json_out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
