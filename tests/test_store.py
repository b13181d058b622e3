"""The corpus store on both backends: migrations, round trips, transactions, read-only SQL, search."""

from __future__ import annotations

import hashlib

import pytest
from corpus_files import hongze
from pg_cluster import store_url  # noqa: F401 - the backend-parametrized fixture

import nianbao
from nianbao.errors import InputError
from nianbao.store import DocumentInfo, open_store
from nianbao.store.migrations import LATEST


@pytest.fixture
def store(store_url):  # noqa: F811
    s = open_store(store_url)
    yield s
    s.close()


def _save(store, path, version="1"):
    data = path.read_bytes()
    report = nianbao.parse(data, name=str(path))
    doc = DocumentInfo(hashlib.sha256(data).hexdigest(), str(path), len(data))
    return store.save(doc, version, report=report, content=data), report, doc


def test_migrations_are_versioned_and_applied_once(store, store_url):  # noqa: F811
    assert store.schema_version() == LATEST
    assert store.migrate() == []
    with open_store(store_url) as again:
        assert again.migrate() == []
        rows = again.rows("SELECT version, name FROM schema_migrations ORDER BY version")
    assert [r["version"] for r in rows] == list(range(1, LATEST + 1))


def test_report_round_trip(store):
    rid, report, _ = _save(store, hongze(2023))
    loaded = store.load_report(rid)
    assert loaded.to_contract() == report.to_contract()
    assert loaded.meta.region_code == "320813"  # 淮安市洪泽区, resolved on save
    row = store.rows("SELECT agency_key, region_level, province_code, applications, denied FROM reports WHERE id = ?", (rid,))[0]
    assert row == {"agency_key": "320813:政府", "region_level": "district", "province_code": "32", "applications": 21, "denied": 3}


def test_same_content_is_stored_once_and_replaced_whole(store):
    _save(store, hongze(2024))
    first = store.counts()
    _save(store, hongze(2024), version="2")
    assert store.counts() == first
    assert store.scalar("SELECT parser_version FROM documents") == "2"
    if store.dialect == "sqlite":  # the full-text index dropped the replaced sections
        store.execute("INSERT INTO sections_fts(sections_fts) VALUES ('integrity-check')")


def test_failed_document_keeps_its_reason(store):
    doc = DocumentInfo("ab" * 32, "empty.txt", 0)
    assert store.save(doc, "1", error="文件为空 (empty file)", content=b"") is None
    assert store.document_state(doc.hash) == ("failed", "1")
    assert store.counts()["reports"] == 0
    assert store.content(store.scalar("SELECT id FROM documents")) == b""


def test_a_failed_write_leaves_nothing_half_written(store, monkeypatch):
    from nianbao.store import records

    def broken(report, report_id):
        raise RuntimeError("disk full")

    monkeypatch.setattr(records, "finding_rows", broken)
    with pytest.raises(RuntimeError):
        _save(store, hongze(2023))
    assert store.counts() == {"documents": 0, "reports": 0, "cells": 0, "sections": 0, "findings": 0, "failed": 0}


@pytest.mark.parametrize(
    "sql",
    ["DELETE FROM reports", "DROP TABLE cells", "INSERT INTO documents (hash) VALUES ('x')", "SELECT 1; DELETE FROM reports"],
)
def test_query_is_read_only(store, sql):
    _save(store, hongze(2023))
    before = store.counts()
    with pytest.raises(InputError):
        store.read_only(sql)
    assert store.counts() == before


def test_query_reads(store):
    _save(store, hongze(2023))
    columns, rows = store.read_only("SELECT cell_id, value FROM cells WHERE cell_id = 't3.new_received.total'")
    assert columns == ["cell_id", "value"] and rows == [("t3.new_received.total", 21)]


def test_find_report_by_id_and_hash_prefix(store):
    rid, _, doc = _save(store, hongze(2023))
    assert store.find_report(str(rid)) == rid
    assert store.find_report(f"#{rid}") == rid
    assert store.find_report(doc.hash[:10]) == rid
    with pytest.raises(InputError):
        store.find_report("999999")
    with pytest.raises(InputError):
        store.find_report("not-a-ref")


@pytest.mark.parametrize("text", ["政务公开", "依申请公开", "公开"])
def test_search_finds_substrings(store, text):
    from nianbao.corpus import search

    _save(store, hongze(2024))
    hits = search(store, text)
    assert hits and all(f"【{text}】" in h["snippet"] for h in hits)
    assert search(store, "不存在的一段文字xyz") == []


def test_search_ignores_control_characters(store):
    """Regression (found by fuzzing the web API): a NUL in the search text made FTS5 fail."""
    from nianbao.corpus import search

    _save(store, hongze(2024))
    assert search(store, "政务\x00公开") == search(store, "政务公开")


@pytest.mark.parametrize(
    "name, hint, key",
    [
        ("新郑市科工信局", "", "410184:科工信局"),
        ("新郑市科技和工业信息化局", "", "410184:科工信局"),  # abbreviation and full name: one body
        ("洪泽区人民政府", "", "320813:政府"),
        ("淮安市洪泽区人民政府", "", "320813:政府"),  # the parent region's name is not part of the body
        ("江蘇省人民政府辦公廳", "", "32:政府办"),  # traditional characters
        ("海州区工业和信息化局", "连云港市", "320706:工信局"),  # two 海州区: the report's text decides
        ("海州区工业和信息化局", "阜新市", "210902:工信局"),
        ("区科工局", "洪泽区2023年", "320813:科工信局"),  # a bare 区 prefix: the report's own district
        ("瀘河回族区科技和工业信息化局", "", "?:泸河回族区科工信局"),  # no such region: linked by name
        (None, "", None),
    ],
)
def test_agency_identity(name, hint, key):
    from nianbao.agencies import identify

    assert identify(name, hint=hint).key == key
