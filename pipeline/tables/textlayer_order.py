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

from pipeline.tables.normalize import parse_cell
from pipeline.tables.textitems import Item, Plan

__all__ = ["band_readings", "MAX_READINGS"]

#: distinct identity sums kept per row boundary; past this the table is too ambiguous to read
MAX_READINGS = 4096
#: rows a staircase may span (the top rows of a page, under a header split in two)
MAX_STAIRCASE = 6

RowCheck = Callable[[str, dict[str, Item]], bool]
Reading = dict[str, dict[str, Item]]


def _band(plan: Plan, offsets: list[int], values: list[Item], a: int, b: int) -> Reading | None:
    """Rows a..b-1 read from their fixed place in the stream, column by column (one row: row
    by row); a column some rows don't print (a blank 总计) is read for the rows that do. None
    where two values of one printed line would land in different rows."""
    widest = max((cols for _, cols in plan[a:b]), key=len)
    order = [(r, c) for c in widest for r in range(b - a) if c in plan[a + r][1]]
    return _place(plan, values[offsets[a]:offsets[b]], a, order)


def _place(plan: Plan, values: list[Item], a: int, order: list[tuple[int, str]]) -> Reading | None:
    rows: Reading = {}
    line_row: dict[int, int] = {}
    for item, (r, c) in zip(values, order):
        if line_row.setdefault(item.line, r) != r:
            return None  # a printed line is horizontal: its values share one row
        rows.setdefault(plan[a + r][0], {})[c] = item
    return {plan[a + r][0]: {c: rows[plan[a + r][0]][c] for c in plan[a + r][1]}
            for r in range(len({r for r, _ in order}))}


def _staircase(plan: Plan, offsets: list[int], values: list[Item], a: int,
               cuts: tuple[int, ...]) -> Reading | None:
    """Rows a..a+len(cuts)-1 printed as a staircase: the first ``cuts[i]`` values of each row,
    row by row, then the rest of each row, row by row (pdftotext splits a page's top rows where
    a header cell ends). Cuts never grow downwards: a cell never comes before the one above it."""
    cols = plan[a][1]
    order = [(r, cols[c]) for r, cut in enumerate(cuts) for c in range(cut)]
    order += [(r, cols[c]) for r, cut in enumerate(cuts) for c in range(cut, len(cols))]
    return _place(plan, values[offsets[a]:offsets[a + len(cuts)]], a, order)


def _shapes(plan: Plan, offsets: list[int], values: list[Item], a: int,
            alone: frozenset[int] = frozenset()):
    """Every reading of a band starting at row a: one row; rows column by column; a staircase
    (rows of one shape, one cell fewer on each row down: the diagonal of a split header).
    Rows in ``alone`` are bands of one row."""
    widest = set(plan[a][1])
    for b in range(a + 1, len(plan) + 1):
        if b - a > 1 and (a in alone or b - 1 in alone):
            return
        cols = plan[b - 1][1]
        if not (set(cols) <= widest or widest <= set(cols)):
            return  # rows of another table part (a 小计 column, other columns)
        widest |= set(cols)
        yield b, _band(plan, offsets, values, a, b)
        same = all(c == plan[a][1] for _, c in plan[a:b])
        n_cols = len(plan[a][1])
        if same and 1 < b - a <= MAX_STAIRCASE:
            for top in range(b - a, n_cols):
                yield b, _staircase(plan, offsets, values, a, tuple(range(top, top - (b - a), -1)))


def band_readings(plan: Plan, values: list[Item], row_ok: RowCheck, identities: list[dict[str, int]],
                  limit: int = MAX_READINGS, alone: frozenset[int] = frozenset()
                  ) -> tuple[Reading, list[tuple[str, str]]] | None:
    """The reading of ``values`` (exactly as many as ``plan`` has cells) as bands of rows.

    Every row must pass ``row_ok``; every identity (row key -> coefficient, a linear form that
    is zero in every column: ``{"results_total": -1, "granted": 1, ...}``) must hold. Readings
    are paths through row boundaries; partial readings that leave the same identity sums meet
    in one node (what follows can't tell them apart), and band readings printing the same
    values are one edge. Returns (the cells every admissible reading agrees on, the (row,
    column) pairs they disagree on), or None when no reading fits or more than ``limit``
    distinct identity sums remain at some row boundary. ``alone``: indices of rows read only
    as a band of their own (rows their labels delimit, ``label_rows``)."""
    offsets = [0]
    for _, cols in plan:
        offsets.append(offsets[-1] + len(cols))
    if offsets[-1] != len(values):
        return None
    shape = dict(plan)
    # an identity is checked in the columns every one of its rows prints
    checks = [(form, c) for form in identities for c in plan[0][1]
              if all(c in shape.get(r, ()) for r in form)]
    zero = (0,) * len(checks)
    nodes: dict[int, set[tuple]] = {0: {zero}}
    edges: list[tuple[int, tuple, int, tuple, Reading]] = []
    for a in range(len(plan)):
        if not nodes.get(a):
            continue
        options: dict[tuple, tuple[int, Reading, tuple]] = {}
        for b, rows in _shapes(plan, offsets, values, a, alone):
            if rows is None or not all(row_ok(r, cells) for r, cells in rows.items()):
                continue
            signature = (b,) + tuple(rows[r][c].text for r, cols in plan[a:b] for c in cols)
            if signature in options:
                continue  # another shape printing the same values: the same edge
            step = _sums(rows, checks)
            if step is not None:
                options[signature] = (b, rows, step)
        for b, rows, step in options.values():
            target = nodes.setdefault(b, set())
            for key in nodes[a]:
                new = tuple(x + y for x, y in zip(key, step))
                target.add(new)
                edges.append((a, key, b, new, rows))
            if len(target) > limit:
                return None
    if zero not in nodes.get(len(plan), ()):
        return None
    # back from the end: the edges on some admissible reading, and what they print
    good = {(len(plan), zero)}
    seen: dict[tuple[str, str], Item | None] = {}
    for a, key, b, new, rows in reversed(edges):
        if (b, new) not in good:
            continue
        good.add((a, key))
        for r, cells in rows.items():
            for c, item in cells.items():
                if (r, c) not in seen:
                    seen[(r, c)] = item
                elif seen[(r, c)] is not None and seen[(r, c)].text != item.text:
                    seen[(r, c)] = None
    agreed: Reading = {}
    disputed = []
    for row, cols in plan:
        for c in cols:
            item = seen.get((row, c))
            if item is None:
                disputed.append((row, c))
            else:
                agreed.setdefault(row, {})[c] = item
    return agreed, disputed


def _sums(rows: Reading, checks: list[tuple[dict[str, int], str]]) -> tuple | None:
    out = []
    for form, c in checks:
        total = 0
        for r, coef in form.items():
            if r in rows and c in rows[r]:
                value = parse_cell(rows[r][c].text).value
                if value is None:
                    return None  # a dash or an unreadable value: its identities can't hold
                total += coef * value
        out.append(total)
    return tuple(out)
