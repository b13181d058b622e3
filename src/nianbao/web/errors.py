"""One error shape for the whole web app.

Every error answered under ``/api/`` is JSON of exactly this shape::

    {"error": {"status": 404, "code": "not_found", "message": "找不到该报告 (report not found)"}}

HTML pages show the same message on an error page. ``code`` is stable (tests pin it);
``message`` is for people, in Chinese with an English gloss.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from nianbao.errors import InputError, NianbaoError

_DEFAULT = {
    400: ("bad_request", "请求有误 (bad request)"),
    401: ("unauthorized", "需要访问令牌 (token required)"),
    403: ("forbidden", "访问令牌无效 (invalid token)"),
    404: ("not_found", "找不到该页面或资源 (not found)"),
    405: ("method_not_allowed", "不支持该请求方法 (method not allowed)"),
    413: ("too_large", "上传内容过大 (upload too large)"),
    415: ("unsupported_type", "不支持的文件类型 (unsupported file type)"),
    422: ("invalid_input", "输入无效 (invalid input)"),
    500: ("internal_error", "服务器内部错误 (internal error)"),
    503: ("unavailable", "功能暂不可用 (not available)"),
}


class ApiError(Exception):
    """An error the app answers on purpose, with a stable code and a message people read."""

    def __init__(self, status: int, code: str | None = None, message: str | None = None, detail=None):
        dcode, dmsg = _DEFAULT.get(status, ("error", "错误 (error)"))
        self.status, self.code, self.message, self.detail = status, code or dcode, message or dmsg, detail
        super().__init__(self.message)


def error_body(err: ApiError) -> dict:
    body = {"status": err.status, "code": err.code, "message": err.message}
    if err.detail is not None:
        body["detail"] = err.detail
    return {"error": body}


def _respond(request: Request, err: ApiError) -> Response:
    headers = {"WWW-Authenticate": "Bearer"} if err.status == 401 else None
    path = request.url.path
    wants_html = not path.startswith("/api/") and path not in ("/openapi.json",) and request.method in ("GET", "HEAD")
    if wants_html:
        templates = request.app.state.templates
        return templates.TemplateResponse(
            request, "error.html", {"error": error_body(err)["error"]}, status_code=err.status, headers=headers
        )
    return JSONResponse(error_body(err), status_code=err.status, headers=headers)


def install(app: FastAPI) -> None:
    """Route every kind of failure through the one shape."""

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError):
        return _respond(request, exc)

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError):
        return _respond(request, ApiError(422, "unreadable_report", f"{exc.source}: {exc.problem}"))

    @app.exception_handler(NianbaoError)
    async def _nianbao(request: Request, exc: NianbaoError):
        return _respond(request, ApiError(422, "invalid_input", str(exc)))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        err = ApiError(exc.status_code)
        if isinstance(exc.detail, str) and exc.status_code not in _DEFAULT:
            err.message = exc.detail
        return _respond(request, err)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        problems = [
            {"where": ".".join(str(x) for x in e.get("loc", ())), "problem": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        return _respond(request, ApiError(422, "invalid_input", "请求参数无效 (invalid parameters)", problems))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):  # pragma: no cover - a bug, logged by uvicorn
        return _respond(request, ApiError(500))

