"""Files for the corpus tests: the real reports, generated variants, bad inputs, and a
snapshot of a store's contents by natural keys (document hashes, not row ids)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
KIRO = SHARED / "corpus" / "kiro"


def real_reports() -> list[Path]:
    """The seeds and the Hongze 2023/2024 layout texts."""
    if not SHARED.is_dir():
        pytest.skip(f"real reports not available: {SHARED} is absent (CI places shared/ beside the clone)")
    return sorted((SHARED / "seeds").glob("*.txt")) + sorted(KIRO.glob("hongze-district_*_original.pdftotext-layout.txt"))


def hongze(year: int) -> Path:
    real_reports()
    return KIRO / f"hongze-district_{year}_original.pdftotext-layout.txt"


def variants(folder: Path, n: int) -> list[Path]:
    """``n`` distinct reports written to ``folder``: the Hongze reports of 2023 and 2024 moved
    to other districts (the same district gets both years, so years link up)."""
    from nianbao.regions import all_regions

    folder.mkdir(parents=True, exist_ok=True)
    texts = {y: hongze(y).read_text(encoding="utf-8") for y in (2023, 2024)}
    regions = all_regions()
    districts = [r for r in regions.values() if r.level == "district" and r.parent in regions and len(r.name) >= 3 and r.name.endswith("区")]
    out = []
    for i in range(n):
        d = districts[(i // 2) % len(districts)]
        year = 2023 + i % 2
        text = texts[year].replace("淮安市", regions[d.parent].name).replace("洪泽区", d.name).replace("洪泽", d.short)
        path = folder / f"{d.code}-{year}-{i}.txt"
        path.write_text(text + f"\n\n（编号 {i}）\n", encoding="utf-8")
        out.append(path)
    return out


def bad_inputs(folder: Path) -> dict[str, str]:
    """A corrupt PDF, an empty file and an unrelated document; name -> expected reason fragment."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notice.txt").write_text("关于召开年度工作会议的通知\n各单位：请准时参加。\n", encoding="utf-8")
    return {"corrupt.pdf": "PDF", "empty.txt": "文件为空", "notice.txt": "不像政府信息公开年度报告"}


def zip_of(path: Path, members: dict[str, bytes], gbk_names: bool = False) -> Path:
    """A zip archive; with ``gbk_names`` the member names are GBK without the UTF-8 flag,
    as Chinese Windows tools write them."""
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(_GbkName(name) if gbk_names else zipfile.ZipInfo(name), data)
    return path


class _GbkName(zipfile.ZipInfo):
    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's own hook: GBK bytes, no UTF-8 flag
        return self.filename.encode("gbk"), self.flag_bits


def snapshot(store) -> dict[str, list[tuple]]:
    """The store's contents keyed by document hash: equal for equal corpora, whatever the
    order or the row ids of the ingest that built them."""
    q = store.rows
    join = "JOIN reports r ON r.id = x.report_id JOIN documents d ON d.id = r.document_id"
    out = {
        "documents": q("SELECT hash, name, format, size, parser_version, status, error FROM documents"),
        "reports": q(
            "SELECT d.hash, r.agency, r.agency_key, r.region_code, r.year, r.edition, r.applications, r.errors, r.warnings "
            "FROM reports r JOIN documents d ON d.id = r.document_id"
        ),
        "cells": q(f"SELECT d.hash, x.cell_id, x.value, x.raw, x.provenance FROM cells x {join}"),
        "sections": q(f"SELECT d.hash, x.number, x.title, x.text FROM sections x {join}"),
        "findings": q(f"SELECT d.hash, x.code, x.severity, x.cells, x.message FROM findings x {join}"),
    }
    return {k: sorted(tuple("" if v is None else v for v in row.values()) for row in rows) for k, rows in out.items()}


def generated(folder: Path, n: int) -> list[Path]:
    """``n`` reports from the project's generator (nianbao.testing) in several formats, without
    their ground-truth files (those are not reports)."""
    from nianbao.testing import generate

    paths = generate(folder, n, ["txt", "html", "docx", "md"], seed=7)
    for truth in folder.glob("*.expected.json"):
        truth.unlink()
    return paths
