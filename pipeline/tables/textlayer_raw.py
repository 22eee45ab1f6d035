"""Table 三 from values printed out of row order (pdftotext without -layout): every plan whose
cell count fits (variant, printed 小计 rows, a 小计 column, a 总计 printed blank) read as bands
of rows by ``textlayer_order``, checked by the T3 identities; see ``textlayer_applications``."""

from __future__ import annotations

from pipeline import template as T
from pipeline.model import Cell, Table
from pipeline.tables.applications import SUBTOTAL_COL
from pipeline.tables.label_rows import delimited_rows
from pipeline.tables.normalize import parse_cell
from pipeline.tables.textitems import Item, Plan, cell_of
from pipeline.tables.textlayer_order import band_readings

__all__ = ["read_in_bands", "without_result_totals"]


def _row_holds(row: str, cells: dict[str, Item]) -> bool:
    """A row's own identities: 总计 = its six applicant columns, a printed 法人或其他组织小计 =
    its four legal-person columns. A value that is no number (—) can't be checked: fails."""
    def value(col: str):
        return parse_cell(cells[col].text).value
    parts = [value(c) for c in T.APPLICANT_COLUMN_KEYS]
    if None in parts or "total" in cells and value("total") != sum(parts):
        return False
    if SUBTOTAL_COL in cells:
        legal = [value(c) for c in T.APPLICANT_COLUMN_KEYS[1:]]
        return None not in legal and value(SUBTOTAL_COL) == sum(legal)
    return True


def without_result_totals(plan: Plan, variant: str) -> Plan:
    """``plan`` with the 总计 column printed blank on the result rows and their totals (a text
    layer drops a blank cell, so those rows print six values)."""
    blank = set(T.result_rows(variant)) | {"results_total"}
    return [(row, tuple(c for c in cols if c != "total")
             if row in blank or row.startswith("subtotal:") else cols) for row, cols in plan]


def _identities(variant: str, groups: tuple[str, ...]) -> list[dict[str, int]]:
    """The T3 column identities as linear forms over rows (zero in every column)."""
    forms = [{**{r: 1 for r in T.result_rows(variant)}, "results_total": -1},
             {"new_received": 1, "carried_over": 1, "results_total": -1, "carried_forward": -1}]
    for group in groups:
        forms.append({**{r: 1 for r in T.APPLICATION_SUBTOTALS[group]}, f"subtotal:{group}": -1})
    return forms


def _labels(variant: str) -> dict[str, str]:
    labels = {r.key: r.numbering + r.label for r in T.application_rows(variant)}
    labels.update({f"subtotal:{g}": T.LEGAL_PERSON_SUBTOTAL_LABEL for g in T.APPLICATION_SUBTOTALS})
    return labels


def read_in_bands(readings: list, values: list[Item], region: tuple[int, int],
                  warnings: list[str], items: list[Item] | None = None
                  ) -> tuple[str, Table] | None:
    """Values not printed row by row: every count-fitting (variant, plan, 小计 groups) read as
    bands of rows; (variant, {row: {col: Cell}}) with the cells all admissible readings agree
    on, the rest missing. None when no reading satisfies the identities. ``items``: the
    region's pieces; rows their labels delimit (``label_rows``) are then bands of one row."""
    where = f"text:line{region[0] + 1}"
    fits = []
    for variant, plan, groups in readings:
        alone = delimited_rows(items, region, values, plan, _labels(variant)) if items else frozenset()
        found = band_readings(plan, values, _row_holds, _identities(variant, groups), alone=alone)
        # no fallback to the rows unconstrained where the labels' reading breaks an identity:
        # a row printed out of column order is no band reading, yet other bands may make up
        # its sums (the hypothesis test found one: wrong cells)
        if found is not None:
            fits.append((variant, plan, *found))
            if alone:
                warnings.append(f"{where}: table 三 rows read as bands of their own, their "
                                f"labels enclosing exactly their values: {len(alone)} of "
                                f"{len(plan)} ({variant} rows)")
    if not fits:
        return None
    variant, plan, agreed, disputed = fits[0]
    if len(fits) > 1:
        warnings.append(f"{where}: table 三 values are not printed row by row and fit several "
                        "row plans (variant, 小计 rows); cells missing")
        agreed, disputed = {}, [(row, c) for row, cols in plan for c in cols]
    full: Table = {}
    for row, cols in plan:
        full[row] = {c: cell_of(agreed[row][c], c, warnings) if c in agreed.get(row, {})
                     else Cell.missing(where) for c in cols}
        if "total" not in cols:  # the blank 总计 of a result row, a cell the layer dropped
            full[row]["total"] = Cell(None, "", "empty", full[row][cols[0]].locator)
    if any("total" not in cols for _, cols in plan):
        warnings.append(f"{where}: table 三 result rows print six values: read with 总计 blank")
    if len(fits) == 1 and disputed:
        warnings.append(f"{where}: table 三 values are not printed row by row; the orders of "
                        f"its rows that satisfy the identities disagree on {len(disputed)} "
                        "cells, which are missing")
    elif len(fits) == 1:
        warnings.append(f"{where}: table 三 values are not printed row by row; read as bands of "
                        "rows (row by row or column by column): every such order that satisfies "
                        "the identities gives these values")
    return variant, full
