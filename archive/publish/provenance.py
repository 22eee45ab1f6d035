"""Where one cell was read: the original HTML with that cell marked and scrolled to, the PDF page
rendered with the cell's box drawn when the locator has one, or the crop of the picture OCR read.

Every answer is a view made at request time; the archived bytes are never changed."""

from __future__ import annotations

import io
import re

import lxml.html

from pipeline.readers.html import decode_html

HTML_CELL = re.compile(r"^html:table\[(\d+)\]/tr\[(\d+)\]/td\[(\d+)\]")
PDF_PAGE = re.compile(r"^pdf:p(\d+)")
BOX = re.compile(r"@(-?[\d.]+),(-?[\d.]+),(-?[\d.]+),(-?[\d.]+)$")
OCR_IMAGE = re.compile(r"^ocr:image(\d+)/")
ANCHOR = "xxgk-cell"
MARK_STYLE = "outline: 4px solid #c0392b; background: #fff3a0; scroll-margin: 40vh;"
#: PDF pages rendered at this scale (72 dpi × 2)
PDF_SCALE = 2.0


class NotLocatable(Exception):
    """The locator names nothing this original holds (the caller falls back to the original)."""


def html_with_cell_marked(data: bytes, locator: str, content_type: str | None = None) -> bytes:
    found = HTML_CELL.match(locator or "")
    if not found:
        raise NotLocatable(locator)
    t, r, k = (int(g) for g in found.groups())
    root = lxml.html.document_fromstring(decode_html(data, content_type).encode("utf-8"),
                                         parser=lxml.html.HTMLParser(encoding="utf-8",
                                                                     no_network=True))
    tables = list(root.iter("table"))
    if t > len(tables):
        raise NotLocatable(locator)
    table = tables[t - 1]
    rows = [tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table]
    cells = [td for td in rows[r - 1] if td.tag in ("td", "th")] if r <= len(rows) else []
    if k > len(cells):
        raise NotLocatable(locator)
    cells[k - 1].set("id", ANCHOR)
    cells[k - 1].set("style", MARK_STYLE + (cells[k - 1].get("style") or ""))
    return lxml.html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>")


def pdf_page_png(data: bytes, locator: str) -> bytes:
    import pypdfium2
    from PIL import ImageDraw

    found = PDF_PAGE.match(locator or "")
    if not found:
        raise NotLocatable(locator)
    pdf = pypdfium2.PdfDocument(data)
    try:
        number = int(found.group(1))
        if not 1 <= number <= len(pdf):
            raise NotLocatable(locator)
        image = pdf[number - 1].render(scale=PDF_SCALE).to_pil().convert("RGB")
    finally:
        pdf.close()
    box = BOX.search(locator)
    if box:
        x0, y0, x1, y1 = (float(v) * PDF_SCALE for v in box.groups())
        ImageDraw.Draw(image).rectangle([x0, y0, x1, y1], outline=(192, 57, 43), width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def picture_crop_png(picture: bytes, locator: str) -> bytes:
    from PIL import Image

    box = BOX.search(locator or "")
    if not box:
        raise NotLocatable(locator)
    x0, y0, x1, y1 = (int(float(v)) for v in box.groups())
    with Image.open(io.BytesIO(picture)) as image:
        margin = 12
        crop = image.convert("RGB").crop((max(0, x0 - margin), max(0, y0 - margin),
                                          min(image.width, x1 + margin),
                                          min(image.height, y1 + margin)))
    out = io.BytesIO()
    crop.save(out, "PNG")
    return out.getvalue()


def ocr_image_index(locator: str) -> int | None:
    found = OCR_IMAGE.match(locator or "")
    return int(found.group(1)) if found else None
