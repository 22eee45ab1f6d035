"""Unruled PDF tables → grids, from word positions (no ruling lines to trust).

Value columns are the x ranges the numbers of the table occupy (numbers of one column overlap
horizontally, numbers of two columns never do); rows are the lines that carry numbers (their
baselines; numbers whose glyphs overlap vertically stand in one row whatever their line).
Everything left of the first value column is the label zone: its words fall into label columns
by their left edge, and the wrapped fragments of one label are joined top to
bottom, a new label starting at a template numbering (一、 （一） 1.). A label covering the
baselines of several rows is one spanned cell (the group labels of table 三). Header words above
the first row are placed over the value columns they overlap; a header word spanning several
columns (法人或其他组织) reaches over the neighbours that have header text only below it.

Nothing is guessed: a column position without a number is a blank cell, a number outside every
column cannot occur (the columns are made from the numbers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline import template as T
from pipeline.document import Grid, GridCell
from pipeline.readers.pdf_grid import fold_radicals
from pipeline.readers.pdf_active import active_grid, is_active_start, names_active_row
from pipeline.readers.pdf_headers import Word, header_rows
from pipeline.readers.pdf_layout import (NUMBERING, column_of, label_blocks, label_columns,
                                         label_rows, value_columns, values)

#: header phrases that open a table read by position (table 三 and 四)
POSITIONAL_START = ("申请人情况", "行政复议")
#: phrases of table 二's captions and headers, inside its region
_ACTIVE_PHRASES = ("第二十条第", T.ITEM_HEADER)
#: a gap this share of a character between two text characters parts two cells' texts
_CELL_GAP = 0.17
_NUMBER_CHAR = re.compile(r"[0-9０-９.,．%％+\-件项个万元次]")


@dataclass
class PositionalTable:
    """The lines of one unruled table on one page (or joined over several), before gridding."""

    lines: list[list[Word]]
    page: int
    index: int
    #: vertical offset added to the next fragment's lines, so pages stack top to bottom
    bottom: float = 0.0
    pages: list[int] = field(default_factory=list)

    def extend(self, tail: PositionalTable) -> None:
        """Append the continuation on the next page; its repeated header is dropped."""
        body = tail.lines
        if not self.lines:
            self.bottom = 0.0
        first = next((i for i, ln in enumerate(body) if values(ln)), len(body))
        if any(p in "".join(w.text for ln in body[:first] for w in ln) for p in POSITIONAL_START):
            # the repeated header ends where the first row begins: at its numbers, or above
            # them at its label's first line (a wrapped label centred on its numbers)
            body = body[_body_start(body, first):]
        shift = self.bottom + 1.0 - min((w.top for ln in body for w in ln), default=0.0)
        self.lines += [[Word(w.text, w.x0, w.x1, w.top + shift, w.size) for w in ln]
                       for ln in body]
        self.bottom = max((w.top + w.size for ln in self.lines for w in ln), default=self.bottom)
        self.pages += tail.pages

    def text_lines(self) -> list[str]:
        """Its words as the text-table path takes them, one tab-indented cell a line."""
        return ["\t" + w.text for ln in self.lines for w in ln]

    def grid(self) -> Grid | None:
        locator = f"pdf:p{self.page}/pos{self.index}"
        if self.lines and is_active_start("".join(w.text for w in self.lines[0])):
            return active_grid(self.lines, locator)
        return build_grid(self.lines, locator)


def line_words(chars: list[dict]) -> list[Word]:
    """A text line's words with their extent: split at spaces and at gaps wider than half a
    character, and between two characters of text, or two of numbers, at a gap of a sixth of a
    character: the characters of one label, header or number sit edge to edge (their boxes are
    their advances), so such a gap is the padding of two neighbouring cells whose texts nearly
    fill them (商业企业 and 科研机构 centred over narrow columns read as one word 商业科研; two
    zeros of narrow columns as 00). A digit and its unit (19件) in two fonts stay one word."""
    words: list[Word] = []
    current: list[dict] = []
    for ch in sorted(chars, key=lambda c: c["x0"]):
        gap = ch["x0"] - current[-1]["x1"] if current else 0.0
        size = max(ch["size"], 1.0)
        if ch["text"].isspace() or (current and (gap > 0.5 * size or (
                gap > max(_CELL_GAP * size, 1.0)
                and _texty(current[-1]["text"]) == _texty(ch["text"])))):
            if current:
                words.append(_word(current))
            current = []
        if not ch["text"].isspace():
            current.append(ch)
    if current:
        words.append(_word(current))
    return words


def _texty(ch: str) -> bool:
    """A character of text, not of a number (digits, its separators and units stay joined:
    a digit and 件 in two fonts need not touch)."""
    return not _NUMBER_CHAR.match(ch)


def _word(chars: list[dict]) -> Word:
    return Word(fold_radicals("".join(c["text"] for c in chars)), chars[0]["x0"], chars[-1]["x1"],
                min(c["top"] for c in chars), max(c["size"] for c in chars))


def _body_start(lines: list[list[Word]], first: int) -> int:
    """The line a table's first row begins on, given the first line carrying numbers: a
    template-numbered label left of those numbers may stand above them."""
    zone = min(w.x0 for w in values(lines[first])) - 1.0 if first < len(lines) else 0.0
    return next((i for i, ln in enumerate(lines[:first])
                 if any(w.x1 <= zone and NUMBERING.match(w.text) for w in ln)), first)


def build_grid(lines: list[list[Word]], locator: str) -> Grid | None:
    """Header rows, then one row per line carrying numbers; None without any number."""
    data = [i for i, ln in enumerate(lines) if values(ln)]
    if not data:
        return None
    cols = value_columns([lines[i] for i in data])
    rows = row_bands([lines[i] for i in data], cols)
    if rows is None:
        return None
    zone = cols[0][0] - 1.0
    # the body starts at the first row label (set above its numbers when cells are centred
    # vertically) or the first numbers
    body = next((i for i, ln in enumerate(lines[:data[0]])
                 if any(w.x1 <= zone and NUMBERING.match(w.text) for w in ln)), data[0])
    tops = [min(w.top for w in ln) for ln in rows]
    blocks = label_blocks([w for ln in lines[body:] for w in ln if w.x1 <= zone], tops)
    # labels far below the last numbers are not the table's (a signature, a note)
    blocks = [b for b in blocks if b.top <= tops[-1] + 3 * b.size]
    n_label = label_columns(blocks)
    n_cols = n_label + len(cols)
    # without row labels (table 四) no header text belongs to the label zone
    header = header_rows(lines[:body], cols, zone, n_label, locator,
                         max((b.x1 for b in blocks), default=float("-inf")))
    if header and not _one_leaf_each(header[-1][n_label:]):
        return None
    grid_rows: list[list[GridCell]] = [list(r) for r in header]
    base = len(grid_rows)
    for k, ln in enumerate(rows):
        r = base + k
        row: list[GridCell | None] = [None] * n_cols
        for w in values(ln):
            c = column_of(w, cols)
            if c is not None and row[n_label + c] is None:
                row[n_label + c] = GridCell(w.text, r, n_label + c,
                                            locator=f"{locator}/r{r + 1}/c{n_label + c + 1}")
        grid_rows.append(row)  # type: ignore[arg-type]
    for block in sorted(blocks, key=lambda b: (b.column, b.top)):
        deeper = any(o.column > block.column and block.top <= o.top <= block.bottom
                     for o in blocks)
        covered = label_rows(block, tops, deeper)
        k0, k1 = covered[0], covered[-1]
        lc = block.column
        anchor = grid_rows[base + k0][lc]
        if anchor is not None:
            anchor.text += block.text
            continue
        cell = GridCell(block.text, base + k0, lc, k1 - k0 + 1, 1,
                        f"{locator}/r{base + k0 + 1}/c{lc + 1}")
        for k in range(k0, k1 + 1):
            if grid_rows[base + k][lc] is None:
                grid_rows[base + k][lc] = cell
    for r, row in enumerate(grid_rows):
        for c in range(n_cols):
            if row[c] is None:
                row[c] = GridCell("", r, c, locator=f"{locator}/r{r + 1}/c{c + 1}")
    return Grid(grid_rows, locator)  # type: ignore[arg-type]


def row_bands(lines: list[list[Word]], cols: list[tuple[float, float]]) -> list[list[Word]] | None:
    """The table's rows from its lines carrying numbers. Cells of two rows occupy two bands one
    above the other, so numbers whose glyph boxes overlap vertically are in one row even where
    the text extraction parts them into two lines (a cell's number set lower than its
    neighbours': Chromium's baseline of a cell padded or aligned otherwise). Two such numbers
    in one column fit neither one row nor two: None, the table is not read by position."""
    rows: list[list[Word]] = []
    for ln in lines:
        nums = values(ln)
        top = min(w.top for w in nums)
        prev = values(rows[-1]) if rows else []
        size = min((w.size for w in nums + prev), default=1.0)
        if prev and any(abs(top - w.top) < size for w in prev):
            taken = {column_of(w, cols) for w in prev}
            if any(column_of(w, cols) in taken for w in nums):
                return None
            rows[-1] = rows[-1] + ln
        else:
            rows.append(list(ln))
    return rows


def _one_leaf_each(leaves: list[GridCell]) -> bool:
    """Do the numbers' columns and the header's agree: a header leaf of its own over each
    column of numbers? Two columns under one leaf, or a column under none (numbers of one
    column not overlapping: set at other x from row to row, or overflowing narrow cells), leave
    no certain column for some numbers: the table is not read by position."""
    return all(leaf.text.strip() for leaf in leaves) and len({id(x) for x in leaves}) == len(leaves)


def _table_rows(lines: list[list[Word]]) -> bool:
    """Rows of a table print several numbers side by side (7 in 三, 15 in 四); a text rendering
    with one cell per line is left to the text-table path."""
    counts = [len(values(ln)) for ln in lines if values(ln)]
    return bool(counts) and sum(n >= 2 for n in counts) * 2 >= len(counts)


def _opens(text: str) -> bool:
    """Does the line open table 三 or 四 (a header phrase, not a heading or prose)?"""
    from pipeline.readers.text import is_heading_line
    return any(p in text for p in POSITIONAL_START) and not is_heading_line(text) \
        and "。" not in text


def positional_regions(texts: list[str], words: list[list[Word]], *,
                       continued: bool = False) -> list[tuple[int, int]]:
    """(start, end) line ranges of the page read by position: from a line opening table 三 or
    四 (or the page's top, when the previous page ended inside such a table) to the line before
    prose, a section heading without numbers, another table, or the page's end."""
    from pipeline.readers.pdf_text import TABLE_START
    from pipeline.readers.text import is_heading_line
    others = tuple(p for p in TABLE_START if p not in POSITIONAL_START and p != "本列数据的勾稽关系")
    regions: list[tuple[int, int]] = []
    i = 0
    while i < len(texts):
        opens = (continued and i == 0 and not is_heading_line(texts[0])) or _opens(texts[i])
        if is_active_start(texts[i]) and "。" not in texts[i]:
            j = i + 1  # table 二: its captions and headers go on in the region
            while j < len(texts) and "。" not in texts[j] and not any(
                    p in texts[j] for p in TABLE_START if p not in _ACTIVE_PHRASES) and not (
                    not values(words[j]) and is_heading_line(texts[j])):
                j += 1
            if any(map(values, words[i:j])) or j == len(texts):
                regions.append((i, j))
            i = j
            continue
        if not opens:
            i += 1
            continue
        floor, start = (regions[-1][1] if regions else 0), i
        # a spanning header set above the opening phrase (centred vertically) belongs to it
        while i > floor and words[i - 1] and words[i] and not values(words[i - 1]) \
                and "。" not in texts[i - 1] and not is_heading_line(texts[i - 1]) \
                and not any(p in texts[i - 1] for p in others) \
                and words[i][0].top - words[i - 1][0].top <= 2.5 * words[i][0].size:
            i -= 1
        j = i + 1
        while j < len(texts):
            text, has_values = texts[j], bool(values(words[j]))
            # another table read by position ends this one (三 going on from the previous
            # page straight into 四's header): their numbers never share columns
            if "。" in text or any(p in text for p in others) or (
                    not has_values and is_heading_line(text)) or (j > start and _opens(text)):
                break
            j += 1
        # a header alone at the page's end: its table goes on over the page break
        # table 二's rows going on from the previous page print one number or a few
        if _table_rows(words[i:j]) or (j == len(texts) and not any(map(values, words[i:j]))) \
                or (continued and i == 0 and any(map(values, words[i:j]))
                    and names_active_row(texts[i:j])):
            regions.append((i, j))
        i = j
    return regions
