"""Pages whose text runs sideways: turned upright before they are read.

A scanner or an exporter may set a page's /Rotate although its content is drawn upright (or
draw a portrait page's content turned without one): pdfplumber then gives words running down or
up the page, and neither rows nor columns can be cut. Such a page is turned by a quarter, the
way its characters run, so that its text reads left to right again. Pages whose text is already
upright (a landscape table displayed through /Rotate) are left as they are.
"""

from __future__ import annotations

import io

#: fewer characters than this say nothing about a page's direction
MIN_CHARS = 20


def sideways_turns(pdf, start: int = 0, prepare=None, release=None) -> dict[int, int]:
    """0-based page index -> the /Rotate that makes its text upright, for sideways pages from
    page index ``start`` on. ``prepare(page, number)`` gives a page its objects before they
    are read (the reader's pdfium source), ``release(page, number)`` drops them again."""
    turns = {}
    for index, page in enumerate(pdf.pages[start:], start=start):
        if prepare is not None:
            prepare(page, index + 1)
        turn = page_turn(page)
        # one page's characters in memory at a time
        release(page, index + 1) if release is not None else page.flush_cache()
        if turn is not None:
            turns[index] = turn
    return turns


def page_turn(page) -> int | None:
    """The /Rotate that makes the page's text upright, or None when it reads upright (or has
    too few characters to tell). Uses the page's parsed characters, which the reader needs
    anyway: checking costs no second parse."""
    chars = [c for c in page.chars if not c["text"].isspace()]
    if len(chars) < MIN_CHARS or sum(not c.get("upright", True) for c in chars) * 2 <= len(chars):
        return None
    # consecutive characters of one line: going down the page means it was turned clockwise
    steps = [b["top"] - a["top"] for a, b in zip(chars, chars[1:])
             if not a.get("upright", True) and abs(b["x0"] - a["x0"]) < max(a["size"], 1) * 0.5]
    down = sum(1 for s in steps if s > 0) >= sum(1 for s in steps if s < 0)
    return (page.rotation + (270 if down else 90)) % 360


def turned(data: bytes, turns: dict[int, int]) -> bytes:
    """The PDF with the given pages' /Rotate set (content untouched)."""
    import pypdfium2
    doc = pypdfium2.PdfDocument(data)
    try:
        for index, rotation in turns.items():
            doc[index].set_rotation(rotation)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
    finally:
        doc.close()
