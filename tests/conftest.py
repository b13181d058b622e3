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
