"""Write a generated sample in its form (format + layout + encoding)."""

from __future__ import annotations

from nianbao.testing.sample import Sample


def render(sample: Sample) -> bytes:
    """The bytes of ``sample``'s file."""
    if sample.format in ("txt", "md"):
        from nianbao.testing.text_forms import render_text

        return render_text(sample.blocks, sample.layout).encode(sample.encoding, errors="strict")
    if sample.format == "html":
        from nianbao.testing.html_forms import render_html

        return render_html(sample.blocks, sample.layout, sample.encoding)
    if sample.format == "docx":
        from nianbao.testing.docx_form import render_docx

        return render_docx(sample.blocks)
    if sample.format == "pdf":
        from nianbao.testing.pdf_form import render_pdf

        return render_pdf(sample.blocks)
    raise ValueError(f"unknown format {sample.format!r}")
