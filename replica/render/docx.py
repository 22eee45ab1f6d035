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

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from PIL import Image

from pipeline.template import APPLICATIONS
from replica.render.grid import PCell, PRow, anchors, grid_width, table_grids
from replica.render.png import render_table_png
from replica.spec import IMAGE_MARK, ReportSpec

BODY_FONT = "仿宋_GB2312"
VML = "urn:schemas-microsoft-com:vml"


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
    """Text with ``[image: x]`` markers as inline pictures (the OCR junk a text layer prints
    after a marker is not part of the document)."""
    pos = 0
    for m in IMAGE_MARK.finditer(text):
        if m.start() > pos:
            p.add_run(text[pos:m.start()])
        p.add_run().add_picture(io.BytesIO(placeholder_png()), width=Cm(4))
        end = text.find("\n", m.end())
        pos = len(text) if end < 0 else end
    if pos < len(text):
        p.add_run(text[pos:])


def _table(doc, rows: list[PRow], bookmark_ids):
    table = doc.add_table(rows=len(rows), cols=grid_width(rows))
    table.style = "Table Grid"
    for r, row in enumerate(anchors(rows)):
        for c, cell in row:
            target = table.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            _fill_cell(target, cell, bookmark_ids)
    return table


def _fill_cell(target, cell: PCell, bookmark_ids) -> None:
    lines = cell.text.split("\n")
    for k, line in enumerate(lines):
        p = target.paragraphs[0] if k == 0 else target.add_paragraph()
        if cell.kind != "label":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(line)
        run.font.size = Pt(10.5)
        if cell.letter_spaced:
            spacing = parse_xml(f'<w:spacing {nsdecls("w")} w:val="30"/>')
            run._r.get_or_add_rPr().append(spacing)
        if cell.bookmark and k == 0:
            ident = next(bookmark_ids)
            run._r.addprevious(parse_xml(
                f'<w:bookmarkStart {nsdecls("w")} w:id="{ident}" w:name="{cell.bookmark}"/>'))
            run._r.addnext(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{ident}"/>'))


def _into_textbox(doc, table) -> None:
    """Move a table into a VML text box: readers must look inside ``w:txbxContent``."""
    holder = doc.add_paragraph()
    pict = parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="{VML}"><w:pict><v:shape id="TextBox1" type="#_x0000_t202" '
        f'style="width:440pt;height:640pt"><v:textbox><w:txbxContent/></v:textbox>'
        f'</v:shape></w:pict></w:r>')
    holder._p.append(pict)
    content = pict.find(".//" + qn("w:txbxContent"))
    content.append(table._tbl)
    content.append(parse_xml(f'<w:p {nsdecls("w")}/>'))
