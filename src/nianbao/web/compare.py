"""Compare page: two reports side by side, changed cells marked, per-section similarity with
the passages of the later report copied from the earlier one highlighted."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from nianbao import corpus
from nianbao.schema.model import Report
from nianbao.store import Store
from nianbao.web.app import render
from nianbao.web.check import report_layout
from nianbao.web.errors import ApiError
from nianbao.web.store import corpus_store, need_store

router = APIRouter()
StoreDep = Annotated[Store | None, Depends(corpus_store)]
Ref = Annotated[str | None, Query(pattern=r"^([0-9]{1,18}|[0-9a-f]{32})$", description="stored report id, or the id of a checked file")]


def load_ref(request: Request, store: Store | None, ref: str) -> Report:
    """A report by reference: digits name a stored report, 32 hex digits a file checked on this server."""
    if re.fullmatch(r"[0-9a-f]{32}", ref):
        item = request.app.state.checker.item(ref)
        if item is None or item.report is None:
            raise ApiError(404, "report_not_found", f"找不到检查结果 {ref} (checked report not found)")
        return item.report
    from nianbao.errors import InputError

    try:
        return need_store(store).load_report(int(ref))
    except InputError:
        raise ApiError(404, "report_not_found", f"库中没有编号为 {ref} 的报告 (no such stored report)") from None


def highlight(text: str, passages: list[str]) -> list[tuple[str, bool]]:
    """``text`` as (part, copied) pieces; passages are matched ignoring whitespace."""
    marks = [False] * len(text)
    for p in passages:
        core = re.sub(r"\s+", "", p)
        if not core:
            continue
        pattern = r"\s*".join(re.escape(ch) for ch in core)
        for m in re.finditer(pattern, text):
            marks[m.start() : m.end()] = [True] * (m.end() - m.start())
    parts: list[tuple[str, bool]] = []
    for ch, mk in zip(text, marks):
        if parts and parts[-1][1] == mk:
            parts[-1] = (parts[-1][0] + ch, mk)
        else:
            parts.append((ch, mk))
    return parts


def _choices(request: Request, store: Store | None) -> dict[str, list]:
    stored = store.rows("SELECT id, agency, year FROM reports ORDER BY agency, year, id LIMIT 2000") if store else []
    checked = [{"id": i.id, "name": i.name, "agency": i.report.meta.agency, "year": i.report.meta.year}
               for i in request.app.state.checker.recent(100) if i.report is not None]
    return {"stored": stored, "checked": checked}


def _compare(request: Request, store: Store | None, a: str | None, b: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"a": a, "b": b, "choices": _choices(request, store), "result": None}
    if a and b:
        ra, rb = load_ref(request, store, a), load_ref(request, store, b)
        out["result"] = corpus.compare(ra, rb)
        out["_reports"] = (ra, rb)
    return out


@router.get("/compare", include_in_schema=False)
def compare_page(request: Request, store: StoreDep, a: Ref = None, b: Ref = None):
    data = _compare(request, store, a, b)
    ctx: dict[str, Any] = {"data": data}
    if data["result"]:
        ra, rb = data.pop("_reports")
        ctx.update(
            la=report_layout(ra), lb=report_layout(rb), ra=ra, rb=rb,
            changed={c["cell"]: c for c in data["result"]["cells"]},
            texts={s.number: highlight(s.text, next((x["copied"] for x in data["result"]["sections"] if x["section"] == s.number), []))
                   for s in rb.sections},
        )
    return render(request, "compare.html", ctx)


@router.get("/api/compare", tags=["对比 compare"], summary="Two reports compared (JSON twin of /compare)")
def compare_api(request: Request, store: StoreDep, a: Ref = None, b: Ref = None) -> dict:
    data = _compare(request, store, a, b)
    data.pop("_reports", None)
    return data
