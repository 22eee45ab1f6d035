"""Generated layouts as office documents: DOCX (python-docx), then PDF/DOC through LibreOffice —
the binaries the PDF and DOC readers are tested and benchmarked on."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from docx import Document as DocxDocument
from docx.shared import Pt

from replica.render.layouts import Layout

SECTION_TITLES = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                  "四、政府信息公开行政复议、行政诉讼情况"]


def render_docx(layouts: list[Layout], *, filler_lines: int = 12, repeat_header: bool = False,
                pictures: dict[str, bytes] | None = None, ruled: bool = True,
                font: str | None = None, centred: bool = False) -> bytes:
    """One report: sections 一–四, table 二/三/四 after their headings. ``filler_lines`` of prose
    before table 三 push it across a page break; ``pictures`` replaces tables by images.
    ``ruled=False`` prints the tables without any border (as many WPS/Word exports do: the
    PDF then has only text positions); ``font`` sets the East Asian font of every run;
    ``centred`` centres every table cell's text horizontally and vertically, as WPS does."""
    doc = DocxDocument()
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
    if font:
        _east_asian_font(style, font)
    doc.add_paragraph("某某区人民政府2024年政府信息公开工作年度报告")
    doc.add_paragraph(SECTION_TITLES[0])
    for i in range(filler_lines):
        doc.add_paragraph(f"本机关坚持以公开为常态、不公开为例外（第{i + 1}段），"
                          "认真落实政府信息公开条例各项要求。")
    for title, layout in zip(SECTION_TITLES[1:], layouts):
        doc.add_paragraph(title)
        if pictures and layout.name in pictures:
            doc.add_picture(io.BytesIO(pictures[layout.name]), width=Pt(440))
        else:
            _add_table(doc, layout, repeat_header, ruled, centred)
    doc.add_paragraph("五、存在的主要问题及改进情况")
    doc.add_paragraph("六、其他需要报告的事项")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _east_asian_font(style, font: str) -> None:
    from docx.oxml.ns import qn
    style.font.name = font
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _add_table(doc, layout: Layout, repeat_header: bool, ruled: bool = True,
               centred: bool = False) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    n_rows, n_cols = len(layout.cells), len(layout.cells[0])
    table = doc.add_table(rows=n_rows, cols=n_cols)
    # python-docx's default table style draws no borders at all
    table.style = "Table Grid" if ruled else None
    for r0, c0, r1, c1 in layout.merges:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    anchors = {(r0, c0) for r0, c0, _, _ in layout.merges}
    covered = {(r, c) for r0, c0, r1, c1 in layout.merges
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - anchors
    for r in range(n_rows):
        for c in range(n_cols):
            if (r, c) not in covered:
                cell = table.cell(r, c)
                cell.text = layout.cells[r][c]
                if centred:
                    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                for p in cell.paragraphs:
                    if centred:
                        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    for run in p.runs:
                        run.font.size = Pt(8)
    if repeat_header:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        for row in table.rows[:2]:
            trpr = row._tr.get_or_add_trPr()
            el = OxmlElement("w:tblHeader")
            el.set(qn("w:val"), "true")
            trpr.append(el)


def soffice_convert(data: bytes, suffix: str, target: str) -> bytes:
    """Convert bytes with LibreOffice headless in a private profile (tests, benchmarks)."""
    return soffice_convert_many([data], suffix, target)[0]


def soffice_convert_many(items: list[bytes], suffix: str, target: str) -> list[bytes]:
    """Several files in one LibreOffice start (starting soffice is most of the cost)."""
    with tempfile.TemporaryDirectory() as tmp:
        sources = []
        for i, data in enumerate(items):
            src = Path(tmp) / f"in{i}{suffix}"
            src.write_bytes(data)
            sources.append(str(src))
        out = Path(tmp) / "out"
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", target, "--outdir", str(out), *sources],
                       check=True, capture_output=True, timeout=600)
        ext = target.split(":")[0]
        return [(out / f"in{i}.{ext}").read_bytes() for i in range(len(items))]


def without_unicode_maps(pdf: bytes) -> bytes:
    """The PDF with its fonts' ToUnicode maps unlinked, as some exporters embed subset fonts:
    the glyphs still print, but the text layer is glyph codes (pdfminer's ``(cid:N)``). The
    key is renamed in place, so every byte offset (the xref) stays valid."""
    return pdf.replace(b"/ToUnicode", b"/ToUnicodX")


def with_rotation(pdf: bytes, degrees: int) -> bytes:
    """Every page given /Rotate ``degrees`` over its upright content, as scanners and some
    exporters leave pages: viewers show it turned, text extractors give sideways lines."""
    import pypdfium2
    doc = pypdfium2.PdfDocument(pdf)
    try:
        for page in doc:
            page.set_rotation(degrees)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
    finally:
        doc.close()
