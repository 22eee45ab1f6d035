"""Pictures that cost far more to decode than to store: huge blank scans and lying headers.

PNGs are written chunk by chunk with an incremental deflate, so a 12000 × 12000 picture is
built without ever holding its 144 MB of pixels.
"""

from __future__ import annotations

import io
import struct
import zlib


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + \
        struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def blank_png(width: int, height: int, *, gray: int = 255) -> bytes:
    """A white (or ``gray``) 8-bit grayscale PNG of any size, a few hundred KB at most."""
    packer = zlib.compressobj(9)
    row = b"\x00" + bytes([gray]) * width
    parts = [packer.compress(row) for _ in range(height)]
    parts.append(packer.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + \
        _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b"")


def lying_png(width: int, height: int) -> bytes:
    """A PNG header promising ``width × height`` with almost no data behind it."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + \
        _chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + _chunk(b"IEND", b"")


def gif_screen(width: int, height: int) -> bytes:
    """A GIF whose logical screen is ``width × height`` with one tiny frame (Pillow's
    ``DecompressionBombError`` territory when large)."""
    head = b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0)
    frame = b"," + struct.pack("<HHHHB", 0, 0, 1, 1, 0x80) + b"\x00\x00\x00\xff\xff\xff"
    return head + frame + b"\x02\x02\x44\x01\x00;"


def jpeg_header(width: int, height: int) -> bytes:
    """A JPEG start (SOI, SOF0) declaring ``width × height``, then nothing useful."""
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + sof + b"\xff\xd9"


def bmp_header(width: int, height: int) -> bytes:
    """A 24-bit BMP header for ``width × height`` with the pixel data missing."""
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, 0, 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 54 + 64, 0, 0, 54) + info + b"\x00" * 64


def small_picture(kind: str, width: int = 300, height: int = 200) -> bytes:
    """A real small picture in ``kind`` (PNG/JPEG/GIF/BMP/TIFF/WEBP) made by Pillow."""
    from PIL import Image, ImageDraw
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    for x in range(10, width - 10, 40):
        draw.rectangle((x, 20, x + 30, height - 20), outline="black")
    out = io.BytesIO()
    img.save(out, kind)
    return out.getvalue()


def scanned_sheet(table_png: bytes, across: int = 2, down: int = 2) -> bytes:
    """A scanner's JPEG of a sheet holding ``across × down`` copies of a table picture: large,
    gray and full of text (every line is detected and recognised, unlike a blank scan)."""
    from PIL import Image
    table = Image.open(io.BytesIO(table_png)).convert("L")
    sheet = Image.new("L", (table.width * across + 80, table.height * down + 80), 250)
    for i in range(across):
        for j in range(down):
            sheet.paste(table, (40 + i * table.width, 40 + j * table.height))
    out = io.BytesIO()
    sheet.save(out, "JPEG", quality=75)
    return out.getvalue()
