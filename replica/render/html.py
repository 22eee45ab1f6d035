"""The report body as the Word-exported HTML portals paste into their editor.

MsoNormal paragraphs, ``<table class=MsoNormalTable>`` with rowspan/colspan and ``<p>`` inside
cells, ``&nbsp;`` for blank cells, ``<span style='letter-spacing:…'>`` for spaced labels,
``<a name=_Hlk…>`` bookmarks and ``<img>`` for pictures (the PNG of a pictured table comes from
``render_table_png``).
"""

from __future__ import annotations

from html import escape

from replica.render.grid import PCell, anchors, grid_width, table_grids
from replica.render.text import image_name
from replica.spec import ReportSpec, inline_segments

P = "<p class=MsoNormal{attrs}>{body}</p>"
SPAN = "<span style='{style}'>{text}</span>"
BODY_FONT = "font-size:16.0pt;font-family:仿宋_GB2312"
CELL_STYLE = ("border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt")


def render_html_fragment(spec: ReportSpec, *, image_base: str = "", thead: bool = False) -> str:
    """The body HTML; ``image_base`` prefixes picture sources (e.g. "/picture/0/"); ``thead``
    puts each table's header rows in a ``<thead>`` (as HTML editors do; browsers repeat it on
    every printed page)."""
    out: list[str] = []
    for kind, payload in spec.blocks():
        if kind == "title":
            out.append(P.format(attrs=" align=center style='text-align:center'",
                                body="<b>" + SPAN.format(style="font-size:22.0pt;font-family:方正小标宋简体",
                                                        text=escape(payload)) + "</b>"))
        elif kind == "heading":
            out.append(P.format(attrs=" style='text-indent:32.0pt'",
                                body=SPAN.format(style="font-size:16.0pt;font-family:黑体",
                                                 text=escape(payload))))
        elif kind == "table":
            out.extend(_table(spec, rows, thead) for rows in table_grids(spec, payload))
        elif kind == "image":
            out.append(P.format(attrs=" align=center style='text-align:center'",
                                body=_img(image_base + image_name(payload))))
        elif kind == "signature":
            out.append(P.format(attrs=" align=right style='text-align:right'",
                                body=SPAN.format(style=BODY_FONT, text=escape(payload.strip()))))
        else:
            out.append(P.format(attrs=" style='text-indent:32.0pt;line-height:28.0pt'",
                                body=_inline(payload, image_base)))
    return "\n".join(out) + "\n"


def _img(src: str) -> str:
    return f"<img width=554 src=\"{escape(src)}\" v:shapes=\"_x0000_i1025\">"


def _inline(text: str, image_base: str) -> str:
    return "".join(_img(image_base + value) if kind == "image" else
                   SPAN.format(style=BODY_FONT, text=escape(value))
                   for kind, value in inline_segments(text))


def _table(spec: ReportSpec, rows: list[list[PCell]], thead: bool = False) -> str:
    lines = ["<div align=center>",
             "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
             "style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt'>"]
    placed = anchors(rows)
    head = 0
    while thead and head < len(placed) - 1 and all(c.kind != "value" for _, c in placed[head]):
        head += 1
    for r, row in enumerate(placed):
        if head and r in (0, head):
            lines.append(" <thead>" if r == 0 else " </thead><tbody>")
        lines.append(" <tr style='height:20.0pt'>")
        for _, cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f" rowspan={cell.rowspan}"
            if cell.colspan > 1:
                attrs += f" colspan={cell.colspan}"
            lines.append(f"  <td{attrs} valign=center style='{CELL_STYLE}'>"
                         + _cell_body(spec, cell) + "</td>")
        lines.append(" </tr>")
    if head:
        lines.append(" </tbody>")
    if spec.layout.word_spacer_row:
        # Word's export closes tables with a zero-height row of empty cells
        widths = "".join("<td width=60 style='border:none'></td>" for _ in range(grid_width(rows)))
        lines.append(f" <![if !supportMisalignedColumns]>\n <tr height=0>{widths}</tr>\n"
                     " <![endif]>")
    lines += ["</table>", "</div>"]
    return "\n".join(lines)


def _cell_body(spec: ReportSpec, cell: PCell) -> str:
    align = " align=center style='text-align:center'" if cell.kind != "label" else ""
    if not cell.text:
        blank = "&nbsp;" if spec.layout.nbsp_blanks else ""
        return P.format(attrs=align, body=f"<span lang=EN-US>{blank}</span>")
    style = "font-size:10.5pt;font-family:宋体"
    if cell.letter_spaced:
        style += ";letter-spacing:1.5pt"
    paras = []
    for k, line in enumerate(cell.text.split("\n")):
        mark = f"<a name=\"{cell.bookmark}\"></a>" if cell.bookmark and k == 0 else ""
        paras.append(P.format(attrs=align, body=mark + SPAN.format(
            style=style, text=escape(line)) + "<o:p></o:p>"))
    return "".join(paras)
