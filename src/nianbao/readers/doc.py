"""Legacy Word (.doc) and WPS (.wps) files: converted to DOCX by LibreOffice, then read as DOCX."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from nianbao.document import Document
from nianbao.errors import InputError

TIMEOUT = 180  # seconds for one conversion; a first start of LibreOffice takes a few
INSTALL_HINT = "请安装 LibreOffice：apt-get install libreoffice-writer-nogui (install LibreOffice Writer)"


def soffice() -> str | None:
    """Path of the LibreOffice executable, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _ole_header_ok(data: bytes) -> bool:
    """Whether the bytes start with a sound OLE compound-file header (what .doc and .wps are):
    little-endian byte-order mark, 512- or 4096-byte sectors, 64-byte mini sectors."""
    if len(data) < 512:
        return False
    return data[28:30] == b"\xfe\xff" and int.from_bytes(data[30:32], "little") in (9, 12) and int.from_bytes(data[32:34], "little") == 6


def to_docx(data: bytes, source: str) -> bytes:
    """Convert .doc/.wps bytes to DOCX bytes with LibreOffice headless.

    Each conversion uses its own throw-away LibreOffice profile, so that conversions running
    at the same time (ingest, the web app) do not lock each other out.
    """
    if not _ole_header_ok(data):
        raise InputError(source, "无法转换：文件已损坏，不是有效的 Word/WPS 文档 (corrupt compound file)")
    exe = soffice()
    if exe is None:
        raise InputError(source, f"读取 .doc/.wps 文件需要 LibreOffice，但未找到：{INSTALL_HINT}")
    suffix = ".wps" if source.lower().endswith(".wps") else ".doc"
    with tempfile.TemporaryDirectory(prefix="nianbao-doc-") as tmp:
        work = Path(tmp)
        src = work / f"report{suffix}"
        src.write_bytes(data)
        cmd = [
            exe,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work),
            str(src),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(source, f"LibreOffice 转换超时（{TIMEOUT} 秒）(conversion timed out)") from None
        out = work / "report.docx"
        if not out.is_file() or out.stat().st_size == 0:
            raise InputError(source, "无法转换为 DOCX：文件已损坏或不是 Word/WPS 文档 (LibreOffice could not convert it)")
        return out.read_bytes()


def read_doc(data: bytes, source: str = "<bytes>") -> Document:
    """A .doc or .wps report: converted to DOCX, then read by the DOCX reader."""
    from nianbao.readers.docx import read_docx

    doc = read_docx(to_docx(data, source), source)
    doc.format = "wps" if source.lower().endswith(".wps") else "doc"
    doc.notes.append("converted to DOCX by LibreOffice")
    return doc
