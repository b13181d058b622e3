"""Output of `nianbao check`: findings for people (human, html) and machines (json, github)."""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from nianbao.rules.base import SEVERITY_NAMES, TABLE_NAMES
from nianbao.schema.model import SEVERITY_RANK, Finding, Report

FORMATS = ("human", "json", "github", "html")
Item = tuple[Path, Report]


def render_findings(items: Sequence[Item], fmt: str) -> str:
    """Render checked reports (their ``findings`` set) in one of ``FORMATS``."""
    if fmt == "json":
        return to_json(items)
    if fmt == "github":
        return to_github(items)
    if fmt == "html":
        return to_html(items)
    return to_human(items)


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-SEVERITY_RANK[f.severity], (f.detail or {}).get("line") or 0))


def summary(findings: list[Finding]) -> str:
    n = Counter(f.severity for f in findings)
    if not findings:
        return "未发现问题 (no findings)"
    return f"共 {len(findings)} 项：错误 {n['error']}，警告 {n['warning']}，提示 {n['info']}"


def edition_label(edition: str) -> str:
    return "2019年以前格式" if edition == "pre2019" else f"{edition}版"


def to_json(items: Sequence[Item]) -> str:
    """One file: exactly the spec's object; several: a list of them, each with its file."""
    if len(items) == 1:
        return json.dumps(items[0][1].to_contract(), ensure_ascii=False, indent=1)
    return json.dumps([{"file": str(p), **r.to_contract()} for p, r in items], ensure_ascii=False, indent=1)


def to_human(items: Sequence[Item]) -> str:
    """Chinese, one block per file: severity, code, message (table/row/column as printed,
    expected and actual), and where in the source."""
    out = []
    for path, r in items:
        head = f"{path}"
        who = "，".join(str(x) for x in (r.meta.agency, f"{r.meta.year}年度" if r.meta.year else None, edition_label(r.edition)) if x)
        out.append(f"{head}  （{who}）")
        for f in _sorted(r.findings):
            loc = f"[{f.location}] " if f.location else ""
            out.append(f"  {SEVERITY_NAMES[f.severity]:<2} {f.code:<26} {loc}{f.message}")
        out.append(f"  {summary(r.findings)}")
        out.append("")
    if len(items) > 1:
        worst = Counter(max((f.severity for f in r.findings), key=SEVERITY_RANK.get, default="clean") for _, r in items)
        out.append(f"共检查 {len(items)} 个文件：有错误 {worst['error']}，仅有警告 {worst['warning']}，仅有提示 {worst['info']}，无问题 {worst['clean']}")
    return "\n".join(out).rstrip() + "\n"


def _gh_escape(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def to_github(items: Sequence[Item]) -> str:
    """GitHub Actions workflow commands: annotations on the file and line."""
    kind = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for path, r in items:
        for f in _sorted(r.findings):
            d = f.detail or {}
            pos = f",line={d['line']}" if d.get("line") else ""
            title = _gh_escape(f"{f.code} {f.name or ''}".strip()).replace(",", "%2C").replace("::", "%3A%3A")
            lines.append(f"::{kind[f.severity]} file={path}{pos},title={title}::{_gh_escape(f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")


_CSS = """body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%;margin-bottom:2em}td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
.error{color:#b00020}.warning{color:#a15c00}.info{color:#555}code{font-size:.9em}"""


def to_html(items: Sequence[Item]) -> str:
    """A standalone HTML page: one table of findings per file."""
    e = html.escape
    parts = ["<!doctype html>", '<html lang="zh-CN"><head><meta charset="utf-8">', "<title>年报检查结果 (nianbao check)</title>",
             f"<style>{_CSS}</style></head><body>", "<h1>政府信息公开工作年度报告检查结果</h1>"]
    for path, r in items:
        parts.append(f"<h2>{e(str(path))}</h2><p>{e(r.meta.agency or '')} {e(str(r.meta.year or ''))} · {e(edition_label(r.edition))} · {e(summary(r.findings))}</p>")
        if not r.findings:
            continue
        parts.append("<table><tr><th>级别</th><th>代码</th><th>说明</th><th>应为</th><th>实为</th><th>位置</th></tr>")
        for f in _sorted(r.findings):
            parts.append(
                f'<tr class="{f.severity}"><td>{SEVERITY_NAMES[f.severity]}</td><td><code>{e(f.code)}</code></td>'
                f"<td>{e(f.message)}</td><td>{e(_plain(f.expected))}</td><td>{e(_plain(f.actual))}</td><td>{e(f.location)}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _plain(v) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return "、".join("空" if x is None else str(x) for x in v)
    return str(v)


def render_catalogue(fmt: str, codes: Sequence[str] = ()) -> str:
    """The rule catalogue from the rules' docstrings: text, markdown (docs/rules.md) or json."""
    from nianbao.rules.registry import all_rules, get_rule

    rules = [get_rule(c) for c in codes] if codes else list(all_rules().values())
    if fmt == "json":
        return json.dumps(
            [{"code": r.code, "name": r.name, "severity": r.severity, "family": r.family, "editions": list(r.editions),
              "cross_year": r.cross_year, "summary": r.summary(), "doc": r.doc()} for r in rules],
            ensure_ascii=False, indent=1,
        ) + "\n"
    if fmt == "markdown":
        out = ["# Rules", "", "<!-- Generated by `nianbao rules --format markdown > docs/rules.md`; edit the rule docstrings instead. -->", "",
               "Every finding of `nianbao check` carries one of these codes. Codes never change meaning.", "",
               "| code | name | severity | summary |", "|---|---|---|---|"]
        out += [f"| [`{r.code}`](#{r.code.lower()}) | {r.name} | {r.severity} | {r.summary()} |" for r in rules]
        for r in rules:
            body = r.doc().split("\n", 1)[1].strip() if "\n" in r.doc() else ""
            scope = "editions " + ", ".join(r.editions) + ("; needs last year's report (`--prev`)" if r.cross_year else "")
            if r.tables:
                scope += "; runs when " + ", ".join(TABLE_NAMES[t] for t in r.tables) + " was found"
            out += ["", f"## {r.code}", "", f"**{r.name}** · default severity `{r.severity}` · family `{r.family}` · {scope}", "",
                    r.summary(), "", body]
        return "\n".join(out).rstrip() + "\n"
    width = max(len(r.code) for r in rules)
    lines = [f"{r.code:<{width}}  {SEVERITY_NAMES[r.severity]:<2}  {r.name:<36} {r.summary()}" for r in rules]
    if codes:
        lines = [f"{r.code} ({r.name}, {r.severity})\n\n{r.doc()}\n" for r in rules]
    return "\n".join(lines) + "\n"
