"""Table 三 whose rows print their values over more than one line, read back by the identities.

A cell whose text does not fit its column wraps inside it: Word and WPS pad numbers with a
full-width space (``　0``), and in a narrow column the space stays on the cell's first line and
the number drops to a second one; a narrow page wraps the label and every cell is set on its
own baseline. The text layer then prints the row on two or three lines (``10 5 0 0 2 17`` /
``量 0``), each line left to right, the lines top to bottom: the row's values are all there and
stand before the next row's, but the order of the columns inside the row is lost.

So the rows are still the template's, counted in order (the 7, 8 or 6 cells of each row), and
the lines a row prints on belong to it alone. Inside a row printed on several lines, any
interleaving of its lines (each kept left to right) may be the true order; an interleaving is
admissible when the row's own identity holds (总计 = the six applicant columns, a printed
法人或其他组织小计 = its four columns), and a reading of the whole table when every T3 column
identity holds too. A cell is read only where every admissible reading gives it the same value
(zeros read the same in any order); the rest is ``missing``. Nothing is placed by a guess.
"""

from __future__ import annotations

import math

from pipeline import template as T
from pipeline.model import Cell, Table
from pipeline.tables.normalize import parse_cell
from pipeline.tables.textitems import Item, Plan, cell_of

__all__ = ["read_wrapped_rows"]

#: lines one row of table 三 may print on (a value wrapped once, a label over three lines)
MAX_ROW_LINES = 3
#: distinct identity sums kept per row boundary; past this the table is too ambiguous to read
MAX_READINGS = 4096
_SUBTOTAL_COL = "legal_person_subtotal"

Option = dict[str, Item]


def _row_lines(plan: Plan, values: list[Item]) -> list[list[list[Item]]] | None:
    """Each row's values grouped by printed line; None unless every row's values stand on at
    most ``MAX_ROW_LINES`` lines that no other row prints on, and some row needs more than
    one (otherwise the rows are read by line, not here)."""
    out: list[list[list[Item]]] = []
    owner: dict[int, int] = {}
    k = 0
    for r, (_, cols) in enumerate(plan):
        lines: dict[int, list[Item]] = {}
        for item in values[k:k + len(cols)]:
            lines.setdefault(item.line, []).append(item)
        k += len(cols)
        if len(lines) > MAX_ROW_LINES or any(owner.setdefault(n, r) != r for n in lines):
            return None
        out.append(list(lines.values()))
    return out if k == len(values) and any(len(x) > 1 for x in out) else None


def _interleavings(lines: list[list[Item]]) -> list[list[Item]]:
    """Every order of the values that keeps each line left to right, one per printed value
    sequence (the same values in another interleaving read the same)."""
    out: dict[tuple[str, ...], list[Item]] = {}

    def walk(heads: tuple[int, ...], done: list[Item]) -> None:
        if len(done) == sum(len(x) for x in lines):
            out.setdefault(tuple(i.text for i in done), list(done))
            return
        for n, line in enumerate(lines):
            if heads[n] < len(line):
                walk(heads[:n] + (heads[n] + 1,) + heads[n + 1:], done + [line[heads[n]]])
    walk((0,) * len(lines), [])
    return list(out.values())


def _number(item: Item):
    return parse_cell(item.text).value


def _row_holds(cells: Option) -> bool:
    """总计 = the six applicant columns, a printed 小计 column = its four; a value that is no
    number can't be checked and fails."""
    parts = [_number(cells[c]) for c in T.APPLICANT_COLUMN_KEYS]
    if None in parts or "total" in cells and _number(cells["total"]) != sum(parts):
        return False
    if _SUBTOTAL_COL in cells:
        return _number(cells[_SUBTOTAL_COL]) == sum(parts[1:])
    return True


def _options(cols: tuple[str, ...], lines: list[list[Item]]) -> list[Option]:
    if len(lines) == 1:  # one line: printed left to right, the columns' own order
        return [dict(zip(cols, lines[0]))]
    return [cells for order in _interleavings(lines)
            if _row_holds(cells := dict(zip(cols, order)))]


def _identities(variant: str, groups: tuple[str, ...]) -> list[dict[str, int]]:
    """The T3 column identities as linear forms over rows, zero in every column."""
    forms = [{**{r: 1 for r in T.result_rows(variant)}, "results_total": -1},
             {"new_received": 1, "carried_over": 1, "results_total": -1, "carried_forward": -1}]
    forms += [{**{r: 1 for r in T.APPLICATION_SUBTOTALS[g]}, f"subtotal:{g}": -1} for g in groups]
    return forms


def _sums(row: str, cells: Option, checks: list[tuple[dict[str, int], str]]) -> tuple | None:
    out = []
    for form, col in checks:
        if row in form:
            value = _number(cells[col])
            if value is None:
                return None
            out.append(form[row] * value)
        else:
            out.append(0)
    return tuple(out)


Step = tuple[tuple, Option]
Edges = list[tuple[tuple, tuple, Option]]


def _walk(rows: list[list[Step]], width: int) -> tuple[set[tuple], list[Edges]] | None:
    """Sums (``width`` of them) reachable from zero through ``rows`` (each a list of (sums,
    cells) choices), and the edges (sums before, sums after, cells) of each row; None past
    ``MAX_READINGS``."""
    reached: set[tuple] = {(0,) * width}
    edges: list[Edges] = []
    for steps in rows:
        here, after = [], set()
        for key in reached:
            for step, cells in steps:
                new = tuple(x + y for x, y in zip(key, step))
                after.add(new)
                here.append((key, new, cells))
        if len(after) > MAX_READINGS:
            return None
        reached = after
        edges.append(here)
    return reached, edges


def _admissible(plan: Plan, options: list[list[Option]], variant: str,
                groups: tuple[str, ...]) -> dict[tuple[str, str], Item | None] | None:
    """(row, column) -> the value every admissible reading gives it (None: they disagree), or
    None when no reading satisfies the identities or too many sums remain to tell.

    A reading is a path through the row boundaries whose identity sums end at zero; partial
    readings leaving the same sums meet. The rows are walked from both ends to a middle that
    splits their choices evenly (the sums kept grow with the product of the choices walked),
    and the halves meet where a prefix's sums and a suffix's cancel."""
    shape = dict(plan)
    checks = [(form, c) for form in _identities(variant, groups) for c in plan[0][1]
              if all(c in shape.get(r, ()) for r in form)]
    rows = [[(s, cells) for cells in choices if (s := _sums(row, cells, checks)) is not None]
            for (row, _), choices in zip(plan, options)]
    if not all(rows):
        return None
    weights = [math.log(len(r)) for r in rows]
    middle = next((k for k in range(len(rows)) if sum(weights[:k + 1]) * 2 >= sum(weights)), 0)
    head, tail = _walk(rows[:middle], len(checks)), _walk(rows[middle:][::-1], len(checks))
    if head is None or tail is None:
        return None
    meet = {key for key in head[0] if tuple(-x for x in key) in tail[0]}
    seen: dict[tuple[str, str], Item | None] = {}

    def keep(row: str, cells: Option) -> None:
        for col, item in cells.items():
            had = seen.setdefault((row, col), item)
            if had is not None and had.text != item.text:
                seen[(row, col)] = None
    # back from the meeting sums through each half: the edges on some admissible reading
    for half, keys in ((list(zip(plan[:middle], head[1])), meet),
                       (list(zip(plan[middle:][::-1], tail[1])),
                        {tuple(-x for x in key) for key in meet})):
        for (row, _), here in reversed(half):
            back = set()
            for key, new, cells in here:
                if new in keys:
                    back.add(key)
                    keep(row, cells)
            keys = back
    return seen if meet else None


def read_wrapped_rows(readings: list, values: list[Item], region: tuple[int, int],
                      warnings: list[str]) -> tuple[str, Table] | None:
    """Table 三 from rows printed over several lines each: (variant, {row: {col: Cell}}) with
    the cells every admissible reading agrees on, the rest missing; None when no count-fitting
    (variant, plan, 小计 groups) of ``readings`` has its rows on lines of their own or
    satisfies the identities."""
    where = f"text:line{region[0] + 1}"
    fits = []
    for variant, plan, groups in readings:
        lines = _row_lines(plan, values)
        if lines is None:
            continue
        options = [_options(cols, row) for (_, cols), row in zip(plan, lines)]
        if all(options):
            agreed = _admissible(plan, options, variant, groups)
            if agreed is not None:
                fits.append((variant, plan, agreed))
    if not fits:
        return None
    variant, plan, agreed = fits[0]
    if len(fits) > 1:
        warnings.append(f"{where}: table 三 rows printed over several lines fit several row "
                        "plans (variant, 小计 rows); cells missing")
        agreed = {}
    full: Table = {}
    disputed = 0
    for row, cols in plan:
        full[row] = {}
        for c in cols:
            item = agreed.get((row, c))
            full[row][c] = cell_of(item, c, warnings) if item is not None else Cell.missing(where)
            disputed += item is None
        if "total" not in cols:  # the blank 总计 of a result row, a cell the layer dropped
            full[row]["total"] = Cell(None, "", "empty", full[row][cols[0]].locator)
    if len(fits) == 1:
        warnings.append(f"{where}: table 三 rows printed over several lines (a value wrapped in "
                        "its cell) read by the identities: "
                        + (f"the admissible orders disagree on {disputed} cells, which are "
                           "missing" if disputed else "every admissible order gives these values"))
    return variant, full
