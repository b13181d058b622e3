"""Questions asked of a corpus: statistics, agencies and their years, text search, read-only
SQL, and the comparison of two reports. Each function takes an open store
(:func:`nianbao.store.open_store`) and returns plain rows (lists of dicts) for any renderer.

>>> from nianbao.store import open_store
>>> from nianbao import corpus
>>> corpus.stats(open_store("nianbao.db"))["by_year"]
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from nianbao.schema.model import Report
from nianbao.store import Store

LEVELS = {"province": "省级", "city": "市级", "district": "县级", None: "未识别"}

OUTCOMES = {
    "granted": "予以公开",
    "partially_granted": "部分公开",
    "denied": "不予公开",
    "unavailable": "无法提供",
    "not_processed": "不予处理",
    "other_result": "其他处理",
}

DEFINITIONS = {
    "applications": "申请数 = 表三 一、本年新收政府信息公开申请数量 的总计列 (t3.new_received.total)",
    "outcome_share": "办理结果占比 = 各类办理结果（表三 三、（一）至（六），总计列）之和 ÷ 全部办理结果之和；空白不计为 0",
    "复议纠错率": "行政复议纠错率 = Σ结果纠正 ÷ Σ(结果维持 + 结果纠正 + 其他结果)，即已审结案件中被纠正的比例；"
    "取表四 t4.review.*，尚未审结的不计入，只统计三项都有数的报告",
    "诉讼纠错率": "行政诉讼纠错率 = Σ结果纠正 ÷ Σ(结果维持 + 结果纠正 + 其他结果)，两类诉讼（未经复议直接起诉、复议后起诉）合计；"
    "取表四 t4.litigation_direct.* 与 t4.litigation_after_review.*，只统计三项都有数的报告",
}


# -- statistics ------------------------------------------------------------------------------
def stats(store: Store, top: int = 10) -> dict[str, Any]:
    """Applications by year, region and level; outcome shares; correction rates of 复议 and
    诉讼 (definitions in ``definitions``); the most frequent findings.

    Reads only the ``reports`` table's per-report figures and the ``findings`` code index, so
    it stays well under a second on 100,000 reports (SQLite).
    """
    from nianbao.regions import all_regions

    group = "COUNT(*) AS reports, COUNT(applications) AS with_applications, SUM(applications) AS applications"
    by_year = store.rows(f"SELECT year, {group} FROM reports GROUP BY year ORDER BY year")
    by_region = store.rows(f"SELECT province_code, {group} FROM reports GROUP BY province_code ORDER BY applications DESC, province_code")
    regions = all_regions()
    for r in by_region:
        r["province"] = regions[r["province_code"]].name if r["province_code"] in regions else "未识别"
    by_level = store.rows(f"SELECT region_level AS level, {group} FROM reports GROUP BY region_level ORDER BY region_level")
    for r in by_level:
        r["level"] = LEVELS.get(r["level"], r["level"])

    sums = ", ".join(f"SUM({k}) AS {k}" for k in OUTCOMES)
    rate_parts = []
    for kind in ("review", "litigation"):
        known = f"{kind}_upheld IS NOT NULL AND {kind}_corrected IS NOT NULL AND {kind}_other IS NOT NULL"
        rate_parts.append(
            f"SUM(CASE WHEN {known} THEN {kind}_corrected END) AS {kind}_corrected, "
            f"SUM(CASE WHEN {known} THEN {kind}_upheld + {kind}_corrected + {kind}_other END) AS {kind}_concluded, "
            f"SUM(CASE WHEN {known} THEN 1 ELSE 0 END) AS {kind}_reports"
        )
    totals = store.rows(f"SELECT COUNT(*) AS reports, {sums}, {', '.join(rate_parts)} FROM reports")[0]
    all_results = sum(totals[k] or 0 for k in OUTCOMES)
    outcomes = [
        {"outcome": k, "label": label, "count": totals[k] or 0, "share": _ratio(totals[k] or 0, all_results)}
        for k, label in OUTCOMES.items()
    ]
    rates = [
        {
            "kind": name,
            "corrected": totals[f"{kind}_corrected"] or 0,
            "concluded": totals[f"{kind}_concluded"] or 0,
            "rate": _ratio(totals[f"{kind}_corrected"] or 0, totals[f"{kind}_concluded"] or 0),
            "reports": totals[f"{kind}_reports"] or 0,
        }
        for kind, name in (("review", "复议纠错率"), ("litigation", "诉讼纠错率"))
    ]
    findings = store.rows(
        "SELECT code, severity, COUNT(*) AS findings, COUNT(DISTINCT report_id) AS reports FROM findings "
        "GROUP BY code, severity ORDER BY findings DESC, code LIMIT ?",
        (top,),
    )
    return {
        "reports": totals["reports"],
        "by_year": by_year,
        "by_region": [{"province": r.pop("province"), **r} for r in by_region],
        "by_level": by_level,
        "outcomes": outcomes,
        "correction_rates": rates,
        "top_findings": findings,
        "definitions": DEFINITIONS,
    }


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


# -- agencies --------------------------------------------------------------------------------
def agencies(store: Store, year: int | None = None, missing: bool = False) -> list[dict[str, Any]]:
    """Bodies (one per agency key) with the years covered; with ``missing``, only bodies that
    have reports in other years but none for ``year``."""
    rows = store.rows(
        "SELECT agency_key, agency, region_code, region_level, year, id FROM reports ORDER BY agency_key, year, id"
    )
    from nianbao.regions import all_regions

    regions = all_regions()
    bodies: dict[str, dict[str, Any]] = {}
    for r in rows:
        b = bodies.setdefault(
            r["agency_key"] or "?",
            {
                "agency_key": r["agency_key"],
                "agency": r["agency"],
                "region": regions[r["region_code"]].name if r["region_code"] in regions else None,
                "level": LEVELS.get(r["region_level"], r["region_level"]),
                "years": [],
                "reports": 0,
            },
        )
        b["agency"] = r["agency"] or b["agency"]  # the latest printing of the name
        b["reports"] += 1
        if r["year"] is not None and r["year"] not in b["years"]:
            b["years"].append(r["year"])
    out = list(bodies.values())
    if missing:
        if year is None:
            from nianbao.errors import InputError

            raise InputError("--missing", "需要同时给出 --year (give --year with --missing)")
        out = [b for b in out if year not in b["years"]]
    elif year is not None:
        out = [b for b in out if year in b["years"]]
    return out


# -- search and query ------------------------------------------------------------------------
def search(store: Store, text: str, limit: int = 50) -> list[dict[str, Any]]:
    """Sections whose text contains ``text`` (any substring; indexed from 3 characters on)."""
    # control characters (a NUL makes FTS5 fail) never occur in stored section text
    text = "".join(ch for ch in text if ch >= " " or ch in "\t").strip()
    if not text:
        from nianbao.errors import InputError

        raise InputError("search", "搜索内容为空 (empty search text)")
    cols = "s.report_id, r.agency, r.year, s.number AS section, s.title, s.text"
    order = "ORDER BY r.year DESC, r.agency, s.report_id, s.number LIMIT ?"
    if store.dialect == "sqlite" and len(text) >= 3:
        phrase = '"' + text.replace('"', '""') + '"'
        rows = store.rows(
            f"SELECT {cols} FROM sections_fts f JOIN sections s ON s.id = f.rowid JOIN reports r ON r.id = s.report_id "
            f"WHERE sections_fts MATCH ? {order}",
            (phrase, limit),
        )
    else:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = store.rows(
            f"SELECT {cols} FROM sections s JOIN reports r ON r.id = s.report_id WHERE s.text LIKE ? ESCAPE '\\' {order}",
            (pattern, limit),
        )
    for r in rows:
        r["snippet"] = snippet(r.pop("text"), text)
    return rows


def snippet(text: str, needle: str, around: int = 30) -> str:
    """The passage around the first occurrence of ``needle``, marked with 【】."""
    i = text.find(needle)
    if i < 0:
        return text[: 2 * around]
    start, end = max(0, i - around), min(len(text), i + len(needle) + around)
    body = text[start:i] + "【" + needle + "】" + text[i + len(needle) : end]
    return ("…" if start else "") + body.replace("\n", " ") + ("…" if end < len(text) else "")


def query(store: Store, sql: str, limit: int | None = None) -> list[dict[str, Any]]:
    """Rows of one read-only SQL statement (anything that would write is refused)."""
    columns, rows = store.read_only(sql, limit=limit)
    return [dict(zip(columns, r)) for r in rows]


# -- compare ---------------------------------------------------------------------------------
def load(ref: str | os.PathLike, store_url: str | None = None) -> Report:
    """A report to compare: a file (parsed now) or a stored report (id or document-hash prefix)."""
    if Path(ref).is_file():
        import nianbao

        return nianbao.parse(ref)
    from nianbao.store import DEFAULT_DB, open_store

    url = store_url or DEFAULT_DB
    if not url.startswith(("postgres", "sqlite:")) and not Path(url).exists():
        from nianbao.errors import InputError

        raise InputError(str(ref), "不是文件，也没有数据库可查 (not a file, and there is no database)")
    with open_store(url) as store:
        return store.load_report(store.find_report(str(ref)))


def compare(a: Report, b: Report, min_chars: int = 20) -> dict[str, Any]:
    """Report ``a`` (earlier) against ``b``: changed cells with change and ratio, the
    cross-year findings on ``b`` given ``a``, and per-section text similarity with the
    passages of ``b`` copied from ``a``."""
    from nianbao.audit import audit
    from nianbao.similarity import copied_passages, similarity

    cells = []
    ids = list(a.cells) + [c for c in b.cells if c not in a.cells]
    for cid in ids:
        va, vb = a.value(cid), b.value(cid)
        if va == vb:
            continue
        both = va is not None and vb is not None
        cells.append(
            {
                "cell": cid,
                "a": va,
                "b": vb,
                "change": _round(vb - va) if both else None,
                "ratio": _round(vb / va) if both and va else None,
            }
        )
    alone = {_finding_key(f) for f in audit(b)}
    cross = [f.model_dump(exclude_none=True) for f in audit(b, prev=a) if _finding_key(f) not in alone]
    sections = []
    for sb in b.sections:
        sa = a.section(sb.number)
        if sa is None:
            continue
        sections.append(
            {
                "section": sb.number,
                "title": sb.title,
                # a section that prints only a table has no text to compare: no figure, not 100%
                "similarity": round(similarity(sa.text, sb.text), 4) if sa.text.strip() or sb.text.strip() else None,
                "copied": copied_passages(sb.text, sa.text, min_chars=min_chars),
            }
        )
    return {
        "a": _describe(a),
        "b": _describe(b),
        "cells_compared": len(ids),
        "cells": cells,
        "cross_year": cross,
        "sections": sections,
    }


def _finding_key(f) -> tuple:
    return (f.code, tuple(f.cells), f.message)


def _round(x: float) -> float | int:
    return round(x, 4) if isinstance(x, float) else x


def _describe(r: Report) -> dict[str, Any]:
    return {"agency": r.meta.agency, "year": r.meta.year, "edition": r.edition, "source": r.meta.source}


# -- the contract's JSON Schema --------------------------------------------------------------
def contract_schema() -> dict[str, Any]:
    """JSON Schema of the report contract (``Report.to_contract()``), from the pydantic models."""
    from nianbao.schema.template import load_template

    base = Report.model_json_schema(mode="serialization")
    ids: list[str] = []
    for ed in ("2021", "2019"):
        ids += [c for c in load_template(ed).cell_ids(with_alternatives=True) if c not in ids]
    number = {"anyOf": [{"type": "integer"}, {"type": "number"}, {"type": "null"}]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "nianbao report",
        "description": "A parsed 政府信息公开工作年度报告 in the cell-id contract (shared/spec/template.md).",
        "type": "object",
        "required": ["edition", "meta", "sections", "cells", "findings"],
        "properties": {
            "edition": {"type": "string", "enum": ["2021", "2019", "pre2019"]},
            "meta": {"$ref": "#/$defs/Meta"},
            "sections": {"type": "array", "items": {"$ref": "#/$defs/Section"}},
            "cells": {"type": "object", "propertyNames": {"enum": ids}, "additionalProperties": number},
            "findings": {"type": "array", "items": {"$ref": "#/$defs/Finding"}},
            "raw": {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
            "provenance": {"type": "object", "additionalProperties": {"$ref": "#/$defs/Provenance"}},
            "layout": {"type": "object"},
        },
        "$defs": base["$defs"],
    }
