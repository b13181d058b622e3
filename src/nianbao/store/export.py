"""Export the store as tables: wide (one row per report, one column per cell id, plus
metadata) or long (one row per report and cell), to CSV, Parquet or XLSX.

Reports are read in batches, so an export of 100,000 reports never holds the corpus in memory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nianbao.errors import InputError
from nianbao.store.base import Store

FORMATS = ("csv", "parquet", "xlsx")
FORMS = ("wide", "long")
META_COLUMNS = (
    "report_id",
    "document_hash",
    "document_name",
    "agency",
    "agency_key",
    "region_code",
    "region_level",
    "year",
    "edition",
    "parser_version",
    "title",
    "errors",
    "warnings",
)
LONG_COLUMNS = ("report_id", "agency", "agency_key", "region_code", "year", "edition", "cell_id", "value", "raw")
XLSX_MAX_ROWS = 1_048_575  # one row of the sheet is the header
BATCH = 1000


def all_cell_ids() -> list[str]:
    """Every cell id of every edition, in printed order (2021 first, then 2019's own)."""
    from nianbao.schema.template import load_template

    ids: list[str] = []
    for ed in ("2021", "2019"):
        ids += [c for c in load_template(ed).cell_ids(with_alternatives=True) if c not in ids]
    return ids


def columns(form: str) -> list[str]:
    return list(META_COLUMNS) + all_cell_ids() if form == "wide" else list(LONG_COLUMNS)


def iter_rows(store: Store, form: str = "wide") -> Iterator[dict[str, Any]]:
    """The export's rows, report by report in id order."""
    if form not in FORMS:
        raise InputError("--form", f"未知的形式 {form!r}：wide 或 long (unknown form)")
    ids = all_cell_ids()
    last = 0
    while True:
        reports = store.rows(
            "SELECT r.id AS report_id, d.hash AS document_hash, d.name AS document_name, r.agency, r.agency_key, "
            "r.region_code, r.region_level, r.year, r.edition, r.parser_version, r.title, r.errors, r.warnings "
            "FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.id > ? ORDER BY r.id LIMIT ?",
            (last, BATCH),
        )
        if not reports:
            return
        last = reports[-1]["report_id"]
        cells: dict[int, list[dict]] = {}
        for c in store.rows(
            "SELECT report_id, cell_id, value, raw FROM cells WHERE report_id >= ? AND report_id <= ?",
            (reports[0]["report_id"], last),
        ):
            cells.setdefault(c["report_id"], []).append(c)
        for r in reports:
            own = cells.get(r["report_id"], [])
            if form == "wide":
                values = {c["cell_id"]: c["value"] for c in own}
                yield {**r, **{cid: values.get(cid) for cid in ids}}
            else:
                order = {cid: i for i, cid in enumerate(ids)}
                for c in sorted(own, key=lambda c: order.get(c["cell_id"], len(order))):
                    yield {k: r.get(k) for k in LONG_COLUMNS[:6]} | {"cell_id": c["cell_id"], "value": c["value"], "raw": c["raw"]}


def export(store: Store, output: str | Path, format: str = "csv", form: str = "wide") -> int:
    """Write the export to ``output``; returns the number of rows written."""
    if format not in FORMATS:
        raise InputError("--format", f"未知的格式 {format!r}：csv、parquet 或 xlsx (unknown format)")
    rows = iter_rows(store, form)
    cols = columns(form)
    writer = {"csv": _csv, "parquet": _parquet, "xlsx": _xlsx}[format]
    return writer(Path(output), cols, rows)


def _csv(path: Path, cols: list[str], rows) -> int:
    n = 0
    # utf-8-sig: Excel opens the file with the right encoding.
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        for row in rows:
            w.writerow(row)
            n += 1
    return n


def _parquet(path: Path, cols: list[str], rows) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("--format parquet", "需要安装 pyarrow：pip install 'nianbao[db]' (pyarrow is not installed)") from None
    text = {"document_hash", "document_name", "agency", "agency_key", "region_code", "region_level", "edition", "parser_version", "title", "cell_id", "raw"}
    ints = {"report_id", "year", "errors", "warnings"}
    schema = pa.schema([(c, pa.string() if c in text else pa.int64() if c in ints else pa.float64()) for c in cols])
    n = 0
    with pq.ParquetWriter(path, schema) as w:
        batch: list[dict] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH * 10:
                w.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            w.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def _xlsx(path: Path, cols: list[str], rows) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("reports")
    ws.append(cols)
    n = 0
    for row in rows:
        n += 1
        if n > XLSX_MAX_ROWS:
            raise InputError(str(path), "超出 Excel 的行数上限，请改用 csv 或 parquet (too many rows for xlsx)")
        ws.append([row[c] for c in cols])
    wb.save(path)
    return n
