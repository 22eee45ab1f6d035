"""Characters and rows of a ruled PDF table: a cell's characters by bisection, and the
table's rows as a text layer prints them (the cross-check's second reading reuses them)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from pipeline.readers.pdf_grid import Fragment

__all__ = ["CharIndex", "cell_rows", "inside"]


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
