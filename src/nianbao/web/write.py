"""Write page: fill in a report in the browser, check it as you type, save drafts, download it.

Totals are computed by the writer's rules (:func:`nianbao.draft.computed_parts`), the same
on the page (live) and here; findings come from the rule engine on every change.
"""

from __future__ import annotations

import json
import tempfile
import uuid
from pathlib import Path as FsPath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from nianbao.errors import InputError
from nianbao.draft import check_leaf, computed_parts, leaf_cells, report_from_values
from nianbao.schema.model import CellValue, Meta, Report, Section
from nianbao.schema.template import load_template
from nianbao.web.app import render
from nianbao.web.downloads import DOWNLOADS, attachment, report_bytes
from nianbao.web.errors import ApiError
from nianbao.web.security import safe_filename
from nianbao.web.tables import cell_label, layout

router = APIRouter()
Edition = Literal["2021", "2019"]
DraftId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]


class Draft(BaseModel):
    """What the Write page holds: the leaf cells as typed, the six sections, who and which year."""

    id: str | None = Field(None, pattern=r"^[0-9a-f]{32}$")
    edition: Edition = "2021"
    agency: str = Field("", max_length=200)
    year: int = Field(2025, ge=2019, le=2100)
    cells: dict[Annotated[str, Field(max_length=80)], int | float | str | None] = Field(default_factory=dict, max_length=400)
    sections: dict[int, Annotated[str, Field(max_length=100_000)]] = Field(default_factory=dict, max_length=6)


def form_definition(edition: str) -> dict[str, Any]:
    tmpl = load_template(edition)
    return {
        "edition": edition,
        "leaf_cells": leaf_cells(tmpl),
        "computed": computed_parts(tmpl),
        "sections": [{"number": s.number, "title": s.title} for s in tmpl.sections],
    }


def draft_report(d: Draft) -> tuple[Report, list[dict]]:
    """The draft as a report (blanks and bad entries null, totals where their parts are known)
    with its findings, plus the entries that are not valid numbers."""
    from nianbao.audit import audit

    tmpl = load_template(d.edition)
    values: dict[str, int | float | None] = {}
    problems = []
    for cid in leaf_cells(tmpl):
        raw = d.cells.get(cid)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            values[cid] = None
            continue
        try:
            values[cid] = check_leaf(tmpl, cid, raw)
        except ValueError as e:
            values[cid] = None
            problems.append({"cell": cid, "label": cell_label(d.edition, cid), "message": str(e)})
    for cid, parts in computed_parts(tmpl).items():
        known = [values.get(p) for p in parts]
        values[cid] = None if any(v is None for v in known) else sum(known)
    cells = {cid: CellValue(value=values.get(cid), raw=None if values.get(cid) is None else str(values[cid])) for cid in tmpl.cell_ids()}
    sections = [Section(number=s.number, title=s.title, text=(d.sections.get(s.number) or "").strip()) for s in tmpl.sections]
    meta = Meta(agency=d.agency or None, year=d.year, period=(f"{d.year}-01-01", f"{d.year}-12-31"),
                title=f"{d.agency}{d.year}年政府信息公开工作年度报告" if d.agency else None, source="网页填报")
    report = Report(edition=d.edition, meta=meta, sections=sections, cells=cells)
    report.findings = audit(report)
    return report, problems


# -- pages and checks --------------------------------------------------------------------------
def _drafts_dir(request: Request) -> FsPath:
    return request.app.state.drafts_dir


def _load_draft(request: Request, draft_id: str) -> Draft:
    path = _drafts_dir(request) / f"{draft_id}.json"
    if not path.is_file():
        raise ApiError(404, "draft_not_found", "找不到该草稿 (draft not found)")
    return Draft.model_validate_json(path.read_text("utf-8"))


def _write_context(request: Request, edition: str, draft_id: str | None) -> dict[str, Any]:
    draft = _load_draft(request, draft_id) if draft_id else None
    edition = draft.edition if draft else edition
    out = form_definition(edition)
    out["draft"] = draft.model_dump() if draft else None
    out["drafts"] = _list_drafts(request)
    return out


@router.get("/write", include_in_schema=False)
def write_page(request: Request, edition: Edition = "2021", draft: Annotated[str | None, Query(pattern=r"^[0-9a-f]{32}$")] = None):
    data = _write_context(request, edition, draft)
    initial = data["draft"] or Draft(edition=data["edition"], cells=dict.fromkeys(data["leaf_cells"], 0)).model_dump()
    return render(request, "write.html", {"data": data, "initial": initial, "layout": layout(data["edition"])})


@router.get("/api/write", tags=["填报 write"], summary="The form: leaf cells, computed totals, sections, saved drafts (JSON twin of /write)")
def write_api(request: Request, edition: Edition = "2021", draft: Annotated[str | None, Query(pattern=r"^[0-9a-f]{32}$")] = None) -> dict:
    return _write_context(request, edition, draft)


@router.post("/api/write/check", tags=["填报 write"], summary="Totals and rule findings of a draft, as the page shows them while typing")
def check_draft(draft: Draft) -> dict:
    report, problems = draft_report(draft)
    return {
        "cells": report.values(),
        "input_errors": problems,
        "findings": [{**f.model_dump(exclude_none=True), "cell_labels": [cell_label(draft.edition, c) for c in f.cells]} for f in report.findings],
    }


WRITE_FORMATS = {"docx": DOWNLOADS["docx"][1], "pdf": DOWNLOADS["pdf"][1], "yaml": "application/yaml",
                 "xlsx": DOWNLOADS["xlsx"][1], "json": DOWNLOADS["json"][1]}


@router.post("/api/write/download/{fmt}", tags=["填报 write"], summary="The finished report as DOCX or PDF, or its data file (YAML, XLSX, JSON)",
             response_class=Response, responses={200: {"content": {m: {} for m in WRITE_FORMATS.values()}}})
def download_draft(draft: Draft, fmt: Literal["docx", "pdf", "yaml", "xlsx", "json"]) -> Response:
    from nianbao.audit import audit

    if not draft.agency.strip():
        raise ApiError(422, "agency_missing", "请填写机关名称 (agency name required)")
    report = report_from_values(draft.edition, draft.agency.strip(), draft.year, draft.sections, draft.cells, "网页填报")
    report.findings = audit(report)
    errors = [f for f in report.findings if f.severity == "error"]
    if errors:
        raise ApiError(422, "report_has_errors", "报告有错误，请先改正 (the report has errors)",
                       [{"code": f.code, "message": f.message} for f in errors])
    name = f"{draft.agency.strip()}{draft.year}年政府信息公开工作年度报告.{fmt}"
    return attachment(_data_bytes(report, fmt), name, WRITE_FORMATS[fmt])


def _data_bytes(report: Report, fmt: str) -> bytes:
    from nianbao.draft import to_yaml, write_data

    if fmt == "yaml":
        return to_yaml(report).encode()
    if fmt == "xlsx":
        with tempfile.TemporaryDirectory() as tmp:
            path = FsPath(tmp) / "draft.xlsx"
            write_data(report, path)
            return path.read_bytes()
    return report_bytes(report, fmt)


# -- drafts ----------------------------------------------------------------------------------------
def _list_drafts(request: Request) -> list[dict]:
    folder = _drafts_dir(request)
    out = []
    for p in sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[:100] if folder.is_dir() else []:
        try:
            d = json.loads(p.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        out.append({"id": p.stem, "agency": d.get("agency"), "year": d.get("year"), "edition": d.get("edition")})
    return out


@router.post("/api/drafts", tags=["填报 write"], summary="Save a draft (new, or the one named by its id)")
def save_draft(request: Request, draft: Draft) -> dict:
    draft.id = draft.id or uuid.uuid4().hex
    folder = _drafts_dir(request)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{draft.id}.tmp"
    tmp.write_text(draft.model_dump_json(), encoding="utf-8")
    tmp.replace(folder / f"{draft.id}.json")  # atomic: a draft is never half-written
    return {"id": draft.id}


@router.get("/api/drafts", tags=["填报 write"], summary="Saved drafts")
def drafts(request: Request) -> dict:
    return {"drafts": _list_drafts(request)}


@router.get("/api/drafts/{draft_id}", tags=["填报 write"], summary="One saved draft")
def get_draft(request: Request, draft_id: DraftId) -> dict:
    return _load_draft(request, draft_id).model_dump()


@router.post("/api/write/register", tags=["填报 write"], summary="Table 3 computed from a register of applications (CSV or Excel)")
async def register(file: Annotated[UploadFile, File()], year: Annotated[int, Form(ge=2019, le=2100)], edition: Annotated[Edition, Form()] = "2021") -> dict:
    """The leaf cells of Table 3 for ``year``: applications received that year, carried over
    from earlier years and carried forward at 31 December (see :mod:`nianbao.ledger`)."""
    from nianbao.ledger import load_register, table3

    data = await file.read()
    name = safe_filename(file.filename, "register")
    with tempfile.TemporaryDirectory() as tmp:
        # The register's format comes from its content: an XLSX is a zip, anything else is CSV.
        path = FsPath(tmp) / ("register.xlsx" if data[:4] == b"PK\x03\x04" else "register.csv")
        path.write_bytes(data)
        try:
            cells = table3(load_register(path), year, edition, name)
        except InputError as e:
            raise ApiError(422, "bad_register", f"{name}: {e.problem}") from None
    return {"cells": cells}
