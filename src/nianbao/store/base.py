"""The store interface: one class over a DB-API connection; the backends supply the dialect.

SQL in this package is written once with ``?`` placeholders; a backend whose driver uses
another paramstyle rewrites them (:meth:`Store.sql`). Every write that belongs to one document
happens in one transaction (:meth:`Store.transaction`), so an interrupted ingest leaves each
document either fully stored or not at all.
"""

from __future__ import annotations

import contextlib
import json
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterator

from nianbao.errors import InputError
from nianbao.schema.model import Report
from nianbao.store import records
from nianbao.store.migrations import MIGRATIONS


@dataclass(frozen=True)
class DocumentInfo:
    """A file as ingested: content hash, original name, detected format, size in bytes."""

    hash: str
    name: str
    size: int
    format: str | None = None


class Store:
    """A corpus of reports in SQLite or PostgreSQL. Open one with :func:`nianbao.store.open_store`."""

    dialect = ""

    def __init__(self, url: str, conn):
        self.url = url
        self.conn = conn
        self._in_tx = False

    # -- connection -------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def sql(self, statement: str) -> str:
        """The statement in the driver's paramstyle (``?`` is the house style)."""
        return statement

    def execute(self, statement: str, params: tuple | list = ()):
        cur = self.conn.cursor()
        cur.execute(self.sql(statement), params)
        return cur

    def executemany(self, statement: str, rows: list[tuple]) -> None:
        if rows:
            self.conn.cursor().executemany(self.sql(statement), rows)

    def rows(self, statement: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        """Result rows as dicts, numbers as Python ints and floats."""
        cur = self.execute(statement, params)
        names = [d[0] for d in cur.description]
        return [{n: records.number(v) for n, v in zip(names, r)} for r in cur.fetchall()]

    def scalar(self, statement: str, params: tuple | list = ()):
        row = self.execute(statement, params).fetchone()
        return None if row is None else records.number(row[0])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing; nested use joins the outer transaction."""
        if self._in_tx:
            yield
            return
        self._begin()
        self._in_tx = True
        try:
            yield
        except BaseException:
            self._in_tx = False
            self.conn.rollback()
            raise
        self._in_tx = False
        self.conn.commit()

    def _begin(self) -> None:
        """Start a transaction (backends with implicit transactions need nothing)."""

    def insert_returning_id(self, table: str, row: dict[str, Any]) -> int:
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        return self.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks}) RETURNING id", list(row.values())).fetchone()[0]

    # -- schema -----------------------------------------------------------------------------
    def schema_version(self) -> int:
        if not self._table_exists("schema_migrations"):
            return 0
        return self.scalar("SELECT MAX(version) FROM schema_migrations") or 0

    def migrate(self) -> list[int]:
        """Apply the missing migrations in order; returns the versions applied."""
        with self.transaction():
            self.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        done = self.schema_version()
        applied = []
        for m in MIGRATIONS:
            if m.version <= done:
                continue
            with self.transaction():
                for statement in m.statements(self.dialect):
                    self.execute(statement)
                self.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", (m.version, m.name, _now()))
            applied.append(m.version)
        return applied

    def _table_exists(self, name: str) -> bool:
        raise NotImplementedError

    # -- documents and reports --------------------------------------------------------------
    def document_state(self, hash: str) -> tuple[str, str] | None:
        """(status, parser version) of a stored document, or None when it is new."""
        row = self.execute("SELECT status, parser_version FROM documents WHERE hash = ?", (hash,)).fetchone()
        return None if row is None else (row[0], row[1])

    def known_documents(self) -> dict[str, tuple[str, str]]:
        """hash -> (status, parser version) of every stored document."""
        return {h: (s, v) for h, s, v in self.execute("SELECT hash, status, parser_version FROM documents").fetchall()}

    def save(
        self,
        doc: DocumentInfo,
        parser_version: str,
        report: Report | None = None,
        error: str | None = None,
        content: bytes | None = None,
    ) -> int | None:
        """Store one document with its report (or its failure reason), replacing any earlier
        version of the same content, in one transaction. Returns the report id (None on failure)."""
        from nianbao.agencies import identify

        with self.transaction():
            self.execute("DELETE FROM documents WHERE hash = ?", (doc.hash,))
            doc_id = self.insert_returning_id(
                "documents",
                {
                    "hash": doc.hash,
                    "name": doc.name,
                    "format": doc.format or (report.meta.format if report else None),
                    "size": doc.size,
                    "ingested_at": _now(),
                    "parser_version": parser_version,
                    "status": "ok" if report is not None else "failed",
                    "error": error,
                },
            )
            if content is not None:
                self.execute("INSERT INTO contents (document_id, data) VALUES (?, ?)", (doc_id, zlib.compress(content, 6)))
            if report is None:
                return None
            hint = " ".join(filter(None, [report.meta.title, report.sections[0].text[:300] if report.sections else ""]))
            identity = identify(report.meta.agency, hint=hint, region_code=report.meta.region_code)
            if identity.region_code and not report.meta.region_code:
                report.meta.region_code = identity.region_code
            report_id = self.insert_returning_id("reports", records.report_row(report, doc_id, identity, parser_version))
            self.execute("INSERT INTO layouts (report_id, layout) VALUES (?, ?)", (report_id, json.dumps(report.layout, ensure_ascii=False, default=str)))
            self.executemany(
                "INSERT INTO cells (report_id, cell_id, value, raw, provenance, confidence) VALUES (?, ?, ?, ?, ?, ?)",
                records.cell_rows(report, report_id),
            )
            self.executemany(
                "INSERT INTO sections (report_id, number, title, text, line, page) VALUES (?, ?, ?, ?, ?, ?)",
                records.section_rows(report, report_id),
            )
            self.executemany(
                "INSERT INTO findings (report_id, code, severity, cells, message, location, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                records.finding_rows(report, report_id),
            )
            return report_id

    def stale_documents(self, parser_version: str) -> list[dict[str, Any]]:
        """Stored documents parsed by another parser version whose content is kept."""
        return self.rows(
            "SELECT d.id, d.hash, d.name, d.size, d.format FROM documents d JOIN contents c ON c.document_id = d.id "
            "WHERE d.parser_version <> ? ORDER BY d.id",
            (parser_version,),
        )

    def content(self, document_id: int) -> bytes:
        data = self.scalar("SELECT data FROM contents WHERE document_id = ?", (document_id,))
        if data is None:
            raise InputError(f"document {document_id}", "原文件未保存 (original content not stored)")
        return zlib.decompress(bytes(data))

    def load_report(self, report_id: int) -> Report:
        """The stored report as a :class:`Report` (cells, sections, findings, metadata)."""
        found = self.rows("SELECT * FROM reports WHERE id = ?", (report_id,))
        if not found:
            raise InputError(f"#{report_id}", "库中没有这份报告 (no such stored report)")
        cells = self.rows("SELECT cell_id, value, raw, provenance, confidence FROM cells WHERE report_id = ? ORDER BY cell_id", (report_id,))
        sections = self.rows("SELECT number, title, text, line, page FROM sections WHERE report_id = ? ORDER BY number", (report_id,))
        findings = self.rows(
            "SELECT code, severity, cells, message, location, detail FROM findings WHERE report_id = ? ORDER BY id", (report_id,)
        )
        layout = self.scalar("SELECT layout FROM layouts WHERE report_id = ?", (report_id,))
        report = records.to_report(found[0], layout, cells, sections, findings)
        # Cell order as in the template, the way the extractor produced it.
        from nianbao.schema.template import load_template

        try:
            order = {cid: i for i, cid in enumerate(load_template(report.edition).cell_ids(with_alternatives=True))}
        except Exception:  # noqa: BLE001 - an edition without a template (pre2019) keeps the stored order
            order = {}
        report.cells = dict(sorted(report.cells.items(), key=lambda kv: order.get(kv[0], len(order))))
        return report

    def find_report(self, ref: str) -> int:
        """A stored report by id (``12`` or ``#12``) or by a prefix of its document's hash (6+ hex digits)."""
        ref = ref.strip()
        if ref.lstrip("#").isdigit():
            rid = int(ref.lstrip("#"))
            if self.scalar("SELECT id FROM reports WHERE id = ?", (rid,)) is not None:
                return rid
        elif len(ref) >= 6 and all(c in "0123456789abcdef" for c in ref.lower()):
            ids = [r["id"] for r in self.rows("SELECT r.id FROM reports r JOIN documents d ON d.id = r.document_id WHERE d.hash LIKE ?", (ref.lower() + "%",))]
            if len(ids) == 1:
                return ids[0]
            if len(ids) > 1:
                raise InputError(ref, f"哈希前缀对应 {len(ids)} 份报告，请写长一些 (ambiguous hash prefix)")
        raise InputError(ref, "库中没有这份报告，也不是文件 (no such stored report or file)")

    def counts(self) -> dict[str, int]:
        """Rows per table (documents split by status)."""
        out = {t: self.scalar(f"SELECT COUNT(*) FROM {t}") for t in ("documents", "reports", "cells", "sections", "findings")}
        out["failed"] = self.scalar("SELECT COUNT(*) FROM documents WHERE status = 'failed'")
        return out

    # -- read-only questions ----------------------------------------------------------------
    def read_only(self, statement: str, limit: int | None = None) -> tuple[list[str], list[tuple]]:
        """Run one user-written SQL statement that cannot change anything: (columns, rows)."""
        raise NotImplementedError


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
