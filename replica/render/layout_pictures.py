"""Generated layouts as pictures: PNG tables (headless Chromium) and image-only PDFs
(pdftoppm) — what the OCR path is tested on."""

from __future__ import annotations

import html
import io
import subprocess
import tempfile
from pathlib import Path

from replica.render.layouts import Layout


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
