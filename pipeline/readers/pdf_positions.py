"""Unruled PDF tables → grids, from word positions (no ruling lines to trust).

Value columns are the x ranges the numbers of the table occupy (numbers of one column overlap
horizontally, numbers of two columns never do); rows are the lines that carry numbers (their
baselines). Everything left of the first value column is the label zone: its words fall into
label columns by their left edge, and the wrapped fragments of one label are joined top to
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

from pipeline.document import Grid, GridCell
from pipeline.normalize import parse_cell
from pipeline.readers.pdf_grid import fold_radicals

#: header phrases that open a table read by position (table 三 and 四)
POSITIONAL_START = ("申请人情况", "行政复议")
_NUMBERING = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])")


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    size: float


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
        first = next((i for i, ln in enumerate(body) if _values(ln)), len(body))
        if any(p in "".join(w.text for ln in body[:first] for w in ln) for p in POSITIONAL_START):
            body = body[first:]
        shift = self.bottom + 1.0 - min((w.top for ln in body for w in ln), default=0.0)
        self.lines += [[Word(w.text, w.x0, w.x1, w.top + shift, w.size) for w in ln]
                       for ln in body]
        self.bottom = max((w.top + w.size for ln in self.lines for w in ln), default=self.bottom)
        self.pages += tail.pages

    def text(self) -> str:
        return "".join(w.text for ln in self.lines for w in ln)

    def grid(self) -> Grid | None:
        return build_grid(self.lines, f"pdf:p{self.page}/pos{self.index}")


def line_words(chars: list[dict]) -> list[Word]:
    """A text line's words with their extent: split at spaces and at gaps wider than half a
    character (CJK characters of one label sit edge to edge)."""
    words: list[Word] = []
    current: list[dict] = []
    for ch in sorted(chars, key=lambda c: c["x0"]):
        gap = ch["x0"] - current[-1]["x1"] if current else 0.0
        if ch["text"].isspace() or (current and gap > 0.5 * max(ch["size"], 1.0)):
            if current:
                words.append(_word(current))
            current = []
        if not ch["text"].isspace():
            current.append(ch)
    if current:
        words.append(_word(current))
    return words


def _word(chars: list[dict]) -> Word:
    return Word(fold_radicals("".join(c["text"] for c in chars)), chars[0]["x0"], chars[-1]["x1"],
                min(c["top"] for c in chars), max(c["size"] for c in chars))


def _is_value(text: str) -> bool:
    return parse_cell(text).semantic in ("number", "na")


def _values(line: list[Word]) -> list[Word]:
    return [w for w in line if _is_value(w.text)]


def _columns(rows: list[list[Word]]) -> list[tuple[float, float]]:
    """Value columns: unions of the x ranges of numbers that overlap."""
    spans = sorted((w.x0, w.x1) for ln in rows for w in _values(ln))
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 <= cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    return [(a, b) for a, b in cols]


def _column_of(word: Word, cols: list[tuple[float, float]]) -> int | None:
    centre = (word.x0 + word.x1) / 2
    for i, (a, b) in enumerate(cols):
        if a - 1 <= centre <= b + 1 or a <= word.x0 <= b or a <= word.x1 <= b:
            return i
    return None


def build_grid(lines: list[list[Word]], locator: str) -> Grid | None:
    """Header rows, then one row per line carrying numbers; None without any number."""
    data = [i for i, ln in enumerate(lines) if _values(ln)]
    if not data:
        return None
    rows = [lines[i] for i in data]
    cols = _columns(rows)
    zone = cols[0][0] - 1.0
    # a number left of the first column cannot be: the columns start at the leftmost number
    labels = [w for ln in lines[data[0]:] for w in ln if w.x1 <= zone]
    label_cols = _label_columns(labels)
    tops = [min(w.top for w in ln) for ln in rows]
    n_label = len(label_cols)
    n_cols = n_label + len(cols)
    header = _header_rows(lines[:data[0]], cols, zone, n_label, locator)
    grid_rows: list[list[GridCell]] = [list(r) for r in header]
    base = len(grid_rows)
    for k, ln in enumerate(rows):
        r = base + k
        row: list[GridCell | None] = [None] * n_cols
        for w in _values(ln):
            c = _column_of(w, cols)
            if c is not None and row[n_label + c] is None:
                row[n_label + c] = GridCell(w.text, r, n_label + c,
                                            locator=f"{locator}/r{r + 1}/c{n_label + c + 1}")
        grid_rows.append(row)  # type: ignore[arg-type]
    for lc, items in enumerate(_label_items(labels, label_cols)):
        for text, top, bottom in items:
            covered = [k for k, t in enumerate(tops) if top - 2 <= t <= bottom + 2]
            if not covered:  # a label above its numbers' baseline band: the next row
                covered = [next((k for k, t in enumerate(tops) if t >= top), len(tops) - 1)]
            k0, k1 = covered[0], covered[-1]
            anchor = grid_rows[base + k0][lc]
            if anchor is not None:
                anchor.text += text
                continue
            cell = GridCell(text, base + k0, lc, k1 - k0 + 1, 1,
                            f"{locator}/r{base + k0 + 1}/c{lc + 1}")
            for k in range(k0, k1 + 1):
                if grid_rows[base + k][lc] is None:
                    grid_rows[base + k][lc] = cell
    for r, row in enumerate(grid_rows):
        for c in range(n_cols):
            if row[c] is None:
                row[c] = GridCell("", r, c, locator=f"{locator}/r{r + 1}/c{c + 1}")
    return Grid(grid_rows, locator)  # type: ignore[arg-type]


def _label_columns(labels: list[Word]) -> list[float]:
    """Left edges of the label columns: distinct left edges of label words, a character
    apart or more."""
    edges: list[float] = []
    for w in sorted(labels, key=lambda w: w.x0):
        if not edges or w.x0 - edges[-1] > max(w.size, 1.0) * 0.8:
            edges.append(w.x0)
    return edges or [0.0]


def _label_items(labels: list[Word], edges: list[float]) -> list[list[tuple[str, float, float]]]:
    """Per label column, its labels (text, top, bottom): fragments joined top to bottom, a new
    label at each template numbering."""
    out: list[list[tuple[str, float, float]]] = [[] for _ in edges]
    for w in sorted(labels, key=lambda w: (w.top, w.x0)):
        lc = max(i for i, e in enumerate(edges) if e <= w.x0 + max(w.size, 1.0) * 0.4) \
            if w.x0 + max(w.size, 1.0) * 0.4 >= edges[0] else 0
        items = out[lc]
        if items and not _NUMBERING.match(w.text) and items[-1][2] >= w.top - 2.5 * w.size:
            text, top, _ = items[-1]
            items[-1] = (text + w.text, top, w.top + w.size)
        else:
            items.append((w.text, w.top, w.top + w.size))
    return out


def _header_rows(lines: list[list[Word]], cols: list[tuple[float, float]], zone: float,
                 n_label: int, locator: str) -> list[list[GridCell]]:
    """Header rows over the value columns, as many as the header has levels; the label zone's
    header text is one cell over all label columns and rows."""
    if not lines:
        return []
    centres = [(a + b) / 2 for a, b in cols]
    label_text = ""
    placed: list[tuple[int, int, int, Word]] = []  # (line, c0, c1, word)
    for li, ln in enumerate(lines):
        for w in ln:
            if w.x1 <= zone + 1:
                label_text += w.text
                continue
            inside = [i for i, x in enumerate(centres) if w.x0 - 1 <= x <= w.x1 + 1]
            if not inside:
                mid = (w.x0 + w.x1) / 2
                inside = [min(range(len(centres)), key=lambda i: abs(centres[i] - mid))]
            placed.append((li, inside[0], inside[-1], w))

    def at_line(c: int, li: int) -> bool:
        return any(p[0] == li and p[1] <= c <= p[2] for p in placed)

    cells: list[list] = []  # [first line, last line, c0, c1, text]
    for li, c0, c1, w in sorted(placed, key=lambda p: (p[0], p[3].x0)):
        below = any(p[0] > li and c0 <= p[1] and p[2] <= c1 for p in placed)
        # a neighbour with nothing on this line but headers below it sits under this one
        open_side = any(0 <= c < len(cols) and not at_line(c, li) and any(
            p[0] > li and p[1] <= c <= p[2] for p in placed) for c in (c0 - 1, c1 + 1))
        if below and open_side:  # a header over several columns: centred over its span
            lo, hi = c0, c1
            while lo > 0 and not any(p[0] <= li and p[1] <= lo - 1 <= p[2] for p in placed):
                lo -= 1
            while hi < len(cols) - 1 and not any(p[0] <= li and p[1] <= hi + 1 <= p[2]
                                                 for p in placed):
                hi += 1
            c0, c1 = _span(w, cols, centres, c0, c1, lo, hi)
            cells.append([li, li, c0, c1, w.text, True])
            continue
        prev = next((c for c in reversed(cells) if c[2] == c0 and c[3] == c1 and not c[5]
                     and c[1] == li - 1), None)
        if prev is not None:  # the same header wrapped onto the next line
            prev[1], prev[4] = li, prev[4] + w.text
        elif (same := next((c for c in cells if c[0] == li and c[2] == c0 and c[3] == c1),
                           None)) is not None:
            same[4] += w.text
        else:
            cells.append([li, li, c0, c1, w.text, False])
    stacks = [[c for c in sorted(cells, key=lambda c: c[0]) if c[2] <= col <= c[3]]
              for col in range(len(cols))]
    depth = max((len(s) for s in stacks), default=0) or 1
    n_cols = n_label + len(cols)
    rows: list[list[GridCell | None]] = [[None] * n_cols for _ in range(depth)]
    made: dict[int, GridCell] = {}
    for col, stack in enumerate(stacks):
        for level, cell in enumerate(stack):
            last = level == len(stack) - 1
            grid_cell = made.get(id(cell))
            if grid_cell is None:
                grid_cell = made[id(cell)] = GridCell(
                    cell[4], level, n_label + cell[2], (depth - level) if last else 1,
                    cell[3] - cell[2] + 1, f"{locator}/r{level + 1}/c{n_label + cell[2] + 1}")
            for r in range(level, depth if last else level + 1):
                if rows[r][n_label + col] is None:
                    rows[r][n_label + col] = grid_cell
    label = GridCell(label_text, 0, 0, depth, n_label, f"{locator}/r1/c1")
    for r in range(depth):
        for c in range(n_label):
            rows[r][c] = label
        for c in range(n_cols):
            if rows[r][c] is None:
                rows[r][c] = GridCell("", r, c, locator=f"{locator}/r{r + 1}/c{c + 1}")
    return rows  # type: ignore[return-value]


def _span(w: Word, cols: list[tuple[float, float]], centres: list[float], c0: int, c1: int,
          lo: int, hi: int) -> tuple[int, int]:
    """The columns a spanning header covers, within the free range lo..hi: from its first column
    when it is set flush left (Word, LibreOffice), to its last when flush right, else centred
    over its span (WPS)."""
    tolerance = max(w.size, 1.0) * 0.5
    first = min(range(lo, hi + 1), key=lambda i: abs(cols[i][0] - w.x0))
    if abs(cols[first][0] - w.x0) <= tolerance:
        return first, hi
    last = min(range(lo, hi + 1), key=lambda i: abs(cols[i][1] - w.x1))
    if abs(cols[last][1] - w.x1) <= tolerance and last > c1:
        return lo, last
    centre = (c0 + c1) / 2 + _offset(w, centres, c0, c1)
    half = min(centre - lo, hi - centre)
    return max(lo, round(centre - half)), min(hi, round(centre + half))


def _offset(w: Word, centres: list[float], c0: int, c1: int) -> float:
    """Where the word's centre sits between the column centres, in columns from (c0+c1)/2."""
    mid = (w.x0 + w.x1) / 2
    for i in range(len(centres) - 1):
        if centres[i] <= mid <= centres[i + 1]:
            return i + (mid - centres[i]) / (centres[i + 1] - centres[i]) - (c0 + c1) / 2
    return 0.0


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
        opens = (continued and i == 0 and not is_heading_line(texts[0])) or (
            any(p in texts[i] for p in POSITIONAL_START) and not is_heading_line(texts[i])
            and "。" not in texts[i])
        if not opens:
            i += 1
            continue
        j = i + 1
        while j < len(texts):
            text, has_values = texts[j], bool(_values(words[j]))
            if "。" in text or any(p in text for p in others) or (
                    not has_values and is_heading_line(text)):
                break
            j += 1
        # a header alone at the page's end: its table goes on over the page break
        if any(_values(ln) for ln in words[i:j]) or j == len(texts):
            regions.append((i, j))
        i = j
    return regions
