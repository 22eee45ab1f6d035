"""Table 三 from a text layer: its values counted against the rows × 7 columns of exactly one
variant, with the printed 小计 rows (and a 法人或其他组织小计 column) some templates add; see
``pipeline.tables.textlayer`` for the rules."""

from __future__ import annotations

from itertools import combinations

from pipeline import template as T
from pipeline.evidence import FoundTable
from pipeline.model import Cell, Table
from pipeline.tables.textitems import (Item, Plan, by_own_line, cell_of, region_text, rows_by_line,
                                       rows_in_order, rows_without_own_label, values_in)
from pipeline.tables.textlayer_raw import read_in_bands, without_result_totals
from pipeline.tables.textlayer_wrapped import read_wrapped_rows

__all__ = ["read_applications"]

SUBTOTAL_COL = "legal_person_subtotal"
#: rows printing six values it takes to read a column printed blank (fewer: values lost)
_BLANK_COLUMN_ROWS = 3
_WITH_SUBTOTAL_COL = T.APPLICATION_COLUMN_KEYS[:-1] + (SUBTOTAL_COL, "total")
#: printed once in each copy of table 三's header
_HEADER_PHRASE = "申请人情况"

_SUBTOTAL_GROUP_KEYS = ("denied_subtotal", "unable_subtotal", "not_processed_subtotal")
_SUBTOTAL_GROUP_LAST = {"denied_subtotal": "denied_admin_query",
                        "unable_subtotal": "unable_still_unclear",
                        "not_processed_subtotal": "not_processed_confirmation"}


def _applications_hold(table: Table, variant: str, skip: str | None = None) -> bool:
    """The T3 identities on a complete reading: each row's total is the sum of its applicant
    columns, results_total the sum of the result rows, 一+二 = 三 total + 四 in every column.
    ``skip``: the column some rows print blank; a blank cell of it counts as 0 in the sums
    (what the template's blank means), and a row whose 总计 is the blank one has no row sum to
    check. Every other row keeps its own."""
    def value(row: str, col: str):
        cell = table[row][col]
        if cell.semantic == "empty" and col == skip:
            return 0
        return cell.value if cell.semantic == "number" else None
    for row in table:
        if row.startswith("subtotal:") or skip == "total" and table[row]["total"].semantic == "empty":
            continue
        parts = [value(row, c) for c in T.APPLICANT_COLUMN_KEYS]
        if None in parts or value(row, "total") is None or sum(parts) != value(row, "total"):
            return False
    for col in T.APPLICATION_COLUMN_KEYS:
        if col == skip:
            continue
        parts = [value(r, col) for r in T.result_rows(variant)]
        if None in parts or sum(parts) != value("results_total", col):
            return False
        ends = [value(r, col) for r in ("new_received", "carried_over", "carried_forward")]
        if None in ends or ends[0] + ends[1] != value("results_total", col) + ends[2]:
            return False
    return True


def _applications_plans(k: int, variant: str, cols: tuple[str, ...] = T.APPLICATION_COLUMN_KEYS
                        ) -> list[tuple[Plan, tuple[str, ...]]]:
    """Row plans for ``k`` printed 小计 rows: every placement of them after the groups."""
    rows = [(r.key, cols) for r in T.application_rows(variant)]
    plans = []
    for groups in combinations(_SUBTOTAL_GROUP_KEYS, k):
        plan = []
        for key, cols in rows:
            plan.append((key, cols))
            for group in groups:
                if _SUBTOTAL_GROUP_LAST[group] == key:
                    plan.append((f"subtotal:{group}", cols))
        plans.append((plan, groups))
    return plans


def _subtotals_hold(table: Table, groups: tuple[str, ...]) -> bool:
    for group in groups:
        printed = table[f"subtotal:{group}"]
        for col, cell in printed.items():
            parts = [table[r][col].value for r in T.APPLICATION_SUBTOTALS[group]]
            if cell.value is None or any(p is None for p in parts) or sum(parts) != cell.value:
                return False
    return True


def _reading_holds(table: Table, variant: str, groups: tuple[str, ...]) -> bool:
    """The identities a reading must satisfy to be chosen over another one."""
    if not _applications_hold(table, variant) or not _subtotals_hold(table, groups):
        return False
    for cells in table.values():
        if SUBTOTAL_COL in cells:
            parts = [cells[c].value for c in T.APPLICANT_COLUMN_KEYS[1:]]
            if None in parts or cells[SUBTOTAL_COL].value != sum(parts):
                return False
    return True


def read_applications(items: list[Item], region: tuple[int, int], warnings: list[str],
                      cells_in_order: bool = False) -> FoundTable:
    """Table 三 of a region. ``cells_in_order``: the text prints cells in the table's own order
    (tab-indented cells of a DOCX or seed text export), so bands of rows are never tried."""
    values = values_in(items, region)
    text = region_text(items, region)
    k = min(text.count(T.LEGAL_PERSON_SUBTOTAL_LABEL), len(_SUBTOTAL_GROUP_KEYS))
    # a header repeated after a page break repeats a 法人或其他组织小计 column's 小计 too
    headers = max(1, text.count(_HEADER_PHRASE))
    n_cols = len(T.APPLICATION_COLUMN_KEYS)
    readings, blank_total = [], []
    # 小计 may be the header of a 法人或其他组织小计 column rather than a row label: a header
    # interleaved character by character prints it as 小 … 计 (no other label of 三 has 小),
    # and a header repeated after a page break may leave the column's 小计 out
    column_rows = max(k - headers, 0) if "小" in text else -1
    for variant in ("2021", "2019"):
        for n_rows, cols in ((k, T.APPLICATION_COLUMN_KEYS), (column_rows, _WITH_SUBTOTAL_COL)):
            for plan, groups in _applications_plans(n_rows, variant, cols) if n_rows >= 0 else []:
                if sum(len(c) for _, c in plan) == len(values):
                    readings.append((variant, plan, groups))
                blank = without_result_totals(plan, variant)
                if sum(len(c) for _, c in blank) == len(values):
                    blank_total.append((variant, blank, groups))
    where = f"text:line{region[0] + 1}"
    raw = readings + blank_total
    if raw and not cells_in_order and not any(rows_by_line(plan, values) for _, plan, _ in raw):
        # rows on lines of their own, some over several lines (a value wrapped in its cell)
        wrapped = read_wrapped_rows(raw, values, region, warnings)
        if wrapped is not None:
            return _finish(wrapped[1], wrapped[0], region)
        banded = read_in_bands(raw, values, region, warnings, items)
        if banded is not None:
            return _finish(banded[1], banded[0], region)
        readings = []  # no order of its rows satisfies the identities
    if len(readings) > 1:
        held = [r for r in readings if _reading_holds(rows_in_order(r[1], values, []), r[0], r[2])]
        if len(held) == 1:
            columns = "with" if SUBTOTAL_COL in held[0][1][0][1] else "without"
            warnings.append(f"{where}: table 三 read as variant {held[0][0]} {columns} a 小计 "
                            f"column, 小计 rows after {', '.join(held[0][2]) or 'no group'}: the "
                            "only reading of its values whose identities hold")
        readings = held
    if not readings:
        blank = _per_row_reading(values, k, where, warnings)
        if blank is not None:
            blank.block_index = region[0]
            return blank
    if len(readings) != 1:
        warnings.append(f"{where}: table 三 has {len(values)} values, which fit no single "
                        f"reading of its rows × {n_cols} columns; only rows with their values on "
                        "their own line are read")
        # the variant only where its own rows are printed; otherwise the shared rows alone
        variant = "2021" if any(w in text for w in ("逾期", "缴纳", "补正")) else None
        plan3 = [(r.key, r.columns, r.numbering + r.label)
                 for r in T.application_rows(variant or "2021")
                 if variant or r.variant == "both"]
        table = by_own_line(items, region, plan3, warnings)
        return FoundTable(T.APPLICATIONS, region[0], table, variant=variant, method="text")
    variant, plan, _ = readings[0]
    full = rows_in_order(plan, values, warnings)
    if rows_by_line(plan, values) and not cells_in_order:
        labels = {r.key: r.numbering + r.label for r in T.application_rows(variant)}
        labels.update({row: T.LEGAL_PERSON_SUBTOTAL_LABEL for row, _ in plan
                       if row.startswith("subtotal:")})
        for row in rows_without_own_label(items, region, plan, values, labels):
            warnings.append(f"{where}: table 三 row {row}: its line of values is not printed "
                            "after its own label, so the order of the lines is not the rows'; "
                            "cells missing")
            full[row] = {c: Cell.missing(where) for c in full[row]}
    elif not rows_by_line(plan, values):
        if not _applications_hold(full, variant):
            warnings.append(f"{where}: table 三 values are not printed row by row and its "
                            "identities do not hold in template order; cells missing")
            full = {row: {c: Cell.missing(where) for c in cols} for row, cols in plan}
        else:
            warnings.append(f"{where}: table 三 values are not printed row by row; read in "
                            "template order because every T3 identity holds in that order")
    return _finish(full, variant, region)


def _finish(full: Table, variant: str, region: tuple[int, int]) -> FoundTable:
    table = {k2: v for k2, v in full.items() if not k2.startswith("subtotal:")}
    subtotals = {k2.split(":", 1)[1]: {c: cell.value for c, cell in v.items()
                                       if c != SUBTOTAL_COL}
                 for k2, v in full.items() if k2.startswith("subtotal:")}
    for row, cells in table.items():  # a printed 法人或其他组织小计: T3-04 input, never a column
        if SUBTOTAL_COL in cells:
            subtotals.setdefault(SUBTOTAL_COL, {})[row] = cells.pop(SUBTOTAL_COL).value
    return FoundTable(T.APPLICATIONS, region[0], table, variant=variant, subtotals=subtotals,
                      method="text")


def _per_row_reading(values: list[Item], k: int, where: str,
                     warnings: list[str]) -> FoundTable | None:
    """Every row's values on a line of its own, some rows printing six values (a blank cell
    the text layer dropped). Which column is blank is chosen per row only when exactly one
    choice satisfies the row identity (总计 = the six applicant columns); otherwise the row is
    missing. None when the lines do not match the rows of exactly one variant."""
    lines: dict[int, list[Item]] = {}
    for v in values:
        lines.setdefault(v.line, []).append(v)
    runs = list(lines.values())
    if k not in (0, len(_SUBTOTAL_GROUP_KEYS)) or any(len(r) not in (6, 7) for r in runs):
        return None
    if sum(len(r) == 6 for r in runs) < _BLANK_COLUMN_ROWS:
        return None  # a value lost here and there, not a column printed blank: never placed
    plans = [(v, p) for v in ("2021", "2019") for p, _ in _applications_plans(k, v)
             if len(p) == len(runs)]
    if len(plans) != 1:
        return None
    variant, plan = plans[0]
    keys = T.APPLICATION_COLUMN_KEYS
    # a 总计 column printed blank is blank on the result rows and their total, and only
    # there: rows shifted by a lost or glued first value keep the column identities (they
    # are linked by them) but stand elsewhere too, so the rows of six must be exactly those
    # (and the 结转 row under them)
    six = {row for (row, _), run in zip(plan, runs) if len(run) == len(keys) - 1}
    blank_total = {r for r in T.result_rows(variant)} | {"results_total"} | \
        {row for row, _ in plan if row.startswith("subtotal:")}
    whole = [t for t in (_blank_column(plan, runs, blank) for blank in keys
                         if blank != "total" or six - {"carried_forward"} == blank_total)
             if t is not None and _applications_hold(t[1], variant, skip=t[0])]
    if len(whole) == 1:
        blank, full = whole[0]
        warnings.append(f"{where}: table 三 rows of six values read with {blank} blank: the only "
                        "column left blank on every such row that satisfies the T3 identities")
        return _found(full, variant)
    full: Table = {}
    for (row, _), run in zip(plan, runs):
        locator = f"text:line{run[0].line + 1}"
        if len(run) == len(keys):
            full[row] = {c: cell_of(v, c, warnings) for v, c in zip(run, keys)}
            continue
        # which column a six-value row left blank, its own total can't tell: a sum doesn't
        # change with the blank's place among the applicant columns, and a blank 总计 leaves
        # nothing to check (a value lost or glued to the label shifts a row the same way).
        # Only the whole table's column identities can place it (``_blank_column`` above).
        full[row] = {c: Cell.missing(locator) for c in keys}
        warnings.append(f"{locator}: table 三 row {row} prints six values and which column "
                        "is blank can't be told from its row; cells missing")
    return _found(full, variant)


def _blank_column(plan: Plan, runs: list[list[Item]], blank: str) -> tuple[str, Table] | None:
    """Every six-value row read with ``blank`` empty (None where a row then breaks its total)."""
    keys = T.APPLICATION_COLUMN_KEYS
    notes: list[str] = []  # cell notes of a reading that may not be taken
    table: Table = {}
    for (row, _), run in zip(plan, runs):
        cols = keys if len(run) == len(keys) else tuple(c for c in keys if c != blank)
        cells = {c: cell_of(v, c, notes) for v, c in zip(run, cols)}
        if len(run) != len(keys):
            cells[blank] = Cell(None, "", "empty", f"text:line{run[0].line + 1}")
            if blank != "total":
                parts = [cells[c].value for c in T.APPLICANT_COLUMN_KEYS if c != blank]
                if None in parts or cells["total"].value != sum(parts):
                    return None
        table[row] = {c: cells[c] for c in keys}
    return blank, table


def _found(full: Table, variant: str) -> FoundTable:
    return FoundTable(T.APPLICATIONS, 0, {r: v for r, v in full.items()
                                          if not r.startswith("subtotal:")},
                      variant=variant, method="text",
                      subtotals={r.split(":", 1)[1]: {c: x.value for c, x in v.items()}
                                 for r, v in full.items() if r.startswith("subtotal:")})
