"""The PDF objects of a drawn report (``replica.render.textlayer_pdf``): one Type0 font with a
ToUnicode map and no embedded glyphs, as many producers write CJK text, and the page tree.
A page may also carry a scanner's picture (a grayscale JPEG drawn as ``/Im1``), as the
searchable scans of ``replica.render.reprinted_pdf`` do."""

from __future__ import annotations

import zlib

__all__ = ["Font", "write_pdf", "PAGE_W", "PAGE_H"]

PAGE_W, PAGE_H = 595.0, 842.0


class Font:
    """One Type0 font: every character gets a CID; widths by kind (CJK full, digits by font)."""

    def __init__(self, digit_width: float) -> None:
        self.cids: dict[str, int] = {}
        self.digit_width = digit_width

    def width(self, ch: str) -> float:
        if ch.isdigit():
            return self.digit_width
        return 0.5 if ord(ch) < 0x2E80 else 1.0

    def encode(self, text: str) -> str:
        out = []
        for ch in text:
            cid = self.cids.setdefault(ch, len(self.cids) + 1)
            out.append(f"{cid:04X}")
        return "<" + "".join(out) + ">"


def _to_unicode(font: Font) -> bytes:
    entries = sorted(font.cids.items(), key=lambda kv: kv[1])
    out = ["/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
           "/CMapName /Drawn-UCS def /CMapType 2 def",
           "1 begincodespacerange <0000> <FFFF> endcodespacerange"]
    for k in range(0, len(entries), 100):
        chunk = entries[k:k + 100]
        out.append(f"{len(chunk)} beginbfchar")
        out += [f"<{cid:04X}> <{ord(ch):04X}>" for ch, cid in chunk]
        out.append("endbfchar")
    out.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return "\n".join(out).encode()


def write_pdf(font: Font, pages: list[list[str]], pictures: list[tuple[bytes, int, int]] | None = None,
              sizes: list[tuple[float, float]] | None = None) -> bytes:
    """A PDF of A4 pages (or of ``sizes``), each drawn by its content-stream operators, in
    ``font`` (/F1). ``pictures[k]``, (grayscale JPEG, width px, height px), is page k's
    ``/Im1`` XObject, for its operators to draw."""
    widths = " ".join(f"{cid} [{font.width(ch) * 1000:.0f}]"
                      for ch, cid in sorted(font.cids.items(), key=lambda kv: kv[1]))
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes) -> bytes:
        packed = zlib.compress(data)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + \
            b"\nendstream"

    cmap = add(stream(_to_unicode(font)))
    descriptor = add(b"<< /Type /FontDescriptor /FontName /DrawnSong /Flags 4 "
                     b"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 "
                     b"/CapHeight 700 /StemV 80 >>")
    cid_font = add(f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DrawnSong "
                   f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                   f"/FontDescriptor {descriptor} 0 R /DW 1000 /W [{widths}] "
                   f"/CIDToGIDMap /Identity >>".encode())
    type0 = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /DrawnSong /Encoding /Identity-H "
                f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {cmap} 0 R >>".encode())
    page_ids = []
    parent = len(objects) + 2 * len(pages) + 1
    pictures = pictures or []
    parent += len(pictures)
    for k, ops in enumerate(pages):
        width, height = sizes[k] if sizes else (PAGE_W, PAGE_H)
        xobject = ""
        if k < len(pictures):
            jpeg, w, h = pictures[k]
            image = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace "
                        b"/DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\n"
                        b"stream\n" % (w, h, len(jpeg)) + jpeg + b"\nendstream")
            xobject = f" /XObject << /Im1 {image} 0 R >>"
        content = add(stream("\n".join(ops).encode()))
        page_ids.append(add(f"<< /Type /Page /Parent {parent} 0 R /MediaBox [0 0 {width:.2f} "
                            f"{height:.2f}] /Resources << /Font << /F1 {type0} 0 R >>{xobject} >> "
                            f"/Contents {content} 0 R >>".encode()))
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    assert add(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()) == parent
    catalog = add(f"<< /Type /Catalog /Pages {parent} 0 R >>".encode())
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, xref)
    return bytes(out)
