"""The web API: one error shape, OpenAPI, JSON twins, uploads checked in the background, security."""

from __future__ import annotations

import io
import zipfile

import pytest
from fastapi.testclient import TestClient

from web.helpers import SEED_001, need, wait_job

ERROR_KEYS = {"status", "code", "message"}


def assert_error(resp, status: int, code: str):
    """The one JSON error shape: {"error": {"status", "code", "message"[, "detail"]}}."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"error"}
    assert ERROR_KEYS <= set(body["error"]) <= ERROR_KEYS | {"detail"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def upload(client, *files: tuple[str, bytes]):
    return client.post("/api/check", files=[("files", (n, d)) for n, d in files])


def check_one(client, name: str, data: bytes) -> dict:
    resp = upload(client, (name, data))
    assert resp.status_code == 202, resp.text
    state = wait_job(client, resp.json()["id"])
    return state["items"][0]


def test_error_shape_is_pinned(client):
    assert_error(client.get("/api/no-such-thing"), 404, "not_found")
    assert_error(client.get("/api/check/" + "0" * 32), 404, "report_not_found")
    assert_error(client.get("/api/jobs/not-hex"), 422, "invalid_input")
    assert_error(client.delete("/api/check"), 405, "method_not_allowed")
    assert_error(client.post("/api/check"), 422, "invalid_input")


def test_html_errors_are_pages_with_the_same_message(client):
    resp = client.get("/check/" + "0" * 32)
    assert resp.status_code == 404
    assert resp.headers["content-type"].startswith("text/html")
    assert "找不到该检查结果" in resp.text


def test_openapi_and_docs(client):
    spec = client.get("/openapi.json").json()
    assert "/api/check" in spec["paths"] and "/api/jobs/{job_id}" in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_every_html_page_has_a_json_twin(client):
    """Datasette's habit: /X has /api/X."""
    html_pages = [r.path for r in client.app.routes if getattr(r, "include_in_schema", True) is False and hasattr(r, "methods")]
    html_pages = [p for p in html_pages if not p.startswith(("/docs", "/redoc", "/openapi")) and not p.endswith("/panel")]
    api = {r.path for r in client.app.routes if hasattr(r, "methods")}
    missing = [p for p in html_pages if ("/api" + p if p != "/" else "/api") not in api]
    assert not missing, f"HTML pages without a JSON twin: {missing}"


def test_upload_seed_is_checked_in_the_background(client):
    data = need(SEED_001).read_bytes()
    item = check_one(client, "001.txt", data)
    assert item["stage"] == "done", item
    assert item["year"] == 2021 and item["edition"] == "2021"
    result = client.get(f"/api/check/{item['id']}").json()
    assert result["report"]["cells"]["t3.new_received.natural_person"] == 0
    assert len(result["report"]["sections"]) == 6
    page = client.get(f"/check/{item['id']}")
    assert page.status_code == 200 and "收到和处理政府信息公开申请情况" in page.text
    assert 'data-cell="t3.new_received.total"' in page.text


def test_downloads(client):
    item = check_one(client, "报告.txt", need(SEED_001).read_bytes())
    resp = client.get(f"/api/check/{item['id']}/download/json")
    assert resp.status_code == 200 and resp.json()["edition"] == "2021"
    assert "filename*=UTF-8''%E6%8A%A5%E5%91%8A.json" in resp.headers["content-disposition"]
    xlsx = client.get(f"/api/check/{item['id']}/download/xlsx")
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx.content))
    ids = [r[0].value for r in wb["单元格"].iter_rows(min_row=2)]
    assert "t3.new_received.total" in ids
    assert_error(client.get(f"/api/check/{item['id']}/download/exe"), 422, "invalid_input")


def test_type_is_detected_from_content_not_the_extension(client):
    # A text report named .pdf is read as text; binary named .txt is refused.
    item = check_one(client, "really-text.pdf", need(SEED_001).read_bytes())
    assert item["format"] == "txt" and item["stage"] == "done"
    assert_error(upload(client, ("x.txt", b"\x00\x01\x02binary" * 50)), 415, "unsupported_type")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    assert_error(upload(client, ("report.docx", buf.getvalue())), 415, "unsupported_type")
    assert_error(upload(client, ("empty.txt", b"   ")), 422, "empty_file")


def test_unreadable_report_fails_its_item_not_the_server(client):
    item = check_one(client, "broken.pdf", b"%PDF-1.4\n%broken\n" + b"x" * 100)
    assert item["stage"] == "failed" and item["error"]
    assert_error(client.get(f"/api/check/{item['id']}/download/json"), 422, "unreadable_report")


def test_upload_size_limit(make_app):
    with TestClient(make_app(max_upload_bytes=10_000)) as c:
        assert_error(upload(c, ("big.txt", b"a" * 20_000)), 413, "too_large")
        assert upload(c, ("small.txt", "一、总体情况\n".encode() * 10)).status_code == 202


def test_file_names_cannot_traverse_paths(client):
    item = check_one(client, "../../etc/passwd", need(SEED_001).read_bytes())
    assert item["name"] == "passwd"
    resp = client.get(f"/api/check/{item['id']}/download/json")
    assert 'filename="passwd.json"' in resp.headers["content-disposition"]
    assert client.get("/static/../../pyproject.toml").status_code == 404
    assert client.get("/static/%2e%2e/%2e%2e/pyproject.toml").status_code == 404


def test_report_text_is_escaped(client):
    lines = need(SEED_001).read_text("utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "总体情况" in line)
    lines.insert(at + 1, "<script>alert(1)</script><img src=x onerror=alert(2)>")
    item = check_one(client, "<img src=x onerror=alert(1)>.txt", "\n".join(lines).encode())
    page = client.get(f"/check/{item['id']}").text
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("header", ["authorization", "x-nianbao-token", "cookie"])
def test_token_required_for_writes_when_set(make_app, header):
    data = need(SEED_001).read_bytes()
    with TestClient(make_app(token="s3cret")) as c:
        assert c.get("/api/check").status_code == 200  # reads stay open
        assert_error(upload(c, ("a.txt", data)), 401, "unauthorized")
        c.headers["x-nianbao-token"] = "wrong"
        assert_error(upload(c, ("a.txt", data)), 403, "forbidden")
        del c.headers["x-nianbao-token"]
        if header == "authorization":
            c.headers["authorization"] = "Bearer s3cret"
        elif header == "x-nianbao-token":
            c.headers["x-nianbao-token"] = "s3cret"
        else:
            page = c.get("/?token=s3cret")
            assert "nianbao_token" in page.headers["set-cookie"] and "samesite=strict" in page.headers["set-cookie"].lower()
        assert upload(c, ("a.txt", data)).status_code == 202


def test_loopback_detection():
    from nianbao.web.security import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")


def test_two_years_of_one_body_uploaded_together_are_checked_across_years(client):
    from web.helpers import HONGZE

    files = [(p.name, need(p).read_bytes()) for p in sorted(HONGZE.glob("hongze-district_202*_original.pdftotext-layout.txt"))]
    if len(files) != 2:
        pytest.skip("Hongze layout texts not available")
    resp = upload(client, *files)
    state = wait_job(client, resp.json()["id"])
    by_year = {i["year"]: i for i in state["items"]}
    assert by_year[2024]["compared_with"] == by_year[2023]["name"]
    assert "compared_with" not in by_year[2023]


def test_no_page_loads_anything_from_another_host(client):
    """Vendored ECharts, htmx and Swagger UI: no CDN, nothing fetched from outside at run time."""
    import re

    for path in ("/", "/check", "/corpus", "/compare", "/dashboard", "/write", "/docs"):
        page = client.get(path)
        assert page.status_code == 200, path
        external = [u for u in re.findall(r'(?:src|href)="([^"]+)"', page.text) if re.match(r"(https?:)?//", u) and "testserver" not in u]
        assert not external, f"{path} loads {external}"
    for asset in ("vendor/echarts.min.js", "vendor/htmx.min.js", "vendor/swagger-ui-bundle.js", "vendor/echarts.LICENSE"):
        assert client.get(f"/static/{asset}").status_code == 200
