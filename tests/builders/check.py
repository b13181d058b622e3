"""The assertion every read-back test makes."""

from __future__ import annotations

from builders.official import Report


def assert_read_back(report, built: Report) -> None:
    """Every cell of the edition holds exactly what was printed (blank/marker: None + literal)."""
    assert report.edition == built.edition
    assert report.meta.year == built.year
    got = {cid: (c.value, c.raw) for cid, c in report.cells.items()}
    expected = built.expected()
    assert set(got) == set(expected)
    wrong = {cid: (want, got[cid]) for cid, want in expected.items() if got[cid] != want}
    assert not wrong, f"cells differ (expected, got): {wrong}"
