"""What a WordprocessingML paragraph or cell says: its text, the pictures it shows and the text
boxes it anchors, each read once (``mc:Choice`` for boxes and DrawingML pictures, the VML
``mc:Fallback`` for VML pictures).

Most paragraphs hold no text box, no alternate content and no picture: one scan of the
paragraph's subtree tells, and only the others pay for the ancestor walks that keep a box's
text out of its anchor paragraph.
"""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, T, TAB, BR, CR, TBL, TC = (w(t) for t in ("p", "t", "tab", "br", "cr", "tbl", "tc"))
TXBX = w("txbxContent")
FALLBACK, CHOICE = f"{{{MC}}}Fallback", f"{{{MC}}}Choice"
BLIP, IMAGEDATA = f"{{{A}}}blip", f"{{{V}}}imagedata"
EMBED, RID = f"{{{R}}}embed", f"{{{R}}}id"


def inside_any(el, stop, tags) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def paragraph_text(p) -> str:
    parts: list[str] = []
    for el in p.iter(T, TAB, BR, CR, TXBX, FALLBACK):
        tag = el.tag
        if tag == T:
            parts.append(el.text or "")
        elif tag == TAB:
            parts.append("\t")
        elif tag == BR or tag == CR:
            parts.append("\n")
        else:  # a text box or alternate content inside: its text is not this paragraph's
            return _paragraph_text_around_boxes(p)
    return "".join(parts)


def _paragraph_text_around_boxes(p) -> str:
    parts: list[str] = []
    for el in p.iter(T, TAB, BR, CR):
        if el.tag == T:
            if not inside_any(el, p, (TXBX, FALLBACK)):
                parts.append(el.text or "")
        elif el.tag == TAB and not inside_any(el, p, (TXBX,)):
            parts.append("\t")
        elif el.tag in (BR, CR) and not inside_any(el, p, (TXBX,)):
            parts.append("\n")
    return "".join(parts)


def has_pictures_or_boxes(element) -> bool:
    return next(element.iter(BLIP, IMAGEDATA, TXBX), None) is not None


def pictures(p) -> list[str]:
    refs = [b.get(EMBED) for b in p.iter(BLIP) if not inside_any(b, p, (FALLBACK,))]
    refs += [i.get(RID) for i in p.iter(IMAGEDATA) if not inside_any(i, p, (CHOICE,))]
    return [r for r in refs if r]


def textboxes(p) -> list:
    return [box for box in p.iter(TXBX) if not inside_any(box, p, (FALLBACK, TXBX))]


def holds_tables(element) -> bool:
    """A ``w:tbl`` below ``element`` (``element`` itself, a table, does not count)."""
    return any(t is not element for t in element.iter(TBL))


def cell_text(tc) -> str:
    """The cell's paragraphs (also inside content controls), nested tables left out."""
    paragraphs = []
    for el in tc.iter(P, TBL):
        if el.tag == TBL:
            paragraphs = [p for p in tc.iter(P) if not inside_any(p, tc, (TBL,))]
            break
        paragraphs.append(el)
    return "".join(paragraph_text(p).replace("\t", " ").replace("\n", "") for p in paragraphs)
