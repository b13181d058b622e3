"""Write a report in the official layout, the format chosen by the output file's suffix."""

from __future__ import annotations

from pathlib import Path

from nianbao.errors import InputError
from nianbao.schema.model import Report

FORMATS = {".docx": "docx", ".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md", ".markdown": "md", ".txt": "txt"}


def official_bytes(report: Report, fmt: str) -> bytes:
    """The report in ``fmt`` (docx, html, pdf, md, txt) as bytes (UTF-8 for the text formats)."""
    if fmt == "docx":
        from nianbao.render.docx import to_docx

        return to_docx(report)
    if fmt == "pdf":
        from nianbao.render.pdf import to_pdf

        return to_pdf(report)
    if fmt == "html":
        from nianbao.render.html import to_html

        return to_html(report).encode("utf-8")
    if fmt == "md":
        from nianbao.render.markdown import to_markdown

        return to_markdown(report).encode("utf-8")
    if fmt == "txt":
        from nianbao.render.text import to_text

        return to_text(report).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")


def format_for(path: str | Path) -> str:
    """The output format named by a file's suffix, or InputError listing the known ones."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        known = " ".join(sorted(FORMATS))
        raise InputError(str(path), f"不支持的输出格式，请用 {known} 结尾 (unsupported output format)")
    return fmt


def write_official(report: Report, path: str | Path) -> None:
    """Write ``report`` to ``path`` in the format its suffix names."""
    data = official_bytes(report, format_for(path))
    Path(path).write_bytes(data)
