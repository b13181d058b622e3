"""HTML pages as government CMSs publish reports: the official grid with rowspan/colspan,
the whole article inside nested layout tables, cells holding ``<p>``/``<span>``/``<br>`` and
``&nbsp;``, pages encoded in GBK with the charset in a meta tag."""

from __future__ import annotations

from html import escape

from nianbao.testing.printed import Block, GCell, Grid, Para

HTML_STYLES = ("grid", "nested", "paragraphs")


def _cell_html(c: GCell, style: str) -> str:
    attrs = ""
    if c.rowspan > 1:
        attrs += f' rowspan="{c.rowspan}"'
    if c.colspan > 1:
        attrs += f' colspan="{c.colspan}"'
    text = escape(c.text)
    if style == "paragraphs":
        if not c.text:
            body = "<p>&nbsp;</p>"
        else:
            body = '<p style="text-align:center;line-height:150%"><span style="font-family:仿宋_GB2312">' + text.replace("\n", "<br/>") + "</span></p>"
        return f'<td{attrs} valign="middle" style="border:solid windowtext 1.0pt">{body}</td>'
    tag = "th" if c.header and style == "grid" else "td"
    return f"<{tag}{attrs}>{text.replace(chr(10), '<br>')}</{tag}>"


def _table(g: Grid, style: str) -> str:
    rows = "".join("<tr>" + "".join(_cell_html(c, style) for c in row) + "</tr>\n" for row in g.rows)
    if style == "paragraphs":
        return f'<table class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0" style="border-collapse:collapse">\n<tbody>\n{rows}</tbody></table>'
    return f'<table border="1" cellspacing="0" cellpadding="4" width="100%">\n{rows}</table>'


def _para(p: Para, style: str) -> str:
    text = escape(p.text)
    if p.role == "title":
        return f'<h2 style="text-align:center">{text}</h2>' if style == "grid" else f'<p align="center"><strong>{text}</strong></p>'
    if p.role == "heading":
        return f"<p><strong>{text}</strong></p>" if style != "grid" else f"<h3>{text}</h3>"
    if style == "paragraphs":
        return f'<p style="text-indent:2em"><span style="font-family:仿宋_GB2312;font-size:16pt">{text}</span></p>'
    return f"<p>{text}</p>"


def render_html(blocks: list[Block], style: str, encoding: str = "utf-8") -> bytes:
    """A whole HTML page in ``style`` (one of HTML_STYLES), encoded as ``encoding``."""
    title = next((b.text for b in blocks if isinstance(b, Para) and b.role == "title"), "")
    body = "\n".join(_table(b, style) if isinstance(b, Grid) else _para(b, style) for b in blocks)
    charset = "gb2312" if encoding == "gbk" else "utf-8"
    if style == "nested":
        body = (
            '<table width="1000" align="center" cellpadding="0" cellspacing="0"><tr><td class="nav">首页 &gt; 政府信息公开 &gt; 年度报告</td></tr>\n'
            '<tr><td><table width="100%"><tr><td class="bt_content"><div class="TRS_Editor">\n'
            f"{body}\n</div></td></tr></table></td></tr>\n"
            '<tr><td class="footer">主办单位：本机关办公室</td></tr></table>'
        )
    page = (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        f"<title>{escape(title)}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
    return page.encode("gbk" if encoding == "gbk" else "utf-8", errors="xmlcharrefreplace")
