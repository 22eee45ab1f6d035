"""Compare a read grid with the layout it was rendered from: share of cells right."""

from __future__ import annotations

import re
import unicodedata

from pipeline import template as T
from pipeline.document import Grid
from pipeline.model import Cell, Table
from replica.render.layouts import Layout

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(_QUOTES))


def wrong_cells(grid: Grid, layout: Layout) -> list[tuple[int, int, str, str]]:
    """Positions whose text differs from the layout (a shape mismatch makes every cell wrong)."""
    wrong = []
    for r, row in enumerate(layout.cells):
        for c, expected in enumerate(row):
            cell = grid.at(r, c)
            got = cell.text if cell is not None else "<none>"
            if norm(got) != norm(expected):
                wrong.append((r, c, got, expected))
    return wrong


def accuracy(grid: Grid, layout: Layout) -> float:
    total = sum(len(row) for row in layout.cells)
    return 1 - len(wrong_cells(grid, layout)) / total


def grid_for(grids: list[Grid], layout: Layout) -> Grid:
    """The grid of the document with the layout's shape (tables are told apart by shape)."""
    shape = (len(layout.cells), len(layout.cells[0]))
    matches = [g for g in grids if (g.n_rows, g.n_cols) == shape]
    assert matches, f"no {shape} table among {[(g.n_rows, g.n_cols) for g in grids]}"
    return matches[0]


def _cell(text: str) -> Cell:
    t = norm(text)
    if re.fullmatch(r"\d+(\.\d+)?", t):
        return Cell(float(t) if "." in t else int(t), text, "number")
    if t in ("", ):
        return Cell(None, text, "empty")
    if t in ("—", "-", "/"):
        return Cell(None, text, "na")
    return Cell(None, text, "text")


def applications_table(grid: Grid, variant: str) -> Table:
    """Canonical table 三 from a grid laid out like the fixture (rows in printed order)."""
    rows = T.application_rows(variant)
    return {row.key: {col: _cell(grid.rows[2 + i][3 + j].text)
                      for j, col in enumerate(T.APPLICATION_COLUMN_KEYS)}
            for i, row in enumerate(rows)}


def review_table(grid: Grid) -> Table:
    return {row.key: {col: _cell(grid.rows[3][5 * i + j].text)
                      for j, col in enumerate(T.REVIEW_COLUMN_KEYS)}
            for i, row in enumerate(T.REVIEW_ROWS)}
