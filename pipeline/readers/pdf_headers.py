"""Header rows of an unruled table, from the positions of its header words over the value
columns (``pdf_positions``).

A header word belongs over the columns whose number centres it covers. A word with headers
below it, beside which a neighbour column has nothing on its line but headers further down, is
a header over several columns (法人或其他组织 over 商业企业 … 其他; 行政诉讼 over its two
groups): it grows over those neighbours, never out of its parent header nor into a column a
header beside it holds, flush left or centred as the table's one-column headers are set.
Wrapped header text (社会公益 / 组织) is joined. The result has as many rows as the header
has levels; a header with fewer levels above a column spans down to the first row of numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import template as T
from pipeline.document import GridCell
from pipeline.tables.normalize import squash

#: the template's header texts of the tables read by position, per table: 其他 is a header of
#: table 三 but only the first line of 其他结果 in table 四
_APPLICATION_LABELS = frozenset({
    T.APPLICATIONS_HEADER, T.APPLICANT_GROUP, *(c.label for c in T.APPLICATION_COLUMNS),
    "合计"})  # 总计 as many agencies print it (the column reader takes both)
_REVIEW_LABELS = frozenset({
    T.REVIEW_GROUP, T.LITIGATION_GROUP, *(r.label for r in T.REVIEW_ROWS[1:]),
    *(c.label for c in T.REVIEW_COLUMNS), "合计"})  # 总计 printed as 合计 here too


#: how far below a template header's line (in type sizes) its next line may stand
_WRAP_REACH = 3.0


def _first_piece(text: str, labels: frozenset[str]) -> bool:
    """Is ``text`` the first line of a template header wrapped in its cell (结 of 结果维持 set
    one character a line, 法律服 of 法律服务机构) rather than a header of its own?"""
    t = squash(text)
    return bool(t) and t not in labels and any(h.startswith(t) for h in labels)


def _goes_on(text: str, more: str, labels: frozenset[str]) -> bool:
    """Does ``more`` go on with the wrapped template header ``text`` (然 after 自 of 自然人)?"""
    t = squash(text + more)
    return any(h.startswith(t) for h in labels) and _first_piece(text, labels)


@dataclass
class Word:
    """One word of a PDF text line with its box (points; ``top`` grows down the page)."""

    text: str
    x0: float
    x1: float
    top: float
    size: float


def header_rows(lines: list[list[Word]], cols: list[tuple[float, float]], zone: float,
                 n_label: int, locator: str, label_right: float | None = None
                 ) -> list[list[GridCell]]:
    """Header rows over the value columns, as many as the header has levels; the label zone's
    header text is one cell over all label columns and rows. ``label_right`` is where the
    row labels end: a header word starting right of it is over the value columns even when it
    ends left of their numbers (自 of 自然人 set one character a line, centred over numbers
    set flush right)."""
    if not lines:
        return []
    centres = [(a + b) / 2 for a, b in cols]
    review = any(T.REVIEW_GROUP in w.text or T.LITIGATION_GROUP in w.text
                 for ln in lines for w in ln)
    labels = _REVIEW_LABELS if review else _APPLICATION_LABELS
    label_text = ""
    placed: list[tuple[int, int, int, Word]] = []  # (line, c0, c1, word)
    for li, ln in enumerate(lines):
        for w in ln:
            if w.x1 <= zone + 1 and (label_right is None or w.x0 < label_right):
                label_text += w.text
                continue
            inside = [i for i, x in enumerate(centres) if w.x0 - 1 <= x <= w.x1 + 1]
            if not inside:
                mid = (w.x0 + w.x1) / 2
                inside = [min(range(len(centres)), key=lambda i: abs(centres[i] - mid))]
            placed.append((li, inside[0], inside[-1], w))

    # headers are set flush left (Word, LibreOffice) or centred (WPS): the one-column headers
    # tell which, against their columns' numbers
    flush_left = sum(abs(p[3].x0 - cols[p[1]][0]) - abs((p[3].x0 + p[3].x1) / 2 - centres[p[1]])
                     for p in placed if p[1] == p[2]) < 0

    def beside(c: int, w: Word) -> bool:  # a header word in column c on w's line
        return any(p[1] <= c <= p[2] and abs(p[3].top - w.top) < w.size for p in placed)

    def under(c: int, w: Word) -> bool:  # a header word in column c wholly below w
        return any(p[1] <= c <= p[2] and p[3].top >= w.top + w.size * 0.9 for p in placed)

    # [first top, last top, c0, c1, text, spans several columns, first word]
    cells: list[list] = []
    for li, c0, c1, w in sorted(placed, key=lambda p: (p[3].top, p[3].x0)):
        # a template header's lines may stand further apart than the text's leading (set
        # distributed down a tall cell: 自 / 然 / 人, 结果 / 维持): nothing of that column
        # between them, and together they begin the template's header
        wrapped = next((c for c in reversed(cells) if c[2] == c0 and c[3] == c1 and not c[5]
                        and 0 < w.top - c[1] <= w.size * _WRAP_REACH
                        and not any(c[1] < p[3].top < w.top and p[1] <= c1 and c0 <= p[2]
                                    for p in placed)
                        and _goes_on(c[4], w.text, labels)), None)
        if wrapped is not None:  # the next line of a template header, before any spanning test
            wrapped[1], wrapped[4] = w.top, wrapped[4] + w.text
            continue
        # a neighbour with nothing beside this word but headers below it sits under it; the
        # first line of a wrapped header (set higher than its neighbours when cells are
        # centred vertically) spans nothing
        spanning = not _first_piece(w.text, labels) and any(
            under(c, w) for c in range(c0, c1 + 1)) and any(
            0 <= c < len(cols) and not beside(c, w) and under(c, w) for c in (c0 - 1, c1 + 1))
        if spanning:
            # it stays under its parent header and out of the columns of headers beside it
            parent = next((c for c in reversed(cells) if c[5] and c[2] <= c0 and c1 <= c[3]
                           and c[0] < w.top), None)
            floor, ceiling = (parent[2], parent[3]) if parent else (0, len(cols) - 1)
            level = w.top + w.size * 0.9

            band = (parent[6].top + parent[6].size if parent else min(p[3].top for p in placed),
                    max(p[3].top + p[3].size for p in placed))

            def taken(col: int) -> bool:
                own = [p[3] for p in placed if p[1] <= col <= p[2]
                       and (parent is None or p[3] is not parent[6])]
                # a header over both levels: level with this one (set at the top), or
                # centred on the whole band (centred tables)
                middle = sum(x.top + x.size / 2 for x in own) / len(own) if own else 0.0
                full = not flush_left and bool(own) and abs(middle - sum(band) / 2) < w.size * 0.5
                return full or any(x.top < level for x in own) or any(
                    c[5] and c is not parent and c[2] <= col <= c[3] and c[0] < level
                    for c in cells)

            lo, hi = c0, c1
            while lo > floor and not taken(lo - 1):
                lo -= 1
            while hi < ceiling and not taken(hi + 1):
                hi += 1
            c0, c1 = _span(w, cols, centres, c0, c1, lo, hi, flush_left)
            cells.append([w.top, w.top, c0, c1, w.text, True, w])
            continue
        prev = next((c for c in reversed(cells) if c[2] == c0 and c[3] == c1 and not c[5]
                     and 0 < w.top - c[1] <= w.size * 1.8), None)
        if prev is not None:  # the same header wrapped onto the next line
            prev[1], prev[4] = w.top, prev[4] + w.text
        elif (same := next((c for c in cells if abs(c[1] - w.top) < w.size * 0.5
                            and c[2] == c0 and c[3] == c1), None)) is not None:
            same[4] += w.text
        else:
            cells.append([w.top, w.top, c0, c1, w.text, False, w])
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
          lo: int, hi: int, flush_left: bool) -> tuple[int, int]:
    """The columns a spanning header covers, within the free range lo..hi: from its first column
    on when the table's headers are set flush left, else centred over its span."""
    if flush_left:
        return min(range(lo, hi + 1), key=lambda i: abs(cols[i][0] - w.x0)), hi
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
