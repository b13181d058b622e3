"""Dashboard: corpus statistics as ECharts charts, each chart's data downloadable as CSV."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from nianbao import corpus
from nianbao.store import Store
from nianbao.web.app import render
from nianbao.web.downloads import attachment
from nianbao.web.store import corpus_store

router = APIRouter()
StoreDep = Annotated[Store | None, Depends(corpus_store)]

# chart id -> (title, key in corpus.stats(), columns of its CSV)
CHARTS = {
    "by_year": ("各年度申请量", "by_year", ["year", "reports", "with_applications", "applications"]),
    "outcomes": ("办理结果构成", "outcomes", ["outcome", "label", "count", "share"]),
    "correction_rates": ("复议、诉讼纠错率", "correction_rates", ["kind", "corrected", "concluded", "rate", "reports"]),
    "top_findings": ("最常见的问题", "top_findings", ["code", "severity", "findings", "reports"]),
    "by_region": ("各省份申请量", "by_region", ["province", "province_code", "reports", "with_applications", "applications"]),
    "by_level": ("各层级申请量", "by_level", ["level", "reports", "with_applications", "applications"]),
}
Chart = Literal["by_year", "outcomes", "correction_rates", "top_findings", "by_region", "by_level"]


def _stats(store: Store | None) -> dict[str, Any]:
    if store is None:
        return {"reports": 0, "empty_corpus": True, "charts": {k: v[0] for k, v in CHARTS.items()}}
    out = corpus.stats(store, top=15)
    out["empty_corpus"] = False
    out["charts"] = {k: v[0] for k, v in CHARTS.items()}
    return out


@router.get("/dashboard", include_in_schema=False)
def dashboard_page(request: Request, store: StoreDep):
    return render(request, "dashboard.html", {"data": _stats(store)})


@router.get("/api/dashboard", tags=["统计 dashboard"], summary="Corpus statistics behind every chart (JSON twin of /dashboard)")
def dashboard_api(store: StoreDep) -> dict:
    return _stats(store)


@router.get("/api/dashboard/{chart}.csv", tags=["统计 dashboard"], summary="One chart's data as CSV", response_class=Response,
            responses={200: {"content": {"text/csv": {}}}})
def chart_csv(store: StoreDep, chart: Chart) -> Response:
    title, key, columns = CHARTS[chart]
    rows = _stats(store).get(key, [])
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    # A BOM so that Excel opens the Chinese labels correctly.
    return attachment(("\ufeff" + buf.getvalue()).encode("utf-8"), f"{chart}.csv", "text/csv; charset=utf-8")
