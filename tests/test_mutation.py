"""Mutation test of the rule engine: inject one defect into a consistent report and see it
caught with the right code and cell ids.

Reports: synthetic consistent reports from ``nianbao.testing`` (the generator's truth, before
printing) and real parsed reports. Defects: change a cell, swap two cells, blank a cell,
make a count negative or fractional, drop a row, drop a section. Which identities a value
defect breaks is decided by an independent oracle (``nianbao.testing.defects
.broken_identities``), not by the rules under test; a change that breaks no identity (e.g.
a swap of two equal terms) is not a detectable defect and is counted apart.

The measured rates are printed (run with ``-s`` to see them).
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

import nianbao
from nianbao.audit import audit
from nianbao.rules.base import Context
from nianbao.schema.model import CellValue, Report

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
N_SYNTHETIC = 120
PER_REAL = 12  # mutations of each kind per real report

testing = pytest.importorskip("nianbao.testing.sample", reason="the report generator (nianbao.testing) is not available")
from nianbao.testing.defects import broken_identities  # noqa: E402


def synthetic_reports() -> list[Report]:
    return [testing.make_sample(2024, i, "txt", quirk_rate=0.0).report for i in range(N_SYNTHETIC)]


def real_reports() -> list[Report]:
    if not SHARED.is_dir():
        return []
    paths = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus" / "kiro").glob("hongze-district_*_original.pdftotext-layout.txt"))
    return [nianbao.parse(p, audit=False) for p in paths]


def _copy(r: Report) -> Report:
    return r.model_copy(update={"cells": dict(r.cells), "sections": list(r.sections)})


def _set(r: Report, cid: str, value, raw: str | None = "") -> None:
    old = r.cells[cid]
    if raw == "":
        raw = "" if value is None else str(value)
    r.cells[cid] = CellValue(value=value, raw=raw, provenance=old.provenance, confidence=None)


def _identity_cells(r: Report) -> list[str]:
    ctx = Context(r)
    rows = {f"t3.{x}" for x in ctx.t3_rows} | {f"t4.{g}" for g, _, _ in ctx.template.t4_groups}
    return [c for c, v in ctx.vals.items() if v is not None and c.rsplit(".", 1)[0] in rows]


def _counts(r: Report) -> list[str]:
    ctx = Context(r)
    return [c for c, v in ctx.vals.items() if v is not None and not ctx.template.column(c).decimal and not ctx.template.column(c).signed]


# Each mutation returns (mutated report, expectation, section) or None. The expectation is
# [(code, cells the finding must include one of)], or for value mutations the mutated cells
# (the oracle then names the codes); ``section`` is the dropped section.
def change_cell(rng, r):
    cid = rng.choice(_identity_cells(r))
    old = r.value(cid)
    new = old + rng.choice((1, 2, 5, 10)) if old == 0 or rng.random() < 0.5 else old - rng.randint(1, old)
    m = _copy(r)
    _set(m, cid, new)
    return m, [cid], None


def swap_cells(rng, r):
    cells = _identity_cells(r)
    a = rng.choice(cells)
    pool = [c for c in cells if c[:2] == a[:2] and r.value(c) != r.value(a)]
    if a.startswith("t4."):  # within a group a swap keeps every sum: not a defect
        pool = [c for c in pool if c.split(".")[1] != a.split(".")[1]]
    if not pool:
        return None
    b = rng.choice(pool)
    m = _copy(r)
    m.cells[a], m.cells[b] = r.cells[b], r.cells[a]
    return m, [a, b], None


def value_expectation(before: Report, after: Report, cells: list[str]) -> list[tuple[str, list[str]]]:
    """Codes the oracle says the value mutation breaks, each to be reported on the cells."""
    new = broken_identities(after) - broken_identities(before)
    return sorted({(code, tuple(cells)) for code, _ in new})


def blank_cell(rng, r):
    cid = rng.choice([c for c, v in r.values().items() if v is not None])
    m = _copy(r)
    _set(m, cid, None, rng.choice(("", "/", "—", "无")))
    return m, [("CELL-BLANK", (cid,))], None


def negative_cell(rng, r):
    cid = rng.choice(_counts(r))
    m = _copy(r)
    _set(m, cid, -rng.randint(1, 9))
    return m, [("CELL-NEGATIVE", (cid,))], None


def fractional_cell(rng, r):
    cid = rng.choice(_counts(r))
    m = _copy(r)
    _set(m, cid, r.value(cid) + 0.5)
    return m, [("CELL-NOT-INTEGER", (cid,))], None


def drop_row(rng, r):
    ctx = Context(r)
    rows = [k for k, cids in ctx.rows.items() if k[:2] in ("t2", "t3") and all(c in ctx.printed_cells for c in cids)]
    rows = [k for k in rows if k[:2] == "t2" or k[3:] in ctx.t3_rows]
    key = rng.choice(rows)
    m = _copy(r)
    for cid in ctx.rows[key]:
        m.cells[cid] = CellValue(value=None, raw=None, provenance=None, confidence=None)
    return m, [("TABLE-SHAPE", tuple(ctx.rows[key]))], None


def drop_section(rng, r):
    n = rng.choice([s.number for s in r.sections])
    m = _copy(r)
    m.sections = [s for s in r.sections if s.number != n]
    return m, [("SECTION-MISSING", ())], n


MUTATIONS = {
    "change_cell": change_cell, "swap_cells": swap_cells, "blank_cell": blank_cell, "negative_cell": negative_cell,
    "fractional_cell": fractional_cell, "drop_row": drop_row, "drop_section": drop_section,
}
KINDS = tuple(MUTATIONS)
VALUE_KINDS = ("change_cell", "swap_cells")


def caught(before: list, after: list, code: str, cells: tuple, section: int | None = None) -> bool:
    old = {(f.code, tuple(f.cells), str(f.actual)) for f in before}
    for f in after:
        if f.code != code or (f.code, tuple(f.cells), str(f.actual)) in old:
            continue
        if section is not None:
            if (f.detail or {}).get("missing_section") == section:
                return True
        elif not cells or set(cells) & set(f.cells):
            return True
    return False


def mutate_all(reports: list[Report], per_report: int, seed: int) -> tuple[Counter, Counter, Counter, list]:
    rng = random.Random(seed)
    tried, hit, undetectable = Counter(), Counter(), Counter()
    misses = []
    for r in reports:
        if r.edition not in ("2021", "2019"):
            continue
        before = audit(r)
        for kind in KINDS:
            for _ in range(per_report):
                out = MUTATIONS[kind](rng, r)
                if out is None:
                    continue
                m, expect, section = out
                if kind in VALUE_KINDS:
                    expect = value_expectation(r, m, expect)
                    if not expect:
                        undetectable[kind] += 1
                        continue
                after = audit(m)
                tried[kind] += 1
                if all(caught(before, after, code, cells, section) for code, cells in expect):
                    hit[kind] += 1
                else:
                    misses.append((r.meta.agency, kind, expect, [(f.code, f.cells[:4]) for f in after if f.severity != "info"][:6]))
    return tried, hit, undetectable, misses


def _report(label: str, tried: Counter, hit: Counter, undetectable: Counter) -> float:
    total, got = sum(tried.values()), sum(hit.values())
    print(f"\n[mutation] {label}: caught {got}/{total} = {got / max(total, 1):.2%}")
    for k in sorted(set(tried) | set(undetectable), key=lambda k: (k not in KINDS, k)):
        if tried[k] or undetectable[k]:
            print(f"[mutation]   {k:16} {hit[k]:4}/{tried[k]:<4} = {hit[k] / max(tried[k], 1):.2%}   (not a defect, skipped: {undetectable[k]})")
    return got / max(total, 1)


def test_unmutated_consistent_reports_have_no_error():
    reports = synthetic_reports()
    reals = [r for r in real_reports() if (r.meta.agency, r.meta.year) != ("淮安市洪泽区人民政府", 2023)]
    bad = [(r.meta.agency, f.code, f.message) for r in reports + reals for f in audit(r) if f.severity == "error"]
    print(f"\n[mutation] unmutated: {len(reports)} synthetic + {len(reals)} real reports, error findings: {len(bad)}")
    assert not bad


def test_injected_defects_in_synthetic_reports_are_caught():
    tried, hit, undetectable, misses = mutate_all(synthetic_reports(), per_report=1, seed=11)
    rate = _report(f"{N_SYNTHETIC} synthetic reports", tried, hit, undetectable)
    assert sum(tried.values()) >= N_SYNTHETIC * 5
    assert rate >= 0.99, misses[:5]


def test_injected_defects_in_real_reports_are_caught():
    reals = real_reports()
    if not reals:
        pytest.skip(f"real reports not available under {SHARED}")
    tried, hit, undetectable, misses = mutate_all(reals, per_report=PER_REAL, seed=12)
    rate = _report(f"{len(reals)} real reports", tried, hit, undetectable)
    assert rate >= 0.99, misses[:5]


@pytest.mark.slow
@pytest.mark.parametrize("fmt, n", [("txt", 80), ("html", 40)])
def test_printed_defects_are_caught_end_to_end(fmt, n):
    """The generator's labelled defects, printed into files, read back and audited: the
    label's codes are reported (on its cells, for cell defects). Extraction is part of it."""
    from nianbao.testing.forms import render

    tried, hit, misses = Counter(), Counter(), []
    for i in range(n):
        sample = testing.make_sample(9, i, fmt, defect_rate=1.0)
        if not sample.defects:
            continue
        label = sample.defects[0]
        found = audit(nianbao.parse(render(sample), name=sample.name, audit=False))
        ok = all(any(f.code == code for f in found) for code in label["codes"])
        cells = set(label.get("cells") or [])
        if ok and cells and label["defect"] in ("change_cell", "swap_cells", "blank_cell", "drop_row"):
            ok = any(f.code in label["codes"] and cells & set(f.cells) for f in found)
        tried[label["defect"]] += 1
        hit[label["defect"]] += ok
        if not ok:
            misses.append((sample.name, label, sorted({f.code for f in found})))
    rate = _report(f"{sum(tried.values())} printed {fmt} reports with one labelled defect", tried, hit, Counter())
    assert sum(tried.values()) >= n * 0.8
    assert rate >= 0.97, misses[:5]
