"""A PDF page's characters, rulings and pictures from pdfium, in pdfplumber's own dicts.

pdfplumber gets its objects from pdfminer's content-stream interpreter, pure Python at
≈ 130 ms a report page; pdfium parses the same page in a few ms. ``install`` fills a pdfplumber
``Page``'s object cache from pdfium, so the table finder, ``extract_text_lines``, ``filter`` and
the reader's own code run unchanged on them.

The dicts are measured the way pdfminer measures them, because the reader's tolerances (line
grouping, a cell's characters by their centre) were set on them:

- a character's box is its advance wide and its font size high, from the baseline's descent
  (pdfium's loose box uses the font's ascent–descent height instead, its tight box the glyph's
  ink: either would move a character's centre by a point or two);
- paths are cut into subpaths at each move, and a subpath is a line (one segment), a rectangle
  (four axis-parallel sides, closed) or a curve, as pdfminer classifies them; pdfplumber turns
  all three into table edges. Rulings therefore count however a producer draws them: stroked
  lines, thin filled rectangles, one path holding a whole grid, inside form XObjects, under any
  transform;
- coordinates go through the page's /Rotate the way pdfminer's interpreter turns them, then to
  pdfplumber's top-down measures (``top``, ``bottom``, ``doctop``).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

from pipeline.readers.pdf_chars import font_facts, font_name, page_chars

#: decimals kept of pdfium's single-precision coordinates: its float32 turns 56.7 into
#: 56.70000076, and pdfminer's rectangle test compares coordinates for equality
_DECIMALS = 4


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: the standard 14 fonts, whose metrics pdfium carries itself
_STANDARD_FONTS = ("Courier", "Helvetica", "Times", "Symbol", "ZapfDingbats")


class FontNotEmbedded(Exception):
    """A page draws text in a font the file does not embed but gives widths for: pdfium's
    boxes of such characters take the substitute font's advances, not the file's (a drawn
    report's digits came out 20 % wide and overlapping), so the page is read by pdfminer,
    which uses the file's widths."""


def install(page, pdfium_page, textpage) -> None:
    """Give the pdfplumber ``page`` its objects from pdfium before anything reads them
    (``page.objects`` is cached in ``page._objects``; ``flush_cache`` drops it again)."""
    page._objects = page_objects(page, pdfium_page, textpage)


def page_objects(page, pdfium_page, textpage) -> dict[str, list[dict]]:
    space = _Space(page)
    walk = _Walk(space, page.page_number)
    walk.objects(pdfium_page.raw)
    descents, listed_widths = font_facts(page.page_obj)
    substituted = walk.unembedded & listed_widths
    if substituted:
        raise FontNotEmbedded(", ".join(sorted(substituted)))
    chars = page_chars(textpage.raw, space, page.page_number, walk.text_order, descents)
    out: dict[str, list[dict]] = {}
    for kind, items in (("char", chars), ("rect", walk.rects), ("line", walk.lines),
                        ("curve", walk.curves), ("image", walk.images)):
        if items:
            out[kind] = items
    return out


def unmapped_share(chars: list[dict]) -> float:
    """Share of a page's characters pdfium could not map to Unicode (or mapped to controls,
    private use or U+FFFD): glyph codes of a font without a usable ToUnicode map."""
    if not chars:
        return 0.0
    return sum(1 for c in chars if c.get("unmapped")) / len(chars)


class _Space:
    """pdfminer's page space (user space turned by /Rotate, origin at the media box corner),
    and pdfplumber's top-down measures of it."""

    def __init__(self, page) -> None:
        x0, y0, x1, y1 = page.page_obj.mediabox
        rotate = page.page_obj.rotate
        # the same matrices pdfminer's PDFPageInterpreter.process_page starts from
        if rotate == 90:
            self.ctm: Matrix = (0, -1, 1, 0, -y0, x1)
        elif rotate == 180:
            self.ctm = (-1, 0, 0, -1, x1, y1)
        elif rotate == 270:
            self.ctm = (0, 1, -1, 0, y1, -x0)
        else:
            self.ctm = (1, 0, 0, 1, -x0, -y0)
        self.height = float(page.height)
        self.mb_x0, self.mb_top = float(page.mediabox[0]), float(page.mediabox[1])
        self.doctop = float(page.initial_doctop)

    def box(self, points: list[tuple[float, float]]) -> dict:
        """Measures of the box around points already in pdfminer's space."""
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        top = self.height - y1 + self.mb_top
        return {"x0": x0 + self.mb_x0, "y0": y0, "x1": x1 + self.mb_x0, "y1": y1,
                "width": x1 - x0, "height": y1 - y0, "top": top,
                "bottom": self.height - y0 + self.mb_top, "doctop": self.doctop + top}

    def point(self, pt: tuple[float, float]) -> tuple[float, float]:
        """pdfplumber's (x, top) of a point in pdfminer's space (``Page.point2coord``)."""
        return (self.mb_x0 + pt[0], self.mb_top + self.height - pt[1])


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (round(m[0] * x + m[2] * y + m[4], _DECIMALS),
            round(m[1] * x + m[3] * y + m[5], _DECIMALS))


def _then(m1: Matrix, m0: Matrix) -> Matrix:
    """``m1`` applied first, then ``m0`` (pdfminer's ``mult_matrix``)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def _matrix(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _address(obj) -> int:
    return ctypes.cast(obj, ctypes.c_void_p).value or 0


@dataclass
class _Walk:
    """Page objects in content order, form XObjects entered with their matrices."""

    space: _Space
    page_number: int

    def __post_init__(self) -> None:
        self.rects: list[dict] = []
        self.lines: list[dict] = []
        self.curves: list[dict] = []
        self.images: list[dict] = []
        #: text object address -> its position in content order (pdfium's text page orders
        #: characters by its own reading order; pdfplumber's are in content order)
        self.text_order: dict[int, int] = {}
        #: fonts of the page's text that the file does not embed (standard 14 aside)
        self.unembedded: set[str] = set()
        self._fonts: set[int] = set()

    def objects(self, raw_page) -> None:
        count = pdfium_c.FPDFPage_CountObjects(raw_page)
        self._walk([pdfium_c.FPDFPage_GetObject(raw_page, i) for i in range(count)], _IDENTITY)

    def _walk(self, objs: list, parent: Matrix) -> None:
        for obj in objs:
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                self.text_order[_address(obj)] = len(self.text_order)
                self._font(obj)
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                self._path(obj, _then(_matrix(obj), parent))
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                self._image(obj, _then(_matrix(obj), parent))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                # a form's objects carry matrices in the space the form was drawn in
                inner = _then(_matrix(obj), parent)
                count = pdfium_c.FPDFFormObj_CountObjects(obj)
                self._walk([pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(count)], inner)

    def _font(self, obj) -> None:
        font = pdfium_c.FPDFTextObj_GetFont(obj)
        address = _address(font) if font else 0
        if not address or address in self._fonts:
            return
        self._fonts.add(address)
        if pdfium_c.FPDFFont_GetIsEmbedded(font) != 1:
            name = font_name(address)
            if not name.startswith(_STANDARD_FONTS):
                self.unembedded.add(name)

    def _path(self, obj, matrix: Matrix) -> None:
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
        fill, stroked = fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE, bool(stroke.value)
        if not (fill or stroked):
            return  # a clipping path draws nothing (pdfminer's `n`)
        width = ctypes.c_float()
        pdfium_c.FPDFPageObj_GetStrokeWidth(obj, width)
        to_page = _then(matrix, self.space.ctm)
        # (operator, point) as pdfminer records a path: m, l, c (end point), h
        ops: list[tuple[str, tuple[float, float]]] = []
        x, y = ctypes.c_float(), ctypes.c_float()
        bezier = 0
        for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, k)
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            point = _apply(to_page, x.value, y.value)
            if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
                # pdfium gives a curve as its two control points and its end point
                bezier += 1
                if bezier == 3:
                    ops.append(("c", point))
                    bezier = 0
            else:
                bezier = 0
                ops.append(("m" if kind == pdfium_c.FPDF_SEGMENT_MOVETO else "l", point))
            if pdfium_c.FPDFPathSegment_GetClose(segment):
                ops.append(("h", point))
        common = {"linewidth": round(width.value, _DECIMALS), "stroke": stroked, "fill": fill,
                  "evenodd": fill_mode.value == pdfium_c.FPDF_FILLMODE_ALTERNATE,
                  "stroking_color": None, "non_stroking_color": None, "dash": None,
                  "page_number": self.page_number}
        start = None
        for i, (op, _) in enumerate(ops + [("m", (0.0, 0.0))]):
            if op == "m":
                if start is not None:
                    self._subpath(ops[start:i], common)
                start = i

    def _subpath(self, ops: list[tuple[str, tuple[float, float]]], common: dict) -> None:
        """One subpath as pdfminer's ``paint_path`` classifies it."""
        if len(ops) < 2:
            return
        shape = "".join(op for op, _ in ops)
        # h closes back to the start
        pts = [pt if op != "h" else ops[0][1] for op, pt in ops]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        kind = "curve"
        if shape in ("ml", "mlh"):
            kind = "line"
        elif shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            if pts[0] == pts[4] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                     or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
                kind = "rect"
        space = self.space
        points = pts[:2] if kind == "line" else pts
        obj = {"object_type": kind, **space.box(points), **common}
        if kind == "rect":
            b = obj
            obj["pts"] = [space.point(p) for p in ((b["x0"] - space.mb_x0, b["y1"]),
                                                   (b["x1"] - space.mb_x0, b["y1"]),
                                                   (b["x1"] - space.mb_x0, b["y0"]),
                                                   (b["x0"] - space.mb_x0, b["y0"]))]
        else:
            obj["pts"] = [space.point(p) for p in points]
        obj["path"] = [(op, space.point(pt)) if op != "h" else ("h",) for op, pt in ops]
        {"line": self.lines, "rect": self.rects, "curve": self.curves}[kind].append(obj)

    def _image(self, obj, matrix: Matrix) -> None:
        to_page = _then(matrix, self.space.ctm)
        corners = [_apply(to_page, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
        w, h = ctypes.c_uint(), ctypes.c_uint()
        pdfium_c.FPDFImageObj_GetImagePixelSize(obj, w, h)
        self.images.append({"object_type": "image", **self.space.box(corners),
                            "srcsize": (w.value, h.value), "name": None, "stream": None,
                            "bits": None, "colorspace": None, "imagemask": None,
                            "page_number": self.page_number})
