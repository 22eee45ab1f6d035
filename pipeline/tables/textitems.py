"""A text layer as pieces: label fragments and values, line by line, and the ways the
template reconstructor (``pipeline.tables.textlayer``) places values on rows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import Cell, Table
from pipeline.tables.normalize import norm_label, parse_cell, squash
from pipeline.tables.common import make_cell
from pipeline.tables.tokens import Token

Plan = list[tuple[str, tuple[str, ...]]]

#: page furniture a PDF text layer prints between the rows of one table
_FOOTER_RES = (
    re.compile(r"^[-—–－]\s*\d{1,3}\s*[-—–－]$"),
    re.compile(r"^第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?$"),
    re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$"),
    re.compile(r"^(?:page|Page|PAGE)\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$"),
)
_MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_SPLIT = re.compile(r"[ \t\u3000|]+")
#: a line longer than this that ends a sentence is prose, not a table line
_PROSE_MIN = 30

@dataclass
class Item:
    """One whitespace-separated piece of a text line: a label fragment or a value."""

    text: str
    line: int  # 0-based index into the input lines
    value: bool


def is_footer(line: str) -> bool:
    text = line.strip()
    return any(r.match(text) for r in _FOOTER_RES)


def _is_prose(line: str) -> bool:
    text = squash(line)
    return len(text) > _PROSE_MIN and text.endswith(("。", "；", ";")) or "。" in text[:-1]


def text_items(lines: list[str]) -> list[Item]:
    """The pieces of every line in order; footers, Markdown rules and prose lines dropped.

    Empty Markdown fields are dropped with the pipes: a blank cell and a stray empty column
    look alike, so neither counts as a value (a row short of values is never placed)."""
    items: list[Item] = []
    for n, line in enumerate(lines):
        if not line.strip() or is_footer(line) or _MD_RULE.match(line.strip()) or _is_prose(line):
            continue
        for piece in _SPLIT.split(line.strip()):
            if piece:
                items.append(Item(piece, n, is_value(piece)))
    return items


def is_value(piece: str) -> bool:
    return parse_cell(piece).semantic in ("number", "na")


def line_text(items: list[Item], line: int) -> str:
    return "".join(i.text for i in items if i.line == line and not i.value)


def values_in(items: list[Item], region: tuple[int, int]) -> list[Item]:
    return [i for i in items if region[0] <= i.line < region[1] and i.value]


def region_text(items: list[Item], region: tuple[int, int]) -> str:
    return "".join(i.text for i in items if region[0] <= i.line < region[1] and not i.value)


def cell_of(item: Item, col: str, warnings: list[str]) -> Cell:
    return make_cell(Token(item.text, f"text:line{item.line + 1}"), col, warnings=warnings)


def rows_in_order(plan: list[tuple[str, tuple[str, ...]]], values: list[Item],
                   warnings: list[str]) -> Table:
    table: Table = {}
    k = 0
    for row, cols in plan:
        table[row] = {c: cell_of(values[k + n], c, warnings) for n, c in enumerate(cols)}
        k += len(cols)
    return table


def rows_by_line(plan: list[tuple[str, tuple[str, ...]]], values: list[Item]) -> bool:
    """True when every row's values stand on one line of their own: the printed order of the
    values is then the template's row order. pdftotext without -layout may print a page's
    values column by column, one per line; such a stream needs the identities to be trusted."""
    k = 0
    seen: set[int] = set()
    for _, cols in plan:
        lines = {v.line for v in values[k:k + len(cols)]}
        if len(lines) != 1 or lines & seen:
            return False
        seen |= lines
        k += len(cols)
    return True


def by_own_line(items: list[Item], region: tuple[int, int],
                plan: list[tuple[str, tuple[str, ...], str]], warnings: list[str]) -> Table:
    """Rows whose own line holds their label and exactly their number of values (the count
    of the whole region fitted no reading); every other row is missing."""
    table: Table = {}
    for n in range(*region):
        line = [i for i in items if i.line == n]
        label = norm_label("".join(i.text for i in line if not i.value))
        vals = [i for i in line if i.value]
        if not label or not vals:
            continue
        hits = [(row, cols) for row, cols, text in plan if norm_label(text) == label
                or len(norm_label(text)) >= 4 and label.endswith(norm_label(text))]
        if len(hits) == 1 and len(vals) == len(hits[0][1]) and hits[0][0] not in table:
            row, cols = hits[0]
            table[row] = {c: cell_of(v, c, warnings) for v, c in zip(vals, cols)}
    for row, cols, _ in plan:
        if row not in table:
            table[row] = {c: Cell.missing(f"text:line{region[0] + 1}") for c in cols}
    return table
