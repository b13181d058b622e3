"""Read-only access to the corpus store for the query pages.

Each request opens its own connection and switches it to read-only before any query
(SQLite ``PRAGMA query_only``, PostgreSQL read-only transactions), so no query page can
change the corpus whatever SQL reaches it. A missing SQLite file is an empty corpus, not an
error, and is never created by the web app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from fastapi import Request

from nianbao.store import DEFAULT_DB, Store, open_store
from nianbao.web.errors import ApiError


def _exists(url: str) -> bool:
    if url.startswith(("postgresql://", "postgres://")):
        return True
    path = url.removeprefix("sqlite:///").removeprefix("sqlite://")
    return path == ":memory:" or Path(path).is_file()


def open_read_only(url: str) -> Store:
    store = open_store(url, migrate=False)
    if store.dialect == "sqlite":
        store.conn.execute("PRAGMA query_only = ON")
    else:
        store.conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        store.conn.commit()
    return store


def corpus_store(request: Request) -> Iterator[Store | None]:
    """FastAPI dependency: a read-only store for this request, or None when there is no corpus yet."""
    url = request.app.state.db or DEFAULT_DB
    if not _exists(url):
        yield None
        return
    try:
        store = open_read_only(url)
    except Exception as e:  # an unreachable server or a file that is not a database
        raise ApiError(503, "corpus_unavailable", f"无法打开语料库 (cannot open the corpus): {type(e).__name__}") from None
    try:
        if store.schema_version() == 0:
            yield None
        else:
            yield store
    finally:
        store.close()


def need_store(store: Store | None) -> Store:
    if store is None:
        raise ApiError(404, "corpus_empty", "语料库为空：请先用 nianbao ingest 导入报告 (the corpus is empty)")
    return store
