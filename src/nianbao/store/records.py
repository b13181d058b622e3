"""A Report as table rows and back: the one place that knows how reports are laid out in the store."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from nianbao.schema.model import CellValue, Finding, Meta, Provenance, Report, Section
from nianbao.store.migrations import FIGURES

# Which Table 3 rows add up to each outcome figure (total column).
_OUTCOME_ROWS = {
    "granted": ("granted",),
    "partially_granted": ("partially_granted",),
    "denied": (
        "denied_state_secret",
        "denied_prohibited_by_law",
        "denied_three_safety_one_stability",
        "denied_third_party_rights",
        "denied_internal_affairs",
        "denied_process_info",
        "denied_enforcement_files",
        "denied_administrative_query",
    ),
    "unavailable": ("unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear"),
    "not_processed": (
        "not_processed_petition",
        "not_processed_repeated",
        "not_processed_publication",
        "not_processed_mass_repeated",
        "not_processed_confirmation",
    ),
    "other_result": ("other_overdue_correction", "other_overdue_fee", "other_other", "other_processing"),
}
_T4_COLUMNS = ("upheld", "corrected", "other", "pending")

REPORT_COLUMNS = (
    "document_id agency agency_key region_code region_level province_code year edition parser_version "
    "title period_start period_end source format encoding errors warnings"
).split() + list(FIGURES)


def _sum(values: list[int | float | None]) -> int | float | None:
    """Sum of the known values; None when none is known (a blank is never a zero)."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def figures(report: Report) -> dict[str, int | float | None]:
    """The per-report figures the corpus statistics read (see ``migrations.FIGURES``)."""
    v = report.value
    out: dict[str, int | float | None] = {
        "applications": v("t3.new_received.total"),
        "carried_over": v("t3.carried_over.total"),
        "total_processed": v("t3.total_processed.total"),
    }
    for name, rows in _OUTCOME_ROWS.items():
        out[name] = _sum([v(f"t3.{r}.total") for r in rows])
    for col in _T4_COLUMNS:
        out[f"review_{col}"] = v(f"t4.review.{col}")
        out[f"litigation_{col}"] = _sum([v(f"t4.litigation_direct.{col}"), v(f"t4.litigation_after_review.{col}")])
    return out


def report_row(report: Report, document_id: int, identity, parser_version: str) -> dict[str, Any]:
    """The ``reports`` row of a parsed report; ``identity`` is an :class:`nianbao.agencies.Agency`."""
    m = report.meta
    period = m.period or (None, None)
    sev = [f.severity for f in report.findings]
    return {
        "document_id": document_id,
        "agency": m.agency,
        "agency_key": identity.key,
        "region_code": identity.region_code,
        "region_level": identity.region_level,
        "province_code": identity.region_code[:2] if identity.region_code else None,
        "year": m.year,
        "edition": report.edition,
        "parser_version": parser_version,
        "title": m.title,
        "period_start": period[0],
        "period_end": period[1],
        "source": m.source,
        "format": m.format,
        "encoding": m.encoding,
        "errors": sev.count("error"),
        "warnings": sev.count("warning"),
        **figures(report),
    }


# json.dumps with options builds an encoder per call; a report stores ~200 provenances
_to_json = json.JSONEncoder(ensure_ascii=False).encode


def cell_rows(report: Report, report_id: int) -> list[tuple]:
    return [
        (
            report_id,
            cid,
            c.value,
            c.raw,
            _to_json(c.provenance.model_dump(exclude_none=True)) if c.provenance else None,
            c.confidence,
        )
        for cid, c in report.cells.items()
    ]


def section_rows(report: Report, report_id: int) -> list[tuple]:
    return [(report_id, s.number, s.title, s.text, s.line, s.page) for s in report.sections]


def finding_rows(report: Report, report_id: int) -> list[tuple]:
    out = []
    for f in report.findings:
        detail = {k: getattr(f, k) for k in ("name", "expected", "actual", "detail") if getattr(f, k) is not None}
        out.append(
            (
                report_id,
                f.code,
                f.severity,
                json.dumps(f.cells, ensure_ascii=False),
                f.message,
                f.location,
                json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
            )
        )
    return out


def number(v: Any) -> int | float | None:
    """A stored number as Python: PostgreSQL NUMERIC comes back as Decimal."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def _provenance(text: str | None) -> Provenance | None:
    if not text:
        return None
    d = json.loads(text)
    if d.get("bbox") is not None:
        d["bbox"] = tuple(d["bbox"])
    return Provenance(**d)


def to_report(row: dict, layout: str | None, cells: list[dict], sections: list[dict], findings: list[dict]) -> Report:
    """Rebuild a Report from its stored rows (the inverse of the ``*_row(s)`` functions)."""
    period = (row["period_start"], row["period_end"]) if row["period_start"] else None
    meta = Meta(
        title=row["title"],
        agency=row["agency"],
        year=row["year"],
        period=period,
        source=row["source"],
        format=row["format"],
        encoding=row["encoding"],
        region_code=row["region_code"],
    )
    return Report(
        edition=row["edition"],
        meta=meta,
        layout=json.loads(layout) if layout else {},
        sections=[Section(number=s["number"], title=s["title"], text=s["text"], line=s["line"], page=s["page"]) for s in sections],
        cells={
            c["cell_id"]: CellValue(
                value=number(c["value"]),
                raw=c["raw"],
                provenance=_provenance(c["provenance"]),
                confidence=c["confidence"],
            )
            for c in cells
        },
        findings=[
            Finding(
                code=f["code"],
                severity=f["severity"],
                cells=json.loads(f["cells"]) if f["cells"] else [],
                message=f["message"] or "",
                location=f["location"] or "",
                **(json.loads(f["detail"]) if f["detail"] else {}),
            )
            for f in findings
        ],
    )
