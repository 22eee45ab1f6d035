"""Unruled tables in a PDF text layer → ``TextTableBlock``s for the text-table path.

Without ruling lines there is no geometry to trust for spans, so the table is handed over the
way the text reader hands over a text rendering: one cell per line, in reading order, and the
label/number matcher of ``pipeline.tables`` rebuilds the rows (never guessing a value).
"""

from __future__ import annotations

import re

from pipeline.tables.normalize import BOOKMARK_RE, is_number_text
from pipeline import template as T
from pipeline.readers.text import is_heading_line

#: phrases that open a statistics table in the national templates
TABLE_START = ("本列数据的勾稽关系", "第二十条第", "信息内容", "申请人情况", "行政复议")
#: printed row labels long enough not to occur in prose by chance
_LABELS = tuple({r.label for r in (*T.APPLICATION_ROWS, *T.ACTIVE_ROWS_2019, *T.ACTIVE_ROWS_2021)
                 if len(r.label) >= 8} | {T.APPLICATIONS_HEADER_NOTE[1:-1]})
#: a label fragment wrapped onto its own line is at most this long
FRAGMENT_MAX = 24
#: fewer numbers than this is prose with figures, not a table
MIN_NUMBERS = 6


def line_cells(chars: list[dict]) -> list[str]:
    """A text line's cells: characters split at whitespace and at gaps wider than half a
    character (tab stops and column gaps); CJK characters of one label sit edge to edge.
    Word bookmark markers printed by some exporters are dropped."""
    return [c for c in (BOOKMARK_RE.sub("", cell) for cell in _split(chars)) if c]


def _split(chars: list[dict]) -> list[str]:
    cells: list[str] = []
    current = ""
    prev = None
    for ch in sorted(chars, key=lambda c: c["x0"]):
        gap = ch["x0"] - prev["x1"] if prev is not None else 0.0
        if ch["text"].isspace() or (prev is not None and gap > 0.5 * max(ch["size"], 1.0)):
            if current:
                cells.append(current)
            current = ""
        if not ch["text"].isspace():
            current += ch["text"]
        prev = ch
    if current:
        cells.append(current)
    return cells


def value_line(cell: str) -> str:
    """One line of the block handed to the text-table path: each cell tab-indented, as the
    text rendering of a report prints them."""
    return "\t" + cell


def _numbers(cells: list[str]) -> int:
    return sum(1 for c in cells if is_number_text(c))


def table_runs(lines: list[tuple[str, list[str]]]) -> list[tuple[int, int]]:
    """(start, end) of the runs of lines that form a table: they open with a template phrase or
    a line of numbers and go on through number lines and short label fragments."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        text, cells = lines[i]
        if (_numbers(cells) >= 1 or any(p in text for p in TABLE_START)) \
                and not is_heading_line(text):
            j = i + 1
            while j < len(lines) and _continues(*lines[j]):
                j += 1
            # a run at the top or the bottom of a page may be part of a table that crosses the
            # page break (the pages' blocks are joined later): fewer numbers are enough
            numbers = sum(_numbers(c) for _, c in lines[i:j])
            at_edge = i == 0 or j == len(lines)
            if numbers >= MIN_NUMBERS or (at_edge and (numbers or any(
                    p in t for t, _ in lines[i:j] for p in TABLE_START))):
                runs.append((i, j))
                i = j
                continue
        i += 1
    return runs


def _continues(text: str, cells: list[str]) -> bool:
    if is_heading_line(text) or "。" in text:
        return False
    squashed = re.sub(r"\s", "", text)
    return _numbers(cells) >= 1 or len(squashed) <= FRAGMENT_MAX \
        or any(p in text for p in TABLE_START) or any(label in squashed for label in _LABELS)
