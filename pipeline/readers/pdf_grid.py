"""Ruled PDF tables → full grids, by cell geometry (never by text order).

pdfplumber gives each table as cell rectangles. Their distinct edges define the grid lines, so a
cell's row/column span follows from which edges it covers; text is placed by position, which is
what keeps vertical one-character-per-line labels and numbers printed high in their cell on the
right row. Fragments of one table split by a page break are joined here too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.document import Grid, GridCell

#: points within which two ruling-line positions are the same line
EDGE_TOLERANCE = 2.0
#: empty cells thinner than this (points) are the gap between a table and a frame around it
SLIVER_PT = 8.0
_RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")
_NUMBER = re.compile(r"^[\s+\-]*[\d０-９][\d０-９,，.．\s]*$")


def fold_radicals(text: str) -> str:
    """Kangxi/CJK radicals (⼀ U+2F00 …) that some PDF fonts map to → the ideographs (NFKC)."""
    return _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def chars_text(chars: list[dict]) -> str:
    """Characters of one cell, lines top to bottom, left to right; lines joined without a
    separator because CJK labels wrap mid-word (a vertical label is one character per line)."""
    lines: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and abs(ch["top"] - lines[-1][0]["top"]) <= max(ch["size"], 1) * 0.5:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    text = "".join("".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])) for line in lines)
    return fold_radicals(text).strip()


def _encloses(outer: tuple[float, ...], inner: tuple[float, ...]) -> bool:
    t = EDGE_TOLERANCE
    return outer[0] - t <= inner[0] and outer[1] - t <= inner[1] and inner[2] <= outer[2] + t \
        and inner[3] <= outer[3] + t


def _edges(values: list[float], tolerance: float = EDGE_TOLERANCE) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


@dataclass
class Fragment:
    """One table as found on one page: its grid plus the geometry needed to join fragments."""

    grid: Grid
    page: int
    bbox: tuple[float, float, float, float]
    col_edges: list[float]
    cells: list[tuple[float, float, float, float]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    index: int = 1


def build_fragment(cells: list[tuple[float, float, float, float]], texts: list[str],
                   page: int, index: int, xs: list[float] | None = None) -> Fragment | None:
    """Cell rectangles (x0, top, x1, bottom) and their texts → a span-expanded grid; ``xs``
    forces column edges (a superset of the cells' own, when aligning two fragments). None when
    nothing but frame slivers is left (a drawn box around prose, not a table)."""
    # a frame drawn around the table (a text box, a page border) adds empty sliver cells and
    # a "cell" enclosing the others
    kept = [(c, t) for c, t in zip(cells, texts)
            if (t or (c[2] - c[0] > SLIVER_PT and c[3] - c[1] > SLIVER_PT))
            and not any(o != c and _encloses(c, o) for o in cells)]
    cells, texts = [c for c, _ in kept], [t for _, t in kept]
    xs = xs or _edges([c[0] for c in cells] + [c[2] for c in cells])
    ys = _edges([c[1] for c in cells] + [c[3] for c in cells])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows < 1 or n_cols < 1:
        return None
    prefix = f"pdf:p{page}/tbl{index}"
    rows: list[list[GridCell | None]] = [[None] * n_cols for _ in range(n_rows)]
    for (x0, top, x1, bottom), text in sorted(zip(cells, texts), key=lambda ct: (ct[0][1], ct[0][0])):
        r0, r1 = _index(ys, top), _index(ys, bottom)
        c0, c1 = _index(xs, x0), _index(xs, x1)
        if r1 <= r0 or c1 <= c0 or rows[r0][c0] is not None:
            continue
        cell = GridCell(text, r0, c0, r1 - r0, c1 - c0, f"{prefix}/r{r0 + 1}/c{c0 + 1}")
        for r in range(r0, r1):
            for c in range(c0, c1):
                if rows[r][c] is None:
                    rows[r][c] = cell
    for r in range(n_rows):  # a position no rectangle covers (a missing rule) is a blank cell
        for c in range(n_cols):
            if rows[r][c] is None:
                rows[r][c] = GridCell("", r, c, locator=f"{prefix}/r{r + 1}/c{c + 1}")
    grid = Grid(rows, prefix)  # type: ignore[arg-type]
    return Fragment(grid, page, (xs[0], ys[0], xs[-1], ys[-1]), xs, list(cells), list(texts),
                    index)


def _subset(a: list[float], b: list[float]) -> bool:
    return all(any(abs(x - y) <= EDGE_TOLERANCE * 2 for y in b) for x in a)


def continues(head: Fragment, tail: Fragment) -> bool:
    """Same outer width and column edges that agree: one fragment's edges may be fewer (a
    header cut by the page break shows only the spanning cells), never different."""
    a, b = head.col_edges, tail.col_edges
    if not a or not b or not head.grid.rows or not tail.grid.rows:
        return False
    return abs(a[0] - b[0]) <= EDGE_TOLERANCE * 2 and abs(a[-1] - b[-1]) <= EDGE_TOLERANCE * 2 \
        and (_subset(a, b) or _subset(b, a))


def aligned(head: Fragment, tail: Fragment) -> tuple[Fragment, Fragment] | None:
    """Both fragments on the union of their column edges (no-op when they agree): a page's
    fragment rebuilt from its cell boxes, a head already joined from several pages (no boxes
    left) by splitting its grid's columns (``split_columns``). None when they still cannot
    share columns."""
    if len(head.col_edges) == len(tail.col_edges):
        return (head, tail) if head.grid.n_cols == tail.grid.n_cols else None
    # one ruling may stand a little apart on two pages (pdfplumber snaps each page's lines
    # with the others on it): edges as close as ``continues`` accepts are one
    xs = _edges(head.col_edges + tail.col_edges, 2 * EDGE_TOLERANCE)
    if head.cells:
        head = build_fragment(head.cells, head.texts, head.page, head.index, xs) or head
    else:
        head = split_columns(head, xs)
    tail = build_fragment(tail.cells, tail.texts, tail.page, tail.index, xs) or tail
    return (head, tail) if head.grid.n_cols == tail.grid.n_cols else None


def split_columns(fragment: Fragment, xs: list[float]) -> Fragment:
    """A grid without cell boxes (joined from several pages) on the finer column edges ``xs``.

    A table continued over pages is one table though a later page rules one more column edge
    (its label column split in two where the outer labels begin, a header wrapped into two
    columns): every column such an edge falls inside becomes two, and each cell covering it
    covers both, its text in its anchor as before (a label or header over a column that splits
    further down spans both parts, as the template's merged cells do)."""
    edges = list(fragment.col_edges)
    rows = [list(row) for row in fragment.grid.rows]
    for x in xs:
        if any(abs(x - e) <= 2 * EDGE_TOLERANCE for e in edges) or not edges[0] < x < edges[-1]:
            continue
        c = max(i for i in range(len(edges) - 1) if edges[i] < x)
        cells = {id(cell): cell for row in rows for cell in row}.values()
        for cell in cells:
            if cell.col > c:
                cell.col += 1
            elif cell.col + cell.colspan > c:
                cell.colspan += 1
        for row in rows:
            row.insert(c + 1, row[c])
        edges.insert(c + 1, x)
    grid = Grid(rows, fragment.grid.locator)
    return Fragment(grid, fragment.page, fragment.bbox, edges, index=fragment.index)


def _row_texts(grid: Grid, r: int) -> list[str]:
    return [grid.rows[r][c].text for c in range(grid.n_cols)]


def _has_number(texts: list[str]) -> bool:
    return any(_NUMBER.match(t) for t in texts if t)


def _cut_row(first: list[str], prev: list[str]) -> bool:
    """Is the continuation's first row the rest of the head's last row? Yes when it carries no
    number (a label or header finished on the new page), or when it carries the numbers while
    its label cells are empty (the label stayed above). A first row with its own label and
    numbers is a new row, even under a header row without numbers; so is a row of numbers
    under cells that are printed (a header left at the foot of the page: table 四's row has no
    label, and a cut row's part above its numbers is blank)."""
    if not any(first):
        return False
    if not _has_number(first):
        return True
    texts = [t for t in first if t]
    return not _has_number(prev) and all(_has_number([t]) for t in texts) \
        and not any(above for piece, above in zip(first, prev) if piece)


def join_fragments(head: Fragment, tail: Fragment) -> Fragment:
    """Append ``tail`` (the continuation on the next page) to ``head``.

    A repeated header (the first rows equal to head's first rows) is dropped. A row broken by the
    page break (its continuation carries no numbers where the head's last row has them, or vice
    versa) is glued back into one row. Cells at the top of the continuation that are empty and
    open (a vertically merged label going on from the previous page) become part of the cell
    above instead of a blank."""
    g, t = head.grid, tail.grid
    if g.n_cols != t.n_cols or not g.rows:
        raise ValueError("fragments to join must share their columns (see aligned)")
    start = 0
    while start < min(t.n_rows, g.n_rows) and _row_texts(t, start) == _row_texts(g, start) \
            and any(_row_texts(t, start)):
        start += 1
    last = g.n_rows - 1
    rows = [list(row) for row in g.rows]
    continued: dict[int, GridCell] = {}
    if start < t.n_rows:
        first, prev = _row_texts(t, start), _row_texts(g, last)
        if _cut_row(first, prev):
            # a row cut by the page break: glue each piece to the cell above it when both
            # cover the same columns (a header cut mid-cell sits beside cells that are new)
            for c in range(t.n_cols):
                piece, above = t.rows[start][c], rows[last][c]
                if piece.row == start and piece.col == c and above.col == c \
                        and above.colspan == piece.colspan and id(piece) not in continued:
                    above.text += piece.text
                    continued[id(piece)] = above
            if all(id(t.rows[start][c]) in continued for c in range(t.n_cols)):
                start += 1
    # tail cells that continue a cell of the head: anchored in a dropped row, or empty at the
    # top of the continuation where the head's cell above is a label (or spans several rows)
    for c in range(t.n_cols if start < t.n_rows else 0):
        cell, above = t.rows[start][c], rows[last][c]
        if id(cell) in continued:
            continue
        if cell.row < start or (not cell.text and above.text and (
                cell.rowspan > 1 or not _has_number([above.text]))):
            continued[id(cell)] = above
    placed: set[int] = set()
    for r in range(start, t.n_rows):
        new_r = len(rows)
        row: list[GridCell] = []
        for c in range(t.n_cols):
            cell = t.rows[r][c]
            if id(cell) in continued:
                cell = continued[id(cell)]
                cell.rowspan = max(cell.rowspan, new_r - cell.row + 1)
            elif id(cell) not in placed:
                placed.add(id(cell))
                cell.row = new_r
            row.append(cell)
        rows.append(row)
    grid = Grid(rows, g.locator)
    # the joined grid has no single set of page boxes: later joins reuse its columns as they are
    return Fragment(grid, head.page, head.bbox, head.col_edges)
