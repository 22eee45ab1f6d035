"""A row's first value glued to the end of its label (``4. 保护第三方合法权益1 0 0 0 0 0 1``).

pypdf joins two text runs without a space when the PDF sets no gap wide enough between them,
so a label cell and the first number of its row come out as one piece. Read as a label, the
row is one value short and every later rule must leave it missing; split anywhere a piece ends
in digits, labels that end in digits would lose them. So a piece is split only where the
template says so:

- the piece is the last label piece of its line, only values after it;
- the text before the digits completes a template row label (of table 二 or 三): on its own
  line the label alone (up to the typo ``labels`` allows a label of its length) or its end (a
  label wrapped over lines), and with the label pieces printed since the previous row's
  values, the whole label;
- no other split point of the piece does the same, and the piece itself is no label;
- the line (alone, or with the value-only lines under it: a value wrapped in its cell drops
  to a line of its own) then holds exactly that row's number of values (7 in 三, or 8 with a
  小计 column, or 6 where at least three other lines of the text print six values: a 总计
  column printed blank; the row's columns in 二). Where the values then go is the table
  readers' business: a six-value row is placed only by the whole table's identities.

Anything else stays as printed (and a row one value short stays missing).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline import template as T
from pipeline.tables.normalize import allowed_typos, edit_distance, norm_label, squash

__all__ = ["unglue"]

_NUMBER_END = re.compile(r"-?\d+(?:\.\d+)?$")
#: table 三 rows may print a 法人或其他组织小计 column: 8 values
#: label-only lines after a value line that may hold the rest of its wrapped label
_AFTER_LINES = 3
#: lines a row's values may print on (a value wrapped in its cell drops to a line of its own)
_WRAPPED_LINES = 3
_SIX = len(T.APPLICANT_COLUMN_KEYS)
#: lines of six values it takes to read a glued row as one more of them (a blank 总计 column)
_SIX_ROWS = 3
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


@lru_cache(maxsize=1)
def _application_labels() -> frozenset[str]:
    return frozenset(norm_label(r.label) for v in ("2021", "2019") for r in T.application_rows(v))


def _key(text: str) -> str:
    return squash(text).replace('"', "").replace("'", "")


#: what a line may print before a row's label: the outer group labels of table 三 split
#: down the left column (三、本 / 年度办 / 理结果 beside （一）予以公开) and numbering
_GROUP_CHARS = frozenset("".join(g[0] + g[1] for g in T.APPLICATION_GROUPS)
                         + "一二三四五六七八九十()、.0123456789")


def _completed(own: str, before: str, after: str = "", six: bool = False) -> frozenset[int] | None:
    """The value counts of the row whose label ``own`` (this line's label text) completes,
    given the label text ``before`` printed since the previous values and ``after``, the
    label-only line after it (a wrapped label's last fragment printed after its numbers);
    None when it completes none."""
    tail, joined = norm_label(own + after), _key(before + own + after)
    counts: set[int] = set()
    for key, n in _row_labels().items():
        # a label printed with a typo (其他法律行政规禁止公开); never a digit for the typo:
        # a label and its row's glued first value are one character off it too
        typos = 0 if any(c.isdigit() for c in tail) else allowed_typos(key)
        if tail == key or tail and key.endswith(tail) and joined.endswith(key) or \
                typos and edit_distance(tail, key, typos) <= typos or \
                key in _application_labels() and tail.endswith(key) and \
                set(tail[:-len(key)]) <= _GROUP_CHARS:
            counts |= n | ({_SIX} if six and key in _application_labels() else set())
    return frozenset(counts) or None


def _split_point(text: str, own: str, before: str, afters: list[str], n_after: set[int],
                 six: bool) -> int | None:
    """Where ``text`` (the line's last label piece, ``own`` its label text before it) splits
    into the end of a row label and that row's first value, or None. ``afters``: the label
    text of the label-only lines after it, one, two, … lines (a wrapped label's rest);
    ``n_after``: the counts of values the row may print after the piece (on its line, and
    with the value-only lines under it: values wrapped in their cells)."""
    if not _NUMBER_END.search(text) or any(_completed(own + text, before, a) for a in afters):
        return None
    points = []
    for i in range(1, len(text)):
        if text[i - 1] == "-" or not _NUMBER_END.fullmatch(text[i:]):
            continue
        counts = frozenset().union(*(_completed(own + text[:i], before, a, six) or frozenset()
                                     for a in afters))
        if any(n + 1 in counts for n in n_after):
            points.append(i)
    return points[0] if len(points) == 1 else None


def unglue(items: list, make) -> tuple[list, list[str]]:
    """``items`` (``textitems.Item``) with each glued label piece split into its label and its
    value (``make(text, line, value)`` builds a piece), and one note per split naming its line."""
    out: list = []
    notes: list[str] = []
    before = ""  # label text since the last value
    lines: list[list] = []
    for item in items:
        if lines and lines[-1][0].line == item.line:
            lines[-1].append(item)
        else:
            lines.append([item])
    six = sum(not p[0].value and len(p) > _SIX and all(x.value for x in p[-_SIX:])
              and not p[-_SIX - 1].value for p in lines) >= _SIX_ROWS
    for k, pieces in enumerate(lines):
        line = pieces[0].line
        afters = [""]
        for following in lines[k + 1:k + 1 + _AFTER_LINES]:
            if any(p.value for p in following):
                break
            afters.append(afters[-1] + "".join(p.text for p in following))
        last = max((n for n, p in enumerate(pieces) if not p.value), default=None)
        at = None
        if last is not None and all(not p.value for p in pieces[:last]):
            n_after = {len(pieces) - last - 1}
            for following in lines[k + 1:k + _WRAPPED_LINES]:
                if not all(p.value for p in following):
                    break
                n_after.add(max(n_after) + len(following))
            # the line's leading pieces may be a fragment of table 三's outer group label set
            # down the left column (理结果 beside 计这一情形…): the row's label is what follows
            for j in range(last + 1):
                if j and not set(_key(pieces[j - 1].text)) <= _GROUP_CHARS:
                    break
                own = "".join(p.text for p in pieces[j:last])
                at = _split_point(pieces[last].text, own, before, afters, n_after, six)
                if at is not None:
                    break
            if at is not None:
                text = pieces[last].text
                notes.append(f"text:line{line + 1}: {text!r} read as the label {text[:at]!r} "
                             f"and the row's first value {text[at:]!r}")
                pieces = pieces[:last] + [make(text[:at], line, False),
                                          make(text[at:], line, True)] + pieces[last + 1:]
        for p in pieces:
            before = "" if p.value else before + p.text
        out += pieces
    return out, notes
