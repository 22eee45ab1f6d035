"""Text helpers of the prose stage: clean a paragraph, split it into sentences, read numbers.

These work on *running text* (headings, sentences), not on table cells; cell and label
normalisation lives in ``pipeline/tables/normalize.py`` (extract stage).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.tables.normalize import BOOKMARK_RE

IMAGE = re.compile(r"\[image:[^\]]*\]")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "[零〇一二两三四五六七八九十百千]+"
_WHITESPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[。！？;；])")
_CLAUSE_END = re.compile(r"[，,；;。：:]")
_PROSE_NUMBER = re.compile(r"(\d+(?:\.\d+)?|" + CN_NUMERAL + r")(万)?(余|多)?")


def clean_paragraph(text: str) -> str:
    """Drop bookmark markers; drop an inline picture marker and the OCR-like junk after it.

    A marker at the start of a line is a picture placed before the text (seed 000 glues the
    heading of section 三 to it): keep the text. A marker inside a sentence carries junk up
    to the line end (seed 002): drop it, the sentence continues on the next line.
    """
    text = BOOKMARK_RE.sub("", text)
    lines = []
    for line in text.split("\n"):
        m = IMAGE.search(line)
        while m:
            if line[: m.start()].strip():
                line = line[: m.start()]
            else:
                line = line[: m.start()] + line[m.end():]
            m = IMAGE.search(line)
        lines.append(line)
    return "\n".join(lines)


@lru_cache(maxsize=8192)  # the claim, section and check passes fold the same sentences again
def fold(text: str) -> str:
    """NFKC and no whitespace at all (U+3000, NBSP, spaces between digits and units).

    Unlike ``normalize.squash`` (labels) it keeps quotes, dashes and 〔〕 as printed: the claim
    and notice patterns read them."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def sentences(text: str) -> list[str]:
    """Split running text on sentence ends (。！？；), keeping the punctuation."""
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE_END.split(text) if c.strip()]


def cn_to_int(text: str) -> int | None:
    """Small Chinese numerals (两, 十二, 一百零五); None when not a numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def parse_number(text: str) -> tuple[float | int, bool] | None:
    """A prose number such as ``152``, ``1.2万余``, ``200余``, ``两`` -> (value, approximate)."""
    m = _PROSE_NUMBER.fullmatch(text)
    if not m:
        return None
    digits, wan, approx = m.groups()
    if digits[0].isdigit():
        value: float | int = float(digits) if "." in digits else int(digits)
    else:
        cn = cn_to_int(digits)
        if cn is None:
            return None
        value = cn
    if wan:
        value = round(value * 10000)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value, bool(approx or wan and "." in digits)


def years_named(text: str) -> list[int]:
    """Years written as ``YYYY年`` (not document numbers like 〔2019〕16号)."""
    return [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)\s*年", text)]
