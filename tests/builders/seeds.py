"""The real seed reports, with distinct figures.

The tab-separated seeds print Table 3 all in zeros, so a test that reads one in another
layout cannot see a value placed on the wrong row or column. ``distinct_figures`` prints a
different figure in every figure cell of their tab rows; the seed read as printed then gives
the values every other layout of it must give.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
TAB_SEEDS = sorted(p for p in SEEDS.glob("*.txt") if not p.name.startswith("003")) if SEEDS.is_dir() else []


def seed(path: Path) -> tuple[str, dict]:
    """A seed's text and its expected.json."""
    return path.read_text("utf-8-sig"), json.loads(path.with_name(path.name.split(".")[0] + ".expected.json").read_text("utf-8"))


def distinct_figures(text: str) -> str:
    """``text`` with every figure cell of its tab rows printing a figure of its own."""
    figures = itertools.count(1)
    lines = []
    for line in text.split("\n"):
        if "\t" in line:
            line = "\t".join(str(next(figures)) if c.strip().isdigit() else c for c in line.split("\t"))
        lines.append(line)
    return "\n".join(lines)


def word_tables(text: str, figure_cm: float | None = None, centred: bool = False) -> bytes:
    """``text`` as a Word file: each run of tab lines a table (one cell per tab field, no
    merges, ruled), other lines paragraphs. ``figure_cm``: columns that mostly print figures
    get that width and the label columns share the rest, so that a PDF printing of it wraps
    long figures and headers inside their cells, as narrow real tables do. ``centred``: cells
    centred vertically (Word's default is the top)."""
    from io import BytesIO

    import docx
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.shared import Cm

    document = docx.Document()
    blocks: list = []
    for line in text.split("\n"):
        if "\t" not in line:
            blocks.append(line)
        elif blocks and isinstance(blocks[-1], list):
            blocks[-1].append(line.split("\t"))
        else:
            blocks.append([line.split("\t")])
    section = document.sections[0]
    room = section.page_width - section.left_margin - section.right_margin
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        width = max(map(len, block))
        table = document.add_table(rows=len(block), cols=width)
        table.style = "Table Grid"
        for i, row in enumerate(block):
            for j, cell in enumerate(row):
                table.cell(i, j).text = cell
                if centred:
                    table.cell(i, j).vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        if figure_cm:
            figures = [sum(len(r) > j and r[j].strip().isdigit() for r in block) * 2 >= sum(len(r) > j and bool(r[j].strip()) for r in block) > 0 for j in range(width)]
            narrow = Cm(figure_cm)
            wide = max(int((room - narrow * sum(figures)) / max(1, width - sum(figures))), Cm(1))
            table.autofit = False
            for j, fig in enumerate(figures):
                # the table's grid sets the columns LibreOffice prints; the cells' own widths
                # are what Word reads
                table.columns[j].width = narrow if fig else wide
                for cell in table.columns[j].cells:
                    cell.width = narrow if fig else wide
    buf = BytesIO()
    document.save(buf)
    return buf.getvalue()


def word_paragraphs(text: str) -> bytes:
    """``text`` as a Word file of paragraphs only, its table rows typed as tab-separated
    paragraphs (no Word table): a row with a long label runs past the page's last tab stop
    and the page wraps its remaining figures onto the next line."""
    from io import BytesIO

    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buf = BytesIO()
    document.save(buf)
    return buf.getvalue()
