"""Web fixtures: the app under TestClient, a live server on a free localhost port, Chromium."""

from __future__ import annotations

import pytest

from web.helpers import CHROMIUM, CHROMIUM_ARGS, HONGZE, SHARED, LiveServer


@pytest.fixture
def make_app(tmp_path):
    from nianbao.web import create_app

    def make(**kw):
        kw.setdefault("db", str(tmp_path / "nianbao.db"))
        kw.setdefault("drafts_dir", tmp_path / "drafts")
        return create_app(**kw)

    return make


@pytest.fixture
def client(make_app):
    from fastapi.testclient import TestClient

    with TestClient(make_app()) as c:
        yield c


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> str:
    """A SQLite corpus of the real reports: the seeds and Hongze 2023/2024 (PDF), ingested once."""
    from nianbao.ingest import ingest
    from nianbao.store import open_store

    paths = [p for p in [*sorted((SHARED / "seeds").glob("*.txt")), *sorted(HONGZE.glob("hongze-district_*_original.pdf"))] if p.exists()]
    if not paths:
        pytest.skip(f"real reports not available under {SHARED}")
    db = str(tmp_path_factory.mktemp("corpus") / "nianbao.db")
    with open_store(db) as store:
        ingest(store, paths, executor="serial", progress=False)
    return db


@pytest.fixture
def corpus_client(corpus_db, tmp_path):
    from fastapi.testclient import TestClient

    from nianbao.web import create_app

    with TestClient(create_app(db=corpus_db, drafts_dir=tmp_path / "drafts")) as c:
        yield c


@pytest.fixture(scope="session")
def live_server(corpus_db, tmp_path_factory):
    from nianbao.web import create_app

    drafts = tmp_path_factory.mktemp("drafts")
    with LiveServer(create_app(db=corpus_db, drafts_dir=drafts)) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (PyPI) not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server, tmp_path):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="zh-CN"
    )
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
