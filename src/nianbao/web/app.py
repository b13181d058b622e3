"""The FastAPI application: ``create_app(db=...)`` is the whole web app, over the library."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from nianbao import __version__
from nianbao.corpus import LEVELS
from nianbao.web import errors
from nianbao.web.jobs import Checker
from nianbao.web.security import TOKEN_COOKIE, BodyLimit, check_token
from nianbao.web.tables import SEVERITY_ZH, cell_label

HERE = Path(__file__).parent
DEFAULT_MAX_UPLOAD = 50 * 1024 * 1024

NAV = [
    ("/check", "检查报告"),
    ("/corpus", "语料库"),
    ("/compare", "对比"),
    ("/dashboard", "统计"),
    ("/write", "填报"),
    ("/docs", "API"),
]


def render(request: Request, template: str, context: dict, status_code: int = 200):
    """An HTML page; opening any page with a valid ``?token=`` stores the token in a cookie."""
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(request, template, context, status_code=status_code)
    token = request.app.state.token
    given = request.query_params.get("token")
    if token and given == token:
        response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
    return response


def percent(share: float | None, digits: int = 0) -> str:
    """A share as a percentage; — when there is no figure (e.g. a section without text)."""
    return "—" if share is None else f"{share * 100:.{digits}f}%"


def create_app(
    db: str | None = None,
    token: str | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD,
    drafts_dir: str | Path | None = None,
    workers: int = 2,
) -> FastAPI:
    """Build the web app.

    ``db`` is the corpus store URL (SQLite path or ``postgresql://``; default ``./nianbao.db``);
    ``token``, when set, is required by every state-changing request; uploads above
    ``max_upload_bytes`` are refused; drafts from the Write page are kept in ``drafts_dir``.
    """
    checker = Checker(workers=workers)
    app = FastAPI(
        title="nianbao",
        version=__version__,
        description="政府信息公开工作年度报告：检查、语料库、对比、统计与填报 (check, corpus, compare, statistics, write)",
        dependencies=[Depends(check_token)],
        docs_url=None,  # served below from the vendored Swagger UI: no CDN
        redoc_url=None,
    )
    app.state.token = token
    app.state.db = db
    app.state.checker = checker
    app.state.max_upload = max_upload_bytes
    app.state.drafts_dir = Path(drafts_dir) if drafts_dir else Path("nianbao-drafts")
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(nav=NAV, severity_zh=SEVERITY_ZH, cell_label=cell_label, version=__version__, levels=LEVELS)
    templates.env.filters["percent"] = percent
    app.state.templates = templates
    app.add_middleware(BodyLimit, limit=max_upload_bytes)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    errors.install(app)

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="nianbao API",
            swagger_js_url="/static/vendor/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui.css",
            swagger_favicon_url="data:,",
        )

    from nianbao.web import check, compare, corpus, dashboard, home, write

    for module in (home, check, corpus, compare, dashboard, write):
        app.include_router(module.router)
    return app
