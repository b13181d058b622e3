"""Data files <-> Report: the numbers and texts a report writer fills in.

A data file holds the leaf cells (every cell that is not a total) and the six sections'
texts. Three kinds are read:

- YAML, as written by ``nianbao new`` (tables nested as ``t3: {row: {column: n}}``);
- an Excel workbook written by ``nianbao new`` (one sheet per table laid out as printed);
- the JSON object that ``nianbao parse`` prints (so a published report can be re-issued).

Totals (every row's 总计 column, （七）总计, 表四 总计) are computed from the leaves; a total
the file does give must agree, or :class:`~nianbao.errors.InputError` names the cell.
A data file may name a register of applications (``register: file.csv``) in place of the
Table 3 numbers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from nianbao.errors import InputError
from nianbao.schema.model import CellValue, Meta, Report, Section
from nianbao.schema.template import EDITIONS, Template, edition_for_year, load_template
from nianbao.text import parse_number

__all__ = [
    "new_report", "load_data", "complete", "computed_parts", "leaf_cells", "cell_place", "report_from_values",
    "to_yaml", "write_data",
]


def computed_parts(tmpl: Template) -> dict[str, list[str]]:
    """Each computed cell with the cells it sums, in an order where parts come first."""
    out: dict[str, list[str]] = {}
    t3 = tmpl.tables["t3"]
    applicants = [c for c, col in t3.columns.items() if not col.total]
    total = next(c for c, col in t3.columns.items() if col.total)
    for r in t3.rows:
        if not r.sum_of_results and not r.alternative_to:
            out[f"t3.{r.id}.{total}"] = [f"t3.{r.id}.{c}" for c in applicants]
    results = tmpl.result_rows(alternative=False)
    for r in t3.rows:
        if r.sum_of_results:
            for c in t3.columns:
                out[f"t3.{r.id}.{c}"] = [f"t3.{x}.{c}" for x in results]
    t4 = tmpl.tables["t4"]
    t4_total = next(c for c, col in t4.columns.items() if col.total)
    for gid, _, _ in tmpl.t4_groups:
        out[f"t4.{gid}.{t4_total}"] = [f"t4.{gid}.{c}" for c in t4.columns if c != t4_total]
    return out


def leaf_cells(tmpl: Template) -> list[str]:
    """The cells a report writer fills in: every cell of the edition that is not a total."""
    computed = computed_parts(tmpl)
    return [c for c in tmpl.cell_ids() if c not in computed]


def cell_place(tmpl: Template, cell_id: str) -> str:
    """Where a cell is printed, for messages: 表「…」「row」行「column」列 (cell id)."""
    title, row, col = tmpl.labels(cell_id)
    return f"「{title}」表「{row}」行「{col}」列 ({cell_id})"


def check_leaf(tmpl: Template, cell_id: str, raw: Any) -> int | float:
    """A leaf value from a data file, or ValueError saying (in Chinese) what is wrong with it."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValueError("未填写，没有请填 0 (blank: write 0 for none)")
    if isinstance(raw, bool):
        raise ValueError(f"不是数字：{raw!r} (not a number)")
    if isinstance(raw, (int, float)):
        value: int | float = raw
    else:
        value, kind = parse_number(str(raw))
        if kind != "number":
            raise ValueError(f"不是数字：{raw!r} (not a number)")
    col = tmpl.column(cell_id)
    if not col.decimal:
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(f"应为整数：{raw!r} (must be a whole number)")
            value = int(value)
    if value < 0 and not col.signed:
        raise ValueError(f"不能为负数：{raw!r} (must not be negative)")
    return value


def complete(values: dict[str, Any], tmpl: Template, source: str, where=None) -> dict[str, int | float]:
    """Every cell of the edition: leaves checked, totals computed and compared with given ones.

    ``where(cell_id)`` may say where a cell sits in the source file (a sheet cell); by default
    the template's labels name it. Raises InputError on the first bad cell.
    """
    place = where or (lambda cid: cell_place(tmpl, cid))
    out: dict[str, int | float] = {}
    for cid in leaf_cells(tmpl):
        try:
            out[cid] = check_leaf(tmpl, cid, values.get(cid))
        except ValueError as e:
            raise InputError(source, f"{place(cid)}：{e}") from None
    for cid, parts in computed_parts(tmpl).items():
        out[cid] = sum(out[p] for p in parts)
    for cid, parts in computed_parts(tmpl).items():
        given = values.get(cid)
        if given is None or (isinstance(given, str) and not given.strip()):
            continue
        try:
            g = check_leaf(tmpl, cid, given)
        except ValueError as e:
            raise InputError(source, f"{place(cid)}：{e}") from None
        if g != out[cid]:
            raise InputError(
                source,
                f"{place(cid)}：填写的合计为 {given}，各项相加应为 {out[cid]} (total disagrees with the sum of its parts)",
            )
    return out


def report_from_values(
    edition: str, agency: str, year: int, sections: dict[int, str], values: dict[str, Any], source: str, where=None
) -> Report:
    """A complete Report from a data file's parts (totals computed, leaves checked)."""
    return _report(edition, agency, year, sections, complete(values, load_template(edition), source, where), source)


def _report(edition: str, agency: str, year: int, sections: dict[int, str], values: dict[str, Any], source: str) -> Report:
    tmpl = load_template(edition)
    cells = {}
    for cid in tmpl.cell_ids():
        v = values.get(cid)
        cells[cid] = CellValue(value=v, raw=None if v is None else str(v))
    secs = [Section(number=s.number, title=s.title, text=(sections.get(s.number) or "").strip()) for s in tmpl.sections]
    meta = Meta(agency=agency, year=year, period=(f"{year}-01-01", f"{year}-12-31"), source=source)
    return Report(edition=edition, meta=meta, sections=secs, cells=cells)


def new_report(edition: str, year: int, agency: str) -> Report:
    """An empty report to fill in: every leaf 0, sections without text."""
    if edition not in EDITIONS:
        raise InputError("--edition", f"未知的版式 {edition!r}，可选 {'、'.join(EDITIONS)} (unknown edition)")
    tmpl = load_template(edition)
    return report_from_values(edition, agency, year, {}, dict.fromkeys(leaf_cells(tmpl), 0), "<new>")


# -- reading ------------------------------------------------------------------------------


def load_data(path: str | Path, register: str | Path | None = None, year: int | None = None,
              agency: str | None = None) -> Report:
    """Read a data file (YAML, Excel, parse JSON) or a register into a complete Report.

    ``register`` (or the data file's ``register:`` key) supplies Table 3. A register given as
    ``path`` itself needs ``year`` and ``agency``; its other tables are left blank.
    """
    p = Path(path)
    src = str(path)
    if not p.is_file():
        raise InputError(src, "文件不存在 (file not found)")
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml"):
        parts = _parts_from_yaml(p)
    elif suffix == ".json":
        parts = _parts_from_json(p)
    elif suffix == ".xlsx" and _is_draft_workbook(p):
        from nianbao.draft_xlsx import parts_from_workbook

        parts = parts_from_workbook(p)
    elif suffix in (".csv", ".xlsx"):
        return _report_from_register_only(p, year, agency)
    else:
        raise InputError(src, "不支持的数据文件类型，请用 .yaml .xlsx .json 或登记台账 .csv (unsupported data file)")
    if year is not None:
        parts["year"] = year
    if agency:
        parts["agency"] = agency
    reg = register or parts.pop("register", None)
    if reg is not None:
        reg_path = Path(reg) if Path(reg).is_absolute() or register else p.parent / reg
        parts["values"] = _with_register(parts["values"], reg_path, parts["edition"], parts["year"], src)
    where = parts.pop("where", None)
    return report_from_values(source=src, where=where, **parts)


def _with_register(values: dict, reg_path: Path, edition: str, year: int, source: str) -> dict:
    from nianbao.ledger import load_register, table3

    if any(k.startswith("t3.") and v is not None for k, v in values.items()):
        raise InputError(source, "同时给出了表三数字和登记台账，请只用一种 (Table 3 numbers and a register both given)")
    out = {k: v for k, v in values.items() if not k.startswith("t3.")}
    out.update(table3(load_register(reg_path), year, edition, str(reg_path)))
    return out


def _report_from_register_only(p: Path, year: int | None, agency: str | None) -> Report:
    """Table 3 from a register; Tables 2 and 4 and the sections stay blank (never a guessed 0)."""
    from nianbao.ledger import load_register, table3_cells

    if year is None or not agency:
        raise InputError(str(p), "用登记台账生成报告需要 --year 和 --agency (a register needs --year and --agency)")
    edition = edition_for_year(year)
    if edition not in EDITIONS:
        raise InputError(str(p), f"{year} 年没有官方表格版式 (no official layout for {year})")
    return _report(edition, agency, year, {}, table3_cells(load_register(p), year, edition, str(p)), str(p))


def _parts_from_yaml(p: Path) -> dict:
    src = str(p)
    try:
        data = yaml.safe_load(p.read_text("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        mark = getattr(e, "problem_mark", None)
        at = f"第{mark.line + 1}行：" if mark is not None else ""
        raise InputError(src, f"{at}不是有效的 YAML (invalid YAML)") from None
    if not isinstance(data, dict):
        raise InputError(src, "不是 nianbao 数据文件：顶层应为键值表 (not a data file)")
    edition, agency, year = check_meta(data, src)
    tmpl = load_template(edition)
    values: dict[str, Any] = {}
    for tid in ("t2", "t3", "t4"):
        table = data.get(tid) or {}
        if not isinstance(table, dict):
            raise InputError(src, f"{tid} 应为键值表 (must be a mapping)")
        for rid, row in table.items():
            if not isinstance(row, dict):
                raise InputError(src, f"{tid}.{rid} 应为键值表 (must be a mapping)")
            for col, v in row.items():
                cid = f"{tid}.{rid}.{col}"
                if cid not in _known_cells(tmpl):
                    raise InputError(src, f"未知的单元格 {cid} (unknown cell)")
                values[cid] = v
    sections = data.get("sections") or {}
    if not isinstance(sections, dict):
        raise InputError(src, "sections 应为 编号: 正文 的键值表 (must map numbers to texts)")
    texts = {}
    for k, v in sections.items():
        try:
            n = int(k)
        except (TypeError, ValueError):
            raise InputError(src, f"sections 的键应为 1 到 6：{k!r} (section numbers are 1-6)") from None
        if not 1 <= n <= 6:
            raise InputError(src, f"sections 的键应为 1 到 6：{k!r} (section numbers are 1-6)")
        texts[n] = "" if v is None else str(v)
    parts = {"edition": edition, "agency": agency, "year": year, "sections": texts, "values": values}
    if data.get("register"):
        parts["register"] = str(data["register"])
    return parts


def _known_cells(tmpl: Template) -> set[str]:
    return set(tmpl.cell_ids(with_alternatives=True))


def check_meta(data: dict, src: str) -> tuple[str, str, int]:
    """(edition, agency, year) of a data file (top level or its ``meta``), checked."""
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else data
    year = meta.get("year")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise InputError(src, f"year（年度）应为四位数年份：{year!r} (year must be a number)") from None
    edition = str(data.get("edition") or edition_for_year(year))
    if edition not in EDITIONS:
        raise InputError(src, f"版式 {edition!r} 没有官方表格，无法按官方格式生成 (edition has no official layout)")
    agency = meta.get("agency")
    if not agency or not str(agency).strip():
        raise InputError(src, "缺少 agency（机关名称）(agency missing)")
    return edition, str(agency).strip(), year


def _parts_from_json(p: Path) -> dict:
    src = str(p)
    try:
        data = json.loads(p.read_text("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(src, f"不是有效的 JSON：{e} (invalid JSON)") from None
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict) or not isinstance(data.get("cells"), dict):
        raise InputError(src, "不是 nianbao parse 输出的 JSON：缺少 cells (not parse output)")
    edition, agency, year = check_meta(data, src)
    tmpl = load_template(edition)
    values = {k: v for k, v in data["cells"].items() if k in _known_cells(tmpl)}
    alt = [r for r in tmpl.tables["t3"].rows if r.alternative_to]
    for r in alt:
        if any(values.get(f"t3.{r.id}.{c}") is not None for c in r.columns):
            raise InputError(src, f"「{r.label}」印作一行，请拆分到其下各项后再生成 (split the single row into its sub-rows)")
    texts = {}
    for s in data.get("sections") or []:
        if isinstance(s, dict) and isinstance(s.get("number"), int):
            texts[s["number"]] = str(s.get("text") or "")
    return {"edition": edition, "agency": agency, "year": year, "sections": texts, "values": values}


def _is_draft_workbook(p: Path) -> bool:
    from nianbao.draft_xlsx import is_draft_workbook

    return is_draft_workbook(p)


# -- writing ------------------------------------------------------------------------------


def write_data(report: Report, path: str | Path) -> None:
    """Write a report's leaf cells and texts as a data file (.yaml or .xlsx, by suffix)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml"):
        p.write_text(to_yaml(report), encoding="utf-8")
    elif suffix == ".xlsx":
        from nianbao.draft_xlsx import write_workbook

        write_workbook(report, p)
    else:
        raise InputError(str(path), "数据文件请用 .yaml 或 .xlsx 结尾 (data file must end in .yaml or .xlsx)")


class _Dumper(yaml.SafeDumper):
    pass


def _str_block(dumper, s: str):
    style = "|" if "\n" in s else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", s, style=style)


_Dumper.add_representer(str, _str_block)


def _flow(d: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {json.dumps(v)}" for k, v in d.items()) + "}"


def to_yaml(report: Report) -> str:
    """The data file as YAML: leaf cells only (totals are computed), labels as comments."""
    tmpl = load_template(report.edition)
    leaves = set(leaf_cells(tmpl))
    m = report.meta
    lines = [
        f"# {m.agency}{m.year}年政府信息公开工作年度报告 — nianbao 数据文件 (data file)",
        "# 只填叶子单元格；各行「总计」、（七）总计、表四「总计」由 nianbao render 计算。",
        "# Fill the leaf cells only; totals are computed. Render: nianbao render THIS.yaml -o report.docx",
        f"edition: {json.dumps(report.edition)}",
        f"agency: {json.dumps(m.agency, ensure_ascii=False)}",
        f"year: {m.year}",
        "# register: applications.csv   # 可选：用依申请公开登记台账计算表三 (optional: Table 3 from a register)",
        "",
    ]
    body = {s.number: s.text for s in report.sections}
    secs = {s.number: body.get(s.number, "") for s in tmpl.sections}
    lines.append("# 正文：一、总体情况 … 六、其他需要报告的事项 (section texts by number)")
    lines += yaml.dump({"sections": secs}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6).rstrip().split("\n")
    for tid in ("t2", "t3", "t4"):
        t = tmpl.tables[tid]
        lines += ["", f"{tid}:  # {t.title}"]
        row_ids = [r.id for r in t.rows if not r.alternative_to] if tid != "t4" else [g for g, _, _ in tmpl.t4_groups]
        for rid in row_ids:
            cols = t.row(rid).columns if tid != "t4" else tuple(t.columns)
            row = {c: report.value(f"{tid}.{rid}.{c}") for c in cols if f"{tid}.{rid}.{c}" in leaves}
            if not row:
                continue
            label = tmpl.labels(f"{tid}.{rid}.{cols[0]}")[1]
            heads = "，".join(f"{c} {t.columns[c].label}" for c in row)
            lines += [f"  # {label}（{heads}）", f"  {rid}: {_flow(row)}"]
    return "\n".join(lines) + "\n"
