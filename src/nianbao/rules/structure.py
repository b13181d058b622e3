"""The report's frame: the three tables, their shape, the six sections and their order."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from nianbao.rules.base import SECTION_NAMES, TABLE_NAMES, Context, Rule, ids
from nianbao.schema.model import Finding
from nianbao.text import label_key, strip_enumerator

TABLE_TITLES = {"t2": "主动公开政府信息情况", "t3": "收到和处理政府信息公开申请情况", "t4": "政府信息公开行政复议、行政诉讼情况"}
SECTION_TITLES = {1: "总体情况", 2: "主动公开政府信息情况", 3: "收到和处理政府信息公开申请情况",
                  4: "政府信息公开行政复议、行政诉讼情况", 5: "存在的主要问题及改进情况", 6: "其他需要报告的事项"}


class TableMissing(Rule):
    """One of the three statistical tables cannot be found.

    **What it checks.** The report prints Table 2 (主动公开政府信息情况), Table 3
    (收到和处理政府信息公开申请情况) and Table 4 (政府信息公开行政复议、行政诉讼情况).
    Reports in the pre-2019 free format, or documents that are not annual reports at
    all, have none; they are never "clean".

    **Why it matters.** The tables are the part of the report that can be compared across
    agencies and years; without them nothing else can be verified.

    **Fails:** a 2017 report that describes its applications in prose only.

    **Passes:** a report printing all three tables, whatever their wording.
    """

    code = "TABLE-MISSING"
    name = "table-missing"
    severity = "error"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for tid in ("t2", "t3", "t4"):
            if ctx.template is not None and ctx.table_found(tid):
                continue
            hint = "（本报告似为2019年以前的格式）" if ctx.report.edition == "pre2019" else ""
            yield self.finding(
                ctx,
                f"未找到{TABLE_NAMES[tid]}「{TABLE_TITLES[tid]}」{hint}",
                expected="表格",
                actual=None,
                section=int(tid[1]) if ctx.report.section(int(tid[1])) else None,
                table=tid,
            )


class TableShape(Rule):
    """Rows or columns of a table deviate from the edition's template.

    **What it checks.** Table 3's header has the 总计 column; every template row of the
    edition is printed; edition 2021 reports print （六）其他处理 as its three numbered
    sub-rows, not as the single row of the 2019 trial format; Table 4 prints all fifteen
    values. Values of a collapsed （六） row are still read into ``t3.other_processing.*``
    and summed by T3-RESULTS-SUM.

    **Why it matters.** A report that drops or merges rows cannot be compared with other
    agencies' reports, and shifted columns are how numbers land in the wrong cells.

    **Fails:** a 2021 report whose Table 3 header lists the six applicant columns but no
    总计, or that prints （六）其他处理 as one row.

    **Passes:** the table exactly as the 2021 template prints it.
    """

    code = "TABLE-SHAPE"
    name = "table-shape"
    severity = "warning"
    editions = ("2021", "2019")

    def check(self, ctx: Context) -> Iterator[Finding]:
        t3 = ctx.tables_layout.get("t3") or {}
        if ctx.table_found("t3"):
            if t3.get("header_total") is False:
                cells = [f"t3.{r}.total" for r in ctx.t3_rows if ctx.value(f"t3.{r}.total") is None]
                yield self.finding(ctx, "表三表头缺少「总计」列", cells=cells, expected="总计", actual=None, shape="header-missing-total")
            if ctx.report.edition == "2021" and ctx.single_other_processing:
                cells = [f"t3.other_processing.{c}" for c in ctx.t3_columns]
                yield self.finding(
                    ctx,
                    "表三「（六）其他处理」印作一行（2019年试行格式），2021年版应分列三个子项",
                    cells=cells,
                    expected="（六）其他处理 1.–3. 三行",
                    actual="（六）其他处理 一行",
                    shape="single-other-processing",
                )
        found = {tid: ctx.table_found(tid) for tid in ("t2", "t3", "t4")}
        t3_rows = set(ctx.t3_rows)
        printed = ctx.printed_cells
        for key, cids in () if ctx.all_printed else ctx.rows.items():
            tid = key[:2]
            if not found.get(tid) or (tid == "t3" and key[3:] not in t3_rows):
                continue
            if not any(c in printed for c in cids):
                yield self.finding(
                    ctx,
                    f"{TABLE_NAMES[tid]}缺少「{ctx.row_label(cids[0])}」行",
                    cells=cids,
                    expected="印出该行",
                    actual=None,
                    shape="missing-row",
                )
        for tid in ("t2", "t3", "t4"):
            if not found[tid]:
                continue
            for s in (ctx.tables_layout.get(tid) or {}).get("shape", []):
                if s != "header-missing-total" and not s.startswith("t4-"):
                    yield self.finding(ctx, f"{TABLE_NAMES[tid]}版式异常：{s}", expected=None, actual=s, shape=s)


class SectionMissing(Rule):
    """One of the six sections is missing.

    **What it checks.** The report has the six sections of the national format, under any
    of their usual titles: 一、总体情况 … 六、其他需要报告的事项 (Arabic numbering accepted).

    **Why it matters.** Article 50 of the 条例 prescribes the contents; a missing section
    (most often 五、存在的主要问题及改进情况 or 六) is a missing obligation.

    **Fails:** a report that ends after Table 4 without 五 and 六.

    **Passes:** six sections, e.g. 五、政府信息公开工作存在的主要问题及改进情况.
    """

    code = "SECTION-MISSING"
    name = "section-missing"
    severity = "error"

    def check(self, ctx: Context) -> Iterator[Finding]:
        have = {s.number for s in ctx.report.sections}
        for n in range(1, 7):
            if n not in have:
                yield self.finding(
                    ctx,
                    f"缺少第{SECTION_NAMES[n]}部分「{SECTION_NAMES[n]}、{SECTION_TITLES[n]}」",
                    expected=f"{SECTION_NAMES[n]}、{SECTION_TITLES[n]}",
                    actual=None,
                    missing_section=n,
                )


class SectionOrder(Rule):
    """Section headings are out of order, duplicated, or numbered for another section.

    **What it checks.** The headings the extractor saw appear once each, in the order 一 to
    六, and a heading's printed number fits its title.

    **Why it matters.** A heading printed twice (often with the report title, from pasting
    a draft into a web page twice) or renumbered sections confuse readers and show that
    the report was not proofread.

    **Fails:** 一、总体情况 printed twice; or 三、其他需要报告的事项.

    **Passes:** 一、 … 六、 once each, in order (2、 3、 numbering is accepted).
    """

    code = "SECTION-ORDER"
    name = "section-order"
    severity = "warning"

    def check(self, ctx: Context) -> Iterator[Finding]:
        seen: dict[int, dict] = {}
        top = 0
        for h in ctx.report.layout.get("headings") or []:
            n = h["number"]
            where = {k: h[k] for k in ("line", "page") if h.get(k) is not None}
            loc = "，".join(x for x in (f"第{h['page']}页" if h.get("page") else "", f"第{h['line']}行" if h.get("line") else "") if x)
            if n in seen:
                first = seen[n]
                yield self._at(ctx, loc, where, f"标题「{h['title']}」重复出现（首次见于第{first.get('line') or '?'}行）",
                               n, expected="出现一次", actual="重复", kind="duplicated")
                continue
            seen[n] = h
            if n < top:
                yield self._at(ctx, loc, where, f"标题「{h['title']}」顺序错乱：出现在第{SECTION_NAMES[top]}部分之后",
                               n, expected=f"在第{SECTION_NAMES[top]}部分之前", actual="在其后", kind="order")
            top = max(top, n)
            if h.get("printed") is not None and h["printed"] != n:
                yield self._at(ctx, loc, where, f"标题「{h['title']}」的编号与内容不符：应为第{SECTION_NAMES[n]}部分",
                               n, expected=n, actual=h["printed"], kind="numbering")

    def _at(self, ctx: Context, loc: str, where: dict, message: str, n: int, **kw) -> Finding:
        f = self.finding(ctx, message, section=n, **kw)
        f.location = loc or f.location
        f.detail.update(where)
        return f


class TitleDuplicated(Rule):
    """The report title is printed again inside the body.

    **What it checks.** The title (e.g. XX局2021年政府信息公开工作年度报告) appears only at
    the top, not again as a line of a section.

    **Why it matters.** A repeated title is the mark of a draft pasted twice into the
    publishing system; what follows it is usually duplicated too.

    **Fails:** the title, 一、总体情况, then the title and 一、总体情况 again.

    **Passes:** the title once, then the six sections.
    """

    code = "TITLE-DUPLICATED"
    name = "title-duplicated"
    severity = "warning"

    def check(self, ctx: Context) -> Iterator[Finding]:
        title = ctx.report.meta.title
        key = label_key(title) if title else ""
        if len(key) < 8:
            return
        probe = key[-4:]  # cheap test first: the title's last words (年度报告) in the section at all
        for s in ctx.report.sections:
            if probe not in s.text:
                continue
            if any(label_key(line) == key for line in s.text.split("\n") if len(line) < 2 * len(title) + 10):
                yield self.finding(ctx, f"报告标题「{title}」在第{SECTION_NAMES[s.number]}部分中再次出现",
                                   section=s.number, expected="标题只出现一次", actual="重复")
                return


class LabelVariant(Rule):
    """A table row is printed under a label that differs from the template's wording.

    **What it checks.** The label each row of Tables 2 and 3 was read under (the
    extractor matches reworded, clipped and misspelt labels) contains the template's
    official wording, list number and group aside.

    **Why it matters.** Reworded labels (2.其他法律法规禁止公开 for 2.其他法律行政法规禁止公开) or
    labels clipped by a too-narrow cell are a sign of an outdated or hand-edited form;
    readers and machines matching on the official labels may miss the row.

    **Fails:** Table 3 prints 2.其他法律法规禁止公开.

    **Passes:** Table 3 prints 2.其他法律行政法规禁止公开, or （三）不予公开 2.其他法律行政法规禁止公开.
    """

    code = "TABLE-LABEL-VARIANT"
    name = "row-label-variant"
    severity = "info"
    editions = ("2021", "2019")

    def check(self, ctx: Context) -> Iterator[Finding]:
        cells = ctx.report.cells
        for tid in ("t2", "t3"):
            table = ctx.template.tables[tid]
            for spec in table.rows:
                if tid == "t3" and spec.id not in ctx.t3_rows:
                    continue
                row = ids(tid, (spec.id,), spec.columns)
                # every cell of a row was read under the same label: the first that says
                prov = next((cells[c].provenance for c in row if c in cells and cells[c].provenance), None)
                if prov is None or not prov.label or not _is_variant(prov.label, spec.label):
                    continue
                yield self.finding(
                    ctx,
                    f"{TABLE_NAMES[tid]}的行标签印作「{prov.label.strip()}」，模板为「{spec.label}」",
                    cells=[c for c in row if c in cells],
                    expected=spec.label,
                    actual=prov.label.strip(),
                )


@lru_cache(maxsize=4096)
def _is_variant(printed: str, official: str) -> bool:
    return _official_key(official) not in label_key(printed)


@lru_cache(maxsize=256)
def _official_key(label: str) -> str:
    return strip_enumerator(label_key(label))
