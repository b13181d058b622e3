"""Real-world printing quirks. Each one changes how a report is printed and, where it hides
or moves values, the truth along with it, so that the truth always names what was printed."""

from __future__ import annotations

import random
from functools import lru_cache

from nianbao.schema.model import CellValue, Report
from nianbao.testing.figures import APPLICANTS
from nianbao.testing.printed import Style, t3_rows

# Quirks that change only the look of the document.
COSMETIC = (
    "arabic_headings", "title_variants", "label_variants", "straight_quotes", "half_width_brackets",
    "traditional", "duplicate_heading", "title_split", "fee_unit_note", "broken_labels",
)
# Quirks that hide or move values.
# In the order they apply: the single （六） row sums its sub-rows before anything is hidden.
STRUCTURAL = ("single_other_row", "no_total_column", "total_only_rows", "blank_cells", "markers", "truncated")
QUIRKS = COSMETIC + STRUCTURAL
_MARKERS = ("/", "—", "-", "无")
_OTHER_21 = ("other_overdue_correction", "other_overdue_fee", "other_other")


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    return _s2t().convert(text)


def unprinted() -> CellValue:
    return CellValue(value=None, raw=None)


def _t3_ids(report: Report, rows=None, cols=APPLICANTS) -> list[str]:
    out = []
    for cid in report.cells:
        t, r, c = cid.split(".")
        if t == "t3" and c in cols and (rows is None or r in rows):
            out.append(cid)
    return out


def apply(rng: random.Random, report: Report, style: Style, names: list[str]) -> list[dict]:
    """Apply the named quirks (in a fixed order) to ``report`` and ``style``; returns their labels."""
    out = []
    for name in QUIRKS:
        if name in names:
            cells = _APPLY[name](rng, report, style) or []
            out.append({"quirk": name, "cells": cells})
    return out


def _style_flag(attr: str):
    def f(rng, report, style):
        setattr(style, attr, True)

    return f


def _title_variants(rng, report, style):
    style.title_variant = {1: rng.choice((1, 2)), 4: 1, 5: 1}


def blankable(cid: str, style: Style) -> bool:
    """Whether a cell may print empty: never in a row's last column, where text exports
    cannot tell an empty cell from none."""
    col = cid.rsplit(".", 1)[1]
    return col != "total" and not (style.no_total_column and col == "other_org")


def _blank_cells(rng, report, style):
    zeros = [c for c in _t3_ids(report) if report.cells[c].value == 0 and blankable(c, style)]
    picked = sorted(rng.sample(zeros, min(len(zeros), rng.randint(1, 4))))
    for c in picked:
        report.cells[c] = CellValue(value=None, raw="")
    return picked


def _markers(rng, report, style):
    cols = ("issued", "repealed", "in_force") if report.edition == "2021" else ("new_made", "new_published", "total_published")
    picked = [f"t2.regulations.{c}" for c in cols] if report.cells[f"t2.regulations.{cols[0]}"].value == 0 else []
    zeros = [c for c in _t3_ids(report) if report.cells[c].value == 0]
    picked += sorted(rng.sample(zeros, min(len(zeros), 2)))
    mark = rng.choice(_MARKERS)
    for c in picked:
        report.cells[c] = CellValue(value=None, raw=mark)
    return picked


def _total_only_rows(rng, report, style):
    if style.no_total_column:
        return []
    rows = rng.sample(["granted", "partially_granted", "not_processed_repeated", "unavailable_unclear"], rng.randint(1, 2))
    picked = _t3_ids(report, rows=rows)
    for c in picked:
        report.cells[c] = CellValue(value=None, raw="")
    return sorted(picked)


def _no_total_column(rng, report, style):
    style.no_total_column = True
    picked = _t3_ids(report, cols=("total",))
    for c in picked:
        report.cells[c] = unprinted()
    return picked


def _single_other_row(rng, report, style):
    if report.edition != "2021":
        return []
    style.single_other_row = True
    for col in (*APPLICANTS, "total"):
        report.cells[f"t3.other_processing.{col}"] = _sum_cell(report, [f"t3.{r}.{col}" for r in _OTHER_21])
    picked = _t3_ids(report, rows=_OTHER_21, cols=(*APPLICANTS, "total"))
    for c in picked:
        report.cells[c] = unprinted()
    return [f"t3.other_processing.{c}" for c in (*APPLICANTS, "total")]


def _sum_cell(report: Report, ids: list[str]) -> CellValue:
    v = sum(report.cells[i].value or 0 for i in ids)
    return CellValue(value=v, raw=str(v))


def _truncated(rng, report, style):
    rows = [r.id for r in t3_rows(report, style)]
    cut = rng.randint(3, len(rows) - 2)
    style.truncate_after = rows[cut]
    lost = set(rows[cut + 1 :])
    gone = [c for c in report.cells if c.startswith("t4.") or (c.startswith("t3.") and c.split(".")[1] in lost)]
    for c in gone:
        report.cells[c] = unprinted()
    report.sections = [s for s in report.sections if s.number <= 3]
    return [f"t3.{rows[cut]}"]


_APPLY = {
    "arabic_headings": _style_flag("arabic_headings"),
    "title_variants": _title_variants,
    "label_variants": _style_flag("label_variants"),
    "straight_quotes": _style_flag("straight_quotes"),
    "half_width_brackets": _style_flag("half_width_brackets"),
    "traditional": _style_flag("traditional"),
    "duplicate_heading": _style_flag("duplicate_heading"),
    "title_split": _style_flag("title_split"),
    "fee_unit_note": _style_flag("fee_unit_note"),
    "broken_labels": _style_flag("broken_labels"),
    "single_other_row": _single_other_row,
    "no_total_column": _no_total_column,
    "blank_cells": _blank_cells,
    "markers": _markers,
    "total_only_rows": _total_only_rows,
    "truncated": _truncated,
}
