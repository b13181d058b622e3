"""The Check page: upload reports, follow the background check, see tables and findings."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Path, Request, UploadFile
from fastapi.responses import Response

from nianbao.readers import FORMATS, sniff
from nianbao.web.app import render
from nianbao.web.downloads import DOWNLOADS, download
from nianbao.web.errors import ApiError
from nianbao.web.jobs import Item
from nianbao.web.security import safe_filename
from nianbao.web.tables import cell_label, layout

router = APIRouter()

ACCEPTED = set(FORMATS)  # every format a reader reads
MAX_FILES = 200
ItemId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="id of one checked file")]


def _item(request: Request, item_id: str) -> Item:
    item = request.app.state.checker.item(item_id)
    if item is None:
        raise ApiError(404, "report_not_found", "找不到该检查结果（可能已过期）(checked report not found)")
    return item


def _ready(item: Item):
    if item.report is None:
        if item.stage == "failed":
            raise ApiError(422, "unreadable_report", item.error)
        raise ApiError(409, "not_ready", "报告仍在检查中 (still being checked)")
    return item.report


def _result(item: Item) -> dict:
    """JSON twin of the result page: the item's status and, when done, the spec's report object."""
    out = {"item": item.summary()}
    if item.report is not None:
        out["report"] = item.report.to_contract()
        out["findings"] = [
            {**f.model_dump(exclude_none=True), "cell_labels": [cell_label(item.report.edition, c) for c in f.cells]}
            for f in item.report.findings
        ]
    return out


@router.get("/check", include_in_schema=False)
def check_page(request: Request):
    return render(request, "check.html", {"recent": request.app.state.checker.recent(20)})


@router.get("/api/check", tags=["检查 check"], summary="Recently checked files (JSON twin of /check)")
def recent(request: Request) -> dict:
    return {"items": [i.summary() for i in request.app.state.checker.recent(50)]}


@router.post("/api/check", status_code=202, tags=["检查 check"], summary="Upload one or more reports to check")
async def upload(request: Request, files: Annotated[list[UploadFile], File(description="report files, any supported format")]) -> dict:
    """Queue the files for checking and answer at once with the job to poll (`/api/jobs/{id}`).

    The format is detected from each file's content, never from its name.
    """
    if not files:
        raise ApiError(422, "no_files", "请选择要检查的文件 (no files uploaded)")
    if len(files) > MAX_FILES:
        raise ApiError(413, "too_many_files", f"一次最多上传 {MAX_FILES} 个文件 (too many files)")
    batch = []
    for f in files:
        name = safe_filename(f.filename)
        data = await f.read()
        if not data.strip():
            raise ApiError(422, "empty_file", f"{name}: 文件为空 (empty file)")
        fmt = sniff(data, name)
        if fmt not in ACCEPTED:
            raise ApiError(415, "unsupported_type", f"{name}: 不支持的文件类型（按内容识别为 {fmt}）(unsupported file type)")
        batch.append((name, data, fmt))
    return request.app.state.checker.submit(batch).summary()


@router.get("/api/jobs/{job_id}", tags=["检查 check"], summary="Progress of an upload")
def job(request: Request, job_id: ItemId) -> dict:
    found = request.app.state.checker.job(job_id)
    if found is None:
        raise ApiError(404, "job_not_found", "找不到该任务 (job not found)")
    return found.summary()


@router.get("/check/{item_id}", include_in_schema=False)
def result_page(request: Request, item_id: ItemId):
    item = _item(request, item_id)
    return render(request, "result.html", _context(item))


@router.get("/check/{item_id}/panel", include_in_schema=False)
def result_panel(request: Request, item_id: ItemId):
    item = _item(request, item_id)
    return render(request, "_result.html", _context(item))


@router.get("/api/check/{item_id}", tags=["检查 check"], summary="One checked report (JSON twin of /check/{id})")
def result(request: Request, item_id: ItemId) -> dict:
    return _result(_item(request, item_id))


@router.get(
    "/api/check/{item_id}/download/{fmt}",
    tags=["检查 check"],
    summary="Download a checked report as JSON, XLSX or DOCX",
    responses={200: {"content": {m: {} for _, m in DOWNLOADS.values()}}},
)
def download_report(request: Request, item_id: ItemId, fmt: Literal["json", "xlsx", "docx"]) -> Response:
    item = _item(request, item_id)
    return download(_ready(item), fmt, item.name)


def report_layout(report):
    """The official layout of a report, or None for reports before the 2019 format."""
    return layout(report.edition, report) if report is not None and report.edition in ("2021", "2019") else None


def _context(item: Item) -> dict:
    return {"item": item, "layout": report_layout(item.report), "dl": f"/api/check/{item.id}/download"}
