"""Real reports parse to exactly their hand-checked expected output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import nianbao

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt")) if SHARED.is_dir() else []
LAYOUT_TXT = sorted((SHARED / "corpus" / "kiro").glob("hongze-district_*_original.pdftotext-layout.txt")) if SHARED.is_dir() else []


def _expected(path: Path) -> dict:
    stem = path.name.split(".")[0]
    return json.loads((path.parent / f"{stem}.expected.json").read_text("utf-8"))


def _assert_matches(report, expected: dict):
    assert report.edition == expected["edition"]
    assert report.meta.year == expected["meta"]["year"]
    assert report.meta.agency == expected["meta"]["agency"]
    got = report.values()
    assert set(got) == set(expected["cells"]), "cell ids differ from the detected edition's"
    wrong = {k: (v, got[k]) for k, v in expected["cells"].items() if got[k] != v or type(got[k]) is not type(v) and v is None}
    assert not wrong, f"cells differ (expected, got): {wrong}"


@pytest.mark.skipif(not SEEDS, reason=f"seed reports not available under {SHARED / 'seeds'}")
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seed_parses_exactly(path):
    _assert_matches(nianbao.parse(path, audit=False), _expected(path))


@pytest.mark.skipif(not LAYOUT_TXT, reason="Hongze pdftotext layout texts not available")
@pytest.mark.parametrize("path", LAYOUT_TXT, ids=lambda p: p.name[:19])
def test_space_aligned_layout_parses_exactly(path):
    """pdftotext -layout text: columns by position, labels wrapped over lines, tables across pages."""
    _assert_matches(nianbao.parse(path, audit=False), _expected(path))


@pytest.mark.skipif(not SEEDS, reason="seed reports not available")
def test_every_seed_has_six_sections_in_order():
    for path in SEEDS:
        r = nianbao.parse(path, audit=False)
        assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6], path.name
