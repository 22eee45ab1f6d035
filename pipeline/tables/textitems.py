"""A text layer as pieces: label fragments and values, line by line, and the ways the
template reconstructor (``pipeline.tables.textlayer``) places values on rows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from pipeline import template as T
from pipeline.model import Cell, Table
from pipeline.tables.normalize import norm_label, parse_cell, squash
from pipeline.tables.common import make_cell
from pipeline.tables.textglue import unglue
from pipeline.tables.tokens import Token

Plan = list[tuple[str, tuple[str, ...]]]

#: page furniture a PDF text layer prints between the rows of one table
_FOOTER_RES = (
    re.compile(r"^[-—–－]\s*\d{1,3}\s*[-—–－]$"),
    re.compile(r"^第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?$"),
    re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$"),
    re.compile(r"^(?:page|Page|PAGE)\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$"),
    # a browser's print header (date, time, page title) and footer (address, page / pages)
    re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?(?:\s|$)"),
    re.compile(r"^(?:https?|file)://\S+\s+\d{1,3}\s*/\s*\d{1,3}$"),
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


def text_items(lines: list[str], notes: list[str] | None = None) -> list[Item]:
    """The pieces of every line in order; footers, Markdown rules and prose lines dropped.

    Empty Markdown fields are dropped with the pipes: a blank cell and a stray empty column
    look alike, so neither counts as a value (a row short of values is never placed). A row's
    first value glued to its label is split off where the template allows it
    (``textglue``); ``notes`` gets one line per such split."""
    items: list[Item] = []
    for n, line in enumerate(lines):
        if not line.strip() or is_footer(line) or _MD_RULE.match(line.strip()) or _is_prose(line):
            continue
        for piece in _SPLIT.split(line.strip()):
            if piece:
                items.append(Item(piece, n, is_value(piece)))
    items, split = unglue(_label_words(_slashed_headers(items)), Item)
    if notes is not None:
        notes += split
    return items


#: column headers printed with a slash (本年增/减): a slash between their pieces is no value
_SLASHED_HEADERS = tuple(squash(c.label) for c in T.ACTIVE_COLUMNS_2019 + T.ACTIVE_COLUMNS_2021
                         + T.APPLICATION_COLUMNS + T.REVIEW_COLUMNS if "/" in c.label)


def _slashed_headers(items: list[Item]) -> list[Item]:
    """A lone ``/`` (a dash cell's mark) between two label pieces of its line that it joins
    into a header the template prints with a slash (pypdf sets spaces round it: ``增 / 减``)
    is that header's piece: a row prints its label first and then its values, so a dash cell
    never stands between two label pieces of one header."""
    out = list(items)
    for n in range(1, len(out) - 1):
        prev, item, nxt = out[n - 1], out[n], out[n + 1]
        if item.value and squash(item.text) == "/" and not prev.value and not nxt.value \
                and prev.line == item.line == nxt.line:
            joined = squash(prev.text)[-1:] + "/" + squash(nxt.text)[:1]
            if any(joined in header for header in _SLASHED_HEADERS):
                out[n] = Item(item.text, item.line, False)
    return out


#: labels of table 三 that begin with a word a dash cell may print (无法提供, 无正当理由…)
_WORD_LABELS = tuple(squash(label) for label in
                     [g for _, g, _ in T.APPLICATION_GROUPS] + [r.label for r in T.APPLICATION_ROWS]
                     if parse_cell(label[:1]).semantic == "na")
_NUMBERING_ONLY = re.compile(r"^(?:\d{1,2}[.、]|[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)$")


def _label_words(items: list[Item]) -> list[Item]:
    """A word a dash cell may print (无) that is the first character of a wrapped label: it
    stands right after a bare numbering on its line (``4. 无`` / ``正当理由…``), or it and the
    label piece after it begin a template label. A row prints its label before its values, so
    a dash cell never stands between a numbering and the rest of its label."""
    out = list(items)
    for n, item in enumerate(out):
        if not item.value or not squash(item.text) or not squash(item.text)[0].isalpha():
            continue
        prev = out[n - 1] if n else None
        after_numbering = prev is not None and prev.line == item.line and not prev.value \
            and _NUMBERING_ONLY.match(squash(prev.text))
        nxt = next((i for i in out[n + 1:n + 2] if not i.value and i.line - item.line <= 1), None)
        starts = nxt is not None and any(w.startswith(squash(item.text + nxt.text))
                                         for w in _WORD_LABELS)
        if after_numbering or starts:
            out[n] = Item(item.text, item.line, False)
    return out


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


def _label_key(text: str) -> str:
    return squash(text).replace('"', "").replace("'", "")


def rows_without_own_label(items: list[Item], region: tuple[int, int], plan: Plan,
                           values: list[Item], labels: dict[str, str]) -> list[str]:
    """Rows read row by row whose value line does not follow their own label: the text since
    the previous value line (and on the value line itself) holds no piece of the row's label,
    or another row's whole label after the last piece of the row's own. pdftotext's reading
    order may print a row's line after rows below it (a label joined to the next row's, its
    values set after the page's last rows); then the printed order of the lines is not the
    rows' order, and no identity of table 三 can tell (a sum does not change when its rows are
    permuted). Fragments of a wrapped label around its values (``3.危`` / values / ``及“三``)
    are pieces of it: the rest printed after the values does not count against a row."""
    keys = {row: _label_key(text) for row, text in labels.items()}
    before: dict[int, str] = {}
    pending = ""
    value_lines = {v.line for v in values}
    for item in items:
        if not region[0] <= item.line < region[1]:
            continue
        if not item.value:
            pending += item.text
        if item.line in value_lines:
            before[item.line] = before.get(item.line, "") + pending
            pending = ""

    def displaced(text: str, row: str) -> bool:
        """No piece of this row's label stands in ``text`` (three characters of it, or its
        first two: 申请 alone is in many labels), or another row's whole label stands after
        the last such piece."""
        key = keys[row]
        ends = [b.a + b.size for b in SequenceMatcher(None, text, key, autojunk=False)
                .get_matching_blocks() if b.size >= min(3, len(key))]
        start = key[:3] if key[:1].isdigit() or key[:1] in "(（" else key[:2]
        if start and text.rfind(start) >= 0:
            ends.append(text.rfind(start) + len(start))
        if not ends:
            return True  # no piece of its label before its values: nothing ties them
        own_end = max(ends)
        return any(other != key and len(other) >= 4 and text.rfind(other) >= 0 and
                   text.rfind(other) + len(other) > own_end for other in keys.values())

    out = []
    k = 0
    for row, cols in plan:
        line = values[k].line
        k += len(cols)
        if displaced(_label_key(before.get(line, "")), row):
            out.append(row)
    return out


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
