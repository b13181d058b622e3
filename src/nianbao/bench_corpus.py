"""Benchmark figures of the corpus and of OCR, beside the per-format ones of ``bench.py``:

- ingest rate on all cores for N generated reports (issue 6 asks for 10,000:
  ``nianbao bench --corpus 10000``);
- latency of ``nianbao stats`` over a store grown to 100,000 reports (copies of the ingested
  rows, so that growing it takes seconds rather than hours of parsing);
- OCR seconds per page on a scanned, slightly rotated and noisy page.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path


def bench_corpus(count: int, stats_reports: int, seed: int, corpus) -> dict:
    """Ingest ``count`` generated text reports into SQLite, then time ``stats`` over
    ``stats_reports`` stored reports."""
    from nianbao.corpus import stats
    from nianbao.ingest import ingest
    from nianbao.store import open_store

    files = corpus("txt", count, seed + 1)
    from nianbao.bench import write_files

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_files(Path(tmp) / "in", files)
        store = open_store(str(Path(tmp) / "corpus.db"))
        try:
            summary = ingest(store, [folder], progress=False)
            stored = grow(store, stats_reports)
            stats(store)  # warm the page cache once, as a running server would have it
            times = []
            for _ in range(3):
                t = time.perf_counter()
                stats(store)
                times.append(time.perf_counter() - t)
        finally:
            store.close()
    return {
        "ingested": summary.parsed,
        "ingest_seconds": round(summary.seconds, 1),
        "ingest_per_s": round(summary.parsed / summary.seconds, 1) if summary.seconds else None,
        "cores": os.cpu_count(),
        "stats_reports": stored,
        "stats_seconds": round(min(times), 3),
    }


def _columns(store, table: str) -> list[str]:
    return [r["name"] for r in store.rows(f"PRAGMA table_info({table})") if r["name"] != "id"]


def grow(store, target: int) -> int:
    """Copy the stored documents, reports and findings until there are ``target`` reports
    (SQLite). Returns the number of reports stored."""
    have = store.scalar("SELECT COUNT(*) FROM reports")
    if not have:
        return 0
    doc_cols = [c for c in _columns(store, "documents") if c != "hash"]
    rep_cols = [c for c in _columns(store, "reports") if c != "document_id"]
    fin_cols = [c for c in _columns(store, "findings") if c != "report_id"]
    base_docs = store.scalar("SELECT MAX(id) FROM documents")
    base_reps = store.scalar("SELECT MAX(id) FROM reports")
    k = 0
    while have < target:
        k += 1
        with store.transaction():
            store.execute(
                f"INSERT INTO documents (hash, {', '.join(doc_cols)}) "
                f"SELECT hash || ':{k}', {', '.join(doc_cols)} FROM documents WHERE id <= ?",
                (base_docs,),
            )
            store.execute(
                f"INSERT INTO reports (document_id, {', '.join(rep_cols)}) "
                f"SELECT d2.id, {', '.join('r.' + c for c in rep_cols)} FROM reports r "
                f"JOIN documents d ON d.id = r.document_id JOIN documents d2 ON d2.hash = d.hash || ':{k}' "
                f"WHERE r.id <= ?",
                (base_reps,),
            )
            store.execute(
                f"INSERT INTO findings (report_id, {', '.join(fin_cols)}) "
                f"SELECT r2.id, {', '.join('f.' + c for c in fin_cols)} FROM findings f "
                f"JOIN reports r ON r.id = f.report_id JOIN documents d ON d.id = r.document_id "
                f"JOIN documents d2 ON d2.hash = d.hash || ':{k}' JOIN reports r2 ON r2.document_id = d2.id "
                f"WHERE f.report_id <= ?",
                (base_reps,),
            )
        have = store.scalar("SELECT COUNT(*) FROM reports")
    store.execute("ANALYZE")
    return have


def scanned_pdf(data: bytes, dpi: int = 150, angle: float = 0.8, seed: int = 0) -> bytes:
    """A text PDF printed and scanned: rasterised, slightly rotated, with noise; no text layer."""
    import io

    import numpy as np
    import pypdfium2
    from PIL import Image

    rng = np.random.default_rng(seed)
    pdf = pypdfium2.PdfDocument(data)
    images = []
    try:
        for page in pdf:
            img = page.render(scale=dpi / 72).to_pil().convert("L")
            img = img.rotate(angle, expand=False, fillcolor=255, resample=Image.BICUBIC)
            arr = np.asarray(img, dtype=np.int16) + rng.normal(0, 12, size=img.size[::-1]).astype(np.int16)
            images.append(Image.fromarray(np.clip(arr, 0, 255).astype("uint8")))
    finally:
        pdf.close()
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buf.getvalue()


def bench_ocr(pdf_files: list[tuple[str, bytes]], pages: int) -> dict:
    """OCR seconds per page (wall and CPU) on scans of generated PDFs."""
    from nianbao.readers.ocr import ocr_timing

    done, wall, cpu = 0, 0.0, 0.0
    for _, data in pdf_files:
        if done >= pages:
            break
        scan = scanned_pdf(data)
        t = ocr_timing(scan)
        done += t["pages"]
        wall += t["wall_per_page"] * t["pages"]
        cpu += t["cpu_per_page"] * t["pages"]
    if not done:
        return {}
    return {"pages": done, "wall_per_page": round(wall / done, 2), "cpu_per_page": round(cpu / done, 2), "target_s": 10}
