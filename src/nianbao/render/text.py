"""The report as plain text in the official layout: tables as tab-separated rows.

Tables print the way Word exports them to text: one line per table row, a tab between
cells, positions covered by a merged cell left empty.
"""

from __future__ import annotations

from nianbao.render.layout import Grid, official_layout
from nianbao.schema.model import Report


def to_text(report: Report) -> str:
    out: list[str] = []
    for b in official_layout(report):
        if isinstance(b, Grid):
            out.append("\n".join("\t".join(row) for row in b.matrix()))
        else:
            out.append(b.text)
    return "\n\n".join(out) + "\n"
