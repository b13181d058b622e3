"""Word processor files other than DOCX: converted to DOCX by LibreOffice, then read as DOCX.

Legacy Word (.doc) and WPS (.wps) files, OpenDocument text (.odt, its template .ott and the
flat XML .fodt) and RTF (.rtf), each recognised by its content (``nianbao.readers.sniff``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from io import BytesIO
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


def _odt_ok(data: bytes) -> bool:
    """Whether the bytes are a sound OpenDocument package (a zip holding content.xml) or a
    flat OpenDocument XML file (.fodt)."""
    if not data.startswith(b"PK\x03\x04"):
        return b"<office:document" in data[:8192]
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            return "content.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):  # truncated, or offsets past the end
        return False


def _rtf_ok(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf")


# format -> (check of its bytes, name in messages, English gloss of a failed check, file kinds)
_KINDS = {
    "doc": (_ole_header_ok, "Word/WPS 文档", "corrupt compound file", ".doc/.wps"),
    "odt": (_odt_ok, "OpenDocument 文本", "corrupt OpenDocument package", ".odt"),
    "rtf": (_rtf_ok, "RTF 文档", "not an RTF document", ".rtf"),
}


def _suffix(data: bytes, source: str, fmt: str) -> str:
    """The file name suffix LibreOffice is given: the one of the file's true kind."""
    if fmt == "doc":
        return ".wps" if source.lower().endswith(".wps") else ".doc"
    if fmt == "odt":
        return ".odt" if data.startswith(b"PK") else ".fodt"
    return ".rtf"


def to_docx(data: bytes, source: str, fmt: str = "doc") -> bytes:
    """Convert .doc/.wps (``fmt`` "doc"), .odt/.ott/.fodt ("odt") or .rtf ("rtf") bytes to
    DOCX bytes with LibreOffice headless.

    Each conversion uses its own throw-away LibreOffice profile, so that conversions running
    at the same time (ingest, the web app) do not lock each other out.
    """
    sound, name, gloss, kinds = _KINDS[fmt]
    if not sound(data):
        raise InputError(source, f"无法转换：文件已损坏，不是有效的 {name} ({gloss})")
    exe = soffice()
    if exe is None:
        raise InputError(source, f"读取 {kinds} 文件需要 LibreOffice，但未找到：{INSTALL_HINT}")
    suffix = _suffix(data, source, fmt)
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
            raise InputError(source, f"无法转换为 DOCX：文件已损坏或不完整，不是有效的 {name} (LibreOffice could not convert it)")
        return out.read_bytes()


def read_doc(data: bytes, source: str = "<bytes>", fmt: str = "doc") -> Document:
    """A .doc/.wps, OpenDocument text or RTF report (``fmt`` as for :func:`to_docx`):
    converted to DOCX, then read by the DOCX reader."""
    from nianbao.readers.docx import read_docx

    doc = read_docx(to_docx(data, source, fmt), source)
    doc.format = "wps" if fmt == "doc" and source.lower().endswith(".wps") else fmt
    doc.notes.append("converted to DOCX by LibreOffice")
    return doc
