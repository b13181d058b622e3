"""Readers: bytes of one format in, one :class:`~nianbao.document.Document` out.

``read(path_or_bytes)`` sniffs the format from the content (never only the extension) and
dispatches to the reader for it.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

from nianbao.document import Document
from nianbao.errors import InputError
from nianbao.text import unify_radicals

MAX_BYTES = 200 * 1024 * 1024

FORMATS = ("txt", "md", "html", "docx", "pdf", "doc", "odt", "rtf", "image")
ODF_TEXT = (b"application/vnd.oasis.opendocument.text", b"application/vnd.oasis.opendocument.text-template")


def sniff(data: bytes, name: str = "") -> str:
    """The format of ``data``, decided from its first bytes; the name only breaks ties."""
    head = data[:2048]
    lower_name = name.lower()
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data, lower_name)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")) or head[8:12] == b"WEBP":
        return "image"
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith(b"{\\rtf"):
        return "rtf"
    if probe[:1] in (b"{", b"[") and _is_json(data):
        return "json"
    if probe.startswith(b"<?xml") and _is_flat_odt(data[:8192]):
        return "odt"
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml", b"<meta", b"<head", b"<body", b"<table", b"<div", b"<p")):
        return "html"
    if b"<table" in data[:200000].lower() and b"</t" in data[:400000].lower():
        return "html"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    if lower_name.endswith((".md", ".markdown")):
        return "md"
    return "txt"


def odf_mimetype(head: bytes) -> bytes | None:
    """The media type an OpenDocument package declares in its first zip member ``mimetype``
    (stored uncompressed, as the standard requires), read from the raw bytes so that a
    truncated package is still known by its kind; None when ``head`` does not start so."""
    if len(head) < 30 or not head.startswith(b"PK\x03\x04"):
        return None
    method, size, name_len, extra_len = struct.unpack_from("<H", head, 8) + struct.unpack_from("<I", head, 18) + struct.unpack_from("<HH", head, 26)
    start = 30 + name_len + extra_len
    if method != 0 or head[30 : 30 + name_len] != b"mimetype" or not 0 < size <= 100:
        return None
    value = head[start : start + size]
    return value if value.startswith(b"application/vnd.oasis.opendocument.") else None


def _zip_format(data: bytes, lower_name: str) -> str:
    """The kind of a zip: an OpenDocument or Office document, or an archive of files."""
    mimetype = odf_mimetype(data[:2048])
    if mimetype is not None:
        return _odf_format(mimetype)
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            names = set(z.namelist())
            if {"mimetype", "content.xml"} <= names:  # an OpenDocument zipped by another tool
                mimetype = z.read("mimetype").strip()
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, zlib.error):
        return "corrupt-zip"  # unreadable directory or mimetype member (corrupt, encrypted, odd method)
    if mimetype is not None:
        return _odf_format(mimetype)
    if "word/document.xml" in names:
        return "docx"
    if lower_name.endswith(".docx"):
        return "corrupt-docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def _odf_format(mimetype: bytes) -> str:
    """OpenDocument text (or its template) is read; a spreadsheet or presentation is not."""
    return "odt" if mimetype in ODF_TEXT else "opendocument"


def _is_flat_odt(head: bytes) -> bool:
    """A flat (single XML file) OpenDocument text, as LibreOffice saves .fodt."""
    return b"<office:document" in head and b'office:mimetype="application/vnd.oasis.opendocument.text' in head


def _is_json(data: bytes) -> bool:
    """A JSON document (data, such as a parse result or a ground-truth file), not a report."""
    import json

    try:
        json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return False
    return True


_CLAIMS = {".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".wps": "doc", ".odt": "odt", ".ott": "odt", ".fodt": "odt", ".rtf": "rtf"}
_KIND_NAMES = {
    "image": "图片 (image)", "pdf": "PDF", "docx": "DOCX", "doc": "Word 97-2003 (.doc)", "odt": "OpenDocument 文本 (.odt)",
    "rtf": "RTF", "opendocument": "OpenDocument 表格或演示文稿 (OpenDocument)", "zip": "压缩包 (zip archive)", "html": "HTML", "txt": "纯文本 (text)",
}


def _check_extension(label: str, fmt: str) -> None:
    """A file named .pdf/.docx/.doc/.odt/.rtf whose content is another binary kind is a user
    mistake worth naming (a PNG renamed .pdf), not something to guess around. RTF named .doc
    is not: Word and many web systems save RTF under that name."""
    ext = os.path.splitext(label.lower())[1]
    claimed = _CLAIMS.get(ext)
    if claimed is None or fmt == claimed or fmt in ("txt", "html", "md", "rtf") and claimed == "doc":
        return
    if fmt in ("image", "pdf", "docx", "doc", "odt", "rtf", "opendocument", "binary", "zip"):
        found = _KIND_NAMES.get(fmt, "其他二进制文件 (other binary)")
        raise InputError(label, f"扩展名是 {ext}，但文件内容是{found}；请确认文件 (extension {ext} but content is {fmt})")


def read(source: str | os.PathLike | bytes, name: str | None = None) -> Document:
    """Read a report file (path) or its bytes into a Document.

    Raises :class:`InputError` for a missing, empty, unsupported, corrupt or locked file.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        label = name or "<bytes>"
    else:
        path = Path(source)
        label = name or str(source)
        if not path.exists():
            raise InputError(label, "文件不存在 (file not found)")
        if path.is_dir():
            raise InputError(label, "这是一个文件夹，不是文件 (is a directory)")
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise InputError(label, f"文件过大：{size} 字节 (file too large)")
            data = path.read_bytes()
        except PermissionError:
            raise InputError(label, "没有读取权限 (permission denied)") from None
        except OSError as e:
            raise InputError(label, f"无法读取：{e.strerror} (cannot read)") from None
    if not data.strip():
        raise InputError(label, "文件为空 (empty file)")
    fmt = sniff(data, label)
    _check_extension(label, fmt)
    doc = _read_format(fmt, data, label)
    if fmt not in ("txt", "md", "html"):  # those readers unify radicals in the decoded text
        doc.map_texts(unify_radicals)  # a PDF font's radical look-alikes (⼀ for 一)
    if fmt in ("html", "docx", "doc", "odt", "rtf"):
        from nianbao.readers.txt import read_paragraph_tables

        doc = read_paragraph_tables(doc)
    return doc


def _read_format(fmt: str, data: bytes, label: str) -> Document:
    if fmt == "pdf":
        from nianbao.readers.pdf import read_pdf

        return read_pdf(data, label)
    if fmt == "docx":
        from nianbao.readers.docx import read_docx

        return read_docx(data, label)
    if fmt == "html":
        from nianbao.readers.html import read_html

        return read_html(data, label)
    if fmt in ("txt", "md"):
        from nianbao.readers.txt import read_txt

        return read_txt(data, label)
    if fmt in ("doc", "odt", "rtf"):  # converted to DOCX by LibreOffice
        from nianbao.readers.doc import read_doc

        return read_doc(data, label, fmt)
    if fmt == "image":
        from nianbao.readers.ocr import read_image

        return read_image(data, label)
    problems = {
        "corrupt-zip": "文件已损坏：压缩包结构无效 (corrupt archive)",
        "corrupt-docx": "文件已损坏：不是有效的 DOCX (corrupt DOCX)",
        "zip": "不支持的文件类型：压缩包请用 nianbao ingest 处理 (zip archive: use ingest)",
        "binary": "不支持的文件类型：无法识别的二进制文件 (unsupported binary file)",
        "json": "不支持的文件类型：JSON 数据文件，不是年度报告 (JSON data, not a report)",
        "xlsx": "不支持的文件类型：Excel 表格，不是年度报告；依申请公开登记台账请用 nianbao ledger (spreadsheet, not a report)",
        "opendocument": "不支持的文件类型：OpenDocument 表格或演示文稿，不是文字文档 (OpenDocument spreadsheet or presentation, not text)",
    }
    raise InputError(label, problems.get(fmt, f"不支持的文件类型 {fmt} (unsupported format)"))
