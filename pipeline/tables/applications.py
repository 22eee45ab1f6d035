"""Table 三 (applications): rows by label path, columns by header path.

Rows: the label pieces of a row are segmented into group headers (三、本年度办理结果,
（三）不予公开 …) and the row label; the group is remembered across rows so ``3.其他`` is only
``other_other`` under （六）其他处理. A group header that carries numbers is a printed subtotal
(kept out of the table, for T3-04), except （六）其他处理 which is the 2019 data row.
Columns: from the header path above each grid column (法人或其他组织 / 其他), or, for table text,
from the order in which the header names them; a table with no header at all (a displaced
fragment) is read in the template order.
"""

from __future__ import annotations

from pipeline import template as T
from pipeline.document import Grid
from pipeline.tables.normalize import label_matches, squash
from pipeline.tables.common import Match, header_paths, row_cells, subtotal_values, take_values
from pipeline.tables.labels import Label, segment
from pipeline.tables.tokens import Token, tokens_by_row, value_runs

SUBTOTAL_COL = "legal_person_subtotal"
_SUBTOTAL_GROUPS = {g: key for _, g, key in T.APPLICATION_GROUPS if key and g != T.OTHER_HANDLING}
_COLUMN_WORDS = [(c.key, squash(c.label)) for c in T.APPLICATION_COLUMNS] + [
    ("total", "合计"), ("social_welfare", "社会公益"), (SUBTOTAL_COL, "小计")]


def column_key(path: list[str]) -> str | None:
    """Column key from a header path such as ``["申请人情况", "法人或其他组织", "其他"]``."""
    if not path:
        return None
    leaf = path[-1]
    if "小计" in leaf:
        return SUBTOTAL_COL
    for key, word in _COLUMN_WORDS:
        if label_matches(leaf, word) or (key == "social_welfare" and leaf.startswith(word)):
            return key
    return None


def columns_from_text(header: str) -> tuple[list[str], bool]:
    """Column order named by a header's text (text layers): (keys, named).

    A two-level header reads row by row (自然人 法人或其他组织 总计, then 商业企业 … 其他), so the
    five leaves take the place of their group. A header that does not name all seven columns (or
    no header at all: a displaced fragment) gives the template order."""
    text = squash(header)
    group_at = text.find(T.APPLICANT_GROUP)
    text = text.replace(T.APPLICANT_GROUP, "\0" * len(T.APPLICANT_GROUP))
    found: dict[str, int] = {}
    for key, word in _COLUMN_WORDS:
        pos = text.find(word)
        if pos >= 0 and key not in found:
            found[key] = pos
    if not set(T.APPLICATION_COLUMN_KEYS) <= set(found):
        return list(T.APPLICATION_COLUMN_KEYS), False
    leaves = [k for k in found if k not in ("natural_person", "total")]
    if group_at >= 0:
        top = {"natural_person": found["natural_person"], "total": found["total"],
               "group": group_at}
        order: list[str] = []
        for key in sorted(top, key=top.get):
            order += sorted(leaves, key=found.get) if key == "group" else [key]
        return order, True
    return sorted(found, key=found.get), True


class _Rows:
    """Row resolution shared by the grid and the token walkers."""

    def __init__(self, match: Match, ocr: bool):
        self.match, self.ocr, self.group = match, ocr, None

    def resolve(self, pieces: list[str]) -> str | None:
        """Where the values after these label pieces go: a row key, ``subtotal:<name>``, or
        None (values of nothing we know). Group headers among the pieces set the group."""
        hits = segment(T.APPLICATIONS, pieces)
        for label, _, _ in hits:
            if label.kind == "group":
                self.group = label.key
        if not hits:
            return None
        label: Label = hits[-1][0]
        if label.kind == "row" and (label.group is None or label.group == self.group):
            return label.key
        if label.kind == "group" and label.key == T.OTHER_HANDLING:
            return "other_handling"
        if label.kind == "group" and label.key in _SUBTOTAL_GROUPS:
            return f"subtotal:{_SUBTOTAL_GROUPS[label.key]}"
        if label.kind == "subtotal" and self.group in _SUBTOTAL_GROUPS:
            return f"subtotal:{_SUBTOTAL_GROUPS[self.group]}"
        return None

    def store(self, target: str, values, col_keys: list[str], locator: str) -> None:
        cells = row_cells(values, col_keys, locator, ocr=self.ocr, warnings=self.match.warnings)
        subtotal = cells.pop(SUBTOTAL_COL, None)
        if target.startswith("subtotal:"):
            self.match.subtotals[target.split(":", 1)[1]] = subtotal_values(cells)
            return
        if subtotal is not None:
            # a printed 法人或其他组织小计 column: kept for T3-04, never a JSON column
            self.match.subtotals.setdefault(SUBTOTAL_COL, {})[target] = subtotal.value
        self.match.add_row(target, cells)


def match_grid(grid: Grid, tokens: list[Token], ocr: bool = False) -> Match | None:
    """Match by header paths; None when there is no header naming any column."""
    first_data = _first_data_row(tokens)
    if first_data is None:
        return None
    keys = [column_key(p) for p in header_paths(grid, range(first_data))]
    if not any(keys):
        return None  # no header (a continued or displaced fragment): read as table text
    # a header that names only some columns still decides: unnamed columns stay absent
    # (CELL-06), they are never filled by position
    match = Match(T.APPLICATIONS, method="grid")
    rows = _Rows(match, ocr)
    by_row = tokens_by_row(tokens)
    for r in range(first_data, grid.n_rows):
        row_tokens = by_row.get(r, [])
        pieces = [t.text for t in row_tokens if keys[t.col] is None and t.text.strip()]
        target = rows.resolve(pieces)
        values = {keys[t.col]: t for t in row_tokens if keys[t.col]}
        blank = not any(t.text.strip() for t in values.values())
        # a group header row (（三）不予公开, （六）其他处理 of 2021) has blank value cells
        if target is None or blank and (target.startswith("subtotal:") or
                                        target == "other_handling"):
            continue
        col_keys = list(values)
        rows.store(target, [values[k] for k in col_keys], col_keys, f"{grid.locator}/r{r + 1}")
    match.columns = list(dict.fromkeys(k for k in keys if k))
    match.duplicate_columns = _duplicate_columns(grid, keys, first_data)
    return match


def _duplicate_columns(grid: Grid, keys: list[str | None], first_data: int) -> list[str]:
    """Column keys named by more than one header cell (a spanned header cell counts once)."""
    cells: dict[str, set[int]] = {}
    for c, key in enumerate(keys):
        if key:
            leaf = next((grid.at(r, c) for r in range(first_data - 1, -1, -1)
                         if grid.at(r, c) and grid.at(r, c).text.strip()), None)
            cells.setdefault(key, set()).add(id(leaf))
    return [k for k, ids in cells.items() if len(ids) > 1]


def _starts_other_table(text: str) -> bool:
    text = squash(text)
    return text in (T.REVIEW_GROUP, T.LITIGATION_GROUP, T.ITEM_HEADER) or text.startswith("第二十条")


def _first_data_row(tokens: list[Token]) -> int | None:
    for t in tokens:
        hits = segment(T.APPLICATIONS, [t.text]) if t.kind == "text" else []
        if hits and hits[-1][0].key in ("new_received", "carried_over", T.RESULTS_GROUP, "granted"):
            return t.row
    return None


def match_tokens(tokens: list[Token], ocr: bool = False) -> Match:
    """Walk a token stream: label pieces accumulate until a run of values closes the row."""
    match = Match(T.APPLICATIONS, method="text")
    rows = _Rows(match, ocr)
    pending: list[Token] = []
    header: list[str] | None = None
    col_keys = list(T.APPLICATION_COLUMN_KEYS)
    for labels, run in value_runs(tokens):
        if match.table and any(_starts_other_table(t.text) for t in labels):
            break  # table text running on into table 四 or 二 (displaced tables, one run)
        pending += labels
        pieces = [t.text for t in pending]
        saved_group = rows.group
        target = rows.resolve(pieces)
        printed = any(t.text.strip() for t in run)
        if not printed and not (target and len(run) == len(col_keys)):
            rows.group = saved_group  # blank spacer cells between label cells: not a row;
            continue                  # the pending labels are resolved again with the row
        if header is None and target:
            header = pieces
            col_keys, named = columns_from_text(" ".join(pieces))
            match.columns = col_keys if named else []
            if not named and any(word in squash("".join(pieces)) for _, word in _COLUMN_WORDS):
                match.warnings.append(f"{run[0].locator}: table 三 header names only some of "
                                      "its seven columns; values read in template order")
        pending = []
        if target is None:
            continue
        values = take_values(run, len(col_keys))
        if values is None:
            match.warnings.append(f"{run[0].locator}: applications row {target} has "
                                  f"{len(run)} values for {len(col_keys)} columns; cells missing")
        rows.store(target, values, col_keys, run[0].locator)
    return match
