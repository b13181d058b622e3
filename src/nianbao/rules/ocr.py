"""Scanned reports: values the character recognition was not sure of."""

from __future__ import annotations

from collections.abc import Iterator

from nianbao.rules.base import Context, Rule
from nianbao.schema.model import Finding

# Below this recognition confidence a value is reported rather than trusted.
LOW_CONFIDENCE = 0.8


class OcrLowConfidence(Rule):
    """A value read from a scan was recognised with low confidence.

    **What it checks.** Every table cell read by optical character recognition carries the
    recogniser's confidence (0 to 1). A cell below 0.8 is named, with what it was read as,
    instead of being trusted; the arithmetic rules on the same row or column then help tell
    which digit was misread.

    **Why it matters.** A misread digit (8 for 3, 1 for 7) gives a wrong figure that looks
    right. Reporting the doubtful cell asks a person to look at the scan there.

    **Fails:** a scanned page where 「（七）总计」「自然人」 is read as 21 with confidence 0.55.

    **Passes:** every cell was read with confidence 0.8 or more, or the report has a text layer.
    """

    code = "OCR-LOW-CONFIDENCE"
    name = "ocr-low-confidence"
    severity = "warning"
    editions = ("2021", "2019")

    def check(self, ctx: Context) -> Iterator[Finding]:
        for cid, cell in ctx.report.cells.items():
            conf = cell.confidence
            if conf is None or conf >= LOW_CONFIDENCE:
                continue
            yield self.finding(
                ctx,
                f"{ctx.where(cid)}识别置信度低（{conf:.2f}），读作「{cell.raw or ''}」，请对照原件核对 (OCR low confidence)",
                cells=[cid],
                expected=f">= {LOW_CONFIDENCE}",
                actual=conf,
                read_as=cell.raw,
            )
