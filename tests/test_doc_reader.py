"""Word processor files other than DOCX: a .doc, .odt (.ott, .fodt) or .rtf made by LibreOffice
from a DOCX reads to the same cells; bad ones fail with one clear reason."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest

from builders.seeds import TAB_SEEDS, distinct_figures, seed, word_tables

import nianbao
import nianbao.ingest
from nianbao.readers.doc import soffice

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt")) if SHARED.is_dir() else []

# The header of an OLE compound file (what Word 97-2003 writes), with nothing after it.
_DOC_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00\x06\x00"
needs_libreoffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui)")


def _docx_to_doc(docx: bytes, tmp_path: Path) -> bytes:
    src = tmp_path / "report.docx"
    src.write_bytes(docx)
    profile = (tmp_path / "profile").as_uri()
    cmd = [soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(src)]
    subprocess.run(cmd, capture_output=True, timeout=180, check=True)
    return (tmp_path / "report.doc").read_bytes()


@needs_libreoffice
@pytest.mark.skipif(not SEEDS, reason=f"seed reports not available under {SHARED / 'seeds'}")
def test_doc_made_from_docx_reads_to_the_same_cells(tmp_path):
    from nianbao.render.docx import to_docx

    docx = to_docx(nianbao.parse(SEEDS[0], audit=False))
    doc = _docx_to_doc(docx, tmp_path)
    assert doc.startswith(b"\xd0\xcf\x11\xe0")  # an OLE compound file, as Word 97-2003 writes
    from_docx = nianbao.parse(docx, name="report.docx", audit=False)
    from_doc = nianbao.parse(doc, name="report.doc", audit=False)
    assert from_doc.meta.format == "doc"
    assert from_doc.edition == from_docx.edition
    assert from_doc.values() == from_docx.values()
    assert sum(v is not None for v in from_doc.values().values()) > 100


def test_missing_libreoffice_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice anywhere on the path
    with pytest.raises(nianbao.InputError, match="apt-get install libreoffice-writer-nogui"):
        nianbao.read(_DOC_HEADER + b"\x00" * 600, name="old.doc")


def test_corrupt_doc_is_an_input_error():
    with pytest.raises(nianbao.InputError, match="无法转换"):
        nianbao.read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x13" * 2048, name="broken.doc")


# -- OpenDocument text and RTF: converted by LibreOffice like .doc --------------------------
def _libreoffice_save(docx: bytes, ext: str, work: Path) -> bytes:
    """The DOCX saved as ``ext`` (odt, ott, fodt, rtf) by LibreOffice, with its own profile."""
    src = work / "report.docx"
    src.write_bytes(docx)
    profile = (work / "profile").as_uri()
    cmd = [soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", ext, "--outdir", str(work), str(src)]
    subprocess.run(cmd, capture_output=True, timeout=180, check=True)
    return (work / f"report.{ext}").read_bytes()


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> dict[str, bytes]:
    """A real seed (every figure its own) as a Word-table DOCX, saved by LibreOffice as ODT,
    its template OTT, flat FODT and RTF; "text" is the seed's text, read as the truth."""
    if soffice() is None or not TAB_SEEDS:
        pytest.skip("LibreOffice or the seed reports not available")
    text = distinct_figures(seed(TAB_SEEDS[0])[0])
    docx = word_tables(text)
    work = tmp_path_factory.mktemp("saved")
    out = {ext: _libreoffice_save(docx, ext, work) for ext in ("odt", "ott", "fodt", "rtf")}
    return {**out, "docx": docx, "text": text.encode()}


@pytest.mark.parametrize("ext,fmt", [("odt", "odt"), ("rtf", "rtf"), ("ott", "odt"), ("fodt", "odt")])
def test_opendocument_and_rtf_read_every_cell_as_the_seed_text(saved, ext, fmt):
    """Before, an ODT/OTT was refused as a zip archive ("use ingest"), an FODT read as HTML and
    an RTF as plain text: all 200 cells lost."""
    truth = nianbao.parse(saved["text"], audit=False)
    got = nianbao.parse(saved[ext], name=f"report.{ext}", audit=False)
    assert got.meta.format == fmt
    assert got.edition == truth.edition
    assert got.values() == truth.values()
    assert sum(v is not None for v in got.values().values()) == 200


def test_rtf_named_doc_is_read_as_rtf(saved):
    """Word saves RTF under the name a user typed, and web systems export RTF as .doc."""
    got = nianbao.parse(saved["rtf"], name="report.doc", audit=False)
    assert got.meta.format == "rtf"
    assert got.values() == nianbao.parse(saved["text"], audit=False).values()


def test_format_is_known_by_content_not_name(saved, tmp_path):
    from corpus_files import zip_of

    from nianbao.readers import sniff

    archive = zip_of(tmp_path / "reports.zip", {"a.odt": saved["odt"], "b.txt": b"2023"}).read_bytes()
    assert sniff(saved["odt"], "report.zip") == "odt"
    assert sniff(saved["odt"][:5000], "report.odt") == "odt"  # truncated: known by its first member
    assert sniff(saved["rtf"], "report.txt") == "rtf"
    assert sniff(saved["fodt"], "report.xml") == "odt"
    assert sniff(saved["docx"], "report.odt") == "docx"
    assert sniff(archive, "reports.zip") == "zip"


def test_a_folder_and_an_archive_of_opendocument_and_rtf_reports_are_ingested(saved, tmp_path):
    """Before, ingest took an ODT (a zip) for an archive and parsed its members (mimetype,
    content.xml, styles.xml …) as documents."""
    from corpus_files import zip_of

    from nianbao.ingest import Source, iter_sources
    from nianbao.store import open_store

    root = tmp_path / "in"
    root.mkdir()
    (root / "report.odt").write_bytes(saved["odt"])
    (root / "cut.odt").write_bytes(saved["odt"][:5000])
    zip_of(root / "archive.zip", {"甲.ott": saved["ott"], "乙.rtf": saved["rtf"], "丙.zip": zip_of(tmp_path / "inner.zip", {"丁.fodt": saved["fodt"]}).read_bytes()})
    found = {Path(s.name).relative_to(root).as_posix(): s for s in iter_sources([root])}
    assert sorted(found) == ["archive.zip/丙.zip/丁.fodt", "archive.zip/乙.rtf", "archive.zip/甲.ott", "cut.odt", "report.odt"]
    assert all(isinstance(s, Source) for s in found.values())
    with open_store(str(tmp_path / "n.db")) as store:
        summary = nianbao.ingest.ingest(store, [root], progress=False, workers=1)
        formats = {Path(r["name"]).name: r["format"] for r in store.rows("SELECT name, format FROM documents")}
    assert summary.parsed == 5 and summary.duplicates == 0
    assert [(Path(n).name, "OpenDocument" in reason) for n, reason in summary.failed] == [("cut.odt", True)]
    assert formats == {"report.odt": "odt", "cut.odt": "odt", "甲.ott": "odt", "乙.rtf": "rtf", "丁.fodt": "odt"}


def _odt_package(mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    """A minimal OpenDocument package: its mimetype stored first, as the standard requires."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>' + " " * 4000)
    return buf.getvalue()


_RTF = b"{\\rtf1\\ansi{\\fonttbl{\\f0 SimSun;}}\\f0 \\u25919?\\u24220?\\u20449?\\u24687?\\u20844?\\u24320?\\par }"
_FODT = b'<?xml version="1.0"?><office:document office:mimetype="application/vnd.oasis.opendocument.text"/>'


@pytest.mark.parametrize("name,data,kind", [("report.odt", _odt_package(), ".odt"), ("report.rtf", _RTF, ".rtf"), ("report.fodt", _FODT, ".odt")], ids=["odt", "rtf", "fodt"])
def test_missing_libreoffice_says_how_to_install_for_odt_and_rtf(monkeypatch, tmp_path, name, data, kind):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice anywhere on the path
    with pytest.raises(nianbao.InputError, match=rf"^{name}: 读取 {kind} 文件需要 LibreOffice.*apt-get install libreoffice-writer-nogui"):
        nianbao.read(data, name=name)


def test_truncated_odt_is_named_as_a_corrupt_opendocument():
    """Before: "corrupt archive", as for any zip."""
    data = _odt_package()
    with pytest.raises(nianbao.InputError, match=r"^cut\.odt: 无法转换：文件已损坏，不是有效的 OpenDocument 文本 \(corrupt OpenDocument package\)$"):
        nianbao.read(data[: len(data) // 2], name="cut.odt")


@needs_libreoffice
def test_odt_with_broken_content_and_truncated_rtf_are_input_errors(saved):
    src = zipfile.ZipFile(io.BytesIO(saved["odt"]))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as z:
        for info in src.infolist():
            z.writestr(info, b"<not xml" if info.filename == "content.xml" else src.read(info))
    failed = r"无法转换为 DOCX：文件已损坏或不完整，不是有效的 {} \(LibreOffice could not convert it\)$"
    with pytest.raises(nianbao.InputError, match="^broken.odt: " + failed.format("OpenDocument 文本")):
        nianbao.read(broken.getvalue(), name="broken.odt")
    with pytest.raises(nianbao.InputError, match="^cut.rtf: " + failed.format("RTF 文档")):
        nianbao.read(saved["rtf"][: len(saved["rtf"]) // 2], name="cut.rtf")  # before, read as text: no error, no cells


@pytest.mark.parametrize(
    "name,data,found",
    [
        ("report.rtf", b"%PDF-1.4\n%broken", "PDF"),
        ("report.rtf", None, "DOCX"),
        ("report.rtf", _odt_package(), "OpenDocument 文本"),
        ("report.odt", b"\x89PNG\r\n\x1a\n" + bytes(64), "图片"),
        ("report.odt", _RTF, "RTF"),
        ("report.docx", _odt_package(), "OpenDocument 文本"),
    ],
    ids=["pdf-as-rtf", "docx-as-rtf", "odt-as-rtf", "png-as-odt", "rtf-as-odt", "odt-as-docx"],
)
def test_wrong_content_under_an_odt_or_rtf_name_is_named(name, data, found):
    if data is None:  # an empty DOCX
        import docx

        buf = io.BytesIO()
        docx.Document().save(buf)
        data = buf.getvalue()
    ext = "." + name.split(".")[1]
    with pytest.raises(nianbao.InputError, match=rf"^{name}: 扩展名是 {ext}，但文件内容是{found}"):
        nianbao.read(data, name=name)


def test_opendocument_spreadsheet_is_not_taken_for_an_archive():
    with pytest.raises(nianbao.InputError, match="OpenDocument 表格或演示文稿，不是文字文档"):
        nianbao.read(_odt_package(b"application/vnd.oasis.opendocument.spreadsheet"), name="data.ods")
