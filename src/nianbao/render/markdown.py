"""The report as Markdown in the official layout: headings, paragraphs and pipe tables.

Markdown has no merged cells: a merged cell's text stands in its top-left position and the
positions it covers stay empty, as in a Word text export.
"""

from __future__ import annotations

from nianbao.render.layout import Grid, Heading, official_layout
from nianbao.schema.model import Report


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or " "


def to_markdown(report: Report) -> str:
    out: list[str] = []
    for b in official_layout(report):
        if isinstance(b, Grid):
            rows = ["| " + " | ".join(_cell(t) for t in row) + " |" for row in b.matrix()]
            rows.insert(1, "|" + "---|" * b.n_cols)
            out.append("\n".join(rows))
        elif isinstance(b, Heading):
            out.append("#" * (b.level + 1) + " " + b.text)
        else:
            out.append(b.text)
    return "\n\n".join(out) + "\n"
