"""Render the generated layouts into DOCX (python-docx), then PDF/DOC (LibreOffice), page images
(pdftoppm) and PNG tables (headless Chromium) — the binaries the readers are tested on."""

from __future__ import annotations

import html
import io
import subprocess
import tempfile
from pathlib import Path

from docx import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.shared import Pt

from tests.pdfocr.fixtures import Layout

SECTION_TITLES = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                  "四、政府信息公开行政复议、行政诉讼情况"]


def render_docx(layouts: list[Layout], *, filler_lines: int = 12, repeat_header: bool = False,
                pictures: dict[str, bytes] | None = None) -> bytes:
    """One report: sections 一–四, table 二/三/四 after their headings. ``filler_lines`` of prose
    before table 三 push it across a page break; ``pictures`` replaces tables by images."""
    doc = DocxDocument()
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
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
            _add_table(doc, layout, repeat_header)
    doc.add_paragraph("五、存在的主要问题及改进情况")
    doc.add_paragraph("六、其他需要报告的事项")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _add_table(doc, layout: Layout, repeat_header: bool) -> None:
    n_rows, n_cols = len(layout.cells), len(layout.cells[0])
    table = doc.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
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
                for p in cell.paragraphs:
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
    """Convert bytes with LibreOffice headless in a private profile (test-side helper)."""
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


def rasterise_pdf(data: bytes, dpi: int = 150) -> bytes:
    """An image-only PDF: every page rasterised (pdftoppm) and put back as a picture."""
    from PIL import Image
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "in.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "in.pdf", "page"], cwd=tmp,
                       check=True, capture_output=True, timeout=180)
        pages = [Image.open(p).convert("RGB") for p in sorted(Path(tmp).glob("page*.png"))]
        out = io.BytesIO()
        pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
        return out.getvalue()


def layout_html(layout: Layout) -> str:
    """The table as a Word-exported-looking HTML page (rowspan/colspan, CJK font)."""
    anchors = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in layout.merges}
    covered = {(r, c) for r0, c0, r1, c1 in layout.merges
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - set(anchors)
    rows = []
    for r, row in enumerate(layout.cells):
        tds = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rs, cs = anchors.get((r, c), (1, 1))
            tds.append(f'<td rowspan="{rs}" colspan="{cs}">{html.escape(text)}</td>')
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
            "body{margin:8px;background:#fff;font-family:'WenQuanYi Zen Hei';font-size:15px}"
            "table{border-collapse:collapse}td{border:1px solid #000;padding:4px 6px;"
            "text-align:center}</style></head><body><table>" + "".join(rows)
            + "</table></body></html>")


def screenshot_html(page: str, width: int = 1400, height: int = 1000) -> bytes:
    """PNG of an HTML page from headless Chromium, cropped to the table."""
    from PIL import Image, ImageOps
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "t.html"
        src.write_text(page, encoding="utf-8")
        shot = Path(tmp) / "shot.png"
        subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--no-first-run",
                        f"--user-data-dir={tmp}/profile", "--hide-scrollbars",
                        f"--window-size={width},{height}", f"--screenshot={shot}",
                        src.as_uri()], check=True, capture_output=True, timeout=120)
        img = Image.open(shot).convert("RGB")
        box = ImageOps.invert(img).getbbox()
        if box:
            img = img.crop((max(box[0] - 10, 0), max(box[1] - 10, 0), box[2] + 10, box[3] + 10))
        out = io.BytesIO()
        img.save(out, "PNG")
        return out.getvalue()
