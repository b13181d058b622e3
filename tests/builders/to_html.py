"""Print a built report as a government CMS page."""

from __future__ import annotations

from html import escape

from builders.official import Report, SpanTable


def to_html(
    report: Report,
    encoding: str = "utf-8",
    charset: str = "meta",
    markup: bool = False,
    nested: bool = False,
) -> bytes:
    """The report as HTML bytes in ``encoding``.

    ``charset``: ``meta`` (``<meta charset>``), ``http-equiv`` (the Content-Type meta) or
    ``none`` (no declaration at all). ``markup``: cells wrapped the way CMS editors leave them
    (``<p>``, ``<span>``, ``&nbsp;``, labels broken with ``<br>``). ``nested``: the article
    sits inside a layout table beside a navigation column, as older CMS templates do.
    """
    head = {"meta": f'<meta charset="{encoding}">', "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">', "none": ""}[charset]
    body = []
    for b in report.blocks:
        if isinstance(b, SpanTable):
            body.append(_table(b, markup))
        elif markup:
            body.append(f'<p style="text-indent:2em"><span style="font-size:16px">&nbsp;{escape(b)}</span></p>')
        else:
            body.append(f"<p>{escape(b)}</p>")
    article = "\n".join(body)
    if nested:
        article = (
            '<table width="100%"><tr><td class="nav"><a href="/">首页</a><br><a href="/xxgk">信息公开</a></td>\n'
            f'<td class="content">\n<div class="article">\n{article}\n</div></td></tr></table>'
        )
    page = (
        f"<!DOCTYPE html>\n<html>\n<head>\n{head}\n<title>{escape(str(report.blocks[0]))}</title>\n"
        "<script>var t = '<p>不是正文</p>';</script><style>p { margin: 0 }</style>\n</head>\n<body>\n"
        '<div class="nav">网站首页 &gt; 政府信息公开 &gt; 年度报告</div>\n<!-- 正文开始 -->\n'
        f"{article}\n</body>\n</html>\n"
    )
    return page.encode(encoding)


def _table(table: SpanTable, markup: bool) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">', "<tbody>"]
    for row in table.rows:
        cells = []
        for span in row:
            attrs = (f' rowspan="{span.rowspan}"' if span.rowspan > 1 else "") + (f' colspan="{span.colspan}"' if span.colspan > 1 else "")
            cells.append(f"<td{attrs}>{_cell(span.text, span.value, markup)}</td>")
        out.append("<tr>\n" + "\n".join(cells) + "\n</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _cell(text: str, value: bool, markup: bool) -> str:
    if not markup:
        return escape(text)
    if value:
        return f'<p align="center"><span style="font-family:宋体">&nbsp;{escape(text)}&nbsp;</span></p>'
    if len(text) > 4:
        half = len(text) // 2
        return f'<p><span>{escape(text[:half])}</span><br/>\n    <span>{escape(text[half:])}</span></p>'
    return f"<p>{escape(text)}</p>"
