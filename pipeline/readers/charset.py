"""Turning document bytes into text without trusting a declared charset blindly.

Real portals declare ``charset=utf-8`` in a template and then serve an article pasted in GB18030
(or the other way round), and Windows tools save text as UTF-16 with a BOM. So: a byte-order mark
decides first (it cannot be there by accident); a declared charset is used only when the bytes
decode in it strictly; otherwise UTF-8, then GB18030 (a superset of GB2312/GBK) are tried, and the
switch is recorded as a warning so a reader of the report knows the page lied about itself. Only
when nothing decodes cleanly are bytes replaced, and how many is recorded too.
"""

from __future__ import annotations

import codecs
import re

#: longest first: the UTF-32 LE mark starts with the UTF-16 LE one
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
#: gb2312 and gbk are subsets of gb18030: reading them as gb18030 loses nothing
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030",
            "gb_2312-80": "gb18030", "utf8": "utf-8", "unicode": "utf-16"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_FALLBACKS = ("utf-8", "gb18030")


def bom(data: bytes) -> tuple[str, int] | None:
    """(encoding, BOM length) when ``data`` starts with a byte-order mark."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    return None


def normalise(name: str | None) -> str | None:
    """A charset label as Python knows it, or None when it is no charset Python has."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes, content_type: str | None) -> str | None:
    """The HTTP header's charset, else the first ``<meta … charset>`` of the page's head."""
    if content_type and "charset=" in content_type.lower():
        label = content_type.lower().split("charset=")[-1].split(";")[0]
        if normalise(label):
            return label.strip().strip("\"'")
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes, declared: str | None = None, *,
           what: str = "the document") -> tuple[str, list[str]]:
    """(text, warnings). ``declared`` is the charset the producer claims, if any."""
    marked = bom(data)
    if marked:
        encoding, skip = marked
        return data[skip:].decode(encoding, errors="replace"), []
    wanted = normalise(declared)
    warnings: list[str] = []
    if declared and not wanted:
        warnings.append(f"{what} declares an unknown charset {declared!r}")
    if wanted:
        text = _strict(data, wanted)
        if text is not None:
            return text, warnings
    for encoding in _FALLBACKS:
        if encoding == wanted:
            continue
        text = _strict(data, encoding)
        if text is not None:
            if wanted:
                warnings.append(f"{what} declares charset {declared} but its bytes are not "
                                f"{declared}; read as {encoding.upper()}")
            return text, warnings
    encoding = wanted or "utf-8"
    text = data.decode(encoding, errors="replace")
    lost = text.count("\ufffd") - _strict_count(data)
    warnings.append(f"{what} is not valid in any known charset; read as {encoding.upper()} with "
                    f"{max(lost, 1)} undecodable byte sequence(s) replaced by U+FFFD")
    return text, warnings


def _strict_count(data: bytes) -> int:
    """Replacement characters already present as text (EF BF BD), so they are not counted lost."""
    return data.count("\ufffd".encode("utf-8"))


def decode_markup(data: bytes, content_type: str | None = None) -> tuple[str, list[str]]:
    """An HTML page's text: BOM, then the verified declared charset, then the fallbacks."""
    return decode(data, declared_charset(data, content_type), what="the page")


def to_utf8(data: bytes) -> bytes:
    """UTF-16/32 text (which only a BOM makes recognisable) re-encoded as UTF-8; other bytes as
    they are, since their readers do their own decoding."""
    marked = bom(data)
    if marked and marked[0] != "utf-8":
        encoding, skip = marked
        return data[skip:].decode(encoding, errors="replace").encode("utf-8")
    return data
