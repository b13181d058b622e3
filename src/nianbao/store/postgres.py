"""PostgreSQL backend (psycopg 3): the same tables; pg_trgm indexes section text."""

from __future__ import annotations

import re

from nianbao.errors import InputError
from nianbao.store.base import Store

_PLACEHOLDER = re.compile(r"\?")


class PostgresStore(Store):
    dialect = "postgres"

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError:
            raise InputError(url, "需要安装 psycopg：pip install 'nianbao[db]' (psycopg is not installed)") from None
        try:
            conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as e:
            raise InputError(_without_password(url), f"无法连接 PostgreSQL：{' '.join(str(e).split())} (cannot connect)") from None
        conn.execute("SET client_min_messages = warning")
        super().__init__(_without_password(url), conn)

    def sql(self, statement: str) -> str:
        return _PLACEHOLDER.sub("%s", statement.replace("%", "%%"))

    def execute(self, statement: str, params: tuple | list = ()):
        if not params:  # no formatting at all: the statement is sent as written
            return self.conn.execute(statement)
        return self.conn.execute(self.sql(statement), params)

    def _begin(self) -> None:
        self.conn.execute("BEGIN")

    def _table_exists(self, name: str) -> bool:
        return self.conn.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()[0]

    def read_only(self, statement: str, limit: int | None = None) -> tuple[list[str], list[tuple]]:
        import psycopg

        try:
            with self.conn.transaction(force_rollback=True):
                self.conn.execute("SET TRANSACTION READ ONLY")
                self.conn.execute("SET LOCAL statement_timeout = '60s'")
                # prepare=True uses the extended protocol: exactly one statement, so
                # "COMMIT; DROP …" cannot escape the read-only transaction.
                cur = self.conn.execute(statement, prepare=True)
                columns = [d.name for d in cur.description or ()]
                rows = cur.fetchmany(limit) if limit else cur.fetchall()
        except psycopg.Error as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise InputError("query", f"SQL 错误：{first}") from None
        from nianbao.store.records import number

        return columns, [tuple(number(v) for v in r) for r in rows]


def _without_password(url: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)
