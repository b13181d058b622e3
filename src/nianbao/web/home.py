"""The front page and its JSON twin: what the app offers."""

from __future__ import annotations

from fastapi import APIRouter, Request

from nianbao import PARSER_VERSION, __version__
from nianbao.web.app import NAV, render

router = APIRouter()


def _overview(request: Request) -> dict:
    return {
        "name": "nianbao",
        "version": __version__,
        "parser_version": PARSER_VERSION,
        "pages": [{"path": p, "title": t} for p, t in NAV],
        "write_token_required": request.app.state.token is not None,
        "max_upload_bytes": request.app.state.max_upload,
    }


@router.get("/", include_in_schema=False)
def home(request: Request):
    return render(request, "home.html", {"overview": _overview(request)})


@router.get("/api", tags=["概览 overview"], summary="What the app offers (JSON twin of /)")
def api_home(request: Request) -> dict:
    return _overview(request)
