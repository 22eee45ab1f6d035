"""Characters and rows of a ruled PDF table: a cell's characters by bisection, and the
table's rows as a text layer prints them (the cross-check's second reading reuses them)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from pipeline.readers.pdf_grid import Fragment

__all__ = ["CharIndex", "cell_rows", "inside", "ruled_boxes", "stacked_tables"]


def cell_rows(fragment: Fragment) -> list[tuple[float, str]]:
    """(top, text) of a ruled table's rows as a text layer prints them: the cells that start
    at one height, left to right, blanks dropped."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for (x0, top, _, _), text in zip(fragment.cells, fragment.texts):
        if text:
            key = next((k for k in rows if abs(k - top) <= 1.0), top)
            rows.setdefault(key, []).append((x0, text))
    return [(top, " ".join(t for _, t in sorted(cells))) for top, cells in rows.items()]


class CharIndex:
    """A table's characters by the height of their centre: a cell's characters are found by
    bisection instead of a scan of the page (a ruled page has ~1000 characters, ~100 cells)."""

    def __init__(self, chars: list[dict]) -> None:
        self.entries = sorted(((_centre_y(c), n, c) for n, c in enumerate(chars)),
                              key=lambda e: (e[0], e[1]))
        self.keys = [e[0] for e in self.entries]

    def inside(self, box: tuple[float, float, float, float]) -> list[dict]:
        lo, hi = bisect_left(self.keys, box[1]), bisect_right(self.keys, box[3])
        # back in page order, as a scan of page.chars would give them
        return [c for _, _, c in sorted(self.entries[lo:hi], key=lambda e: e[1])
                if inside(c, box)]


def _centre_y(obj: dict) -> float:
    return (obj["top"] + obj["bottom"]) / 2


def inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


#: points by which two stacked rows' outer edges may differ and still be one table's
_WIDTH_TOLERANCE = 4.0


def stacked_tables(cells: list[tuple[float, float, float, float]]
                   ) -> list[list[tuple[float, float, float, float]]]:
    """A table finder's table split where rows of another width stand on it. Every row of a
    table spans the table's width; two tables set touching (Chromium puts consecutive tables
    flush, and their columns may share edges) come out of pdfplumber as one table whose rows
    change width at the seam, and are split there (no cell crosses a seam)."""
    ys: list[float] = []
    for y in sorted({c[1] for c in cells} | {c[3] for c in cells}):
        if not ys or y - ys[-1] > 1.0:
            ys.append(y)
    if len(ys) < 3:
        return [list(cells)]

    def inner_edges(top: float, bottom: float) -> list[float]:
        covering = [c for c in cells if c[1] <= top + 1.0 and c[3] >= bottom - 1.0]
        xs = [x for c in covering for x in (c[0], c[2])]
        return [x for x in xs if min(xs) + _WIDTH_TOLERANCE < x < max(xs) - _WIDTH_TOLERANCE]

    def extent(top: float, bottom: float) -> tuple[float, float] | None:
        covering = [c for c in cells if c[1] <= top + 1.0 and c[3] >= bottom - 1.0]
        return (min(c[0] for c in covering), max(c[2] for c in covering)) if covering else None

    seams = []
    for above, y, below in zip(ys, ys[1:], ys[2:]):
        if any(c[1] < y - 1.0 and c[3] > y + 1.0 for c in cells):
            continue  # a cell spans the boundary: one table
        a, b = extent(above, y), extent(y, below)
        if a and b and (abs(a[0] - b[0]) > _WIDTH_TOLERANCE or abs(a[1] - b[1]) > _WIDTH_TOLERANCE):
            seams.append(y)
        elif a and b and _foreign(inner_edges(above, y), inner_edges(y, below)):
            seams.append(y)
    groups: list[list[tuple[float, float, float, float]]] = [[] for _ in range(len(seams) + 1)]
    for c in cells:
        centre = (c[1] + c[3]) / 2
        groups[sum(1 for y in seams if centre > y)].append(c)
    return [g for g in groups if g]


def _foreign(above: list[float], below: list[float]) -> bool:
    """Do two rows of one width share no column edge? Within a table a row's cells split or
    span the columns of its neighbours (a header spans the leaves under it), so neighbouring
    rows with inner edges always share one; tables of the same width set touching (table 三's
    last row on table 四's 行政复议 / 行政诉讼) share none."""
    return bool(above) and bool(below) and not any(
        abs(x - y) <= _WIDTH_TOLERANCE for x in above for y in below)


#: points within which pdfplumber snaps rulings (its ``snap_tolerance``)
_SNAP = 3.0


def ruled_boxes(boxes: list[tuple[float, float, float, float]], edges: list[dict]
                ) -> list[tuple[float, float, float, float]]:
    """Text boxes of cells with their sides where the page draws them. The table finder snaps
    a page's rulings together, other tables' too, so a column edge may stand up to 3 pt off
    its line; a digit set flush against that line (a narrow column, padding of half a point)
    then falls into its neighbour's cell. Each side moves to the drawn vertical nearest to it,
    within the snap distance, that runs beside the cell."""
    verticals = [((e["x0"] + e["x1"]) / 2, e["top"], e["bottom"]) for e in edges
                 if e["orientation"] == "v"]
    if not verticals:
        return boxes

    def drawn(x: float, top: float, bottom: float) -> float:
        mid = (top + bottom) / 2
        near = [v for v, t, b in verticals if abs(v - x) <= _SNAP and t <= mid <= b]
        return min(near, key=lambda v: abs(v - x)) if near else x

    return [(drawn(x0, top, bottom), top, drawn(x1, top, bottom), bottom)
            for x0, top, x1, bottom in boxes]
