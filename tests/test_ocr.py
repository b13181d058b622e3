"""Scanned reports: straightening, ruled grids, recognition with confidence, and whole
scanned reports (seeds, the Hongze PDFs, generated reports) read back cell for cell.

Scans are made here: a report printed to PDF, rasterised at 150-200 dpi, turned 0.5-1.5
degrees, blurred and specked, saved as an image-only PDF (tests/ocr_scans.py).
The full generated set is large; NIANBAO_OCR_REPORTS sets how many generated reports the
slow test reads (default 3; the acceptance run uses 50), NIANBAO_OCR_FIRST the first index.
"""

from __future__ import annotations

import json
import os
import random
import time
from io import BytesIO
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

pytest.importorskip("rapidocr_onnxruntime", reason="OCR extra not installed (pip install 'nianbao[ocr]')")
cv2 = pytest.importorskip("cv2")

from PIL import Image, ImageDraw, ImageFont  # noqa: E402

import nianbao  # noqa: E402
from nianbao.document import Cell, Loc, Row, Table  # noqa: E402
import nianbao.readers  # noqa: E402
from nianbao.readers.ocr import image_pages, ocr_timing, read_image, stitch  # noqa: E402
from nianbao.readers.recognise import _decode, engine  # noqa: E402
from nianbao.readers.ruled import find_grids  # noqa: E402
from nianbao.readers.straighten import quarter_turns, rotate, skew_angle, straighten  # noqa: E402
from ocr_scans import scan, score  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt")) if SHARED.is_dir() else []
HONGZE = sorted((SHARED / "corpus" / "kiro").glob("hongze-district_*_original.pdf")) if SHARED.is_dir() else []
FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"


def _font(size: int):
    if not Path(FONT).exists():
        pytest.skip(f"CJK font not installed ({FONT}; Debian package fonts-noto-cjk)")
    return ImageFont.truetype(FONT, size)


def _ruled_page(rows: list[list[str]], widths: list[int], merge_right: set[tuple[int, int]] = frozenset()) -> Image.Image:
    """A white page with one ruled table; (r, c) in merge_right prints no rule right of cell (r, c)."""
    img = Image.new("L", (1200, 900), 255)
    d = ImageDraw.Draw(img)
    font = _font(30)
    x0, y0, h = 80, 120, 70
    xs = [x0 + sum(widths[:k]) for k in range(len(widths) + 1)]
    ys = [y0 + h * k for k in range(len(rows) + 1)]
    d.text((x0, 40), "表格识别测试", font=font, fill=0)
    for y in ys:
        d.line([(xs[0], y), (xs[-1], y)], fill=0, width=2)
    for r in range(len(rows)):
        for c, x in enumerate(xs):
            if (r, c - 1) not in merge_right:
                d.line([(x, ys[r]), (x, ys[r + 1])], fill=0, width=2)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                d.text((xs[c] + 12, ys[r] + 16), text, font=font, fill=0)
    return img


def _png(img: Image.Image) -> bytes:
    out = BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


# -- straightening and grids (no recognition) ----------------------------------------------


def _lines_page() -> np.ndarray:
    page = np.full((1100, 850), 255, np.uint8)
    for k in range(25):
        cv2.rectangle(page, (80, 80 + 38 * k), (760 - (k % 4) * 60, 96 + 38 * k), 0, -1)
    return page


@pytest.mark.parametrize("angle", [-1.4, -0.6, 0.8, 1.5])
def test_skew_angle_undoes_a_small_turn(angle):
    turned = rotate(_lines_page(), angle)
    assert skew_angle(turned) == pytest.approx(-angle, abs=0.15)


def test_page_on_its_side_is_turned_upright():
    side = np.ascontiguousarray(np.rot90(_lines_page()))
    assert quarter_turns(side) == 1
    assert quarter_turns(_lines_page()) == 0
    upright, _ = straighten(side)
    assert upright.shape == (1100, 850)


def test_grid_spans_from_missing_rules_and_open_edges():
    img = _ruled_page([["名称", "", "数量"], ["甲", "1", "2"], ["乙", "3", "4"]], [300, 200, 200], merge_right={(0, 0)})
    gray = np.array(img)
    gray[118:124, :] = 255  # the top border is lost, as on a table continued from the page before
    (grid,) = find_grids(gray)
    assert len(grid.xs) == 4 and len(grid.ys) == 4
    first = next(s for s in grid.spans if (s.r0, s.c0) == (0, 0))
    assert (first.r1, first.c1) == (0, 1)  # no rule between the first two header cells
    assert len(grid.spans) == 8


def test_stitch_joins_a_table_split_over_pages_on_union_columns():
    def cell(text, x0, x1, page, merged=False):
        return Cell(text=text, loc=Loc(page=page, bbox=(x0, 0, x1, 10)), merged=merged)

    head = Table(rows=[Row([cell("标签", 0, 300, 1), cell("自然人", 300, 400, 1), cell("总计", 400, 500, 1)])], loc=Loc(page=1, bbox=(0, 0, 500, 10)))
    rows = [Row([cell("三", 2, 52, 2), cell("（一）予以公开", 52, 302, 2), cell("4", 302, 402, 2), cell("4", 402, 502, 2)])]
    body = Table(rows=rows, loc=Loc(page=2, bbox=(2, 0, 502, 10)))
    (joined,) = stitch([head, body])
    assert [c.text for c in joined.rows[0].cells] == ["标签", "", "自然人", "总计"]
    assert joined.rows[0].cells[1].merged
    assert [c.text for c in joined.rows[1].cells] == ["三", "（一）予以公开", "4", "4"]


# -- recognition ------------------------------------------------------------------------------


def test_image_file_gives_a_grid_with_confidence_and_boxes():
    img = _ruled_page([["信息内容", "本年制发件数", "现行有效件数"], ["规章", "0", "12"], ["行政规范性文件", "305", "7"]], [340, 260, 260])
    ImageDraw.Draw(img).text((560, 840), "- 3 -", font=_font(24), fill=0)  # the page number, not report text
    doc = read_image(_png(img.rotate(0.9, resample=Image.BICUBIC, fillcolor=255)), "table.png")
    assert doc.format == "image" and doc.pages == 1
    (table,) = doc.tables()
    assert table.layout == "grid"
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["信息内容", "本年制发件数", "现行有效件数"],
        ["规章", "0", "12"],
        ["行政规范性文件", "305", "7"],
    ]
    value = table.rows[2].cells[1]
    assert 0.8 <= value.confidence <= 1.0
    assert value.loc.page == 1 and value.loc.table == 1 and (value.loc.row, value.loc.col) == (2, 1)
    x0, y0, x1, y1 = value.loc.bbox
    assert 400 < x0 < 430 and 250 < y0 < 270 and x1 > x0 and y1 > y0  # pixels of the straightened page
    assert [p.text for p in doc.paragraphs()] == ["表格识别测试"]


def test_signs_points_and_markers_survive_straightening():
    """Regression: a narrow minus sign was dropped as a scanner speck after straightening."""
    img = _ruled_page([["项目", "本年增/减", "金额"], ["行政许可", "-3", "12.5"], ["行政处罚", "/", "1234.56"], ["行政强制", "-12", "无"]], [260, 220, 220])
    (table,) = read_image(_png(img.rotate(1.1, resample=Image.BICUBIC, fillcolor=255)), "signs.png").tables()
    assert [[c.text for c in r.cells[1:]] for r in table.rows[1:]] == [["-3", "12.5"], ["/", "1234.56"], ["-12", "无"]]


@pytest.mark.parametrize("turn", [180, 90])
def test_page_scanned_upside_down_or_on_its_side_is_read_upright(turn):
    img = _ruled_page([["信息内容", "本年处理决定数量"], ["行政许可", "42"], ["行政处罚", "7"]], [340, 300])
    d = ImageDraw.Draw(img)
    for k, line in enumerate(("二、主动公开政府信息情况", "本机关严格落实政府信息公开条例", "依法做好主动公开工作并及时更新")):
        d.text((80, 420 + 60 * k), line, font=_font(30), fill=0)
    doc = read_image(_png(img.rotate(turn, expand=True, fillcolor=255)), "turned.png")
    (table,) = doc.tables()
    assert [[c.text for c in r.cells] for r in table.rows][1:] == [["行政许可", "42"], ["行政处罚", "7"]]
    assert any(p.text == "二、主动公开政府信息情况" for p in doc.paragraphs())


def test_scribbled_cell_is_reported_low_confidence_not_guessed():
    img = _ruled_page([["信息内容", "本年制发件数"], ["规章", "8"], ["行政规范性文件", "5"]], [340, 260])
    d = ImageDraw.Draw(img)
    rng = random.Random(7)
    for _ in range(40):  # someone wrote over the 8 with a pen, inside its cell
        x, y = 432 + rng.randint(0, 30), 205 + rng.randint(0, 35)
        d.line([(x, y), (x + rng.randint(-12, 12), y + rng.randint(-12, 12))], fill=0, width=2)
    (table,) = read_image(_png(img), "scribbled.png").tables()
    assert table.rows[1].cells[1].confidence < 0.8
    assert table.rows[2].cells[1].text == "5" and table.rows[2].cells[1].confidence >= 0.8


def test_multi_page_tiff_gives_one_image_per_page():
    out = BytesIO()
    pages = [Image.new("L", (300, 400), 255), Image.new("L", (320, 420), 200)]
    pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:])
    frames = image_pages(out.getvalue(), "scan.tiff")
    assert [f.shape for f in frames] == [(400, 300), (420, 320)]
    assert nianbao.readers.sniff(out.getvalue(), "scan.tiff") == "image"


def test_corrupt_image_is_an_input_error():
    with pytest.raises(nianbao.InputError, match="图片"):
        nianbao.read(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, name="broken.png")


def _probs(seq: list[str]) -> np.ndarray:
    """Class probabilities of a recogniser output that reads ``seq`` (one class per step; "" = blank)."""
    chars = engine().text_rec.postprocess_op.character
    p = np.full((len(seq), len(chars)), 1e-4, dtype=np.float32)
    for t, ch in enumerate(seq):
        p[t, chars.index(ch) if ch else 0] = 0.9
    return p


@pytest.mark.parametrize(
    "seq, text",
    [(["O", "", "5"], "05"), (["'", "", "0"], "0"), (["1", "2", ".", ""], "12"), (["-", "3"], "-3"), (["3", "", "-"], "3"), (["规", "章"], "规章")],
)
def test_numbers_are_decoded_over_digits_and_their_look_alikes(seq, text):
    """Regression: a speck read as an apostrophe before a 0 made the cell text, and lost its row."""
    assert _decode(_probs(seq))[0] == text


# -- whole scanned reports --------------------------------------------------------------------


def _expected(path: Path) -> dict:
    return json.loads((path.parent / f"{path.name.split('.')[0]}.expected.json").read_text("utf-8"))


def _read_scan(scanned: bytes, truth: dict, label: str) -> dict:
    """Parse a scan and score it against the truth, printing the measured rates."""
    res = score(nianbao.parse(scanned, name=f"{label}.pdf"), truth)
    res["rate"] = res["right"] / res["cells"]
    print(f"\n{label}: {res['right']}/{res['cells']} cells right ({res['rate']:.1%}); wrong {res['wrong']}; unflagged {res['unflagged']}")
    return res


def _check(scanned: bytes, truth: dict, label: str) -> dict:
    res = _read_scan(scanned, truth, label)
    assert res["rate"] >= 0.98, res["wrong"]
    assert not res["unflagged"], "wrong cells neither low-confidence nor failing a rule"
    return res


def _seed_scan(path: Path, seed: int) -> bytes:
    from nianbao.render.pdf import to_pdf

    return scan(to_pdf(nianbao.parse(path, audit=False)), seed)


@pytest.mark.skipif(not SEEDS, reason=f"seed reports not available under {SHARED / 'seeds'}")
def test_scanned_seed_reads_back():
    path = SEEDS[0]
    _check(_seed_scan(path, 1), _expected(path)["cells"], path.name[:3])


@pytest.mark.skipif(not SEEDS, reason=f"seed reports not available under {SHARED / 'seeds'}")
def test_mixed_pdf_reads_text_pages_and_scanned_pages():
    """A text-layer first page and scanned later pages (Table 3 split between them)."""
    from nianbao.render.pdf import to_pdf

    path = SEEDS[0]
    digital = to_pdf(nianbao.parse(path, audit=False))
    scanned = pdfium.PdfDocument(scan(digital, 2))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(digital), [0])
    mixed.import_pages(scanned, list(range(1, len(scanned))))
    out = BytesIO()
    mixed.save(out)
    _check(out.getvalue(), _expected(path)["cells"], "mixed")


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS, reason=f"seed reports not available under {SHARED / 'seeds'}")
@pytest.mark.parametrize("path", SEEDS[1:], ids=lambda p: p.name[:3])
def test_every_scanned_seed_reads_back(path):
    _check(_seed_scan(path, len(path.name)), _expected(path)["cells"], path.name[:3])


@pytest.mark.slow
@pytest.mark.skipif(not HONGZE, reason="Hongze PDFs not available under shared/corpus/kiro")
@pytest.mark.parametrize("path", HONGZE, ids=lambda p: p.name[:19])
def test_scanned_hongze_reads_back(path):
    expected = json.loads(path.with_name(path.name.replace(".pdf", ".expected.json")).read_text("utf-8"))
    _check(scan(path.read_bytes(), 3), expected["cells"], path.name[:19])


@pytest.mark.slow
def test_scanned_generated_reports_read_back():
    from nianbao.render.pdf import to_pdf
    from nianbao.testing.sample import make_sample

    count = int(os.environ.get("NIANBAO_OCR_REPORTS", "3"))
    first = int(os.environ.get("NIANBAO_OCR_FIRST", "0"))  # to share a long run between processes
    results, pages = [], 0
    start = time.perf_counter()
    for i in range(first, first + count):
        sample = make_sample(seed=8, index=i, fmt="pdf", quirk_rate=0.0)
        scanned = scan(to_pdf(sample.report), i)
        pages += len(pdfium.PdfDocument(scanned))
        results.append(_read_scan(scanned, sample.report.values(), f"generated-{i}"))
    per_page = (time.perf_counter() - start) / pages
    cells, right = sum(r["cells"] for r in results), sum(r["right"] for r in results)
    print(f"\ngenerated scans: {count} reports, {right}/{cells} cells right ({right / cells:.2%}), {per_page:.1f} s per page")
    assert all(r["rate"] >= 0.98 for r in results), [(i, r["wrong"]) for i, r in enumerate(results) if r["rate"] < 0.98]
    assert not [u for r in results for u in r["unflagged"]], "wrong cells neither low-confidence nor failing a rule"


@pytest.mark.skipif(not HONGZE, reason="Hongze PDFs not available under shared/corpus/kiro")
def test_ocr_seconds_per_page_is_measured():
    t = ocr_timing(scan(HONGZE[0].read_bytes(), 5, pages=[3]))
    print(f"\nOCR seconds per page: {t['wall_per_page']:.2f} wall, {t['cpu_per_page']:.2f} CPU")
    assert t["pages"] == 1 and t["wall_per_page"] > 0 and t["cpu_per_page"] > 0


def test_ocr_reports_each_page_to_background_jobs():
    """Issue 8: OCR in the background shows progress per page — in the web app's jobs (a
    context callback) and in ingest's worker processes (a queue read by the progress bar)."""
    from nianbao.bench import _corpus
    from nianbao.bench_corpus import scanned_pdf
    from nianbao.ingest import make_executor, parse_document
    from nianbao.progress import reporting_pages
    from nianbao.readers.ocr import ocr_pdf_pages

    (_, pdf), = _corpus("pdf", 1, 11)
    scan = scanned_pdf(pdf)
    seen = []
    with reporting_pages(lambda done, total: seen.append((done, total))):
        ocr_pdf_pages(scan, [1], "scan.pdf")
    assert seen == [(1, 1)]

    pool = make_executor("process", 2)
    try:
        report, reason = pool.submit(parse_document, "scan.pdf", scan).result()
        assert reason is None and report is not None
        updates = []
        for _ in range(20):
            updates += pool.page_updates()
            if updates:
                break
            time.sleep(0.1)
        assert updates and updates[-1][0] == "scan.pdf" and updates[-1][1] == updates[-1][2]
    finally:
        pool.close()


def test_web_check_job_shows_ocr_pages():
    """The web app's background check of a scan reports OCR pages in its job summary."""
    import time

    from nianbao.bench import _corpus
    from nianbao.bench_corpus import scanned_pdf
    from nianbao.web.jobs import Checker

    (_, pdf), = _corpus("pdf", 1, 12)
    scan = scanned_pdf(pdf)
    checker = Checker(workers=1)
    job = checker.submit([("scan.pdf", scan, "pdf")])
    deadline = time.monotonic() + 120
    while not job.summary()["finished"] and time.monotonic() < deadline:
        time.sleep(0.2)
    item = job.summary()["items"][0]
    assert item["stage"] == "done", item
    assert item["pages"]["done"] == item["pages"]["total"] >= 1
