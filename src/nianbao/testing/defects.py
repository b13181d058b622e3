"""Defect injection with labels: each defect changes what is printed (and so the truth) and
names the rule codes that should report it and the cells involved.

The codes a cell defect breaks are computed, not assumed: the template identities are
evaluated before and after the change (an independent oracle for the rule engine).
"""

from __future__ import annotations

import random

from nianbao.schema.model import CellValue, Report
from nianbao.schema.template import load_template
from nianbao.testing.agencies import Agency, foreign_region
from nianbao.testing.figures import APPLICANTS
from nianbao.testing.narrative import applications_sentence, period_sentence
from nianbao.testing.printed import Style

DEFECTS = (
    "change_cell", "swap_cells", "blank_cell", "drop_row", "drop_section",
    "shift_year", "copy_last_year", "foreign_region", "text_figure",
)


def broken_identities(report: Report) -> set[tuple[str, str]]:
    """(code, where) for every template identity that fails on the printed values.

    An identity with an unknown (null) term is not counted as broken.
    """
    t = load_template(report.edition)
    v = report.values()
    cols = (*APPLICANTS, "total")
    out: set[tuple[str, str]] = set()
    single = v.get("t3.other_processing.total") is not None or report.edition == "2019"
    results = t.result_rows(alternative=not single)

    def known(*ids):
        return all(v.get(i) is not None for i in ids)

    for c in cols:
        ids = [f"t3.new_received.{c}", f"t3.carried_over.{c}", f"t3.total_processed.{c}", f"t3.carried_forward.{c}"]
        if known(*ids) and v[ids[0]] + v[ids[1]] != v[ids[2]] + v[ids[3]]:
            out.add(("T3-BALANCE", c))
        rs = [f"t3.{r}.{c}" for r in results]
        if known(ids[2], *rs) and v[ids[2]] != sum(v[i] for i in rs):
            out.add(("T3-RESULTS-SUM", c))
    for r in t.tables["t3"].rows:
        ids = [f"t3.{r.id}.{c}" for c in cols]
        if all(i in v for i in ids) and known(*ids) and v[ids[-1]] != sum(v[i] for i in ids[:-1]):
            out.add(("T3-ROW-TOTAL", r.id))
    for g, _, _ in t.t4_groups:
        ids = [f"t4.{g}.{c}" for c in ("upheld", "corrected", "other", "pending", "total")]
        if known(*ids) and v[ids[-1]] != sum(v[i] for i in ids[:-1]):
            out.add(("T4-GROUP-TOTAL", g))
    return out


def _value_cells(report: Report, prefix: str = "t3.") -> list[str]:
    return [c for c, cv in report.cells.items() if c.startswith(prefix) and cv.value is not None]


def _set(report: Report, cid: str, value: int | None, raw: str | None = None) -> None:
    report.cells[cid] = CellValue(value=value, raw=str(value) if raw is None and value is not None else raw)


def inject(rng: random.Random, name: str, report: Report, style: Style, paragraphs: dict, agency: Agency) -> dict | None:
    """Apply defect ``name``; returns its label or None when it does not apply to this report."""
    before = broken_identities(report)
    cells = dict(report.cells)
    label = _INJECT[name](rng, report, style, paragraphs, agency)
    if label is None:
        return None
    if "codes" not in label:
        after = broken_identities(report) - before
        label["codes"] = sorted({code for code, _ in after})
        if not label["codes"]:  # the change breaks nothing printed (say, no 总计 column): undo it
            report.cells = cells
            return None
    return {"defect": name, **label}


def _change_cell(rng, report, style, paragraphs, agency):
    cands = [c for c in _value_cells(report) if not c.endswith(".total")]
    if not cands:
        return None
    cid = rng.choice(sorted(cands))
    old = report.cells[cid].value
    new = old + rng.choice((1, 2, 3, 10)) if old < 3 or rng.random() < 0.5 else old - rng.randint(1, old)
    _set(report, cid, new)
    return {"cells": [cid], "expected": old, "actual": new}


def _swap_cells(rng, report, style, paragraphs, agency):
    cells = _value_cells(report)
    pairs = [
        (a, b) for a in cells for b in cells
        if a < b and a.split(".")[2] == b.split(".")[2] and report.cells[a].value != report.cells[b].value
        and ("new_received" in a or "granted" in a or "not_held" in a)
    ]
    if not pairs:
        return None
    a, b = rng.choice(sorted(pairs))
    va, vb = report.cells[a], report.cells[b]
    report.cells[a], report.cells[b] = vb, va
    return {"cells": [a, b]}


def _blank_cell(rng, report, style, paragraphs, agency):
    from nianbao.testing.quirks import blankable

    cands = [c for c in _value_cells(report) if blankable(c, style)]
    if not cands:
        return None
    cid = rng.choice(sorted(cands))
    _set(report, cid, None, rng.choice(("", "/", "—")))
    return {"cells": [cid], "codes": ["CELL-BLANK"]}


def _drop_row(rng, report, style, paragraphs, agency):
    if style.truncate_after:
        return None
    rows = ["denied_state_secret", "denied_enforcement_files", "unavailable_unclear", "not_processed_publication"]
    rid = rng.choice(rows)
    style.drop_rows = (*style.drop_rows, rid)
    cells = sorted(c for c in report.cells if c.startswith(f"t3.{rid}."))
    for c in cells:
        report.cells[c] = CellValue(value=None, raw=None)
    return {"cells": cells, "codes": ["TABLE-SHAPE"]}


def _drop_section(rng, report, style, paragraphs, agency):
    cands = [n for n in (5, 6) if n in paragraphs]
    if not cands or style.truncate_after:
        return None
    n = rng.choice(cands)
    del paragraphs[n]
    report.sections = [s for s in report.sections if s.number != n]
    return {"cells": [], "section": n, "codes": ["SECTION-MISSING"]}


def _shift_year(rng, report, style, paragraphs, agency):
    year = report.meta.year
    first = paragraphs[1][0]
    paragraphs[1][0] = first.replace(period_sentence(year), period_sentence(year - 1))
    report.meta.period = (f"{year - 1}-01-01", f"{year - 1}-12-31")
    return {"cells": [], "codes": ["YEAR-MISMATCH"], "expected": year, "actual": year - 1}


def _received(report: Report) -> int | None:
    return report.value("t3.new_received.total") if report.value("t3.new_received.total") is not None else None


def _replace_applications(paragraphs: dict, agency: Agency, year: int, received: int, new_year: int, new_received: int) -> bool:
    old = applications_sentence(agency.self_ref, year, received)
    new = applications_sentence(agency.self_ref, new_year, new_received)
    for i, p in enumerate(paragraphs[1]):
        if old in p:
            paragraphs[1][i] = p.replace(old, new)
            return True
    return False


def _copy_last_year(rng, report, style, paragraphs, agency):
    """The application paragraph copied from last year's report: last year's number and year."""
    year, received = report.meta.year, _received(report)
    if received is None:
        return None
    last = max(0, received + rng.choice((-1, 1)) * rng.randint(1, max(1, received // 3)))
    if last == received or not _replace_applications(paragraphs, agency, year, received, year - 1, last):
        return None
    return {"cells": ["t3.new_received.total"], "codes": ["YEAR-MISMATCH", "TEXT-TABLE-MISMATCH"], "actual": last}


def _text_figure(rng, report, style, paragraphs, agency):
    year, received = report.meta.year, _received(report)
    if not received:
        return None
    stated = received + rng.choice((-1, 1)) * rng.randint(1, max(1, received // 5))
    if stated <= 0 or not _replace_applications(paragraphs, agency, year, received, year, stated):
        return None
    return {"cells": ["t3.new_received.total"], "codes": ["TEXT-TABLE-MISMATCH"], "expected": received, "actual": stated}


def _foreign_region(rng, report, style, paragraphs, agency):
    other = foreign_region(rng, agency.region)
    paragraphs[1].insert(2, f"{other.name}高度重视政务公开工作，成立政府信息公开工作领导小组，统筹推进全年各项任务。")
    return {"cells": [], "codes": ["FOREIGN-REGION"], "region": other.name, "region_code": other.code}


_INJECT = {
    "change_cell": _change_cell,
    "swap_cells": _swap_cells,
    "blank_cell": _blank_cell,
    "drop_row": _drop_row,
    "drop_section": _drop_section,
    "shift_year": _shift_year,
    "copy_last_year": _copy_last_year,
    "foreign_region": _foreign_region,
    "text_figure": _text_figure,
}
