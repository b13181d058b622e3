"""Legacy Word files: a .doc made by LibreOffice from a DOCX reads to the same cells."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import nianbao
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
