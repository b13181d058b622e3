"""Build real PDF reports for the PDF reader tests, with reportlab (and LibreOffice).

``report_pdf(values)`` prints a small 2021-edition report: title, the six section headings,
and Tables 2, 3 and 4 in the official layout (merged header cells, the vertical
三、本年度办理结果 span, group cells spanning their sub-rows). Labels come from the
template, values from ``values`` (cell id -> printed text). ``ruled=False`` prints the same
tables without any rules, so that only positions delimit the columns.

``libreoffice_pdf(docx)`` prints a DOCX (the project's own official-layout writer) through
LibreOffice, the way most published reports are made: Word tables with merged cells.

Text uses reportlab's built-in CID font STSong-Light (not embedded; text extraction works
from its standard CMap), so no font file is needed.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from nianbao.schema.template import load_template

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

_BODY = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=18, wordWrap="CJK")
_HEAD = ParagraphStyle("head", parent=_BODY, fontSize=13, leading=22)
_CELL = ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9.5, wordWrap="CJK")
_SECTION_TITLES = [s.title for s in load_template("2021").sections]
_CN = "一二三四五六"


def random_values(seed: int) -> dict[str, str]:
    """Non-zero random printed values for every cell of the 2021 edition (fees with decimals)."""
    rng = random.Random(seed)
    out = {}
    for cid in load_template("2021").cell_ids():
        out[cid] = f"{rng.randint(1, 9999)}.{rng.randint(1, 99):02d}" if cid == "t2.fees.amount" else str(rng.randint(1, 999))
    return out


def report_pdf(values: dict[str, str], agency: str = "淮安市洪泽区人民政府", year: int = 2023, ruled: bool = True, encrypt: str | None = None) -> bytes:
    """A whole report as PDF bytes; ``encrypt`` encrypts it with that user password ("" for
    an owner password only: anyone may open it, permissions are restricted)."""
    story: list = [Paragraph(f"{agency}{year}年政府信息公开工作年度报告", _HEAD), Spacer(1, 6)]
    story.append(Paragraph(f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。", _BODY))
    tables = {2: _table2(values), 3: _table3(values), 4: _table4(values)}
    for n, title in enumerate(_SECTION_TITLES, start=1):
        story.append(Paragraph(f"{_CN[n - 1]}、{title}", _HEAD))
        if n in tables:
            rows, spans, widths = tables[n]
            story.append(_flowable(rows, spans, widths, ruled))
        else:
            story.append(Paragraph("本机关认真贯彻落实《中华人民共和国政府信息公开条例》，各项工作有序开展。", _BODY))
    buf = io.BytesIO()
    kwargs = {}
    if encrypt is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        kwargs["encrypt"] = StandardEncryption(encrypt, ownerPassword=encrypt + "-owner")
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=72, rightMargin=72, topMargin=72, bottomMargin=72, **kwargs).build(story)
    return buf.getvalue()


def _flowable(rows: list[list[str]], spans: list[tuple[int, int, int, int]], widths: list[float], ruled: bool) -> Table:
    data = [[Paragraph(t.replace("\n", "<br/>"), _CELL) if t else "" for t in row] for row in rows]
    style = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONT", (0, 0), (-1, -1), FONT, 7.5)]
    style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in spans]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.6, colors.black))
    return Table(data, colWidths=widths, style=TableStyle(style))


def _table2(v: dict[str, str]):
    t = load_template("2021").tables["t2"]
    rows, spans = [], []
    group = None
    for r in t.rows:
        if r.group != group:
            group = r.group
            spans.append((len(rows), 0, len(rows), 3))
            rows.append([group, "", "", ""])
            heads = [t.columns[c].label for c in r.columns]
            if len(heads) == 1:
                spans.append((len(rows), 1, len(rows), 3))
            rows.append(["信息内容", *heads, *[""] * (3 - len(heads))])
        vals = [v[f"t2.{r.id}.{c}"] for c in r.columns]
        if len(vals) == 1:
            spans.append((len(rows), 1, len(rows), 3))
        rows.append([r.label, *vals, *[""] * (3 - len(vals))])
    return rows, spans, [150, 100, 100, 100]


def _table3(v: dict[str, str]):
    t = load_template("2021").tables["t3"]
    cols = list(t.columns)
    body = [r for r in t.rows if not r.alternative_to]
    org = [t.columns[c].label for c in cols[1:6]]
    rows = [
        [t.note, "", "", "申请人情况", *[""] * 6],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", *org, ""],
    ]
    spans = [(0, 0, 2, 2), (0, 3, 0, 9), (1, 3, 2, 3), (1, 4, 1, 8), (1, 9, 2, 9)]
    results = [r for r in body if r.group and r.id != "carried_forward"]
    first_result = len(rows) + 2
    spans.append((first_result, 0, first_result + len(results) - 1, 0))
    groups: dict[str, list[int]] = {}
    for r in body:
        i = len(rows)
        vals = [v[f"t3.{r.id}.{c}"] for c in cols]
        if r.group is None:
            spans.append((i, 0, i, 2))
            rows.append([r.label, "", "", *vals])
        elif r.group == "三、本年度办理结果":
            spans.append((i, 1, i, 2))
            head = "\n".join("三、本年度办理结果") if i == first_result else ""
            rows.append([head, r.label, "", *vals])
        else:
            groups.setdefault(r.group, []).append(i)
            rows.append(["", r.group if len(groups[r.group]) == 1 else "", r.label, *vals])
    spans += [(g[0], 1, g[-1], 1) for g in groups.values()]
    return rows, spans, [26, 58, 110, *[33] * 7]


def _table4(v: dict[str, str]):
    tmpl = load_template("2021")
    cols = list(tmpl.tables["t4"].columns)
    labels = [tmpl.tables["t4"].columns[c].label for c in cols]
    rows = [
        ["行政复议", *[""] * 4, "行政诉讼", *[""] * 9],
        [*labels, "未经复议直接起诉", *[""] * 4, "复议后起诉", *[""] * 4],
        [*[""] * 5, *labels, *labels],
        [v[f"t4.{g}.{c}"] for g, _, _ in tmpl.t4_groups for c in cols],
    ]
    spans = [(0, 0, 0, 4), (0, 5, 0, 14), (1, 5, 1, 9), (1, 10, 1, 14)] + [(1, c, 2, c) for c in range(5)]
    return rows, spans, [30] * 15


def libreoffice_pdf(docx: bytes) -> bytes | None:
    """The DOCX printed to PDF by LibreOffice headless; None when LibreOffice is not installed."""
    return libreoffice_convert(docx, "pdf", "pdf")


def libreoffice_convert(docx: bytes, target: str, ext: str) -> bytes | None:
    """The DOCX saved by LibreOffice headless with filter ``target`` (``pdf``, ``html``,
    ``txt:Text (encoded):UTF8``) as a ``.ext`` file; None when LibreOffice is not installed."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="pdfkit-") as tmp:
        work = Path(tmp)
        (work / "report.docx").write_bytes(docx)
        profile = f"-env:UserInstallation={(work / 'profile').as_uri()}"  # concurrent runs do not share a profile
        cmd = [exe, profile, "--headless", "--norestore", "--convert-to", target, "--outdir", str(work), str(work / "report.docx")]
        subprocess.run(cmd, capture_output=True, timeout=180, check=True)
        return (work / f"report.{ext}").read_bytes()
