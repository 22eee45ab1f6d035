"""The reader for each media type: ``reader_for(media_type)(data, **options) -> Document``.

Readers are imported when a document needs them (PDF, OCR and LibreOffice pull in heavy
libraries); none of them imports this table, so a new reader is one line here.
"""

from __future__ import annotations

from typing import Callable

from pipeline.document import Document
from pipeline.readers.detect import (BMP, DOC, DOCX, GIF, HTML, JPEG, ODT, OLE2, PDF, PNG, TEXT,
                                     TIFF, WEBP, WPS, XLS, XLSX, UnsupportedFormat)

Reader = Callable[..., Document]


def _text(data: bytes, **_: object) -> Document:
    from pipeline.readers.charset import to_utf8
    from pipeline.readers.text import read_text

    return read_text(to_utf8(data))


def _html(data: bytes, **options: object) -> Document:
    from pipeline.readers.html import read_html

    return read_html(data, **options)


def _docx(data: bytes, **options: object) -> Document:
    from pipeline.readers.docx import read_docx

    return read_docx(data, **options)


def _pdf(data: bytes, **options: object) -> Document:
    from pipeline.readers.pdf import read_pdf

    return read_pdf(data, **options)


def _picture(data: bytes, **options: object) -> Document:
    from pipeline.readers.image import read_image

    return read_image(data, **options)


def _word_binary(data: bytes, **options: object) -> Document:
    from pipeline.readers.convert import read_doc

    return read_doc(data, **options)


READERS: dict[str, Reader] = {
    TEXT: _text, HTML: _html, DOCX: _docx, PDF: _pdf,
    DOC: _word_binary, WPS: _word_binary, OLE2: _word_binary,
    **{media_type: _picture for media_type in (PNG, JPEG, GIF, BMP, TIFF, WEBP)},
}
#: types recognised by their content that no reader handles
UNSUPPORTED = {ODT: "ODT", XLSX: "XLSX spreadsheet", XLS: "XLS spreadsheet"}


def reader_for(media_type: str) -> Reader:
    reader = READERS.get(media_type)
    if reader is not None:
        return reader
    if media_type in UNSUPPORTED:
        raise UnsupportedFormat(f"{UNSUPPORTED[media_type]} files are not supported")
    raise UnsupportedFormat(f"unsupported content type {media_type}")
