"""Downloads of a report: JSON (the spec's object), XLSX (cells and findings), DOCX (official layout)."""

from __future__ import annotations

import importlib
import io
import json
from urllib.parse import quote

from fastapi.responses import Response

from nianbao.schema.model import Report
from nianbao.web.errors import ApiError
from nianbao.web.tables import SEVERITY_ZH, cell_label

DOWNLOADS = {
    "json": ("json", "application/json"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("pdf", "application/pdf"),
}


def attachment(data: bytes, filename: str, media_type: str) -> Response:
    """A download; the (possibly Chinese) name is sent RFC 5987-encoded, never raw."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})


def to_xlsx(report: Report) -> bytes:
    """A workbook with every cell (as printed, with its source) and every finding."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "单元格"
    ws.append(["单元格编号 (cell id)", "表格·行·列", "数值", "原文", "来源位置"])
    for cid, c in report.cells.items():
        ws.append([cid, cell_label(report.edition, cid), c.value, c.raw, c.provenance.describe() if c.provenance else ""])
    fs = wb.create_sheet("问题")
    fs.append(["级别", "代码", "说明", "涉及单元格", "位置"])
    for f in report.findings:
        fs.append([SEVERITY_ZH[f.severity], f.code, f.message, "；".join(cell_label(report.edition, c) for c in f.cells), f.location])
    ms = wb.create_sheet("基本信息")
    for k, v in report.meta.model_dump().items():
        ms.append([k, "" if v is None else str(v)])
    ms.append(["edition", report.edition])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _writer(fmt: str):
    """The writer's renderer for ``fmt`` (render/docx.py, render/pdf.py), or None if not installed."""
    try:
        mod = importlib.import_module(f"nianbao.render.{fmt}")
    except ModuleNotFoundError:
        return None
    return getattr(mod, f"to_{fmt}", None) or getattr(mod, f"render_{fmt}", None)


def report_bytes(report: Report, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(report.to_contract(), ensure_ascii=False, indent=1).encode()
    if fmt == "xlsx":
        return to_xlsx(report)
    fn = _writer(fmt)
    if fn is None:
        raise ApiError(503, "writer_unavailable", f"{fmt.upper()} 输出尚不可用 ({fmt} output not available)")
    return fn(report)


def download(report: Report, fmt: str, source_name: str) -> Response:
    ext, media = DOWNLOADS[fmt]
    stem = source_name.rsplit(".", 1)[0] or "report"
    return attachment(report_bytes(report, fmt), f"{stem}.{ext}", media)
