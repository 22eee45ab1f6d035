"""Values printed out of row order (pdftotext without -layout), read back by the template.

pdftotext's raw mode prints a table in its own reading order: some rows row by row, a band of
short rows column by column (each column of the band top to bottom), a page's values after
all of its labels. The count of values and the order of the rows stay the template's, so the
stream is a sequence of *bands*: consecutive rows with the same columns, each read either row
by row or column by column. Where a band starts in the stream follows from the rows before it
(their column counts are fixed), so every band reading is a cheap, independent candidate.

A reading is admissible when values printed on one text line land in one row (a line is
horizontal), every row satisfies its own identity, and the whole table satisfies the table's
identities. A cell is read only when every admissible reading gives it the same value (a block
of zeros reads the same in any order); a cell the readings disagree on is ``missing``, and a
table with too many readings to tell is ``missing`` altogether. Nothing is placed by a guess.
"""

from __future__ import annotations

from typing import Callable

from pipeline.tables.textitems import Item, Plan

__all__ = ["band_readings", "agreed_cells", "MAX_READINGS"]

#: distinct partial readings kept per row boundary; past this the table is ambiguous
MAX_READINGS = 256

RowCheck = Callable[[str, dict[str, Item]], bool]
Reading = dict[str, dict[str, Item]]


def _band(plan: Plan, offsets: list[int], values: list[Item], a: int, b: int,
          by_column: bool) -> Reading | None:
    """Rows a..b-1 read from their fixed place in the stream, row by row or column by column;
    None where two values of one printed line would land in different rows."""
    cols = plan[a][1]
    start, height = offsets[a], b - a
    rows: Reading = {}
    line_row: dict[int, int] = {}
    for k, item in enumerate(values[start:offsets[b]]):
        if by_column:
            r, c = k % height, k // height
        else:
            r, c = k // len(cols), k % len(cols)
        if line_row.setdefault(item.line, r) != r:
            return None
        rows.setdefault(plan[a + r][0], {})[cols[c]] = item
    return rows


def band_readings(plan: Plan, values: list[Item], row_ok: RowCheck,
                  limit: int = MAX_READINGS) -> list[Reading] | None:
    """Every reading of ``values`` (exactly as many as ``plan`` has cells) as bands of rows,
    distinct by the values they give and with every row passing ``row_ok``; None when more
    than ``limit`` distinct partial readings remain at some row (too many to tell apart)."""
    offsets = [0]
    for _, cols in plan:
        offsets.append(offsets[-1] + len(cols))
    if offsets[-1] != len(values):
        return []
    partial: dict[int, dict[tuple, Reading]] = {0: {(): {}}}
    for a in range(len(plan)):
        here = partial.pop(a, {})
        if not here:
            continue
        for b in range(a + 1, len(plan) + 1):
            if plan[b - 1][1] != plan[a][1]:
                break  # a band holds rows of one shape only
            modes = (False,) if b == a + 1 else (True,)
            for by_column in modes:
                rows = _band(plan, offsets, values, a, b, by_column)
                if rows is None or not all(row_ok(r, cells) for r, cells in rows.items()):
                    continue
                signature = tuple(rows[r][c].text for r, cols in plan[a:b] for c in cols)
                target = partial.setdefault(b, {})
                for key, reading in here.items():
                    target.setdefault(key + signature, {**reading, **rows})
                if len(target) > limit:
                    return None
    return list(partial.get(len(plan), {}).values())


def agreed_cells(readings: list[Reading]) -> tuple[Reading, list[tuple[str, str]]]:
    """The cells every reading gives the same printed value (taken from the first reading),
    and the (row, column) pairs they disagree on."""
    first = readings[0]
    agreed: Reading = {}
    disputed: list[tuple[str, str]] = []
    for row, cells in first.items():
        for col, item in cells.items():
            if all(r[row][col].text == item.text for r in readings[1:]):
                agreed.setdefault(row, {})[col] = item
            else:
                disputed.append((row, col))
    return agreed, disputed
