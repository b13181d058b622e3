"""`nianbao serve`: the web app over the same library and store."""

from __future__ import annotations

import os

import typer

from nianbao.cli import app
from nianbao.cli.common import err_console, fail


@app.command()
def serve(
    db: str = typer.Option(None, "--db", help="corpus database: SQLite file (default ./nianbao.db) or postgresql://..."),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on; any non-loopback address requires a token for uploads and saves"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="port to listen on"),
    token: str = typer.Option(None, "--token", envvar="NIANBAO_TOKEN", help="token for write requests (generated when listening beyond localhost and not given)"),
    max_upload_mb: int = typer.Option(50, "--max-upload-mb", min=1, help="largest upload accepted, in MB"),
    drafts: str = typer.Option("nianbao-drafts", "--drafts", help="folder where the Write page keeps drafts"),
):
    """Serve the web app: check reports, browse the corpus, compare, dashboards, write.

    Example: nianbao serve --db nianbao.db --port 8000
    """
    try:
        import uvicorn

        from nianbao.web import create_app
        from nianbao.web.security import is_loopback, new_token
    except ModuleNotFoundError as e:
        raise fail(f"缺少网页组件 {e.name}：请安装 pip install 'nianbao[web]' (web extra not installed)") from None
    if not is_loopback(host) and not token:
        token = new_token()
    application = create_app(
        db=db or os.environ.get("NIANBAO_DB"), token=token, max_upload_bytes=max_upload_mb * 1024 * 1024, drafts_dir=drafts
    )
    shown = f"[{host}]" if ":" in host else host
    err_console.print(f"nianbao 网页服务：http://{shown}:{port}/" + (f"?token={token}" if token else ""))
    if token:
        err_console.print("上传和保存需要访问令牌；请用上面带 token 的地址打开 (token required for writes)")
    uvicorn.run(application, host=host, port=port, log_level="warning")
