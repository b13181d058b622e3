"""Rendered reports read back: random valid data files written as DOCX, HTML, PDF, Markdown and
text parse back (nianbao.parse) to the same cells and six sections with no error finding.

CI runs 200 reports (txt 70, md 60, html 50, docx 12, pdf 8); NIANBAO_ROUNDTRIP_N=200 runs 200
of every format instead. Random reports come from nianbao.testing when it is installed, otherwise
from a small generator here that fills the template consistently.
"""

from __future__ import annotations

import importlib.util
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import nianbao
from nianbao.draft import leaf_cells, load_data, new_report, report_from_values, to_yaml
from nianbao.render.official import official_bytes
from nianbao.schema.model import Report
from nianbao.schema.template import load_template

COUNTS = {"txt": 70, "md": 60, "html": 50, "docx": 12, "pdf": 8}
if os.environ.get("NIANBAO_ROUNDTRIP_N"):
    COUNTS = dict.fromkeys(COUNTS, int(os.environ["NIANBAO_ROUNDTRIP_N"]))
AGENCIES = ("某某市某某区人民政府", "某某县财政局", "某某市人民政府办公室", "某某镇人民政府", "某某省生态环境厅")


def _reader_missing(fmt: str) -> str | None:
    mod = {"txt": "txt", "md": "txt", "html": "html", "docx": "docx", "pdf": "pdf"}[fmt]
    if importlib.util.find_spec(f"nianbao.readers.{mod}") is None:
        return f"nianbao.readers.{mod} is not written yet: {fmt} cannot be parsed back"
    return None


def generated_report(seed: int) -> Report:
    """A random valid report: from nianbao.testing if present, else from :func:`simple_report`."""
    try:
        from nianbao.testing.sample import make_sample
    except ImportError:
        return simple_report(seed)
    s = make_sample(20251, seed, "txt", quirk_rate=0, defect_rate=0)
    return s.report


def simple_report(seed: int) -> Report:
    """Random leaves from the template, balanced per column; plain narrative texts."""
    rng = random.Random(seed)
    edition = rng.choice(("2021", "2021", "2019"))
    year = rng.choice((2021, 2022, 2023, 2024, 2025) if edition == "2021" else (2019, 2020))
    tmpl = load_template(edition)
    values: dict[str, int | float] = {}
    for cid in leaf_cells(tmpl):
        col = tmpl.column(cid)
        values[cid] = round(rng.uniform(0, 500), 2) if col.decimal else rng.choice((0, 0, 1, 3, rng.randint(0, 400)))
        if col.signed:  # 2019's 本年增/减: never below minus last year's count
            values[cid] = rng.randint(-int(values[cid.replace(".change", ".prev_items")]), 5)
    results = tmpl.result_rows(alternative=False)
    for c, col in tmpl.tables["t3"].columns.items():
        if col.total:
            continue
        processed = sum(values[f"t3.{r}.{c}"] for r in results)
        over, fwd = values[f"t3.carried_over.{c}"], values[f"t3.carried_forward.{c}"]
        values[f"t3.carried_over.{c}"] = min(over, processed + fwd)
        values[f"t3.new_received.{c}"] = processed + fwd - values[f"t3.carried_over.{c}"]
    received = sum(values[f"t3.new_received.{c}"] for c in tmpl.tables["t3"].columns if c != "total")
    texts = {
        1: f"{year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开。\n"
        f"（一）主动公开。全年在政府网站主动公开政府信息{rng.randint(10, 3000)}条。\n"
        f"（二）依申请公开。全年共收到政府信息公开申请{received}件，均按时答复。",
        5: "工作中仍存在公开内容不够全面等问题。下一步将加强业务培训，提升工作质量。",
        6: f"{year}年度，本机关未收取政府信息公开信息处理费。",
    }
    return report_from_values(edition, rng.choice(AGENCIES), year, texts, values, "<random>")


def _squash(text: str, fmt: str = "") -> str:
    """Text without whitespace: line wrapping and paragraph breaks do not count. In PDF the
    reader places curly quotes by their glyph boxes, which sit above the line, so they are
    compared apart from the words (a known limitation of the PDF reader's line grouping)."""
    text = re.sub(r"\s+", "", text)
    return re.sub("[“”‘’]", "", text) if fmt == "pdf" else text


def roundtrip_problems(src: Report, path: Path) -> list[str]:
    got = nianbao.parse(path)
    fmt = path.suffix.lstrip(".")
    problems = []
    if (got.edition, got.meta.agency, got.meta.year) != (src.edition, src.meta.agency, src.meta.year):
        problems.append(f"meta {got.edition} {got.meta.agency} {got.meta.year}")
    cells = [k for k, v in src.values().items() if got.values().get(k) != v]
    if cells:
        problems.append(f"cells differ: {cells[:5]}")
    want = [(s.number, _squash(s.text, fmt)) for s in src.sections]
    have = [(s.number, _squash(s.text, fmt)) for s in got.sections]
    if fmt == "pdf":
        quotes = [s.number for s in src.sections if _squash(s.text) != _squash(s.text, fmt)]
        if any(re.sub(r"\s+", "", s.text).count("“") != src.section(s.number).text.count("“") for s in got.sections if s.number in quotes):
            problems.append("curly quotes lost")
    if want != have:
        problems.append(f"sections differ: {[a for a, b in zip(want, have) if a != b][:1] or have}")
    errors = [f"{f.code}: {f.message}" for f in got.findings if f.severity == "error"]
    if errors:
        problems.append(f"error findings: {errors}")
    return problems


def _cases():
    out = []
    for fmt, count in COUNTS.items():
        out.append(pytest.param(fmt, count, id=f"{fmt}-{count}"))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("fmt,count", _cases())
def test_roundtrip(tmp_path, fmt, count):
    reason = _reader_missing(fmt)
    if reason:
        pytest.skip(reason)
    offset = sum(COUNTS[f] for f in list(COUNTS)[: list(COUNTS).index(fmt)])
    failures = []
    for i in range(count):
        seed = offset + i
        truth = generated_report(seed)
        data = tmp_path / f"{seed}.yaml"
        data.write_text(to_yaml(truth), "utf-8")
        src = load_data(data)
        out = tmp_path / f"{seed}.{fmt}"
        out.write_bytes(official_bytes(src, fmt))
        problems = roundtrip_problems(src, out)
        if problems:
            failures.append(f"seed {seed} ({src.edition}): {problems}")
    assert not failures, f"{len(failures)} of {count} {fmt} reports did not read back:\n" + "\n".join(failures[:5])


def test_simple_generator_is_valid():
    for seed in range(5):
        r = simple_report(seed)
        for c in load_template(r.edition).tables["t3"].columns:
            assert r.value(f"t3.new_received.{c}") + r.value(f"t3.carried_over.{c}") == (
                r.value(f"t3.total_processed.{c}") + r.value(f"t3.carried_forward.{c}")
            )


def test_text_roundtrip_with_the_simple_generator(tmp_path):
    for seed in range(10):
        src = simple_report(1000 + seed)
        out = tmp_path / f"{seed}.txt"
        out.write_bytes(official_bytes(src, "txt"))
        assert roundtrip_problems(src, out) == []


def test_html_merges_heads_as_printed():
    html = official_bytes(new_report("2021", 2025, "某某区人民政府"), "html").decode()
    tmpl = load_template("2021")
    assert f'<th class="note" rowspan="3" colspan="3">{tmpl.tables["t3"].note}</th>' in html
    assert '<th class="head" colspan="5">法人或其他组织</th>' in html
    assert '<th class="head" colspan="10">行政诉讼</th>' in html
    assert ">某某区人民政府2025年政府信息公开工作年度报告</h1>" in html
    assert "统计期限自2025年1月1日起至2025年12月31日止" in html


def test_pdf_is_a4_with_a_cjk_font():
    import io

    import pdfplumber

    data = official_bytes(new_report("2021", 2025, "某某区人民政府"), "pdf")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)
        fonts = {c["fontname"] for c in page.chars}
        assert any("CJK" in f for f in fonts), fonts
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert "勾稽关系" in _squash(text) and "申请人情况" in _squash(text)


def test_docx_opens_and_converts_with_libreoffice(tmp_path):
    import docx

    from nianbao.schema.template import load_template

    path = tmp_path / "report.docx"
    path.write_bytes(official_bytes(new_report("2021", 2025, "某某区人民政府"), "docx"))
    d = docx.Document(str(path))
    sec = d.sections[0]
    assert (round(sec.page_width.cm, 1), round(sec.page_height.cm, 1)) == (21.0, 29.7)
    assert len(d.tables) == 3
    t3 = d.tables[1]
    assert t3.cell(0, 0).text == load_template("2021").tables["t3"].note
    assert t3.cell(0, 0)._tc is t3.cell(2, 2)._tc  # the note spans three rows and three columns
    assert 'w:eastAsia="宋体"' in d.styles["Normal"].element.xml
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (scripts/apt-packages.txt: libreoffice-writer-nogui)")
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = tmp_path / "report.pdf"
    assert pdf.exists()
    got = nianbao.parse(pdf) if importlib.util.find_spec("nianbao.readers.pdf") else None
    if got is not None:
        assert got.meta.year == 2025 and got.value("t3.new_received.total") == 0


def test_markdown_heading_markers_are_not_text():
    md = "# 某某区人民政府2025年政府信息公开工作年度报告\n\n## 一、总体情况\n\n正文。\n\n## 五、存在的主要问题及改进情况\n\n问题。\n"
    got = nianbao.parse(md.encode(), name="r.md")
    assert got.meta.agency == "某某区人民政府" and got.meta.year == 2025
    assert [(s.number, s.text) for s in got.sections] == [(1, "正文。"), (5, "问题。")]
