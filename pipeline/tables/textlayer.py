"""Tables 二, 三 and 四 rebuilt from a plain text layer (pdfplumber, pypdf, pdftotext, pasted
text, Markdown), from the national template rather than from line shapes.

A text layer keeps the order of the printed numbers but not the table's geometry: labels wrap,
headers interleave character by character, page footers fall between rows, and pdftotext may
print all labels of a page before all its numbers. What survives every one of these is the
sequence of values inside a table, so the reconstructor

1. finds each table's region by the phrases only that table prints (第二十条/信息内容,
   勾稽关系/申请人情况, 行政复议 + 行政诉讼),
2. collects the value tokens of the region in order (page footers and prose lines removed),
3. fits that count to the template: the fixed rows and column counts (7 in 三, 15 in 四,
   3/1/1 in 二) of exactly one format or variant, plus the printed 小计 rows the region names,
4. assigns the values to the rows in order. Where the count fits no reading, or more than one,
   nothing is placed by position: rows whose own line holds a label and exactly their number
   of values are still read, everything else is ``missing`` with a warning.

Where several placements of printed 小计 rows fit the count, the identity "subtotal = sum of
its group" chooses only when exactly one placement satisfies it, and says so in the warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

from pipeline import template as T
from pipeline.evidence import FoundTable
from pipeline.model import Cell, Table
from pipeline.normalize import norm_label, parse_cell, squash
from pipeline.tables.common import make_cell
from pipeline.tables.tokens import Token

__all__ = ["reconstruct", "text_items", "Item"]

#: page furniture a PDF text layer prints between the rows of one table
_FOOTER_RES = (
    re.compile(r"^[-—–－]\s*\d{1,3}\s*[-—–－]$"),
    re.compile(r"^第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?$"),
    re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$"),
    re.compile(r"^(?:page|Page|PAGE)\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$"),
)
_MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_SPLIT = re.compile(r"[ \t\u3000|]+")
#: a line longer than this that ends a sentence is prose, not a table line
_PROSE_MIN = 30

_ACTIVE_START = ("第二十条", "信息内容")
_APPLICATIONS_START = ("勾稽关系", "申请人情况", "本年新收")
_SUBTOTAL_GROUP_KEYS = ("denied_subtotal", "unable_subtotal", "not_processed_subtotal")
_SUBTOTAL_GROUP_LAST = {"denied_subtotal": "denied_admin_query",
                        "unable_subtotal": "unable_still_unclear",
                        "not_processed_subtotal": "not_processed_confirmation"}


@dataclass
class Item:
    """One whitespace-separated piece of a text line: a label fragment or a value."""

    text: str
    line: int  # 0-based index into the input lines
    value: bool


def is_footer(line: str) -> bool:
    text = line.strip()
    return any(r.match(text) for r in _FOOTER_RES)


def _is_prose(line: str) -> bool:
    text = squash(line)
    return len(text) > _PROSE_MIN and text.endswith(("。", "；", ";")) or "。" in text[:-1]


def text_items(lines: list[str]) -> list[Item]:
    """The pieces of every line in order; footers, Markdown rules and prose lines dropped.

    Empty Markdown fields are dropped with the pipes: a blank cell and a stray empty column
    look alike, so neither counts as a value (a row short of values is never placed)."""
    items: list[Item] = []
    for n, line in enumerate(lines):
        if not line.strip() or is_footer(line) or _MD_RULE.match(line.strip()) or _is_prose(line):
            continue
        for piece in _SPLIT.split(line.strip()):
            if piece:
                items.append(Item(piece, n, _is_value(piece)))
    return items


def _is_value(piece: str) -> bool:
    return parse_cell(piece).semantic in ("number", "na")


def _line_text(items: list[Item], line: int) -> str:
    return "".join(i.text for i in items if i.line == line and not i.value)


def _first_line(items: list[Item], after: int, phrases: tuple[str, ...],
                also: str | None = None) -> int | None:
    """First line after ``after`` whose label text holds one of ``phrases`` (and, with
    ``also``, whose text or the next three lines' text holds ``also``): a table start."""
    lines = sorted({i.line for i in items if i.line > after})
    texts = {n: _line_text(items, n) for n in lines}
    for k, n in enumerate(lines):
        text = texts[n]
        if len(text) > 40 or "情况" in text and not text.startswith("（"):
            continue  # a section heading or prose naming the table's subject
        if any(p in text for p in phrases):
            if also is None or any(also in texts[m] for m in lines[k:k + 4]):
                return n
    return None


def _regions(items: list[Item]) -> dict[str, tuple[int, int]]:
    """table id -> (first line, one past the last line) of its region."""
    end = (items[-1].line + 1) if items else 0
    starts: dict[str, int] = {}
    active = _first_line(items, -1, _ACTIVE_START)
    if active is not None:
        starts[T.ACTIVE] = active
    apps = _first_line(items, active if active is not None else -1, _APPLICATIONS_START)
    if apps is None and active is not None:
        apps = _first_line(items, -1, _APPLICATIONS_START)
    if apps is not None:
        starts[T.APPLICATIONS] = apps
    review = _first_line(items, apps if apps is not None else -1, (T.REVIEW_GROUP,),
                         also=T.LITIGATION_GROUP)
    if review is not None:
        starts[T.REVIEW] = review
    ordered = sorted(starts.items(), key=lambda kv: kv[1])
    return {tid: (start, ordered[k + 1][1] if k + 1 < len(ordered) else end)
            for k, (tid, start) in enumerate(ordered)}


def _values(items: list[Item], region: tuple[int, int]) -> list[Item]:
    return [i for i in items if region[0] <= i.line < region[1] and i.value]


def _region_text(items: list[Item], region: tuple[int, int]) -> str:
    return "".join(i.text for i in items if region[0] <= i.line < region[1] and not i.value)


def _cell(item: Item, col: str, warnings: list[str]) -> Cell:
    return make_cell(Token(item.text, f"text:line{item.line + 1}"), col, warnings=warnings)


def _rows_in_order(plan: list[tuple[str, tuple[str, ...]]], values: list[Item],
                   warnings: list[str]) -> Table:
    table: Table = {}
    k = 0
    for row, cols in plan:
        table[row] = {c: _cell(values[k + n], c, warnings) for n, c in enumerate(cols)}
        k += len(cols)
    return table


def rows_by_line(plan: list[tuple[str, tuple[str, ...]]], values: list[Item]) -> bool:
    """True when every row's values stand on one line of their own: the printed order of the
    values is then the template's row order. pdftotext without -layout may print a page's
    values column by column, one per line; such a stream needs the identities to be trusted."""
    k = 0
    seen: set[int] = set()
    for _, cols in plan:
        lines = {v.line for v in values[k:k + len(cols)]}
        if len(lines) != 1 or lines & seen:
            return False
        seen |= lines
        k += len(cols)
    return True


def _applications_hold(table: Table, variant: str, skip: str | None = None) -> bool:
    """The T3 identities on a complete reading: each row's total is the sum of its applicant
    columns, results_total the sum of the result rows, 一+二 = 三 total + 四 in every column."""
    def value(row: str, col: str):
        return table[row][col].value if table[row][col].semantic == "number" else None
    for row in table:
        if row.startswith("subtotal:") or skip == "total":
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
        if value("new_received", col) + value("carried_over", col) != \
                value("results_total", col) + value("carried_forward", col):
            return False
    return True


def _by_own_line(items: list[Item], region: tuple[int, int], table_id: str,
                 plan: list[tuple[str, tuple[str, ...], str]], warnings: list[str]) -> Table:
    """Rows whose own line holds their label and exactly their number of values (the count
    of the whole region fitted no reading); every other row is missing."""
    table: Table = {}
    for n in range(*region):
        line = [i for i in items if i.line == n]
        label = norm_label("".join(i.text for i in line if not i.value))
        vals = [i for i in line if i.value]
        if not label or not vals:
            continue
        hits = [(row, cols) for row, cols, text in plan if norm_label(text) == label
                or len(norm_label(text)) >= 4 and label.endswith(norm_label(text))]
        if len(hits) == 1 and len(vals) == len(hits[0][1]) and hits[0][0] not in table:
            row, cols = hits[0]
            table[row] = {c: _cell(v, c, warnings) for v, c in zip(vals, cols)}
    for row, cols, _ in plan:
        if row not in table:
            table[row] = {c: Cell.missing(f"text:line{region[0] + 1}") for c in cols}
    return table


# --- table 二 -----------------------------------------------------------------------------

def _active(items: list[Item], region: tuple[int, int], warnings: list[str]) -> FoundTable:
    values = _values(items, region)
    text = _region_text(items, region)
    fits = [fmt for fmt in ("2021", "2019")
            if sum(len(r.columns) for r in T.active_rows(fmt)) == len(values)]
    named = [fmt for fmt, cols in (("2021", T.ACTIVE_COLUMNS_2021), ("2019", T.ACTIVE_COLUMNS_2019))
             if squash(cols[0].label) in text]
    fmt = fits[0] if len(fits) == 1 else (named[0] if len(named) == 1 else "2021")
    plan = [(r.key, r.columns) for r in T.active_rows(fmt)]
    if fits == [fmt] and (not named or named == [fmt]) and rows_by_line(plan, values):
        table = _rows_in_order(plan, values, warnings)
    else:
        warnings.append(f"text:line{region[0] + 1}: table 二 has {len(values)} values, which "
                        f"fit no single format in line order; only rows with their values on their "
                        "own line are read")
        table = _by_own_line(items, region, T.ACTIVE,
                             [(r.key, r.columns, r.label) for r in T.active_rows(fmt)], warnings)
    return FoundTable(T.ACTIVE, region[0], table, format=fmt, method="text")


# --- table 三 -----------------------------------------------------------------------------

def _applications_plans(k: int, variant: str) -> list[tuple[list[tuple[str, tuple[str, ...]]],
                                                             tuple[str, ...]]]:
    """Row plans for ``k`` printed 小计 rows: every placement of them after the groups."""
    rows = [(r.key, r.columns) for r in T.application_rows(variant)]
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


def _applications(items: list[Item], region: tuple[int, int],
                  warnings: list[str]) -> FoundTable:
    values = _values(items, region)
    text = _region_text(items, region)
    k = min(text.count(T.LEGAL_PERSON_SUBTOTAL_LABEL), len(_SUBTOTAL_GROUP_KEYS))
    n_cols = len(T.APPLICATION_COLUMN_KEYS)
    readings = []
    for variant in ("2021", "2019"):
        for plan, groups in _applications_plans(k, variant):
            if sum(len(c) for _, c in plan) == len(values):
                readings.append((variant, plan, groups))
    where = f"text:line{region[0] + 1}"
    if len({v for v, _, _ in readings}) == 1 and len(readings) > 1:
        held = [r for r in readings if _subtotals_hold(_rows_in_order(r[1], values, []), r[2])]
        if len(held) == 1:
            warnings.append(f"{where}: table 三 小计 rows placed after "
                            f"{', '.join(held[0][2])}: the only placement whose subtotals "
                            "equal their groups")
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
        variant = "2021" if any(w in text for w in ("逾期", "缴纳", "补正")) else "2019"
        plan3 = [(r.key, r.columns, r.numbering + r.label) for r in T.application_rows(variant)]
        table = _by_own_line(items, region, T.APPLICATIONS, plan3, warnings)
        return FoundTable(T.APPLICATIONS, region[0], table, variant=variant, method="text")
    variant, plan, _ = readings[0]
    full = _rows_in_order(plan, values, warnings)
    if not rows_by_line(plan, values):
        if not _applications_hold(full, variant):
            warnings.append(f"{where}: table 三 values are not printed row by row and its "
                            "identities do not hold in template order; cells missing")
            full = {row: {c: Cell.missing(where) for c in cols} for row, cols in plan}
        else:
            warnings.append(f"{where}: table 三 values are not printed row by row; read in "
                            "template order because every T3 identity holds in that order")
    table = {k2: v for k2, v in full.items() if not k2.startswith("subtotal:")}
    subtotals = {k2.split(":", 1)[1]: {c: cell.value for c, cell in v.items()}
                 for k2, v in full.items() if k2.startswith("subtotal:")}
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
    plans = [(v, p) for v in ("2021", "2019") for p, _ in _applications_plans(k, v)
             if len(p) == len(runs)]
    if len(plans) != 1:
        return None
    variant, plan = plans[0]
    keys = T.APPLICATION_COLUMN_KEYS
    full: Table = {}
    for (row, _), run in zip(plan, runs):
        locator = f"text:line{run[0].line + 1}"
        if len(run) == len(keys):
            full[row] = {c: _cell(v, c, warnings) for v, c in zip(run, keys)}
            continue
        fits = []
        for blank in keys:
            cells = dict(zip([c for c in keys if c != blank], run))
            numbers = [parse_cell(cells[c].text).value for c in keys if c != blank]
            if blank == "total" or None not in numbers and \
                    sum(numbers[:-1]) == numbers[-1]:
                fits.append((blank, cells))
        if len(fits) == 1:
            blank, cells = fits[0]
            full[row] = {c: Cell(None, "", "empty", locator) if c == blank
                         else _cell(cells[c], c, warnings) for c in keys}
            warnings.append(f"{locator}: table 三 row {row} prints six values; {blank} read "
                            "as blank, the only column that satisfies the row total")
        else:
            full[row] = {c: Cell.missing(locator) for c in keys}
            warnings.append(f"{locator}: table 三 row {row} prints six values and the blank "
                            "column can't be told; cells missing")
    return FoundTable(T.APPLICATIONS, 0, {r: v for r, v in full.items()
                                          if not r.startswith("subtotal:")},
                      variant=variant, method="text",
                      subtotals={r.split(":", 1)[1]: {c: x.value for c, x in v.items()}
                                 for r, v in full.items() if r.startswith("subtotal:")})


# --- table 四 -----------------------------------------------------------------------------

def _review(items: list[Item], region: tuple[int, int], warnings: list[str]) -> FoundTable:
    order = [(r, c) for r in T.REVIEW_ROW_KEYS for c in T.REVIEW_COLUMN_KEYS]
    inside = [i for i in items if region[0] <= i.line < region[1]]
    first = next((n for n, i in enumerate(inside) if i.value), None)
    run: list[Item] = []
    if first is not None:
        for item in inside[first:]:
            if not item.value:
                break
            run.append(item)
    table: Table = {r: {} for r in T.REVIEW_ROW_KEYS}
    where = f"text:line{region[0] + 1}"
    if len(run) != len(order):
        warnings.append(f"{where}: table 四 has {len(run)} values in its row for "
                        f"{len(order)} columns; cells missing")
        for r, c in order:
            table[r][c] = Cell.missing(where)
    else:
        for item, (r, c) in zip(run, order):
            table[r][c] = _cell(item, c, warnings)
        if len({i.line for i in run}) > 1 and not _review_holds(table):
            warnings.append(f"{where}: table 四 values are spread over several lines and its "
                            "totals do not hold in template order; cells missing")
            table = {r: {c: Cell.missing(where) for c in T.REVIEW_COLUMN_KEYS}
                     for r in T.REVIEW_ROW_KEYS}
    return FoundTable(T.REVIEW, region[0], table, method="text")


def _review_holds(table: Table) -> bool:
    for cells in table.values():
        parts = [cells[c].value for c in T.REVIEW_OUTCOME_KEYS]
        if None in parts or cells["total"].value != sum(parts):
            return False
    return True


def reconstruct(lines: list[str]) -> list[FoundTable]:
    """Tables 二, 三 and 四 of a plain text layer, in the order they are printed.

    ``lines`` are the text lines as printed (a PDF's text layer, a pasted report, Markdown;
    tabs, pipes and runs of spaces all separate pieces). Each result is the ``FoundTable`` the
    other readers produce: ``table`` {row_key: {col_key: Cell}} with ``text:lineN`` locators
    (1-based line numbers of ``lines``), ``block_index`` the 0-based line where the table
    starts, ``method`` "text", and for table 三 its variant and printed 小计 rows in
    ``subtotals``. A cell that can't be placed with certainty is ``missing``; why is in
    ``reconstruct_warnings`` (see ``reconstruct_with_warnings``).
    """
    return reconstruct_with_warnings(lines)[0]


def reconstruct_with_warnings(lines: list[str]) -> tuple[list[FoundTable], list[str]]:
    """``reconstruct`` plus the warnings (one line each, naming the line) it produced."""
    items = text_items(lines)
    warnings: list[str] = []
    found: list[FoundTable] = []
    readers = {T.ACTIVE: _active, T.APPLICATIONS: _applications, T.REVIEW: _review}
    for table_id, region in sorted(_regions(items).items(), key=lambda kv: kv[1][0]):
        table = readers[table_id](items, region, warnings)
        # rows none of whose cells could be placed: CELL-06 reports them like unfound labels
        table.missing_labels = [f"{row}: not placed in the text layer"
                                for row, cells in table.table.items()
                                if cells and all(c.semantic == "missing" for c in cells.values())]
        found.append(table)
    return found, warnings
