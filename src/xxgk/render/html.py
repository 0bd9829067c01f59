"""HTML in the official layout: real rowspan/colspan cells and a print stylesheet (A4, official fonts).

A blank cell is an empty ``<td>``; a table the report does not print is not written.
"""

from __future__ import annotations

from html import escape

from ..record import Report
from .layout import Block, Grid, blocks

# Font stacks: the official fonts first, then what Windows, macOS and Debian (fonts-noto-cjk,
# fonts-wqy-zenhei) provide.
BODY_FONTS = '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", serif'
TITLE_FONTS = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "宋体", "SimSun", "Noto Serif CJK SC", serif'
HEADING_FONTS = '"黑体", "SimHei", "STHeiti", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif'
TABLE_FONTS = '"宋体", "SimSun", "STSong", "Noto Serif CJK SC", "WenQuanYi Zen Hei", serif'

STYLE = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
body {{ font-family: {BODY_FONTS}; font-size: 16pt; line-height: 1.6; max-width: 156mm; margin: 2em auto; }}
h1 {{ font-family: {TITLE_FONTS}; font-size: 22pt; font-weight: normal; text-align: center; }}
h2 {{ font-family: {HEADING_FONTS}; font-size: 16pt; font-weight: normal; text-indent: 2em; margin: .8em 0 .4em; }}
p {{ text-indent: 2em; margin: 0; }}
p.signature {{ text-align: right; margin-top: 2em; }}
table {{ border-collapse: collapse; width: 100%; margin: .6em 0 1em; font-family: {TABLE_FONTS};
        font-size: 9pt; line-height: 1.3; page-break-inside: auto; }}
td, th {{ border: 1px solid #000; padding: 2px 3px; text-align: center; vertical-align: middle; }}
th {{ font-weight: normal; }}
td.label {{ text-align: left; }}
td.caption {{ font-weight: bold; }}
thead {{ display: table-header-group; }}
tr {{ page-break-inside: avoid; }}
@media print {{ body {{ margin: 0; max-width: none; }} }}
"""


def render_html(report: Report) -> str:
    items = blocks(report)
    title = next((b.text for b in items if b.kind == "title"), "")
    body = "\n".join(_block(b) for b in items)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _block(b: Block) -> str:
    if b.kind == "title":
        return f"<h1>{escape(b.text)}</h1>"
    if b.kind == "heading":
        return f'<h2 data-section="{b.number}">{escape(b.text)}</h2>'
    if b.kind == "signature":
        return '<p class="signature">' + "<br>".join(escape(s) for s in b.text.split("\n")) + "</p>"
    if b.kind == "table" and b.grid is not None:
        return _table(b.grid)
    return f"<p>{escape(b.text)}</p>"


def _table(grid: Grid) -> str:
    total = sum(grid.widths)
    cols = "".join(f'<col style="width:{w / total * 100:.2f}%">' for w in grid.widths)
    rows = grid.rows()
    lines = [f'<table class="xxgk" data-table="{grid.key}">', f"<colgroup>{cols}</colgroup>"]
    if grid.header_rows:
        lines.append("<thead>")
    for r, row in enumerate(rows):
        if grid.header_rows and r == grid.header_rows:
            lines += ["</thead>", "<tbody>"]
        cells = []
        for c in row:
            tag = "th" if c.role == "header" else "td"
            attrs = ""
            if c.rowspan > 1:
                attrs += f' rowspan="{c.rowspan}"'
            if c.colspan > 1:
                attrs += f' colspan="{c.colspan}"'
            if c.role == "caption" or c.align == "left":
                attrs += f' class="{c.role}"'
            cells.append(f"<{tag}{attrs}>{escape(c.text)}</{tag}>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    if grid.header_rows:
        lines.append("</tbody>")
    lines.append("</table>")
    return "\n".join(lines)
