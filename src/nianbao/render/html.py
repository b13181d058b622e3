"""The report as an HTML page in the official layout (A4 print style, merged table heads).

The same page, printed by WeasyPrint, is the PDF (:mod:`nianbao.render.pdf`).
"""

from __future__ import annotations

from html import escape

from nianbao.render.layout import Grid, Heading, official_layout, title_size
from nianbao.schema.model import Report

CJK_FONTS = '"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "宋体", "Songti SC", serif'

STYLE = f"""
@page {{ size: A4; margin: 2.5cm 2cm; }}
body {{ font-family: {CJK_FONTS}; font-size: 12pt; line-height: 1.6; max-width: 17cm; margin: 0 auto; }}
h1 {{ font-size: 18pt; text-align: center; margin: 0 0 1em; }}
h2 {{ font-size: 14pt; margin: 1em 0 .4em; page-break-after: avoid; }}
p {{ text-indent: 2em; margin: 0 0 .3em; }}
table {{ border-collapse: collapse; table-layout: fixed; width: 100%; margin: .5em 0 1em; font-size: 9pt; line-height: 1.3; }}
th, td {{ border: 1px solid #000; padding: 2px 3px; text-align: center; vertical-align: middle; }}
th {{ font-weight: bold; }}
td.label, th.note {{ text-align: left; }}
th.note {{ font-weight: normal; }}
tr {{ page-break-inside: avoid; }}
"""

# Column widths (per cent) of the tables whose label columns need room.
WIDTHS = {"t2": [31, 23, 23, 23], "t3": [10, 11, 30] + [7] * 7, "t4": [6.66] * 15}


def grid_html(grid: Grid) -> str:
    parts = [f'<table class="{grid.table}">']
    widths = WIDTHS.get(grid.table)
    if widths and len(widths) == grid.n_cols:
        parts.append("<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>")
    for row in grid.rows():
        cells = []
        for c in row:
            tag = "th" if c.kind in ("head", "note") else "td"
            attrs = f' class="{c.kind}"'
            if c.rowspan > 1:
                attrs += f' rowspan="{c.rowspan}"'
            if c.colspan > 1:
                attrs += f' colspan="{c.colspan}"'
            if c.cell_id:
                attrs += f' data-cell="{c.cell_id}"'
            cells.append(f"<{tag}{attrs}>{escape(c.text)}</{tag}>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</table>")
    return "\n".join(parts)


def to_html(report: Report) -> str:
    body = []
    title = ""
    for b in official_layout(report):
        if isinstance(b, Grid):
            body.append(grid_html(b))
        elif isinstance(b, Heading):
            title = title or b.text
            if b.level == 0:
                body.append(f'<h1 style="font-size:{title_size(b.text)}pt">{escape(b.text)}</h1>')
            else:
                body.append(f"<h2>{escape(b.text)}</h2>")
        else:
            body.append(f"<p>{escape(b.text)}</p>")
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
