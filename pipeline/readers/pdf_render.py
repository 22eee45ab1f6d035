"""PDF pages and pictures on them as grayscale PNGs for OCR, rendered by pdfium within the
render cap (``limits.MAX_RENDER_PIXELS``)."""

from __future__ import annotations

import io

from pipeline.document import ImageBlock
from pipeline.readers.limits import MAX_RENDER_PIXELS, fit_scale, megapixels
from pipeline.readers.pdf_cells import inside

#: render scale for pages that are pictures (≈ 180 dpi: enough for 8-pt table digits)
RENDER_SCALE = 2.5
#: pictures narrower than this (points) are logos, seals or decorations
MIN_PICTURE_PT = 72


def pictures(page, tables: list) -> list[tuple[float, tuple[float, float, float, float]]]:
    """Pictures big enough to hold a table or chart (not logos, seals or rules), outside ruled
    tables: (top, bbox), for OCR when the markup lacks a table."""
    out = []
    for img in page.images:
        box = (max(img["x0"], 0), max(img["top"], 0), min(img["x1"], page.width),
               min(img["bottom"], page.height))
        if box[2] - box[0] >= MIN_PICTURE_PT and box[3] - box[1] >= MIN_PICTURE_PT / 2 \
                and not any(inside(img, t) for t in tables):
            out.append((box[1], box))
    return out


def render_page(document, number: int, warnings: list[str], box=None,
                locator: str | None = None) -> ImageBlock:
    """Page ``number`` of the pdfium ``document`` (or the ``box`` of it) as a grayscale PNG at
    OCR resolution, never more than ``MAX_RENDER_PIXELS``: a larger page is rendered at the
    scale that fits (warned in ``warnings``)."""
    page = document[number - 1]
    width, height = page.get_size()
    kwargs = {}
    area = (width, height)
    if box is not None:
        x0, top, x1, bottom = box
        # crop margins in PDF points: left, bottom, right, top
        kwargs["crop"] = (x0, height - bottom, width - x1, top)
        area = (max(x1 - x0, 1.0), max(bottom - top, 1.0))
    scale = fit_scale(*area, RENDER_SCALE, MAX_RENDER_PIXELS)
    if scale < RENDER_SCALE:
        warnings.append(
            f"pdf:p{number}: {area[0]:.0f} × {area[1]:.0f} pt rendered at scale {scale:.2f} "
            f"instead of {RENDER_SCALE} (limit {megapixels(MAX_RENDER_PIXELS)} a page)")
    bitmap = page.render(scale=scale, **kwargs)
    out = io.BytesIO()
    bitmap.to_pil().convert("L").save(out, "PNG")
    locator = locator or f"pdf:p{number}"
    return ImageBlock(locator, out.getvalue(), locator)
