"""The corpus pages against a real PostgreSQL server (the same store as SQLite)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from web.helpers import SHARED


@pytest.fixture(scope="module")
def pg_corpus(pg_cluster) -> str:
    from nianbao.ingest import ingest
    from nianbao.store import open_store

    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip(f"seed reports not available under {SHARED}")
    url = pg_cluster.new_database()
    with open_store(url) as store:
        ingest(store, seeds, executor="serial", progress=False)
    return url


def test_corpus_pages_on_postgres(pg_corpus, tmp_path):
    from nianbao.web import create_app

    with TestClient(create_app(db=pg_corpus, drafts_dir=tmp_path)) as c:
        listing = c.get("/api/corpus").json()
        assert listing["total"] == 5 and not listing["empty_corpus"]
        assert c.get("/api/corpus", params={"q": "政府信息公开"}).json()["hits"]
        assert c.get("/api/corpus", params={"code": listing["options"]["codes"][0]}).json()["total"] >= 1
        assert c.get("/api/dashboard").json()["reports"] == 5
        rid = listing["reports"][0]["id"]
        assert c.get(f"/corpus/reports/{rid}").status_code == 200
        assert c.get("/api/corpus/coverage").status_code == 200


def test_postgres_query_connection_is_read_only(pg_corpus):
    import psycopg

    from nianbao.web.store import open_read_only

    store = open_read_only(pg_corpus)
    try:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            store.conn.execute("DELETE FROM reports")
    finally:
        store.close()
