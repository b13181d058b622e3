"""The benchmark: parse, check and ingest throughput per format over generated reports,
peak memory, and nianbao's PDF tables against plain pdfplumber ``extract_tables``.

>>> from nianbao.bench import run_bench
>>> result = run_bench(count=20)
>>> result["formats"]["txt"]["parse_per_s"]
"""

from __future__ import annotations

import importlib.util
import os
import resource
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

from nianbao.testing.forms import render
from nianbao.testing.sample import FORMS, make_sample

FORMATS = ("txt", "html", "docx", "pdf")
# The targets of Step 1 (issue 2): per core.
TARGETS = {"txt_per_s": 1000, "html_per_s": 1000, "pdf_pages_per_s": 20}


def _corpus(fmt: str, count: int, seed: int) -> list[tuple[str, bytes]]:
    layouts = FORMS[fmt]
    out = []
    for i in range(count):
        s = make_sample(seed, i, fmt, layout=layouts[i % len(layouts)], quirk_rate=0.5, defect_rate=0.2)
        out.append((s.name, render(s)))
    return out


def write_files(folder: Path, files: list[tuple[str, bytes]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files:
        (folder / name).write_bytes(data)
    return folder


def _rate(n: float, seconds: float) -> float:
    return round(n / seconds, 1) if seconds > 0 else 0.0


def _peak_mb(files: list[tuple[str, bytes]]) -> float:
    """The most memory Python allocated while parsing one file (tracemalloc, a few files)."""
    import nianbao

    peak = 0
    for name, data in files[:3]:
        tracemalloc.start()
        nianbao.parse(data, name=name, audit=False)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return round(peak / 2**20, 1)


def _ingest_rate(files: list[tuple[str, bytes]]) -> tuple[float | None, str | None]:
    """Documents per wall-clock second through :func:`nianbao.ingest.ingest` into SQLite."""
    from nianbao.ingest import ingest
    from nianbao.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_files(Path(tmp) / "in", files)
        store = open_store(str(Path(tmp) / "bench.db"))
        try:
            summary = ingest(store, [folder], progress=False)
        finally:
            store.close()
    return _rate(summary.parsed, summary.seconds), f"wall clock, all {os.cpu_count()} cores, parse + check + SQLite"


def _page_count(data: bytes) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def _html_parse_ms(files: list[tuple[str, bytes]]) -> float:
    """CPU ms per page that libxml2's HTML parser alone takes (decoding included), the part of
    the HTML reader no Python code can shorten: the floor under its figures."""
    from lxml import etree

    from nianbao.readers.html import PARSER, decode_html

    texts = [decode_html(data)[0] for _, data in files]
    texts = [t.split("?>", 1)[1] if t.lstrip().startswith("<?xml") else t for t in texts]  # lxml refuses it in str
    t0 = time.process_time()
    for text in texts:
        etree.fromstring(text, PARSER)
    return round((time.process_time() - t0) / len(files) * 1000, 3)


def bench_format(fmt: str, files: list[tuple[str, bytes]], settle_heap: bool = False) -> dict:
    """Throughput of one format: parse (read + extract), check (audit), ingest; memory.

    ``settle_heap``: run as the batch commands do, the import graph frozen out of the garbage
    collector after the first document (only in a process of its own: see nianbao.runtime).
    """
    import nianbao
    from nianbao.audit import audit
    from nianbao.runtime import settle

    audit(nianbao.parse(files[0][1], audit=False))  # warm-up: imports, fonts, caches
    if settle_heap:
        settle()
    # Rates are per CPU second of this process (one core), so that other load on the
    # machine does not halve them; wall-clock time is kept beside them. Each report is
    # checked and dropped as soon as it is parsed, as a batch run does (keeping thousands
    # of reports alive makes the garbage collector rescan them and skews both timings).
    # Parsing is nianbao.parse's two steps, timed apart: read (bytes -> document) and
    # extract (document -> report).
    read_s = extract_s = check_s = 0.0
    findings = 0
    w0 = time.perf_counter()
    for name, data in files:
        t0 = time.process_time()
        document = nianbao.read(data, name=name)
        t1 = time.process_time()
        report = nianbao.extract_report(document)
        t2 = time.process_time()
        findings += len(audit(report))
        check_s += time.process_time() - t2
        read_s += t1 - t0
        extract_s += t2 - t1
    wall = time.perf_counter() - w0
    parse_s = read_s + extract_s
    ingest_rate, ingest_note = _ingest_rate(files)
    pages = sum(_page_count(data) for _, data in files) if fmt == "pdf" else None
    out = {
        "reports": len(files),
        "parse_cpu_s": round(parse_s, 3),
        "parse_check_wall_s": round(wall, 3),
        "parse_per_s": _rate(len(files), parse_s),
        "read_ms": round(read_s / len(files) * 1000, 3),
        "extract_ms": round(extract_s / len(files) * 1000, 3),
        "check_per_s": _rate(len(files), check_s),
        "findings": findings,
        "ingest_per_s": ingest_rate,
        "ingest_note": ingest_note,
        "peak_parse_mb": _peak_mb(files),
    }
    if fmt == "html":
        out["lxml_parse_ms"] = _html_parse_ms(files)
    if pages is not None:
        out["pages"] = pages
        out["pages_per_s"] = _rate(pages, parse_s)
    return out


def compare_pdf_tables(files: list[tuple[str, bytes]]) -> dict:
    """nianbao's PDF reader against plain pdfplumber ``extract_tables`` on the same pages:
    time and the printed numbers each finds in table cells."""
    import io

    import pdfplumber

    from nianbao.document import Table
    from nianbao.readers.pdf import read_pdf

    ours_s = plain_s = 0.0  # CPU seconds, like the other figures
    ours_cells: Counter = Counter()
    plain_cells: Counter = Counter()
    for name, data in files:
        t0 = time.process_time()
        doc = read_pdf(data, name)
        ours_s += time.process_time() - t0
        for b in doc.blocks:
            if isinstance(b, Table):
                ours_cells["tables"] += 1
                ours_cells["numbers"] += sum(c.text.strip().replace(".", "").isdigit() for r in b.rows for c in r.cells)
        t0 = time.process_time()
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                for t in page.extract_tables():
                    plain_cells["tables"] += 1
                    plain_cells["numbers"] += sum((c or "").strip().replace(".", "").isdigit() for r in t for c in r)
        plain_s += time.process_time() - t0
    return {
        "files": len(files),
        "nianbao_s": round(ours_s, 3),
        "pdfplumber_s": round(plain_s, 3),
        "time_ratio": round(ours_s / plain_s, 2) if plain_s else None,
        "nianbao_tables": ours_cells["tables"],
        "pdfplumber_tables": plain_cells["tables"],
        "nianbao_number_cells": ours_cells["numbers"],
        "pdfplumber_number_cells": plain_cells["numbers"],
    }


def run_bench(
    count: int = 300,
    formats: tuple[str, ...] = FORMATS,
    seed: int = 0,
    pdf_count: int | None = None,
    corpus: int = 0,
    stats_reports: int = 100_000,
    ocr_pages: int = 0,
    settle_heap: bool = False,
) -> dict:
    """Generate ``count`` reports per format (``pdf_count`` PDFs, default count/15) and time them.

    With ``corpus`` > 0, also ingest that many text reports on all cores and time ``stats``
    over ``stats_reports`` stored reports; with ``ocr_pages`` > 0, time OCR on that many
    scanned pages (needs PDFs among ``formats``). ``settle_heap``: see :func:`bench_format`.
    """
    result: dict = {"count": count, "seed": seed, "cpus": os.cpu_count(), "formats": {}, "skipped": {}, "targets": TARGETS}
    started = time.perf_counter()
    pdf_files = None
    for fmt in formats:
        if fmt == "pdf" and importlib.util.find_spec("weasyprint") is None:
            result["skipped"][fmt] = "weasyprint 未安装，无法生成PDF (cannot write PDFs)"
            continue
        n = pdf_count or max(5, count // 15) if fmt == "pdf" else count
        files = _corpus(fmt, n, seed)
        result["formats"][fmt] = bench_format(fmt, files, settle_heap)
        if fmt == "pdf":
            pdf_files = files
    if pdf_files:
        result["pdf_tables"] = compare_pdf_tables(pdf_files)
    if corpus:
        from nianbao.bench_corpus import bench_corpus

        result["corpus"] = bench_corpus(corpus, stats_reports, seed, _corpus)
    if ocr_pages and pdf_files and importlib.util.find_spec("rapidocr_onnxruntime") is not None:
        from nianbao.bench_corpus import bench_ocr

        result["ocr"] = bench_ocr(pdf_files, ocr_pages)
    result["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result
