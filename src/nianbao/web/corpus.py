"""Corpus pages: list and filter stored reports, full-text search, a stored report, an agency's
years, and coverage (which bodies have no report for a year). Everything reads the store
through a read-only connection (:mod:`nianbao.web.store`)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from nianbao import corpus
from nianbao.regions import all_regions
from nianbao.store import Store
from nianbao.web.app import render
from nianbao.web.check import report_layout
from nianbao.web.downloads import download
from nianbao.web.store import corpus_store, need_store

router = APIRouter()
PER_PAGE = 50
StoreDep = Annotated[Store | None, Depends(corpus_store)]
Text = Annotated[str | None, Query(max_length=200)]


def _where(store: Store, region, level, year, agency, code, q) -> tuple[str, list, list[dict]]:
    """SQL condition and parameters for the filters; full-text hits when ``q`` is given."""
    cond, params, hits = ["1=1"], [], []
    if region:
        codes = [c for c, r in all_regions().items() if region in (c, r.name)] or [region]
        cond.append("(" + " OR ".join("r.region_code LIKE ?" for _ in codes) + ")")
        params += [c.rstrip("0") + "%" for c in codes]
    if level:
        cond.append("r.region_level = ?")
        params.append(level)
    if year is not None:
        cond.append("r.year = ?")
        params.append(year)
    if agency:
        cond.append("r.agency LIKE ?")
        params.append(f"%{agency}%")
    if code:
        cond.append("EXISTS (SELECT 1 FROM findings f WHERE f.report_id = r.id AND f.code = ?)")
        params.append(code)
    if q and q.strip():
        hits = corpus.search(store, q, limit=500)
        ids = sorted({h["report_id"] for h in hits}) or [-1]
        cond.append(f"r.id IN ({', '.join('?' for _ in ids)})")
        params += ids
    return " AND ".join(cond), params, hits


def _options(store: Store) -> dict[str, list]:
    regions = all_regions()
    provinces = [r["province_code"] for r in store.rows("SELECT DISTINCT province_code FROM reports WHERE province_code IS NOT NULL ORDER BY 1")]
    return {
        "years": [r["year"] for r in store.rows("SELECT DISTINCT year FROM reports WHERE year IS NOT NULL ORDER BY year DESC")],
        "levels": [r["region_level"] for r in store.rows("SELECT DISTINCT region_level FROM reports WHERE region_level IS NOT NULL ORDER BY 1")],
        "codes": [r["code"] for r in store.rows("SELECT DISTINCT code FROM findings ORDER BY code")],
        "regions": [{"code": p.ljust(6, "0"), "name": regions[p.ljust(6, "0")].name if p.ljust(6, "0") in regions else p} for p in provinces],
    }


def _listing(store: Store | None, region, level, year, agency, code, q, page: int) -> dict[str, Any]:
    filters = {"region": region, "level": level, "year": year, "agency": agency, "code": code, "q": q, "page": page}
    if store is None:
        return {"filters": filters, "total": 0, "reports": [], "hits": [], "options": {}, "empty_corpus": True}
    where, params, hits = _where(store, region, level, year, agency, code, q)
    total = store.scalar(f"SELECT COUNT(*) FROM reports r WHERE {where}", params)
    rows = store.rows(
        "SELECT r.id, r.agency, r.agency_key, r.year, r.region_code, r.region_level, r.edition, r.errors, r.warnings, "
        f"r.applications FROM reports r WHERE {where} ORDER BY r.year DESC, r.agency, r.id LIMIT ? OFFSET ?",
        [*params, PER_PAGE, (page - 1) * PER_PAGE],
    )
    regions = all_regions()
    for r in rows:
        r["region"] = regions[r["region_code"]].name if r["region_code"] in regions else None
        r["level_label"] = corpus.LEVELS.get(r["region_level"], r["region_level"])
    return {"filters": filters, "total": total, "per_page": PER_PAGE, "reports": rows, "hits": hits, "options": _options(store), "empty_corpus": False}


def listing_params(
    region: Text = None,
    level: Text = None,
    year: Annotated[str | None, Query(pattern=r"^(19|20)?[0-9]{0,2}$", description="report year; empty means any")] = None,
    agency: Text = None,
    code: Text = None,
    q: Text = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
) -> dict:
    clean = {k: _printable(v) for k, v in dict(region=region, level=level, agency=agency, code=code, q=q).items()}
    return dict(clean, year=int(year) if year and len(year) == 4 else None, page=page)


def _printable(text: str | None) -> str | None:
    """Filter text without control characters (a NUL breaks the FTS5 query syntax)."""
    return None if text is None else "".join(ch for ch in text if ch >= " " and ch != "\x7f")


Listing = Annotated[dict, Depends(listing_params)]


@router.get("/corpus", include_in_schema=False)
def corpus_page(request: Request, store: StoreDep, params: Listing):
    data = _listing(store, **params)
    for h in data["hits"]:
        h["parts"] = _marked(h["snippet"])
    return render(request, "corpus.html", {"data": data})


@router.get("/api/corpus", tags=["语料库 corpus"], summary="Stored reports, filtered; full-text hits with q (JSON twin of /corpus)")
def corpus_api(store: StoreDep, params: Listing) -> dict:
    return _listing(store, **params)


def _marked(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet (hit marked with 【】) as (text, is_hit) parts, for escaping-safe highlighting."""
    parts, rest = [], snippet
    while "【" in rest and "】" in rest.split("【", 1)[1]:
        before, after = rest.split("【", 1)
        hit, rest = after.split("】", 1)
        parts += [(before, False), (hit, True)]
    return parts + [(rest, False)]


# -- one stored report ---------------------------------------------------------------------------
ReportId = Annotated[int, Path(ge=1, le=2**62, description="stored report id")]


def _stored(store: Store | None, report_id: int):
    from nianbao.errors import InputError
    from nianbao.web.errors import ApiError

    try:
        return need_store(store).load_report(report_id)
    except InputError:
        raise ApiError(404, "report_not_found", f"库中没有编号为 {report_id} 的报告 (no such stored report)") from None


@router.get("/corpus/reports/{report_id}", include_in_schema=False)
def report_page(request: Request, store: StoreDep, report_id: ReportId):
    report = _stored(store, report_id)
    item = SimpleNamespace(id=f"r{report_id}", name=report.meta.source or f"#{report_id}", format=report.meta.format, stage="done", report=report)
    ctx = {"item": item, "layout": report_layout(report), "dl": f"/api/corpus/reports/{report_id}/download", "report_id": report_id}
    return render(request, "stored.html", ctx)


@router.get("/api/corpus/reports/{report_id}", tags=["语料库 corpus"], summary="One stored report (JSON twin of /corpus/reports/{id})")
def report_api(store: StoreDep, report_id: ReportId) -> dict:
    return _stored(store, report_id).to_contract()


@router.get("/api/corpus/reports/{report_id}/download/{fmt}", tags=["语料库 corpus"], summary="Download a stored report")
def report_download(store: StoreDep, report_id: ReportId, fmt: Literal["json", "xlsx", "docx"]) -> Response:
    report = _stored(store, report_id)
    return download(report, fmt, f"report-{report_id}")


# -- an agency over the years ----------------------------------------------------------------------
FIGURES = [
    ("applications", "新收申请"),
    ("granted", "予以公开"),
    ("partially_granted", "部分公开"),
    ("denied", "不予公开"),
    ("unavailable", "无法提供"),
    ("not_processed", "不予处理"),
    ("review_corrected", "复议纠正"),
    ("litigation_corrected", "诉讼纠正"),
    ("errors", "错误数"),
    ("warnings", "警告数"),
]


def _agency(store: Store | None, key: str) -> dict[str, Any]:
    from nianbao.web.errors import ApiError

    cols = ", ".join(f for f, _ in FIGURES)
    rows = need_store(store).rows(f"SELECT id, agency, year, edition, {cols} FROM reports WHERE agency_key = ? ORDER BY year, id", (key,))
    if not rows:
        raise ApiError(404, "agency_not_found", "库中没有该机关的报告 (no reports of this agency)")
    cross = []
    for prev, cur in zip(rows, rows[1:]):
        if prev["year"] is not None and cur["year"] == prev["year"] + 1:
            result = corpus.compare(store.load_report(prev["id"]), store.load_report(cur["id"]))
            cross.append({"from": prev["year"], "to": cur["year"], "a": prev["id"], "b": cur["id"],
                          "findings": result["cross_year"], "changed_cells": len(result["cells"]),
                          "sections": [{k: s[k] for k in ("section", "title", "similarity")} for s in result["sections"]]})
    return {"agency_key": key, "agency": rows[-1]["agency"], "figures": [{"id": f, "label": lbl} for f, lbl in FIGURES],
            "years": rows, "cross_year": cross}


AgencyKey = Annotated[str, Query(min_length=1, max_length=200, description="normalised agency key, as listed by /api/corpus")]


@router.get("/corpus/agency", include_in_schema=False)
def agency_page(request: Request, store: StoreDep, key: AgencyKey):
    return render(request, "agency.html", {"data": _agency(store, key)})


@router.get("/api/corpus/agency", tags=["语料库 corpus"], summary="One body's reports year by year, with cross-year results (JSON twin of /corpus/agency)")
def agency_api(store: StoreDep, key: AgencyKey) -> dict:
    return _agency(store, key)


# -- coverage --------------------------------------------------------------------------------------
def _coverage(store: Store | None, year: int | None) -> dict[str, Any]:
    if store is None:
        return {"year": year, "years": [], "bodies": 0, "missing": [], "empty_corpus": True}
    bodies = corpus.agencies(store)
    years = sorted({y for b in bodies for y in b["years"]})
    year = year or (years[-1] if years else None)
    missing = [b for b in bodies if year not in b["years"]] if year else []
    return {"year": year, "years": years, "bodies": len(bodies), "missing": missing, "empty_corpus": False}


CoverageYear = Annotated[int | None, Query(ge=1990, le=2100)]


@router.get("/corpus/coverage", include_in_schema=False)
def coverage_page(request: Request, store: StoreDep, year: CoverageYear = None):
    return render(request, "coverage.html", {"data": _coverage(store, year)})


@router.get("/api/corpus/coverage", tags=["语料库 corpus"], summary="Bodies with no report for a year (JSON twin of /corpus/coverage)")
def coverage_api(store: StoreDep, year: CoverageYear = None) -> dict:
    return _coverage(store, year)
