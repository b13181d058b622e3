"""Text PDFs with ruled tables: the HTML grid printed by WeasyPrint on A4 with a CJK font
(Noto, Debian fonts-noto-cjk). WeasyPrint writes no dates, so the bytes are reproducible.

LibreOffice converting the DOCX form was tried first; headless conversions took about five
seconds each here, mostly waiting, against about one second for WeasyPrint.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from nianbao.testing.html_forms import render_html
from nianbao.testing.printed import Block

_CSS = """
@page { size: A4; margin: 2.2cm 2cm; }
body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; font-size: 11pt; line-height: 1.5; }
h2 { font-size: 16pt; text-align: center; font-weight: bold; }
h3 { font-size: 12pt; font-weight: bold; margin: 8pt 0 4pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; }
td, th { border: 0.75pt solid #000; padding: 2pt 3pt; font-size: 8.5pt; font-weight: normal; text-align: center; }
"""


@lru_cache(maxsize=1)
def _stylesheet():
    import weasyprint

    # WeasyPrint logs every unsupported CSS property and font fallback; none matter here.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint.CSS(string=_CSS)


def render_pdf(blocks: list[Block]) -> bytes:
    """The report as a text PDF with ruled tables (deterministic bytes)."""
    import weasyprint

    html = render_html(blocks, "grid").decode("utf-8")
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[_stylesheet()])
