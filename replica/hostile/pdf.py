"""Minimal PDF files written byte by byte: the shapes a hostile or broken producer makes.

No PDF library writes these (a page of 14400 pt, a content stream that inflates to hundreds of
MB, a page tree of hundreds of pages, an /Encrypt dictionary nobody can open), so the objects
and the cross-reference table are written here directly. Text uses the base-14 Helvetica font:
digits and Latin letters only, which is all a bomb needs.
"""

from __future__ import annotations

import zlib


def build_pdf(pages: list[tuple[float, float, bytes]], *, deflate: bool = False,
              encrypt: bool = False, images: dict[int, tuple[int, int, bytes]] | None = None
              ) -> bytes:
    """A PDF with one page per ``(width, height, content stream)``; ``images`` maps a page index
    to an 8-bit gray picture ``(w, h, samples)`` drawn by the content as ``/Im0``."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for index, (width, height, content) in enumerate(pages):
        stream = _stream(content, deflate)
        contents = add(stream)
        resources = f"/Font << /F1 {font} 0 R >>".encode()
        if images and index in images:
            w, h, samples = images[index]
            image = add(_stream(samples, True, f"/Type /XObject /Subtype /Image /Width {w} "
                                              f"/Height {h} /ColorSpace /DeviceGray "
                                              "/BitsPerComponent 8".encode()))
            resources += f" /XObject << /Im0 {image} 0 R >>".encode()
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] "
                        b"/Resources << %s >> /Contents %d 0 R >>"
                        % (tree, _num(width), _num(height), resources, contents)))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {tree} 0 R >>".encode()
    objects[tree - 1] = (f"<< /Type /Pages /Count {len(kids)} /Kids ["
                         + " ".join(f"{k} 0 R" for k in kids) + "] >>").encode()
    trailer_extra = b""
    if encrypt:
        # a standard security handler whose owner/user keys match no password: unreadable
        enc = add(b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <" + b"ab" * 32
                  + b"> /U <" + b"cd" * 32 + b"> >>")
        trailer_extra = f" /Encrypt {enc} 0 R /ID [<{'01' * 16}> <{'01' * 16}>]".encode()
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += (b"trailer\n<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog) + trailer_extra
            + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return bytes(out)


def _num(value: float) -> bytes:
    return (b"%d" % value) if float(value).is_integer() else (b"%.2f" % value)


def _stream(content: bytes, deflate: bool, extra: bytes = b"") -> bytes:
    data = zlib.compress(content, 6) if deflate else content
    filters = b" /Filter /FlateDecode" if deflate else b""
    return b"<< /Length %d%s %s >>\nstream\n" % (len(data), filters, extra) + data + \
        b"\nendstream"


def deflated_stream_pdf(inflated_mb: int) -> bytes:
    """One A4 page whose content stream inflates to ``inflated_mb`` MB of blank operators,
    compressed incrementally so building it never holds the inflated bytes."""
    packer = zlib.compressobj(9)
    chunk = b" " * 2**20
    parts = [packer.compress(b"BT /F1 12 Tf 72 720 Td (1 2 3) Tj ET\n")]
    parts += [packer.compress(chunk) for _ in range(inflated_mb)]
    parts.append(packer.flush())
    data = b"".join(parts)
    head = build_pdf([(595, 842, b"")])
    marker = _stream(b"", False)
    stream = (b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data +
              b"\nendstream")
    return _rewrite(head, marker, stream)


def _rewrite(pdf: bytes, old: bytes, new: bytes) -> bytes:
    """Swap one object body and rebuild the cross-reference offsets."""
    body = pdf[:pdf.index(b"xref\n")].replace(old, new, 1)
    offsets, start = [], 0
    while True:
        at = body.find(b" 0 obj\n", start)
        if at < 0:
            break
        offsets.append(body.rfind(b"\n", 0, at) + 1)
        start = at + 1
    trailer = pdf[pdf.index(b"trailer\n"):pdf.index(b"startxref")]
    xref = (b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
            + b"".join(b"%010d 00000 n \n" % o for o in offsets))
    return body + xref + trailer + b"startxref\n%d\n%%%%EOF\n" % len(body)


def text_page(lines: list[str], size: float = 10) -> bytes:
    """A content stream showing ``lines`` (ASCII) top to bottom."""
    ops = [b"BT /F1 %s Tf 14 TL 50 800 Td" % _num(size)]
    for line in lines:
        safe = line.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(
            b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"(" + safe + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def rect_page(width: float, height: float) -> bytes:
    """A page holding only drawn rectangles (a 'scan' with no text layer)."""
    return b"0 0 0 RG 1 w " + b" ".join(
        b"%d %d 100 40 re S" % (x, y) for x in range(20, int(min(width, 600)) - 100, 120)
        for y in range(20, int(min(height, 800)) - 40, 60))
