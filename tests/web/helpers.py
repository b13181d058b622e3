"""Helpers of the web tests: where the real reports are, polling a job, a live server."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEED_001 = SHARED / "seeds" / "001_6b6d80a219e047ef.txt"
HONGZE = SHARED / "corpus" / "kiro"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# Test runs write screenshots under build/ (ignored by git); refresh the committed ones with
# NIANBAO_SCREENSHOTS=docs/screenshots bash scripts/test.sh tests/web/test_browser.py
SCREENSHOTS = ROOT / os.environ.get("NIANBAO_SCREENSHOTS", "build/screenshots")


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"real report not available: {path}")
    return path


def wait_job(client, job_id: str, timeout: float = 120.0) -> dict:
    """Poll a check job until it finishes (bounded, so a hung worker fails the test)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(f"/api/jobs/{job_id}").json()
        if state["finished"]:
            return state
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving an app in a background thread on 127.0.0.1."""

    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("web server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)
