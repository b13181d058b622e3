"""SQLite backend: one file, WAL journal, FTS5 trigram index over section text."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from nianbao.errors import InputError
from nianbao.store.base import Store

# What a read-only query may do: read tables and call functions, nothing else.
_READ_ACTIONS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}


class SQLiteStore(Store):
    dialect = "sqlite"

    def __init__(self, path: str):
        self.path = path
        if path != ":memory:":
            parent = Path(path).expanduser().resolve().parent
            if not parent.is_dir():
                raise InputError(path, "数据库所在文件夹不存在 (folder does not exist)")
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as e:
            raise InputError(path, f"不是可用的 SQLite 数据库：{e} (not a usable SQLite database)") from None
        # WAL with synchronous=NORMAL survives a killed process; only power loss may drop
        # the last commits, never corrupt the file.
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        super().__init__(f"sqlite:///{path}", conn)

    def _begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def _table_exists(self, name: str) -> bool:
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None

    def read_only(self, statement: str, limit: int | None = None) -> tuple[list[str], list[tuple]]:
        def authorize(action, arg1, arg2, *_):
            # FTS5 reads ``PRAGMA data_version`` internally; a pragma without a value only reads.
            reading = action in _READ_ACTIONS or (action == sqlite3.SQLITE_PRAGMA and arg2 is None)
            return sqlite3.SQLITE_OK if reading else sqlite3.SQLITE_DENY

        self.conn.set_authorizer(authorize)
        try:
            cur = self.conn.execute(statement)
            columns = [d[0] for d in cur.description or ()]
            rows = cur.fetchmany(limit) if limit else cur.fetchall()
        except sqlite3.DatabaseError as e:
            problem = "只允许读取 (read-only: only SELECT is allowed)" if "not authorized" in str(e) else f"SQL 错误：{e}"
            raise InputError("query", problem) from None
        except sqlite3.ProgrammingError as e:
            raise InputError("query", f"SQL 错误：{e}") from None
        finally:
            self.conn.set_authorizer(None)
        return columns, rows
