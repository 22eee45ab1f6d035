"""Label normalisation for matching, and cell parsing (report-format.md §4.4 and §5.1).

Everything here works on *copies* used for matching: stored text (``Cell.raw``) is never
normalised. The helpers are general so the prose reader can use them too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Word bookmarks as the text renderings show them: ``[bookmark: _Hlk66973412]``
BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
#: every Unicode whitespace (NFKC turns U+3000 and NBSP into spaces; \s covers the rest)
_SPACE_RE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
_CN_DIGITS = "一二三四五六七八九十"
#: numbering prefixes after NFKC: 一、 / (一) / 1. / 1、 / 1) / ① …
NUMBERING_RE = re.compile(
    rf"^(?:[{_CN_DIGITS}]+[、.]|\([{_CN_DIGITS}]+\)|\d{{1,2}}(?:[、)]|\.(?!\d))|[\u2460-\u2473])"
)
_QUOTES = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "「": '"', "」": '"', "『": '"', "』": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "《": "<", "》": ">", "〈": "<", "〉": ">",
    "〔": "[", "〕": "]", "【": "[", "】": "]", "—": "-", "－": "-", "–": "-",
})


@lru_cache(maxsize=65536)
def squash(text: str | None) -> str:
    """NFKC, bookmarks removed, every kind of whitespace removed, quotes folded."""
    if not text:
        return ""
    text = BOOKMARK_RE.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    return _SPACE_RE.sub("", text).translate(_QUOTES)


def strip_numbering(text: str) -> str:
    """Drop one leading numbering prefix from an already squashed label."""
    return NUMBERING_RE.sub("", text, count=1)


@lru_cache(maxsize=65536)
def norm_label(text: str | None) -> str:
    """The matching key of a label: squashed, numbering dropped, quotes removed entirely.

    Quotes are dropped (not only folded) because renderings lose or split them
    (``危及`` / ``“`` / ``三安全一稳定`` / ``”``).
    """
    return strip_numbering(squash(text)).replace('"', "").replace("'", "")


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, giving up (returning ``limit + 1``) once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        best = i
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            best = min(best, cur[j])
        if best > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def allowed_typos(reference: str) -> int:
    """How many edits a label of this length may carry and still match (a dropped character)."""
    return 0 if len(reference) < 5 else 1 if len(reference) < 16 else 2


def label_matches(text: str, reference: str) -> bool:
    """True when normalised ``text`` is the normalised ``reference`` up to a small typo."""
    a, b = norm_label(text), norm_label(reference)
    if a == b:
        return True
    return bool(a) and edit_distance(a, b, allowed_typos(b)) <= allowed_typos(b)


# --- cells ---------------------------------------------------------------------------------

NA_TOKENS = frozenset({"/", "-", "--", "无", "不适用", "//", "\\"})
_NUMBER_RE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
#: a bare numbering such as ``2.`` or ``3、`` is a label piece, never a value
_NUMBERING_ONLY_RE = re.compile(r"^\d+[.、]$")
UNITS = ("万元", "件", "个", "项", "条", "次", "元")


@dataclass(frozen=True)
class ParsedCell:
    value: float | int | None
    semantic: str
    #: a note for ``Report.warnings`` (OCR dash read as 一, unit converted …), or None
    warning: str | None = None


@lru_cache(maxsize=16384)
def parse_cell(raw: str | None, *, signed: bool = False, ocr: bool = False) -> ParsedCell:
    """Classify one printed cell (report-format.md §5.1). Never guesses a number.

    ``signed`` allows a leading sign (2019 ``items_change``); elsewhere a signed value is
    kept as a number so CELL-02 can flag it, except that ``+``/``-`` alone are ``na``.
    """
    text = squash(raw)
    if not text:
        return ParsedCell(None, "empty")
    if text in NA_TOKENS or set(text) <= {"-"}:
        return ParsedCell(None, "na")
    if text == "一":
        # OCR reads a printed dash as 一; outside OCR it stays unparsed text (never 1)
        if ocr:
            return ParsedCell(None, "na", f"OCR cell '一' read as a dash, not 1 ({raw!r})")
        return ParsedCell(None, "text")
    for unit in UNITS:
        if text.endswith(unit) and len(text) > len(unit):
            text = text[: -len(unit)]
            break
    if _NUMBERING_ONLY_RE.match(text) or not _NUMBER_RE.match(text):
        if signed and re.fullmatch(r"[增减]\d+", text):
            n = int(text[1:])
            return ParsedCell(n if text[0] == "增" else -n, "number",
                              f"'{raw}' read as {'+' if text[0] == '增' else '-'}{n}")
        return ParsedCell(None, "text")
    number = text.replace(",", "")
    value: float | int = float(number) if "." in number else int(number)
    return ParsedCell(value, "number")


def is_value_text(raw: str | None) -> bool:
    """True for what can sit in a numeric cell (number, blank or a dash), not a label."""
    return parse_cell(raw).semantic in ("number", "empty", "na")


def is_number_text(raw: str | None) -> bool:
    return parse_cell(raw).semantic == "number"
