"""Standalone pictures (PNG/JPEG/GIF/BMP/TIFF/WebP) → Document holding the picture.

The picture is the whole document, so its tables are missing from markup by definition; the
extraction's OCR step (``pipeline.ocr.ocr_document``) reads it unless OCR is switched off, in
which case the report keeps the picture and says why it has no numbers.
"""

from __future__ import annotations

from pipeline.document import Document, ImageBlock
from pipeline.readers.picture import load_gray


def read_image(data: bytes, *, content_type: str | None = None, ocr: bool = True,
               url: str | None = None, **_: object) -> Document:
    load_gray(data)  # a damaged picture is a one-line error, not a blank report
    from pipeline.readers.detect import detect
    name = (url or "").rsplit("/", 1)[-1] or "image1"
    doc = Document([ImageBlock(name, data, "image1")], detect(data), "ocr")
    if not ocr:
        doc.warnings.append("the report is a picture and OCR is off: its cells are not read")
    return doc
