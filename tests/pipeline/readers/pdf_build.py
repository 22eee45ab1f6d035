"""Small PDFs written operator by operator: rulings drawn the ways real producers draw them
(stroked lines, thin filled rectangles, one path for a whole grid, form XObjects, transforms,
/Rotate, an offset media box) and text in a standard font, a CID font with a CMap, and a CID
font without any Unicode map. No renderer of ours is involved."""

from __future__ import annotations

from dataclasses import dataclass, field

#: resource names of the fonts every page and form can use
HELVETICA, SONG, NOMAP = "F1", "F2", "F3"


@dataclass
class Page:
    content: bytes
    mediabox: tuple[float, float, float, float] = (0, 0, 595, 842)
    rotate: int = 0


@dataclass
class Form:
    content: bytes
    bbox: tuple[float, float, float, float] = (0, 0, 595, 842)
    matrix: tuple[float, ...] = (1, 0, 0, 1, 0, 0)


@dataclass
class _Objects:
    items: list[bytes] = field(default_factory=list)

    def add(self, body: bytes = b"") -> int:
        self.items.append(body)
        return len(self.items)

    def set(self, number: int, body: bytes) -> None:
        self.items[number - 1] = body


def _nums(values) -> bytes:
    return " ".join(f"{v:g}" for v in values).encode()


def _stream(header: bytes, content: bytes) -> bytes:
    return b"<< " + header + b" /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def build(pages: list[Page], forms: dict[str, Form] | None = None) -> bytes:
    objs = _Objects()
    helvetica = objs.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                         b"/Encoding /WinAnsiEncoding >>")
    song_desc = objs.add(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
                         b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 "
                         b"/Descent -120 /CapHeight 880 /StemV 93 >>")
    song_cid = objs.add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
                        b"/FontDescriptor %d 0 R /DW 1000 >>" % song_desc)
    song = objs.add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H "
                    b"/Encoding /UniGB-UCS2-H /DescendantFonts [%d 0 R] >>" % song_cid)
    # glyph ids of an unknown font, no ToUnicode: what a stripped subset font leaves behind
    nomap_desc = objs.add(b"<< /Type /FontDescriptor /FontName /ABCDEF+Unknown /Flags 4 "
                          b"/FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 "
                          b"/Descent -120 /CapHeight 700 /StemV 80 >>")
    nomap_cid = objs.add(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Unknown "
                         b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
                         b"/Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 >>" % nomap_desc)
    nomap = objs.add(b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Unknown "
                     b"/Encoding /Identity-H /DescendantFonts [%d 0 R] >>" % nomap_cid)
    fonts = b"/Font << /%s %d 0 R /%s %d 0 R /%s %d 0 R >>" % (
        HELVETICA.encode(), helvetica, SONG.encode(), song, NOMAP.encode(), nomap)
    xobjects = {}
    for name, form in (forms or {}).items():
        xobjects[name] = objs.add(_stream(
            b"/Type /XObject /Subtype /Form /BBox [%s] /Matrix [%s] /Resources << %s >>"
            % (_nums(form.bbox), _nums(form.matrix), fonts), form.content))
    named = b" ".join(b"/%s %d 0 R" % (n.encode(), i) for n, i in xobjects.items())
    resources = b"<< %s /XObject << %s >> >>" % (fonts, named)
    root_pages = objs.add()
    kids = []
    for page in pages:
        content = objs.add(_stream(b"", page.content))
        kids.append(objs.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [%s] /Rotate %d "
                             b"/Resources %s /Contents %d 0 R >>"
                             % (root_pages, _nums(page.mediabox), page.rotate, resources,
                                content)))
    objs.set(root_pages, b"<< /Type /Pages /Kids [%s] /Count %d >>"
             % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    catalog = objs.add(b"<< /Type /Catalog /Pages %d 0 R >>" % root_pages)
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objs.items, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs.items) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs.items) + 1, catalog, xref)
    return bytes(out)


def song_text(text: str) -> bytes:
    """A string shown in the UniGB-UCS2-H font: UTF-16 code units as hex."""
    return b"<" + "".join(f"{ord(ch):04X}" for ch in text).encode() + b">"


def text(x: float, y: float, shown: str, *, font: str = SONG, size: float = 10.5) -> bytes:
    """One text object at (x, y) in the current space."""
    if font == SONG:
        string = song_text(shown)
    elif font == NOMAP:
        string = b"<" + "".join(f"{0x100 + ord(ch) % 500:04X}" for ch in shown).encode() + b">"
    else:
        string = b"(" + shown.encode("latin-1") + b")"
    return b"BT /%s %g Tf %g %g Td %s Tj ET\n" % (font.encode(), size, x, y, string)
