"""Hostile uploads through the web app: archive bombs and XXE are refused or defused by the
readers, and the corpus connection of the query pages cannot write."""

from __future__ import annotations

import io
import sqlite3
import zipfile

import pytest

from web.helpers import wait_job


def _check(client, name: str, data: bytes) -> dict:
    resp = client.post("/api/check", files=[("files", (name, data))])
    assert resp.status_code == 202, resp.text
    return wait_job(client, resp.json()["id"])["items"][0]


def _docx(document_xml: bytes | None = None) -> bytes:
    """A real DOCX (python-docx), optionally with its document.xml replaced."""
    from docx import Document

    d = Document()
    d.add_paragraph("某某局2024年政府信息公开工作年度报告")
    buf = io.BytesIO()
    d.save(buf)
    if document_xml is None:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, document_xml if info.filename == "word/document.xml" else src.read(info))
    return out.getvalue()


def test_docx_bomb_is_refused_without_inflating(client):
    body = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    bomb = _docx(body + b" " * (40 * 1024 * 1024) + b"</w:body></w:document>")
    assert len(bomb) < 1024 * 1024
    item = _check(client, "bomb.docx", bomb)
    assert item["stage"] == "failed" and "压缩炸弹" in item["error"]


def test_xxe_entities_are_not_resolved(client):
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        b"<w:p><w:r><w:t>\xe6\x8a\xa5\xe5\x91\x8a &xxe;</w:t></w:r></w:p></w:body></w:document>"
    )
    item = _check(client, "xxe.docx", _docx(xml))
    if item["stage"] == "done":
        result = client.get(f"/api/check/{item['id']}").text
        assert "root:" not in result
    else:
        assert "root:" not in item["error"]


def test_html_with_script_is_shown_as_text(client):
    html = "<html><body><h1>某局2024年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>&lt;b&gt;x<script>alert(1)</script></p></body></html>"
    item = _check(client, "r.html", html.encode())
    page = client.get(f"/check/{item['id']}").text
    assert "<script>alert(1)" not in page


def test_query_pages_use_a_read_only_connection(corpus_db):
    from nianbao.web.store import open_read_only

    store = open_read_only(corpus_db)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.conn.execute("DELETE FROM reports")
    finally:
        store.close()


def test_missing_database_is_an_empty_corpus_and_is_not_created(make_app, tmp_path):
    from fastapi.testclient import TestClient

    db = tmp_path / "absent.db"
    with TestClient(make_app(db=str(db))) as c:
        assert c.get("/api/corpus").json()["empty_corpus"] is True
    assert not db.exists()
