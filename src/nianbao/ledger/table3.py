"""Table 3 of a year from the register: new, carried over, results, carried forward."""

from __future__ import annotations

from nianbao.errors import InputError
from nianbao.ledger.register import Application
from nianbao.schema.template import load_template


def table3(apps: list[Application], year: int, edition: str, source: str = "") -> dict[str, int]:
    """The leaf cells of Table 3 for ``year`` (totals are left to nianbao.draft.complete).

    An application counts as new in the year it was received, as carried over when received
    earlier and still open on 1 January, under its outcome in the year it was answered, and
    as carried forward when still open on 31 December. So per column the 勾稽关系 holds:
    new + carried over = results + carried forward.
    """
    tmpl = load_template(edition)
    t3 = tmpl.tables["t3"]
    applicants = [c for c, col in t3.columns.items() if not col.total]
    leaf_rows = [r.id for r in t3.rows if not r.sum_of_results and not r.alternative_to]
    out = {f"t3.{r}.{c}": 0 for r in leaf_rows for c in applicants}
    results = set(tmpl.result_rows(alternative=False))
    for a in apps:
        if a.received.year > year or (a.replied and a.replied.year < year):
            continue
        if a.received.year == year:
            out[f"t3.new_received.{a.applicant}"] += 1
        else:
            out[f"t3.carried_over.{a.applicant}"] += 1
        if a.replied is None or a.replied.year > year:
            out[f"t3.carried_forward.{a.applicant}"] += 1
            continue
        row = _result_row(a, results, source)
        out[f"t3.{row}.{a.applicant}"] += 1
    return out


def _result_row(a: Application, results: set[str], source: str) -> str:
    """The row an outcome is counted in; 2021's （六） sub-rows fold into 2019's single row."""
    if a.outcome in results:
        return a.outcome
    rows = load_template("2021").tables["t3"].rows
    fold = {sub: r.id for r in rows if r.alternative_to for sub in r.alternative_to}
    if fold.get(a.outcome) in results:
        return fold[a.outcome]
    split = next((r for r in rows if r.id == a.outcome and r.alternative_to), None)
    if split is not None:
        subs = "、".join(next(x.label for x in rows if x.id == sub) for sub in split.alternative_to)
        problem = f"「{split.label}」在本年度版式中分为 {subs}，请选其一 (choose one of the sub-rows)"
    else:
        problem = f"办理结果 {a.outcome!r} 不在本年度版式的表三中 (outcome not in this edition)"
    raise InputError(source or "register", f"第{a.row}行「办理结果」列：{problem}")


def table3_cells(apps: list[Application], year: int, edition: str, source: str = "") -> dict[str, int]:
    """Every Table 3 cell for ``year``: the leaves of :func:`table3` with row totals and （七）总计."""
    from nianbao.draft import computed_parts

    out = table3(apps, year, edition, source)
    for cid, parts in computed_parts(load_template(edition)).items():
        if cid.startswith("t3."):
            out[cid] = sum(out[p] for p in parts)
    tmpl = load_template(edition)
    return {cid: out[cid] for cid in tmpl.cell_ids() if cid.startswith("t3.")}
