"""The real seed reports, with distinct figures.

The tab-separated seeds print Table 3 all in zeros, so a test that reads one in another
layout cannot see a value placed on the wrong row or column. ``distinct_figures`` prints a
different figure in every figure cell of their tab rows; the seed read as printed then gives
the values every other layout of it must give.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
TAB_SEEDS = sorted(p for p in SEEDS.glob("*.txt") if not p.name.startswith("003")) if SEEDS.is_dir() else []


def seed(path: Path) -> tuple[str, dict]:
    """A seed's text and its expected.json."""
    return path.read_text("utf-8-sig"), json.loads(path.with_name(path.name.split(".")[0] + ".expected.json").read_text("utf-8"))


def distinct_figures(text: str) -> str:
    """``text`` with every figure cell of its tab rows printing a figure of its own."""
    figures = itertools.count(1)
    lines = []
    for line in text.split("\n"):
        if "\t" in line:
            line = "\t".join(str(next(figures)) if c.strip().isdigit() else c for c in line.split("\t"))
        lines.append(line)
    return "\n".join(lines)
