"""Table structure of a picture: ruling lines → cells (with spans), OCR boxes → cell texts.

Printed statistics tables are ruled, so the lines in the image give rows, columns and merged
cells exactly; a border segment that is absent between two elementary cells means they are one
merged cell. Boxes are placed by their centre, never by reading order. Pictures without rules
fall back to clustering the boxes into rows and columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from pipeline.document import Grid, GridCell

#: gray level below which a pixel is ink
INK = 160
#: a border segment is present when this share of its pixels lie on a detected line
BORDER_PRESENT = 0.9
#: horizontal rules running this many pixels past the last vertical rule hold a column the
#: page's edge cut (narrower: the rules' own overshoot at a corner)
MIN_EDGE_COLUMN = 20
#: a vertical mark with ink this many columns beside it (its mask already holds a pixel of
#: margin) is a character's stroke, not a rule
TOUCHING = 2


@dataclass
class Box:
    """One OCR text line: its rectangle in image pixels, text and recognition score."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    score: float
    #: what the recogniser read, where ``text`` is the template label it was the beginning of
    read: str | None = None

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class TableRegion:
    """A ruled table found in the picture: its line positions and masks."""

    bbox: tuple[int, int, int, int]
    xs: list[int]
    ys: list[int]
    #: x where the table is cut by its page's edge (no rule there; a cell's text may be cut)
    cuts: tuple[int, ...] = ()


def line_masks(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling lines (morphological opening with long thin kernels).

    The vertical kernel is sized from the row height the horizontal rules give: character
    strokes are shorter than a row (a cell holds text plus padding), rules are at least a row."""
    import cv2

    ink = (gray < INK).astype(np.uint8)
    h, w = ink.shape
    # rules run across several cells; the longest stroke of a character is shorter than that
    long = max(w // 15, 40)
    hk = cv2.getStructuringElement(cv2.MORPH_RECT, (long, 1))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, hk)
    ys = _positions(horizontal.sum(axis=1), long)
    gaps = [b - a for a, b in zip(ys, ys[1:]) if b - a > 8]
    row = float(np.percentile(gaps, 25)) if gaps else 30.0
    vk = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(int(row * 0.75), 18)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, vk)
    # close 1-px gaps where anti-aliasing breaks a rule
    horizontal = cv2.dilate(horizontal, np.ones((3, 3), np.uint8))
    vertical = cv2.dilate(vertical, np.ones((3, 3), np.uint8))
    return horizontal, vertical


def _positions(profile: np.ndarray, minimum: float) -> list[int]:
    """Centres of runs of indices whose profile value reaches ``minimum``."""
    idx = np.flatnonzero(profile >= minimum)
    out: list[int] = []
    start = prev = None
    for i in idx:
        if start is None:
            start = prev = i
        elif i - prev > 2:
            out.append((start + prev) // 2)
            start = i
        prev = i
    if start is not None:
        out.append((start + prev) // 2)
    return out


def find_tables(gray: np.ndarray, boxes: list[Box] | None = None,
                ) -> tuple[list[TableRegion], np.ndarray, np.ndarray]:
    """Ruled tables in the picture: connected groups of rules with ≥ 2 rows and ≥ 2 columns.
    With the OCR ``boxes``, a vertical mark counts as a rule only where it crosses no text line
    (in tight rows a stroke of 项 or 十 runs from rule to rule)."""
    import cv2

    horizontal, vertical = line_masks(gray)
    grid = cv2.bitwise_or(horizontal, vertical)
    n, _, stats, _ = cv2.connectedComponentsWithStats(grid, connectivity=8)
    regions: list[TableRegion] = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if w < 60 or h < 30:
            continue
        hs = horizontal[y:y + h, x:x + w]
        vs = vertical[y:y + h, x:x + w]
        ys = [y + p for p in _positions(hs.sum(axis=1), 0.05 * w)]
        xs = [x + p for p in _positions(vs.sum(axis=0), min(0.05 * h, 15))]
        # a rule separates cells over at least one full row that no text line crosses
        xs = [cx for cx in xs if any(
            _border(vertical, cx, a, b, "v") and not _crossed(boxes or [], cx, a, b)
            and not _touched(gray, horizontal, vertical, cx, a, b) for a, b in zip(ys, ys[1:]))]
        xs, cuts = _closed_by_cut(xs, x, x + w)
        if len(ys) >= 2 and len(xs) >= 2:
            regions.append(TableRegion((x, y, x + w, y + h), xs, ys, cuts))
    return sorted(regions, key=lambda r: r.bbox[1]), horizontal, vertical


def _closed_by_cut(xs: list[int], left: int, right: int) -> tuple[list[int], tuple[int, ...]]:
    """``xs`` closed where the table's horizontal rules run on past its last (first) vertical
    rule and stop together: a table printed wider than its page is cut there (Chromium clips
    it at the page's margin), and its outer column has no rule of its own. Also the x of such
    cuts, where a cell's text may be cut too."""
    cuts: list[int] = []
    if xs and right - 1 - xs[-1] >= MIN_EDGE_COLUMN:
        xs, cuts = xs + [right - 1], cuts + [right - 1]
    if xs and xs[0] - left >= MIN_EDGE_COLUMN:
        xs, cuts = [left] + xs, cuts + [left]
    return xs, tuple(cuts)


def _crossed(boxes: list[Box], x: int, top: int, bottom: int) -> bool:
    return any(b.x0 + 2 < x < b.x1 - 2 and b.y0 < bottom and b.y1 > top for b in boxes)


def _touched(gray: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray, x: int,
             top: int, bottom: int) -> bool:
    """Does ink touch the vertical mark at ``x`` between two rules? A character's stroke (in
    tight rows as tall as the row) has the character's other strokes against it; a rule has
    the cell's padding on both sides. The text detector's boxes are not needed to tell them
    apart."""
    lo, hi = top + 3, bottom - 3
    if hi - lo < 4:
        return False
    column = vertical[lo:hi]
    left = right = x
    while left > 0 and column[:, left - 1].mean() >= 0.5:
        left -= 1
    while right + 1 < column.shape[1] and column[:, right + 1].mean() >= 0.5:
        right += 1
    for beside in (left - TOUCHING, right + 1):
        if 0 <= beside and beside + TOUCHING <= gray.shape[1]:
            ink = (gray[lo:hi, beside:beside + TOUCHING] < INK) & (
                horizontal[lo:hi, beside:beside + TOUCHING] == 0)
            if ink.any():
                return True
    return False


def _border(mask: np.ndarray, fixed: int, lo: int, hi: int, axis: str) -> bool:
    """Does a rule run along ``fixed`` from one crossing rule to the next? Character strokes
    can be nearly a row tall, but never touch both rules of their cell."""
    lo, hi = lo + 2, hi - 2
    if hi <= lo:
        return True
    seg = mask[lo:hi, fixed] if axis == "v" else mask[fixed, lo:hi]
    return seg.mean() >= BORDER_PRESENT


def blank_cell_reading(gray: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> str:
    """What a cell with no OCR box holds: nothing (""), a dash the detector skipped ("—"), or
    ink nobody could read (U+FFFD: the cell parses as text, never as a number or a blank)."""
    mx, my = max((x1 - x0) // 8, 3), max((y1 - y0) // 6, 3)
    inner = gray[y0 + my:y1 - my, x0 + mx:x1 - mx] < INK
    if inner.size == 0 or inner.sum() < 4:
        return ""
    ys, xs = np.nonzero(inner)
    width, height = xs.max() - xs.min() + 1, ys.max() - ys.min() + 1
    # a dash is one thin solid stroke; text is taller and leaves most of its box empty
    solid = inner.sum() / float(width * height)
    if width >= 4 and height <= max(4, (y1 - y0) // 8) and width >= 2 * height and solid > 0.5:
        return "—"
    return "\ufffd"


def cell_groups(region: TableRegion, horizontal: np.ndarray, vertical: np.ndarray,
                ) -> list[list[tuple[int, int]]]:
    """The table's cells: groups of elementary (row, column) cells no border separates, each
    listed from its top left."""
    xs, ys = region.xs, region.ys
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not _border(vertical, xs[c + 1], ys[r], ys[r + 1], "v"):
                parent[find(r * n_cols + c + 1)] = find(r * n_cols + c)
            if r + 1 < n_rows and not _border(horizontal, ys[r + 1], xs[c], xs[c + 1], "h"):
                parent[find((r + 1) * n_cols + c)] = find(r * n_cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            groups.setdefault(find(r * n_cols + c), []).append((r, c))
    return list(groups.values())


def region_grid(region: TableRegion, horizontal: np.ndarray, vertical: np.ndarray,
                boxes: list[Box], prefix: str, gray: np.ndarray | None = None,
                reread: Callable[[tuple[int, int, int, int]], list[Box]] | None = None) -> Grid:
    """Elementary cells between the rules, merged where a border is missing, filled with boxes.
    ``reread(crop)`` OCRs one cell alone (for text lines detected across a rule)."""
    xs, ys = region.xs, region.ys
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    groups = {members[0][0] * n_cols + members[0][1]: members
              for members in cell_groups(region, horizontal, vertical)}
    root_of = {m: root for root, members in groups.items() for m in members}

    def find(i: int) -> int:
        return root_of[divmod(i, n_cols)]

    rows: list[list[GridCell | None]] = [[None] * n_cols for _ in range(n_rows)]
    texts: dict[int, list[Box]] = {}
    reread_roots: set[int] = set()
    for box in boxes:
        r = _slot(ys, box.cy)
        if r is None or _slot(xs, box.cx) is None:
            continue
        # a text line the detector ran across a rule belongs to several cells: re-read them
        cols = {c for c in range(n_cols) if box.x0 < xs[c + 1] - 2 and box.x1 > xs[c] + 2}
        roots = {find(r * n_cols + c) for c in cols}
        if len(roots) > 1 and reread is not None:
            reread_roots |= roots
            continue
        texts.setdefault(find(r * n_cols + _slot(xs, box.cx)), []).append(box)
    for root, members in groups.items():
        r0, c0 = min(m[0] for m in members), min(m[1] for m in members)
        r1, c1 = max(m[0] for m in members), max(m[1] for m in members)
        crop = (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])
        if root in reread_roots:
            texts[root] = reread(crop)  # type: ignore[misc]
        cell_boxes = texts.get(root, [])
        text = join_boxes(cell_boxes)
        score = min((b.score for b in cell_boxes), default=None)
        if not cell_boxes and gray is not None:
            text = blank_cell_reading(gray, *crop)
            score = 0.5 if text else None  # read from the pixels, not by the recogniser
        # a label completed from the template says what was read of it
        read = "".join(f"/read={b.read}…" for b in cell_boxes if b.read is not None)
        cell = GridCell(text, r0, c0, r1 - r0 + 1, c1 - c0 + 1,
                        f"{prefix}/r{r0 + 1}/c{c0 + 1}{read}@{','.join(map(str, crop))}", score)
        for r, c in members:
            rows[r][c] = cell
    return Grid(rows, prefix)  # type: ignore[arg-type]


def _slot(edges: list[int], v: float) -> int | None:
    for i in range(len(edges) - 1):
        if edges[i] <= v < edges[i + 1]:
            return i
    return None


def text_lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into lines (top to bottom), each line left to right."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        if lines and abs(box.cy - lines[-1][-1].cy) < (box.y1 - box.y0) / 2:
            lines[-1].append(box)
        else:
            lines.append([box])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def join_boxes(boxes: list[Box]) -> str:
    """Texts of the boxes of one cell, line after line, no separator (CJK)."""
    return "".join(b.text for line in text_lines(boxes) for b in line)


def cluster_grid(boxes: list[Box], prefix: str) -> Grid:
    """No rules: rows from vertically overlapping boxes, columns from left edges close together."""
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        if rows and abs(box.cy - np.mean([b.cy for b in rows[-1]])) < (box.y1 - box.y0) * 0.6:
            rows[-1].append(box)
        else:
            rows.append([box])
    height = float(np.median([b.y1 - b.y0 for b in boxes])) if boxes else 10.0
    starts: list[float] = []
    for x in sorted(b.cx for b in boxes):
        if not starts or x - starts[-1] > height * 1.5:
            starts.append(x)
    n_cols = len(starts)
    grid_rows: list[list[GridCell]] = []
    for r, row in enumerate(rows):
        slots: dict[int, list[Box]] = {}
        for box in row:
            c = min(range(n_cols), key=lambda i: abs(starts[i] - box.cx))
            slots.setdefault(c, []).append(box)
        grid_rows.append([
            GridCell(join_boxes(slots.get(c, [])), r, c, locator=f"{prefix}/r{r + 1}/c{c + 1}",
                     confidence=min((b.score for b in slots.get(c, [])), default=None))
            for c in range(n_cols)])
    return Grid(grid_rows, prefix)
