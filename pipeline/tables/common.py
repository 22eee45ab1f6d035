"""What the three table matchers share: the match result, cells, and value runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.document import Grid
from pipeline.model import Cell, Table
from pipeline.tables.normalize import parse_cell, squash
from pipeline.template import SIGNED_COLUMNS
from pipeline.tables.tokens import Token


@dataclass
class Match:
    """One table (or fragment) matched to canonical keys."""

    table_id: str
    table: Table = field(default_factory=dict)
    #: how often each row key was matched (CELL-06: exactly once)
    row_hits: dict[str, int] = field(default_factory=dict)
    #: column keys the header named (empty when the order was assumed)
    columns: list[str] = field(default_factory=list)
    #: column keys a grid header named more than once (CELL-06)
    duplicate_columns: list[str] = field(default_factory=list)
    format: str | None = None
    subtotals: dict[str, dict[str, float | None]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    method: str = "grid"

    def add_row(self, key: str, cells: dict[str, Cell]) -> None:
        self.row_hits[key] = self.row_hits.get(key, 0) + 1
        if key not in self.table:  # the first occurrence wins; duplicates go to CELL-06
            self.table[key] = cells

    @property
    def empty(self) -> bool:
        return not self.table and not self.subtotals


def make_cell(token: Token, col_key: str, *, ocr: bool = False,
              warnings: list[str] | None = None) -> Cell:
    parsed = parse_cell(token.text, signed=col_key in SIGNED_COLUMNS, ocr=ocr)
    if parsed.warning and warnings is not None:
        warnings.append(f"{token.locator}: {parsed.warning}")
    # raw keeps the printed text (U+3000 included); an empty cell has raw ""
    return Cell(parsed.value, token.text, parsed.semantic, token.locator)


def row_cells(values: list[Token] | None, col_keys: list[str], locator: str, *,
              ocr: bool = False, warnings: list[str] | None = None) -> dict[str, Cell]:
    """Cells of one row; ``values`` None means the row could not be read with certainty."""
    if values is None:
        return {k: Cell.missing(locator) for k in col_keys}
    return {k: make_cell(t, k, ocr=ocr, warnings=warnings) for k, t in zip(col_keys, values)}


def take_values(run: list[Token], n: int) -> list[Token] | None:
    """The ``n`` values of a row from a run of value tokens; trailing blanks beyond ``n`` are
    the next row's spacer cells. Fewer values, or extra printed ones, cannot be assigned with
    certainty: None."""
    if len(run) < n or any(t.text.strip() for t in run[n:]):
        return None
    return run[:n]


def header_paths(grid: Grid, header_rows: range) -> list[list[str]]:
    """For each grid column, the distinct squashed header texts above it, top to bottom."""
    paths: list[list[str]] = []
    for c in range(grid.n_cols):
        path: list[str] = []
        seen: set[int] = set()
        for r in header_rows:
            cell = grid.at(r, c)
            if cell is None or id(cell) in seen:
                continue
            seen.add(id(cell))
            text = squash(cell.text)
            if text:
                path.append(text)
        paths.append(path)
    return paths


def subtotal_values(cells: dict[str, Cell]) -> dict[str, float | None]:
    return {k: c.value for k, c in cells.items()}
