"""Plain-text and markdown forms of a printed report, in every layout the text reader supports:
tab-separated rows (Word tables pasted as text; merged cells collapsed, or every grid position), one cell per line (Word "save as text"),
pipe rows, `a |` cell lines, markdown tables and space-aligned columns (pdftotext -layout), and
the two forms a web page converted to text takes (only the cells the page has, each closed by
a pipe: rows ``a | b |`` on one line, or cells holding paragraphs led by pipes)."""

from __future__ import annotations

from nianbao.testing.printed import Block, Grid, Para

TEXT_LAYOUTS = ("tab", "tabgrid", "celltab", "pipe", "cellpipe", "piperow", "leadpipe", "markdown", "layout")


def _collapsed(grid: Grid) -> list[list[str]]:
    """Rows as a word processor exports them: a cell under a row span prints empty, a cell
    right of a column span prints nothing (unless the row would keep only one cell)."""
    out = []
    for row in grid.matrix():
        cells = [c.text if k == "origin" else "" for c, k in row if k != "hcover"]
        if len(cells) < 2:
            cells = [c.text if k == "origin" else "" for c, k in row]
        out.append(cells)
    return out


def _page_cells(grid: Grid) -> list[list[str]]:
    """Rows as a web page holds them: a spanned position has no cell of its own."""
    return [[_one_line(c.text) for c, k in row if k == "origin"] for row in grid.matrix()]


def _lead_pipes(row: list[str]) -> list[str]:
    """``a`` / ``| b`` / ``| c`` / ``|``: every cell closed by a pipe on the next line."""
    return [row[0], *(f"| {c}" if c else "|" for c in row[1:]), "|"]


def _full(grid: Grid) -> list[list[str]]:
    return [[c.text if k == "origin" else "" for c, k in row] for row in grid.matrix()]


def _one_line(text: str) -> str:
    return text.replace("\n", "")


def _table(grid: Grid, layout: str) -> list[str]:
    if layout == "tab":
        return ["\t".join(_one_line(c) for c in row) for row in _collapsed(grid)]
    if layout == "tabgrid":  # every grid position, merged ones empty (seed 001)
        return ["\t".join(_one_line(c) for c in row) for row in _full(grid)]
    if layout == "pipe":
        return ["| " + " | ".join(_one_line(c) for c in row) + " |" for row in _collapsed(grid)]
    if layout == "piperow":
        return [" | ".join(row) + " |" for row in _page_cells(grid)]
    if layout == "leadpipe":
        return [line for row in _page_cells(grid) for line in _lead_pipes(row)]
    if layout == "markdown":
        rows = ["| " + " | ".join(_one_line(c) for c in row) + " |" for row in _full(grid)]
        return rows[:1] + ["|" + " --- |" * grid.width] + rows[1:]
    lines: list[str] = []
    for row in _collapsed(grid):
        for c in row:
            if layout == "celltab":
                lines.append("\t" + c)
            else:
                lines.append(f"{_one_line(c)} |" if c else "|")
        lines.append("")
    return lines


def render_text(blocks: list[Block], layout: str) -> str:
    """The report as text in ``layout`` (one of TEXT_LAYOUTS)."""
    if layout == "layout":
        from nianbao.testing.layout_form import render_layout

        return render_layout(blocks)
    lines: list[str] = [""]
    for b in blocks:
        if isinstance(b, Para):
            lines += [b.text, ""]
        else:
            lines += _table(b, layout) + [""]
    return "\n".join(lines)
