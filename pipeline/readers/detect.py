"""Media type from content, never the extension (``detect``); the reader for each type is
chosen in ``pipeline.readers.registry``."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from pipeline.readers import ReadError
from pipeline.readers.charset import bom, to_utf8

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
PDF = "application/pdf"
OLE2 = "application/x-ole-storage"
DOC = "application/msword"
WPS = "application/vnd.ms-works"
XLS = "application/vnd.ms-excel"
HTML = "text/html"
TEXT = "text/plain"
ZIP = "application/zip"
PNG, JPEG, GIF, BMP, TIFF, WEBP = ("image/png", "image/jpeg", "image/gif", "image/bmp",
                                   "image/tiff", "image/webp")


class UnsupportedFormat(ReadError):
    """The content is of a known type no reader handles (yet), or of no known type."""


_MAGIC = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF), (b"GIF89a", GIF),
    (b"BM", BMP),
    (b"II*\x00", TIFF), (b"MM\x00*", TIFF),
)
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_RE = re.compile(rb"<(!doctype\s+html|html|head|body|meta|div|table|p|title)[\s>/]", re.I)


def _zip_type(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
            if "mimetype" in names:
                with archive.open("mimetype") as member:  # a bomb here is read 64 bytes deep
                    if member.read(64).startswith(ODT.encode()):
                        return ODT
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, RuntimeError,
            NotImplementedError, zlib.error, struct.error):
        # a truncated DOCX still starts with a zip header: call it a DOCX and let the
        # reader report what is wrong with it
        return DOCX if b"word/" in data[:4096] else ZIP
    return ZIP


def _ole2_type(data: bytes) -> str:
    """Word (.doc), WPS and Excel files are all OLE2 compound files: tell them by streams."""
    try:
        import olefile
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(s) for s in ole.listdir()}
    except Exception:  # olefile raises bare Exceptions on damaged files
        return OLE2
    if "WordDocument" in streams:
        return DOC
    if "Workbook" in streams or "Book" in streams:
        return XLS
    if any(s.lower().startswith(("wps", "kso")) for s in streams):
        return WPS
    return OLE2


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # a multi-byte character cut by the sniffing window is still text
            if exc.start >= len(head) - 4:
                return True
    return False


def detect(data: bytes) -> str:
    """The media type of ``data``; raises UnsupportedFormat for empty or unknown content."""
    if not data.strip():
        raise UnsupportedFormat("empty file")
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    if data.startswith(_OLE2_MAGIC):
        return _ole2_type(data)
    for magic, media_type in _MAGIC:
        if data.startswith(magic):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    marked = bom(data)
    if marked and marked[0] != "utf-8":
        # UTF-16/32 text is full of NUL bytes; only its byte-order mark tells it from binary
        data = to_utf8(data[:8192])
    head = data[:4096]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if _looks_like_text(head):
        if _HTML_RE.search(stripped[:2048]) and stripped[:1] == b"<":
            return HTML
        return TEXT
    raise UnsupportedFormat("unrecognised binary content")
