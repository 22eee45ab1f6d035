"""Can a page's text layer be trusted? Judged by the PDF's own evidence, never by guessing.

Files re-made by virtual printers and distillers (Ghostscript's pdfwrite, "Microsoft Print to
PDF", MuPDF) re-encode fonts: a Unicode map may be lost (the text layer is then the glyph
codes, which read as ASCII punctuation, Latin letters and digits) or rebuilt wrongly (some of a
CJK font's glyphs then map to Latin-1 letters, some of its punctuation to digits). A report is
Chinese: a font that maps glyphs both to ideographs and to accented Latin letters has a broken
map, and a page whose text is not Chinese, digits and punctuation came through a font without a
usable map. Neither says anything true about a number, so such a page is read from its picture.

A searchable scan is a page picture with an invisible text layer (render mode 3) that another
program's OCR wrote: roughly placed, sometimes misread (``0``↔``O``, ``1``↔``l``, dropped
digits). It is not the page's own text; ``scanned_page`` recognises it so that the reader OCRs
the picture and checks that layer against it (``pipeline.tables.crosscheck``).
"""

from __future__ import annotations

import math

import pypdfium2.raw as pdfium_c

#: a font mapping this many glyphs to accented Latin letters besides ideographs has a broken map
MIN_LATIN_IN_CJK_FONT = 2
#: fewer characters than this say nothing about a page's script
MIN_CHARS = 20
#: below this share of Chinese characters, digits and punctuation a page's text is glyph codes
MIN_READABLE_SHARE = 0.6
#: of the letters on a page (digits and punctuation aside), at least this share are ideographs
MIN_IDEOGRAPH_SHARE = 0.2
#: share of a page's text objects drawn invisible for its text layer to be another program's OCR
SCAN_INVISIBLE_SHARE = 0.9
#: share of the page a picture covers for it to be the page's scan
SCAN_PICTURE_SHARE = 0.6
_PUNCTUATION = set(".,:;%()-/+·—、“”‘’《》（）【】：；，。？！…")
_INVISIBLE = (pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP)


def _ideograph(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF


def _readable(ch: str) -> bool:
    o = ord(ch)
    return _ideograph(ch) or ("0" <= ch <= "9") or ch in _PUNCTUATION \
        or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x2E80 <= o <= 0x2FDF


def _accented_latin(ch: str) -> bool:
    return 0xC0 <= ord(ch) <= 0x24F and ch.isalpha()


def untrusted_text(chars: list[dict]) -> str | None:
    """Why the page's characters are not its text (a broken or missing Unicode map), or None
    when they read as a Chinese report's text does."""
    text = [c for c in chars if not c["text"].isspace()]
    if len(text) < MIN_CHARS:
        return None
    by_font: dict[str, list[str]] = {}
    for c in text:
        by_font.setdefault(c.get("fontname", ""), []).append(c["text"])
    for font, glyphs in by_font.items():
        latin = sum(map(_accented_latin, glyphs))
        if latin >= MIN_LATIN_IN_CJK_FONT and any(map(_ideograph, glyphs)):
            return (f"font {font or '(unnamed)'} maps glyphs both to ideographs and to {latin} "
                    "accented Latin letters (a broken Unicode map)")
    readable = sum(1 for c in text if _readable(c["text"]))
    letters = [c["text"] for c in text if c["text"].isalpha()]
    ideographs = sum(map(_ideograph, letters))
    if readable < MIN_READABLE_SHARE * len(text) or \
            (letters and ideographs < MIN_IDEOGRAPH_SHARE * len(letters)):
        return (f"text layer is not Chinese ({ideographs} ideographs, {readable} of "
                f"{len(text)} characters readable: glyph codes of fonts without a usable "
                "Unicode map)")
    return None


def invisible_share(pdfium_page) -> float:
    """Share of the page's text objects (forms entered) drawn invisible (3 Tr) or as a clip
    only: the text layer OCR software lays over a scan."""
    counts = [0, 0]

    def walk(objects) -> None:
        for obj in objects:
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                counts[pdfium_c.FPDFTextObj_GetTextRenderMode(obj) in _INVISIBLE] += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                walk([pdfium_c.FPDFFormObj_GetObject(obj, i)
                      for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))])

    raw = pdfium_page.raw
    walk([pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw))])
    return counts[1] / max(sum(counts), 1)


def scanned_page(page, pdfium_page) -> bool:
    """Is the pdfplumber ``page`` a scan (a picture covering most of it) under an invisible
    text layer?"""
    area = float(page.width) * float(page.height)
    covered = max(((min(i["x1"], page.width) - max(i["x0"], 0)) *
                   (min(i["bottom"], page.height) - max(i["top"], 0)) for i in page.images),
                  default=0.0)
    return covered >= SCAN_PICTURE_SHARE * area and \
        invisible_share(pdfium_page) >= SCAN_INVISIBLE_SHARE


#: a tilt smaller than this (degrees) moves a word by a fraction of a point across a page
MIN_TILT = 0.15
#: beyond this the layer is not a tilted scan's (a rotated table, a stamp)
MAX_TILT = 3.0


def layer_tilt(chars: list[dict]) -> float:
    """The angle (degrees, counter-clockwise) by which a scan's OCR layer rises along its
    lines: OCR engines place each word where the tilted picture shows it, each word's glyphs
    on one baseline. Measured as the median slope between consecutive words of one line."""
    starts = []
    for c in chars:
        if c["text"].isspace():
            continue
        if not starts or abs(c["y0"] - starts[-1][1]) > 1e-3 or c["x0"] < starts[-1][2]:
            starts.append([c["x0"], c["y0"], c["x1"], c["size"]])
        else:
            starts[-1][2] = c["x1"]
    slopes = sorted((b[1] - a[1]) / (b[0] - a[0]) for a, b in zip(starts, starts[1:])
                    if 0 < b[0] - a[0] < 400 and abs(b[1] - a[1]) < 0.5 * max(a[3], 1.0)
                    and b[0] > a[2])
    if len(slopes) < 5:
        return 0.0
    angle = math.degrees(math.atan(slopes[len(slopes) // 2]))
    return angle if MIN_TILT <= abs(angle) <= MAX_TILT else 0.0


def untilt(chars: list[dict], angle: float, width: float, height: float) -> None:
    """Turn the characters' boxes back by ``angle`` about the page's centre, in place (their
    top, bottom and doctop follow), so that a tilted scan's layer reads in level lines."""
    a = math.radians(-angle)
    cos, sin = math.cos(a), math.sin(a)
    cx, cy = width / 2, height / 2
    for c in chars:
        x, y = (c["x0"] + c["x1"]) / 2 - cx, (c["y0"] + c["y1"]) / 2 - cy
        dx = cx + x * cos - y * sin - (c["x0"] + c["x1"]) / 2
        dy = cy + x * sin + y * cos - (c["y0"] + c["y1"]) / 2
        for key in ("x0", "x1"):
            c[key] += dx
        for key in ("y0", "y1"):
            c[key] += dy
        for key in ("top", "bottom", "doctop"):
            c[key] -= dy
