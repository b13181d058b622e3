"""Shared test fixtures: where the real reports live."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"real reports not available: {SHARED} is absent (CI places shared/ beside the clone)")
    return SHARED


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL server for the session (see tests/pg_cluster.py); fails when
    PostgreSQL is not installed unless NIANBAO_SKIP_PG=1."""
    from pg_cluster import start_cluster

    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(autouse=True, scope="session")
def _heap_never_frozen():
    """The CLI commands run in this process through CliRunner: their settle() must not freeze
    the test session's heap (nianbao.runtime.settle is for processes nianbao owns)."""
    import nianbao.runtime

    nianbao.runtime._settled = True
    yield
