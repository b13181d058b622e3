"""`nianbao serve`: a token is required for writes whenever the server listens beyond loopback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from nianbao.cli import app


@pytest.fixture
def started(monkeypatch):
    import uvicorn

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: seen.update(app=application, **kw))
    return seen


def test_loopback_needs_no_token(started, tmp_path):
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "x.db"), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert started["host"] == "127.0.0.1" and started["port"] == 8123
    assert started["app"].state.token is None


def test_public_address_gets_a_token(started, tmp_path):
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 0, result.output
    token = started["app"].state.token
    assert token and len(token) >= 24
    assert f"?token={token}" in result.output


def test_given_token_is_used(started, tmp_path):
    result = CliRunner().invoke(app, ["serve", "--host", "192.168.1.5", "--token", "abc123", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 0, result.output
    assert started["app"].state.token == "abc123"
