"""Where the words of an unruled table stand: its numbers, the value columns they make, and
its labels (wrapped fragments joined, one label column or several, the rows each belongs to).

Shared by the readers of tables 三/四 (``pdf_positions``) and 二 (``pdf_active``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.readers.pdf_headers import Word
from pipeline.tables.normalize import parse_cell, squash

#: a template numbering (一、 （一） 1.) starts a label
NUMBERING = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])")


def _is_value(text: str) -> bool:
    return parse_cell(text).semantic in ("number", "na")


def values(line: list[Word]) -> list[Word]:
    return [w for w in line if _is_value(w.text)]


def value_columns(rows: list[list[Word]]) -> list[tuple[float, float]]:
    """Value columns: unions of the x ranges of numbers that overlap."""
    spans = sorted((w.x0, w.x1) for ln in rows for w in values(ln))
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 <= cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    return [(a, b) for a, b in cols]


def column_of(word: Word, cols: list[tuple[float, float]]) -> int | None:
    centre = (word.x0 + word.x1) / 2
    for i, (a, b) in enumerate(cols):
        if a - 1 <= centre <= b + 1 or a <= word.x0 <= b or a <= word.x1 <= b:
            return i
    return None


@dataclass
class _Label:
    """A row or group label: its wrapped fragments joined, with its extent."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    column: int = 0
    #: rows whose numbers stand level with one of its fragments
    rows: set[int] = field(default_factory=set)


def label_blocks(words: list[Word], tops: list[float],
                 known: tuple[str, ...] = ()) -> list[_Label]:
    """Fragments of one label are on consecutive lines and overlap horizontally (flush left or
    centred alike); a template numbering (一、 （一） 1.) always starts a new label, and so does
    a fragment level with another row's numbers than a fragment of the label already is (rows
    set as tight as a label's own lines: 小计 under 8.属于行政查询事项). Given the ``known``
    labels (squashed), a fragment joins a label only where the two begin a known label."""
    blocks: list[_Label] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        size = max(w.size, 1.0)
        level = _level_row(w, tops)
        block = None if NUMBERING.match(w.text) else next(
            (b for b in reversed(blocks) if 0 < w.top - (b.bottom - b.size) <= 1.8 * size
             and w.x0 < b.x1 and w.x1 > b.x0), None)
        if block is not None and level is not None and block.rows and level not in block.rows:
            block = None
        # where the labels are known (table 二), fragments join only into a known label
        if block is not None and known and not any(
                label.startswith(squash(block.text + w.text)) for label in known):
            block = None
        if block is None:
            blocks.append(_Label(w.text, w.x0, w.x1, w.top, w.top + size, size))
            block = blocks[-1]
        else:
            block.text += w.text
            block.x0, block.x1 = min(block.x0, w.x0), max(block.x1, w.x1)
            block.bottom = w.top + size
        if level is not None:
            block.rows.add(level)
    return blocks


def _level_row(w: Word, tops: list[float]) -> int | None:
    """The row whose numbers stand on the word's line, if any."""
    near = min(range(len(tops)), key=lambda k: abs(tops[k] - w.top), default=None)
    return near if near is not None and abs(tops[near] - w.top) <= 0.4 * w.size else None


def label_columns(blocks: list[_Label]) -> int:
    """Number the label columns left to right: by shared left edges, or by shared centres
    where that explains the labels with fewer columns (text centred in its cells)."""
    def clusters(key) -> list[list[_Label]]:
        groups: list[list[_Label]] = []
        for b in sorted(blocks, key=key):
            if groups and key(b) - key(groups[-1][-1]) <= b.size * 0.8:
                groups[-1].append(b)
            else:
                groups.append([b])
        return groups

    left = clusters(lambda b: b.x0)
    centred = clusters(lambda b: (b.x0 + b.x1) / 2)
    chosen = centred if len(centred) < len(left) else left
    for i, group in enumerate(chosen):
        for b in group:
            b.column = i
    return max(len(chosen), 1)


def label_rows(block: _Label, tops: list[float], deeper: bool) -> list[int]:
    """The rows a label belongs to: every row whose numbers lie within its extent when labels
    stand right of it (a group label), else the one row it is set against — at its top (top
    aligned) or nearest its middle (centred)."""
    inside = [k for k, t in enumerate(tops) if block.top - block.size * 0.5 <= t <= block.bottom]
    if deeper and len(inside) > 1:
        return inside
    level = [k for k, t in enumerate(tops) if abs(t - block.top) <= block.size * 0.5]
    if level:
        return level[:1]
    middle = (block.top + block.bottom - block.size) / 2
    return [min(range(len(tops)), key=lambda k: abs(tops[k] - middle))]
