"""A row's first value glued to the end of its label (``4. 保护第三方合法权益1 0 0 0 0 0 1``).

pypdf joins two text runs without a space when the PDF sets no gap wide enough between them,
so a label cell and the first number of its row come out as one piece. Read as a label, the
row is one value short and every later rule must leave it missing; split anywhere a piece ends
in digits, labels that end in digits would lose them. So a piece is split only where the
template says so:

- the piece is the last label piece of its line, only values after it;
- the text before the digits completes a template row label (of table 二 or 三): on its own
  line the label alone or its end (a label wrapped over lines), and with the label pieces
  printed since the previous row's values, the whole label;
- no other split point of the piece does the same, and the piece itself is no label;
- the line then holds exactly that row's number of values (7 in 三, or 8 with a 小计 column;
  the row's columns in 二).

Anything else stays as printed (and a row one value short stays missing).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import template as T
from pipeline.tables.normalize import norm_label, squash

__all__ = ["unglue"]

_NUMBER_END = re.compile(r"-?\d+(?:\.\d+)?$")
#: table 三 rows may print a 法人或其他组织小计 column: 8 values
_APPLICATION_COUNTS = frozenset({len(T.APPLICATION_COLUMN_KEYS), len(T.APPLICATION_COLUMN_KEYS) + 1})


@lru_cache(maxsize=1)
def _row_labels() -> dict[str, frozenset[int]]:
    """Matching key of every template row label -> the value counts its row may print."""
    out: dict[str, set[int]] = {}
    for fmt in ("2021", "2019"):
        for row in T.active_rows(fmt):
            out.setdefault(norm_label(row.label), set()).add(len(row.columns))
        for row in T.application_rows(fmt):
            out.setdefault(norm_label(row.label), set()).update(_APPLICATION_COUNTS)
    return {key: frozenset(counts) for key, counts in out.items()}


def _key(text: str) -> str:
    return squash(text).replace('"', "").replace("'", "")


def _completed(own: str, before: str) -> frozenset[int] | None:
    """The value counts of the row label ``own`` (this line's label text) completes, given the
    label text ``before`` printed since the previous values; None when it completes none."""
    own_key, joined = norm_label(own), _key(before + own)
    counts: set[int] = set()
    for key, n in _row_labels().items():
        if own_key == key or own_key and key.endswith(own_key) and joined.endswith(key):
            counts |= n
    return frozenset(counts) or None


def _split_point(text: str, own: str, before: str, n_after: int) -> int | None:
    """Where ``text`` (the line's last label piece, ``own`` its label text before it) splits
    into the end of a row label and that row's first value, or None."""
    if not _NUMBER_END.search(text) or _completed(own + text, before):
        return None
    points = []
    for i in range(1, len(text)):
        if text[i - 1] == "-" or not _NUMBER_END.fullmatch(text[i:]):
            continue
        counts = _completed(own + text[:i], before)
        if counts and n_after + 1 in counts:
            points.append(i)
    return points[0] if len(points) == 1 else None


def unglue(items: list, make) -> tuple[list, list[str]]:
    """``items`` (``textitems.Item``) with each glued label piece split into its label and its
    value (``make(text, line, value)`` builds a piece), and one note per split naming its line."""
    out: list = []
    notes: list[str] = []
    before = ""  # label text since the last value
    k = 0
    while k < len(items):
        line = items[k].line
        end = k
        while end < len(items) and items[end].line == line:
            end += 1
        pieces = items[k:end]
        last = max((n for n, p in enumerate(pieces) if not p.value), default=None)
        if last is not None:
            own = "".join(p.text for p in pieces[:last] if not p.value)
            n_after = len(pieces) - last - 1
            at = _split_point(pieces[last].text, own, before, n_after) \
                if all(not p.value for p in pieces[:last]) else None
            if at is not None:
                text = pieces[last].text
                notes.append(f"text:line{line + 1}: {text!r} read as the label {text[:at]!r} "
                             f"and the row's first value {text[at:]!r}")
                pieces = pieces[:last] + [make(text[:at], line, False),
                                          make(text[at:], line, True)] + pieces[last + 1:]
        for p in pieces:
            before = "" if p.value else before + p.text
        out += pieces
        k = end
    return out, notes
