"""The report as a Word file (python-docx) with the national template's merged cells.

Real ``gridSpan``/``vMerge`` merges (the three label columns of table 三, the 申请人情况 and
法人或其他组织 header spans, the 行政复议/行政诉讼 header spans, the 第二十条 caption rows);
layout options: tables as pictures, tables displaced after the signature, table 三 inside a
text box (``w:txbxContent``), bookmarks on labels, split labels, letter spacing, blank cells.
"""

from __future__ import annotations

import io
from functools import lru_cache
from itertools import count
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from PIL import Image

from pipeline.template import APPLICATIONS
from replica.render.grid import PCell, PRow, continuations, grid_width, table_grids
from replica.render.png import render_table_png
from replica.spec import ReportSpec, inline_segments

BODY_FONT = "仿宋_GB2312"
VML = "urn:schemas-microsoft-com:vml"
VML_OFFICE = "urn:schemas-microsoft-com:office:office"


def render_docx(spec: ReportSpec) -> bytes:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    bookmark_ids = count(1)
    for kind, payload in spec.blocks():
        if kind == "title":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(payload)
            run.bold, run.font.size = True, Pt(22)
        elif kind == "heading":
            doc.add_paragraph().add_run(payload).bold = True
        elif kind == "table":
            for rows in table_grids(spec, payload):
                table = _table(doc, rows, bookmark_ids)
                if spec.layout.table_in_textbox and payload == APPLICATIONS:
                    _into_textbox(doc, table)
                doc.add_paragraph()
        elif kind == "image":
            table_id = payload.split(":", 1)[1]
            doc.add_picture(io.BytesIO(render_table_png(spec, table_id)), width=Cm(15.5))
        elif kind == "signature":
            doc.add_paragraph(payload.strip()).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            _paragraph(doc.add_paragraph(), payload)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@lru_cache(maxsize=1)
def placeholder_png() -> bytes:
    """A neutral picture for ``[image: …]`` markers whose content the spec does not know."""
    out = io.BytesIO()
    Image.new("RGB", (240, 80), (235, 235, 235)).save(out, format="PNG")
    return out.getvalue()


def _paragraph(p, text: str) -> None:
    for kind, value in inline_segments(text):
        if kind == "image":
            p.add_run().add_picture(io.BytesIO(placeholder_png()), width=Cm(4))
        else:
            p.add_run(value)


def _table(doc, rows: list[PRow], bookmark_ids):
    """A table with real merges, written as WordprocessingML: an anchor cell carries
    ``gridSpan`` and ``vMerge="restart"``, the cells below it ``vMerge`` (python-docx's
    ``merge`` is quadratic in the table size, too slow for corpora)."""
    table = doc.add_table(rows=0, cols=grid_width(rows))
    table.style = "Table Grid"
    for row in continuations(rows):
        table._tbl.append(parse_xml(f'<w:tr {nsdecls("w")}>' + "".join(
            _cell_xml(cell, bookmark_ids) if anchored else _continuation_xml(cell.colspan)
            for _, cell, anchored in row) + "</w:tr>"))
    return table


def _props(colspan: int, vmerge: str | None) -> str:
    props = f'<w:gridSpan w:val="{colspan}"/>' if colspan > 1 else ""
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    return f"<w:tcPr>{props}<w:vAlign w:val=\"center\"/></w:tcPr>"


def _continuation_xml(colspan: int) -> str:
    return "<w:tc>" + _props(colspan, "continue") + "<w:p/></w:tc>"


def _cell_xml(cell: PCell, bookmark_ids) -> str:
    center = '<w:pPr><w:jc w:val="center"/></w:pPr>' if cell.kind != "label" else ""
    spacing = '<w:spacing w:val="30"/>' if cell.letter_spaced else ""
    paras = []
    for k, line in enumerate(cell.text.split("\n")):
        run = (f'<w:r><w:rPr>{spacing}<w:sz w:val="21"/></w:rPr>'
               f'<w:t xml:space="preserve">{escape(line)}</w:t></w:r>') if line else ""
        if cell.bookmark and k == 0:
            ident = next(bookmark_ids)
            run = (f'<w:bookmarkStart w:id="{ident}" w:name="{cell.bookmark}"/>{run}'
                   f'<w:bookmarkEnd w:id="{ident}"/>')
        paras.append(f"<w:p>{center}{run}</w:p>")
    vmerge = "restart" if cell.rowspan > 1 else None
    return "<w:tc>" + _props(cell.colspan, vmerge) + "".join(paras) + "</w:tc>"


def _into_textbox(doc, table) -> None:
    """Move a table into a VML text box: readers must look inside ``w:txbxContent``."""
    holder = doc.add_paragraph()
    pict = parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="{VML}" xmlns:o="{VML_OFFICE}"><w:pict>'
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
        'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
        '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        '<v:shape id="TextBox1" o:spid="_x0000_s1026" type="#_x0000_t202" '
        'style="width:440pt;height:640pt;mso-wrap-style:square">'
        '<v:textbox><w:txbxContent/></v:textbox></v:shape></w:pict></w:r>')
    holder._p.append(pict)
    content = pict.find(".//" + qn("w:txbxContent"))
    content.append(table._tbl)
    content.append(parse_xml(f'<w:p {nsdecls("w")}/>'))
