"""Space-aligned text, as ``pdftotext -layout`` prints a report: wrapped paragraphs, table
rows with values at fixed columns, long labels wrapped over lines above their values."""

from __future__ import annotations

from nianbao.readers.txt import display_width
from nianbao.testing.printed import Block, Grid

WRAP = 34  # characters per paragraph line
LABEL_WIDTH = 52  # display columns reserved for row labels
COLUMN = 9  # display columns per value
LABEL_WRAP = 22


def _pad(text: str, width: int) -> str:
    return text + " " * max(2, width - display_width(text))


def _wrap(text: str, n: int) -> list[str]:
    return [text[i : i + n] for i in range(0, len(text), n)] or [""]


def _values(values: list[str], label: str) -> str:
    line = _pad(label, LABEL_WIDTH) if label else " " * LABEL_WIDTH
    for k, v in enumerate(values):
        target = LABEL_WIDTH + (k + 1) * COLUMN
        line += " " * max(2 if v else 0, target - display_width(line) - display_width(v)) + v
    return line.rstrip()


def _label_row(parts: list[str], values: list[str]) -> list[str]:
    label = "  ".join(p for p in parts if p)
    if display_width(label) <= LABEL_WIDTH - 2:
        return [_values(values, label)]
    chunks = [c for p in parts if p for c in _wrap(p, LABEL_WRAP)]
    return ["  " + c for c in chunks] + [_values(values, "")]


def _grid(g: Grid) -> list[str]:
    lines: list[str] = []
    for row in g.rows:
        heads = [c.text.replace("\n", "") for c in row if c.cell_id is None]
        vals = [c.text for c in row if c.cell_id is not None]
        if not vals:
            if all(c.header for c in row):
                lines.append(" " * 16 + "   ".join(heads))
            continue
        if g.name == "t4":
            lines.append(_values(vals, "")[LABEL_WIDTH - 4 :])
            continue
        lines += _label_row(heads, vals)
    return lines


def render_layout(blocks: list[Block]) -> str:
    lines: list[str] = []
    for b in blocks:
        if isinstance(b, Grid):
            lines += [""] + _grid(b) + [""]
        elif b.role == "title":
            lines.append(" " * 16 + b.text)
        elif b.role == "heading":
            lines.append("   " + b.text)
        else:
            chunks = _wrap(b.text, WRAP)
            lines += ["   " + chunks[0], *chunks[1:]]
    return "\n".join(lines) + "\n"
