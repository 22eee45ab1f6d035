"""Standalone pictures (PNG/JPEG/GIF/BMP/TIFF) → Document: the picture, then what OCR reads."""

from __future__ import annotations

from pipeline.document import Document, ImageBlock
from pipeline.ocr import load_gray, ocr_document

#: magic bytes → media type of the picture formats read here
SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
    b"BM": "image/bmp",
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
}


def sniff_image(data: bytes) -> str | None:
    return next((t for magic, t in SIGNATURES.items() if data.startswith(magic)), None)


def read_image(data: bytes, name: str = "", *, ocr: bool = True) -> Document:
    """The picture is the whole document, so its tables are missing from markup by definition:
    OCR runs right away unless switched off (then the document holds only the picture)."""
    load_gray(data, name)  # a damaged picture is a one-line error, not a blank report
    doc = Document([ImageBlock(name or "image1", data, "image1")],
                   sniff_image(data) or "image/png", "ocr")
    if not ocr:
        doc.warnings.append(f"{name or 'image'}: OCR is off; the picture's cells stay missing")
        return doc
    return ocr_document(doc, name=name)
