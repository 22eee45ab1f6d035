"""A page's characters from pdfium's text page, measured as pdfminer measures them.

pdfminer's box of a character starts at its origin, runs its advance along the baseline and
its font size up from the font's descent, all through the text matrix. pdfium's loose box has
the advance but the font's ascent–descent height, its tight box only the glyph's ink; so the
box is rebuilt from pdfium's origin, matrix, font size and advance, with the descent pdfminer
would take (``font_facts``). A page has about a thousand characters, and LibreOffice draws
every few of them as a text object of their own: fonts and matrices are read once per object.
"""

from __future__ import annotations

import ctypes
import re

import pypdfium2.raw as pdfium_c

#: code points that are no text: controls and the private use area (glyph codes of a font
#: without a Unicode map come out there)
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\ufffe\uffff]")
#: the tag a subset font's name starts with ("BAAAAA+")
_SUBSET = re.compile(r"^[A-Z]{6}\+")
#: characters pdfium may insert between words and lines (``FPDFText_IsGenerated``)
_MAYBE_GENERATED = (0x20, 0x0A, 0x0D)


def _handle_function(name: str, restype, *argtypes):
    """pdfium's ``name`` returning and taking handles as plain integers: the bindings' typed
    pointers cost a conversion per call, and text objects are looked up per character."""
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_text_object = _handle_function("FPDFText_GetTextObject", ctypes.c_void_p, ctypes.c_void_p,
                                ctypes.c_int)
_object_font = _handle_function("FPDFTextObj_GetFont", ctypes.c_void_p, ctypes.c_void_p)
_object_font_size = _handle_function("FPDFTextObj_GetFontSize", ctypes.c_int, ctypes.c_void_p,
                                     ctypes.POINTER(ctypes.c_float))
_font_name = _handle_function("FPDFFont_GetBaseFontName", ctypes.c_ulong, ctypes.c_void_p,
                              ctypes.c_char_p, ctypes.c_ulong)
_font_descent = _handle_function("FPDFFont_GetDescent", ctypes.c_int, ctypes.c_void_p,
                                 ctypes.c_float, ctypes.POINTER(ctypes.c_float))


def page_chars(textpage, space, page_number: int, order: dict[int, int],
               descents: dict[str, float]) -> list[dict]:
    """The page's characters in content order (``order``: text object -> its place in the
    content; pdfium's text page is in its own reading order)."""
    tp = ctypes.cast(textpage, ctypes.c_void_p).value
    fonts: dict[int, tuple[str, float]] = {}
    objects: dict[int, tuple[str, float, float, tuple[float, float, float, float]]] = {}
    ox, oy = ctypes.c_double(), ctypes.c_double()
    loose = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    a0, b0, c0, d0, e0, f0 = space.ctm
    height, mb_x0, mb_top, doctop = space.height, space.mb_x0, space.mb_top, space.doctop
    out: list[tuple[int, int, dict]] = []
    pending_high = None
    for i in range(pdfium_c.FPDFText_CountChars(textpage)):
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if code in _MAYBE_GENERATED and pdfium_c.FPDFText_IsGenerated(textpage, i) == 1:
            continue  # pdfium's inserted spaces and line breaks; pdfminer has none
        if 0xD800 <= code < 0xDC00:
            pending_high = code
            continue
        if 0xDC00 <= code < 0xE000 and pending_high is not None:
            code = 0x10000 + ((pending_high - 0xD800) << 10) + (code - 0xDC00)
        pending_high = None
        obj = _text_object(tp, i)
        if not obj:
            continue
        known = objects.get(obj)
        if known is None:
            pdfium_c.FPDFText_GetMatrix(textpage, i, matrix)
            known = objects[obj] = (*_font(obj, fonts, descents), _size(obj),
                                    (matrix.a, matrix.b, matrix.c, matrix.d))
        fontname, descent, size, (a, b, c, d) = known
        pdfium_c.FPDFText_GetCharOrigin(textpage, i, ox, oy)
        pdfium_c.FPDFText_GetLooseCharBox(textpage, i, loose)
        # the advance along the baseline, in text space, from the loose box
        if abs(a) >= abs(b) and abs(a) > 1e-9:
            adv = (loose.right - loose.left) / abs(a)
        elif abs(b) > 1e-9:
            adv = (loose.top - loose.bottom) / abs(b)
        else:
            adv = 0.0
        # the character's matrix in pdfminer's page space (user space turned by /Rotate)
        x, y = ox.value, oy.value
        a1, b1 = a * a0 + b * c0, a * b0 + b * d0
        c1, d1 = c * a0 + d * c0, c * b0 + d * d0
        e1, f1 = x * a0 + y * c0 + e0, x * b0 + y * d0 + f0
        low, high = descent * size, descent * size + size
        if b1 == 0 and c1 == 0 and a1 > 0 and d1 > 0:  # upright, unrotated: nearly all text
            x0, x1, y0, y1 = e1, e1 + a1 * adv, f1 + d1 * low, f1 + d1 * high
        else:
            xs = (c1 * low, c1 * high, a1 * adv + c1 * low, a1 * adv + c1 * high)
            ys = (d1 * low, d1 * high, b1 * adv + d1 * low, b1 * adv + d1 * high)
            x0, x1, y0, y1 = e1 + min(xs), e1 + max(xs), f1 + min(ys), f1 + max(ys)
        top = height - y1 + mb_top
        text = chr(code) if code else "\ufffd"
        out.append((order.get(obj, len(order)), i, {
            "object_type": "char", "page_number": page_number, "text": text,
            "fontname": fontname, "size": y1 - y0, "adv": adv,
            "upright": a1 * d1 > 0 and b1 * c1 <= 0, "matrix": (a1, b1, c1, d1, e1, f1),
            "x0": x0 + mb_x0, "x1": x1 + mb_x0, "y0": y0, "y1": y1,
            "width": x1 - x0, "height": y1 - y0, "top": top,
            "bottom": height - y0 + mb_top, "doctop": doctop + top,
            "stroking_color": None, "non_stroking_color": None, "mcid": None, "tag": None,
            "unmapped": bool(pdfium_c.FPDFText_HasUnicodeMapError(textpage, i)
                             or _NOT_TEXT.match(text))}))
    out.sort(key=lambda entry: (entry[0], entry[1]))
    return [char for _, _, char in out]


def _size(obj: int) -> float:
    size = ctypes.c_float()
    _object_font_size(obj, ctypes.byref(size))
    return size.value


def _font(obj: int, fonts: dict[int, tuple[str, float]],
          descents: dict[str, float]) -> tuple[str, float]:
    """(name, descent per unit of size) of a text object's font, once per font."""
    font = _object_font(obj)
    if not font:
        return "", 0.0
    known = fonts.get(font)
    if known is None:
        name = font_name(font)
        descent = ctypes.c_float()
        _font_descent(font, 1.0, ctypes.byref(descent))
        known = fonts[font] = (name, descents.get(name, descent.value))
    return known


def font_name(font) -> str:
    """A pdfium font's BaseFont name (pdfium drops the subset tag)."""
    n = _font_name(font, None, 0)
    buffer = ctypes.create_string_buffer(max(n, 1))
    _font_name(font, buffer, n)
    return buffer.value.decode("utf-8", "replace")


def font_facts(page_obj) -> tuple[dict[str, float], set[str]]:
    """BaseFont name (without a subset tag, as pdfium names fonts) -> descent per unit of font
    size, as pdfminer takes it: the Adobe metrics of a standard font name, else the font
    descriptor's /Descent (0 when absent; pdfium would take the font program's instead, which
    moves every character of such a font); and the names of fonts whose widths the file
    lists (/W, /Widths). Read from the page's resources and its forms' (no content stream is
    parsed)."""
    from pdfminer.fontmetrics import FONT_METRICS
    from pdfminer.pdftypes import resolve1

    out: dict[str, float] = {}
    listed: set[str] = set()
    seen: set[int] = set()

    def name_of(spec) -> str:
        value = resolve1(spec.get("BaseFont"))
        value = getattr(value, "name", value)
        return value if isinstance(value, str) else ""

    def descent(spec) -> float:
        if name_of(spec) in FONT_METRICS:
            return float(FONT_METRICS[name_of(spec)][0].get("Descent", 0)) / 1000
        descriptor = resolve1(spec.get("FontDescriptor")) or {}
        value = resolve1(descriptor.get("Descent", 0)) if isinstance(descriptor, dict) else 0
        value = float(value) if isinstance(value, (int, float)) else 0.0
        return -abs(value) / 1000

    def visit(resources, depth: int) -> None:
        resources = resolve1(resources)
        if not isinstance(resources, dict) or depth > 8 or id(resources) in seen:
            return
        seen.add(id(resources))
        fonts = resolve1(resources.get("Font")) or {}
        for spec in (fonts.values() if isinstance(fonts, dict) else []):
            spec = resolve1(spec)
            if not isinstance(spec, dict):
                continue
            target = spec
            descendants = resolve1(spec.get("DescendantFonts"))
            if isinstance(descendants, list) and descendants:
                target = resolve1(descendants[0])
                if not isinstance(target, dict):
                    continue
                out.setdefault(_SUBSET.sub("", name_of(spec)), descent(target))
            out.setdefault(_SUBSET.sub("", name_of(target)), descent(target))
            if "W" in target or "Widths" in spec:
                listed.update(_SUBSET.sub("", name_of(f)) for f in (spec, target))
        xobjects = resolve1(resources.get("XObject")) or {}
        for xobj in (xobjects.values() if isinstance(xobjects, dict) else []):
            attrs = getattr(resolve1(xobj), "attrs", None)
            if isinstance(attrs, dict) and "Resources" in attrs:
                visit(attrs["Resources"], depth + 1)

    try:
        visit(getattr(page_obj, "resources", None), 0)
    except Exception:  # a damaged resource dictionary: pdfium's own metrics are used
        pass
    return out, listed
