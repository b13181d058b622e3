"""Bounded load test on localhost: 20 concurrent uploads all complete, nothing lost or duplicated."""

from __future__ import annotations

import concurrent.futures
import time

import httpx
import pytest

from web.helpers import SEED_001, LiveServer, need

UPLOADS = 20


@pytest.mark.slow
def test_twenty_concurrent_uploads(tmp_path):
    from nianbao.web import create_app

    base = need(SEED_001).read_text("utf-8")
    # Each upload is a distinct report: its agency name carries its number.
    bodies = {i: base.replace("瀘河回族区", f"第{i}号测试区", ).encode() for i in range(UPLOADS)}
    with LiveServer(create_app(db=str(tmp_path / "none.db"), drafts_dir=tmp_path / "d", workers=2)) as server:

        def one(i: int) -> tuple[int, dict]:
            with httpx.Client(base_url=server.url, timeout=60) as c:
                r = c.post("/api/check", files={"files": (f"report-{i}.txt", bodies[i])})
                assert r.status_code == 202, r.text
                job = r.json()
                deadline = time.monotonic() + 120
                while not job["finished"]:
                    assert time.monotonic() < deadline, f"upload {i} did not finish"
                    time.sleep(0.05)
                    job = c.get(f"/api/jobs/{job['id']}").json()
                item = job["items"][0]
                return i, c.get(f"/api/check/{item['id']}").json()

        with concurrent.futures.ThreadPoolExecutor(UPLOADS) as pool:
            results = list(pool.map(one, range(UPLOADS)))
        with httpx.Client(base_url=server.url) as c:
            recent = c.get("/api/check").json()["items"]

    assert len(results) == UPLOADS
    ids = set()
    for i, res in results:
        assert res["item"]["stage"] == "done", res["item"]
        assert res["item"]["name"] == f"report-{i}.txt"
        assert f"第{i}号测试区" in res["report"]["meta"]["agency"], "each upload gets its own report back"
        ids.add(res["item"]["id"])
    assert len(ids) == UPLOADS, "no report duplicated"
    assert {r["id"] for r in recent} >= ids, "no report lost"
