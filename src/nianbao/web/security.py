"""Guards: request body size, the write token, safe file names.

Format sniffing, zip/DOCX bomb limits and XXE protection live in the readers
(:mod:`nianbao.readers`): the web layer hands them bytes and never trusts an extension.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import re
import secrets
import unicodedata

from fastapi import Request

from nianbao.web.errors import ApiError, error_body

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
TOKEN_COOKIE = "nianbao_token"


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(24)


class BodyLimit:
    """ASGI middleware: refuse request bodies above ``limit`` bytes with 413, declared or streamed."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await self._refuse(send)
        seen = 0
        refused = False

        async def counted():
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    refused = True
                    raise _TooLarge
            return message

        async def guarded_send(message):
            if not refused:  # once refused, whatever the app answers is replaced by the 413
                await send(message)

        try:
            await self.app(scope, counted, guarded_send)
        except Exception:
            if not refused:
                raise
        if refused:
            await self._refuse(send)

    async def _refuse(self, send):
        mb = self.limit / 1024 / 1024
        err = ApiError(413, message=f"上传内容超过 {mb:g} MB 上限 (upload larger than {mb:g} MB)")
        body = json.dumps(error_body(err), ensure_ascii=False).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


def check_token(request: Request) -> None:
    """Refuse a state-changing request without the app's token (when the app has one).

    The token is accepted as ``Authorization: Bearer``, ``X-Nianbao-Token`` or the cookie set
    by opening any page with ``?token=``; the cookie is SameSite=Strict, so other sites
    cannot ride on it.
    """
    token = request.app.state.token
    if token is None or request.method in SAFE_METHODS:
        return
    auth = request.headers.get("authorization", "")
    given = (
        auth[7:].strip()
        if auth.lower().startswith("bearer ")
        else request.headers.get("x-nianbao-token") or request.cookies.get(TOKEN_COOKIE)
    )
    if not given:
        raise ApiError(401, message="此服务器需要访问令牌：请用带 ?token= 的地址打开页面 (token required)")
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise ApiError(403)


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def safe_filename(name: str | None, default: str = "report") -> str:
    """A display and download name: the last path part, no control or path characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")
    return name[:120] or default
