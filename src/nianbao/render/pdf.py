"""The report as a PDF: the HTML page (:mod:`nianbao.render.html`) printed by WeasyPrint on A4
with a CJK font (Noto Serif CJK from the Debian package fonts-noto-cjk)."""

from __future__ import annotations

import logging

from nianbao.render.html import to_html
from nianbao.schema.model import Report


def to_pdf(report: Report) -> bytes:
    import weasyprint

    # WeasyPrint logs every unsupported CSS property and font fallback; none matter here.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint.HTML(string=to_html(report)).write_pdf()
