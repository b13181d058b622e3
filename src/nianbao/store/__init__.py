"""The corpus store: SQLite (default, one file) or PostgreSQL behind one interface.

>>> from nianbao.store import open_store
>>> store = open_store("nianbao.db")                 # or "postgresql://user@host/db"
>>> store.counts()["reports"]
"""

from __future__ import annotations

from nianbao.store.base import DocumentInfo, Store

__all__ = ["open_store", "Store", "DocumentInfo", "DEFAULT_DB"]

# The database every corpus command uses unless told otherwise: a file in the current folder.
DEFAULT_DB = "nianbao.db"


def open_store(url: str = DEFAULT_DB, migrate: bool = True) -> Store:
    """Open (and by default create or upgrade) the store at ``url``.

    ``url`` is a PostgreSQL URL (``postgresql://…``), ``sqlite:///path``, or a plain file path.
    """
    if url.startswith(("postgresql://", "postgres://")):
        from nianbao.store.postgres import PostgresStore

        store: Store = PostgresStore(url)
    else:
        from nianbao.store.sqlite import SQLiteStore

        path = url.removeprefix("sqlite:///").removeprefix("sqlite://") or DEFAULT_DB
        store = SQLiteStore(path)
    if migrate:
        store.migrate()
    return store
