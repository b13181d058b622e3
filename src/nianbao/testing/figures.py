"""Consistent random figures for the three tables, at magnitudes seen in real reports.

Every identity of the template holds: Table 3 row totals, the results summing to （七）总计,
the balance new + carried over = processed + carried forward per column, Table 4 group totals.
Fee and procurement amounts are printed strings (万元, with decimals) so that the printed
form and the value agree exactly.
"""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal

from nianbao.schema.template import load_template

APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org")

# level -> (probability that Table 3 and 4 are all zero, (min, max) new applications)
_APPLICATIONS = {
    "township": (0.7, (1, 6)),
    "county_bureau": (0.55, (1, 40)),
    "district_government": (0.05, (15, 400)),
    "city_office": (0.1, (20, 600)),
    "whole_city": (0.0, (10000, 60000)),
    "province": (0.0, (300, 3000)),
}
# level -> upper bounds for Table 2 (licensing, penalty, coercion decisions; normative documents issued)
_T2 = {
    "township": (50, 200, 20, 3),
    "county_bureau": (8000, 6000, 400, 10),
    "district_government": (30000, 20000, 2000, 30),
    "city_office": (2000, 500, 50, 40),
    "whole_city": (900000, 4000000, 80000, 300),
    "province": (200000, 100000, 5000, 120),
}
_BIG = ("whole_city", "province")

# Result rows with their share ranges of processed applications (2021 edition ids).
_RESULTS = (
    ("granted", (30, 65)),
    ("partially_granted", (3, 12)),
    ("denied_state_secret", (0, 1)),
    ("denied_prohibited_by_law", (0, 1)),
    ("denied_three_safety_one_stability", (0, 1)),
    ("denied_third_party_rights", (0, 2)),
    ("denied_internal_affairs", (0, 2)),
    ("denied_process_info", (0, 2)),
    ("denied_enforcement_files", (0, 1)),
    ("denied_administrative_query", (0, 2)),
    ("unavailable_not_held", (9, 22)),
    ("unavailable_needs_creation", (2, 6)),
    ("unavailable_unclear", (1, 2)),
    ("not_processed_petition", (1, 5)),
    ("not_processed_repeated", (1, 4)),
    ("not_processed_publication", (0, 1)),
    ("not_processed_mass_repeated", (0, 2)),
    ("not_processed_confirmation", (0, 1)),
    ("other_overdue_correction", (1, 4)),
    ("other_overdue_fee", (0, 1)),
    ("other_other", (1, 5)),
)
_OTHER_21 = ("other_overdue_correction", "other_overdue_fee", "other_other")


def _split(rng: random.Random, n: int, weights: list[float]) -> list[int]:
    """n items into len(weights) bins (a multinomial draw)."""
    if n <= 0:
        return [0] * len(weights)
    if n <= 20000:
        counts = Counter(rng.choices(range(len(weights)), weights=weights, k=n))
        return [counts.get(i, 0) for i in range(len(weights))]
    total = sum(weights)
    parts = [int(n * w / total * rng.uniform(0.97, 1.03)) for w in weights]
    parts[0] += n - sum(parts)
    return parts


def _amount(rng: random.Random, lo: float, hi: float) -> str:
    places = rng.choice((2, 2, 2, 4, 1))
    q = Decimal(1).scaleb(-places)
    return str(Decimal(str(rng.uniform(lo, hi))).quantize(q))


def table3_and_4(rng: random.Random, level: str, edition: str) -> dict[str, int]:
    """Table 3 and Table 4 values, all identities holding."""
    zero_p, (lo, hi) = _APPLICATIONS[level]
    out: dict[str, int] = {}
    t3_rows = [r for r in load_template(edition).tables["t3"].rows if not r.alternative_to]
    result_ids = [r.id for r in t3_rows if r.result]
    if rng.random() < zero_p:
        for r in t3_rows:
            for c in (*APPLICANTS, "total"):
                out[f"t3.{r.id}.{c}"] = 0
    else:
        new = int(rng.uniform(lo ** 0.5, hi ** 0.5) ** 2) if hi > 100 else rng.randint(lo, hi)
        share = rng.uniform(0.93, 0.97)
        people = round(new * share) if new >= 10 else new - (1 if new > 3 and rng.random() < 0.4 else 0)
        orgs = _split(rng, new - people, [6, 1, 1.5, 2, 1.5])
        new_by_col = [people, *orgs]
        carry_rate = rng.uniform(0.02, 0.08)
        shares = [rng.uniform(a, b) for _, (a, b) in _RESULTS]
        weights = dict(zip((r for r, _ in _RESULTS), shares))
        if edition == "2019":
            weights["other_processing"] = sum(weights.pop(r) for r in _OTHER_21)
        w = [weights[r] for r in result_ids]
        for ci, c in enumerate(APPLICANTS):
            n = new_by_col[ci]
            carried_over = round(n * rng.uniform(0.02, 0.08)) if n >= 5 else (1 if n and rng.random() < 0.1 else 0)
            available = n + carried_over
            forward = round(available * carry_rate) if available >= 5 else 0
            processed = available - forward
            out[f"t3.new_received.{c}"] = n
            out[f"t3.carried_over.{c}"] = carried_over
            out[f"t3.carried_forward.{c}"] = forward
            out[f"t3.total_processed.{c}"] = processed
            for rid, v in zip(result_ids, _split(rng, processed, w)):
                out[f"t3.{rid}.{c}"] = v
        for r in t3_rows:
            out[f"t3.{r.id}.total"] = sum(out[f"t3.{r.id}.{c}"] for c in APPLICANTS)
    out.update(_table4(rng, level, zero=out["t3.new_received.total"] == 0))
    return out


def _table4(rng: random.Random, level: str, zero: bool) -> dict[str, int]:
    scale = {"whole_city": 300, "province": 60, "district_government": 12, "city_office": 10}.get(level, 2)
    out = {}
    for g, f in (("review", 1.0), ("litigation_direct", 0.5), ("litigation_after_review", 0.3)):
        n = 0 if zero or rng.random() < 0.4 else rng.randint(0, max(1, int(scale * f)))
        vals = _split(rng, n, [7, 1, 2, 1.5])
        for c, v in zip(("upheld", "corrected", "other", "pending"), vals):
            out[f"t4.{g}.{c}"] = v
        out[f"t4.{g}.total"] = n
    return out


def table2(rng: random.Random, level: str, edition: str) -> dict[str, int | str]:
    """Table 2 values; amounts are printed strings (万元)."""
    lic, pen, coe, norm = _T2[level]
    quiet = level in ("township", "county_bureau") and rng.random() < 0.5

    def draw(hi: int) -> int:
        if quiet or rng.random() < 0.25:
            return 0
        return int(rng.uniform(0, hi ** 0.5) ** 2) if hi > 1000 else rng.randint(0, hi)

    has_rules = level in ("province", "whole_city") or (level == "city_office" and rng.random() < 0.5)
    out: dict[str, int | str] = {}
    if edition == "2021":
        for row, can in (("regulations", has_rules), ("normative_documents", True)):
            issued = draw(12 if row == "regulations" else norm) if can else 0
            repealed = draw(max(1, issued // 2)) if can else 0
            out[f"t2.{row}.issued"] = issued
            out[f"t2.{row}.repealed"] = repealed
            out[f"t2.{row}.in_force"] = (issued + rng.randint(0, 40 * (1 + issued))) if can and not quiet else issued
        out["t2.licensing.decisions"] = draw(lic)
        out["t2.penalty.decisions"] = draw(pen)
        out["t2.coercion.decisions"] = draw(coe)
        out["t2.fees.amount"] = "0" if quiet or rng.random() < 0.4 else _amount(rng, 0.1, 30000 if level in _BIG else 900)
        return out
    for row, can in (("regulations", has_rules), ("normative_documents", True)):
        made = draw(12 if row == "regulations" else norm) if can else 0
        out[f"t2.{row}.new_made"] = made
        out[f"t2.{row}.new_published"] = made
        out[f"t2.{row}.total_published"] = made + (rng.randint(0, 60) if can and not quiet else 0)
    for row, hi in (("licensing", lic), ("other_services", lic // 4), ("penalty", pen), ("coercion", coe)):
        prev = 0 if quiet else rng.randint(0, 300 if level in _BIG else 40)
        out[f"t2.{row}.prev_items"] = prev
        out[f"t2.{row}.change"] = rng.randint(-min(prev, 5), 6) if prev else 0
        out[f"t2.{row}.decisions"] = draw(hi)
    prev = 0 if quiet else rng.randint(0, 30)
    out["t2.fees.prev_items"] = prev
    out["t2.fees.change"] = rng.randint(-min(prev, 3), 2) if prev else 0
    projects = 0 if quiet else rng.randint(0, 400 if level in _BIG else 30)
    out["t2.procurement.projects"] = projects
    out["t2.procurement.amount"] = _amount(rng, 1, 50000 if level in _BIG else 3000) if projects else "0"
    return out
