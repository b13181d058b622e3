"""Web fixtures: the app under TestClient, a live server on a free localhost port, Chromium."""

from __future__ import annotations

import pytest

from web.helpers import CHROMIUM, CHROMIUM_ARGS, LiveServer


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


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    from nianbao.web import create_app

    tmp = tmp_path_factory.mktemp("web")
    with LiveServer(create_app(db=str(tmp / "nianbao.db"), drafts_dir=tmp / "drafts")) as server:
        yield server


@pytest.fixture(scope="module")
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
    pg.set_default_timeout(60_000)
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
