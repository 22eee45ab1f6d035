"""Table 四 (review_litigation): one data row of 15 numbers, keyed by its header path.

Header path → (row key, column key): 行政复议 / 行政诉讼·未经复议直接起诉 / 行政诉讼·复议后起诉
decide the proceeding (checked in that order, since 未经复议… and 复议后… both contain 复议),
the leaf the outcome. Table text without a grid is read in template order once its header
names the three proceedings in the template order.
"""

from __future__ import annotations

from pipeline import template as T
from pipeline.document import Grid
from pipeline.model import Cell
from pipeline.tables.normalize import label_matches, squash
from pipeline.tables.common import Match, header_paths, make_cell, take_values
from pipeline.tables.tokens import Token, tokens_by_row, value_runs

_OUTCOMES = [(c.key, c.label) for c in T.REVIEW_COLUMNS] + [("total", "合计")]
_ORDER = [(r, c) for r in T.REVIEW_ROW_KEYS for c in T.REVIEW_COLUMN_KEYS]
_DIRECT, _AFTER = squash(T.REVIEW_ROWS[1].label), squash(T.REVIEW_ROWS[2].label)


def proceeding(joined: str) -> str | None:
    if _DIRECT in joined or "直接起诉" in joined:
        return "lawsuit_direct"
    if _AFTER in joined:
        return "lawsuit_after_review"
    if T.REVIEW_GROUP in joined:
        return "review"
    return None


def cell_key(path: list[str]) -> tuple[str, str] | None:
    if not path:
        return None
    row = proceeding("".join(path))
    col = next((k for k, label in _OUTCOMES if label_matches(path[-1], label)), None)
    return (row, col) if row and col else None


def _template_keys(paths: list[list[str]]) -> list[tuple[str, str] | None] | None:
    """Keys by the template where the header's spans are misread (an unruled header's group
    words set off-centre over the columns) but the header leaves read exactly the template's
    15 outcomes left to right and the proceedings it names come in template order (their
    first and their last columns): the template leaves one assignment. None otherwise."""
    headed = [c for c, path in enumerate(paths) if path]
    if len(headed) != len(_ORDER):
        return None
    named = [proceeding("".join(paths[c])) for c in headed]
    if any(not any(k == col and label_matches(paths[c][-1], label) for k, label in _OUTCOMES)
           for c, (_, col) in zip(headed, _ORDER)):
        return None
    # each proceeding named over some columns, the three in template order at both ends of
    # their (misread) spans: a table printing them in another order is not read this way
    spans = [[i for i, n in enumerate(named) if n == row] for row in T.REVIEW_ROW_KEYS]
    if not all(spans) or any(a[0] >= b[0] or a[-1] >= b[-1] for a, b in zip(spans, spans[1:])):
        return None
    keys: list[tuple[str, str] | None] = [None] * len(paths)
    for c, key in zip(headed, _ORDER):
        keys[c] = key
    return keys


def is_review_table(tokens: list[Token]) -> bool:
    text = "".join(squash(t.text) for t in tokens if t.kind == "text")
    return T.REVIEW_GROUP in text and T.LITIGATION_GROUP in text


def match_grid(grid: Grid, tokens: list[Token], ocr: bool = False) -> Match | None:
    by_row = tokens_by_row(tokens)
    for r in range(1, grid.n_rows):
        row = by_row.get(r, [])
        if sum(t.kind == "value" and bool(t.text.strip()) for t in row) < 5 or \
                any(t.kind == "text" and t.text.strip() for t in row):
            continue
        paths = header_paths(grid, range(r))
        keys = [cell_key(p) for p in paths]
        warning = None
        if len({k for k in keys if k}) < len(_ORDER):
            keys = _template_keys(paths)
            if keys is None:
                return None
            warning = (f"{grid.locator}: table 四 header spans do not divide its 15 columns "
                       "5/5/5; its outcomes and proceedings read in template order")
        match = Match(T.REVIEW, columns=[f"{a}.{b}" for a, b in _ORDER], method="grid")
        if warning:
            match.warnings.append(warning)
        cells: dict[str, dict[str, Cell]] = {}
        for t in row:
            key = keys[t.col]
            if key and key[1] not in cells.get(key[0], {}):
                cells.setdefault(key[0], {})[key[1]] = make_cell(t, key[1], ocr=ocr,
                                                                 warnings=match.warnings)
        for row_key in T.REVIEW_ROW_KEYS:
            if row_key in cells:
                match.add_row(row_key, cells[row_key])
        return match
    return None


def match_tokens(tokens: list[Token], ocr: bool = False) -> Match:
    match = Match(T.REVIEW, method="text")
    start = next((i for i, t in enumerate(tokens) if squash(t.text) == T.REVIEW_GROUP), None)
    if start is None:
        return match
    header: list[str] = []
    for labels, run in value_runs(tokens[start:]):
        header += [squash(t.text) for t in labels]
        if not any(t.text.strip() for t in run):
            continue  # the blank continuation cells of the merged header
        joined = "".join(header)
        if not (0 <= joined.find(_DIRECT) < joined.find(_AFTER)):
            match.warnings.append(f"{run[0].locator}: table 四 header does not name its "
                                  "proceedings in the template order; read in template order")
        values = take_values(run, len(_ORDER))
        if values is None:
            match.warnings.append(f"{run[0].locator}: table 四 row has {len(run)} values for "
                                  f"{len(_ORDER)} columns; cells missing")
        for row_key in T.REVIEW_ROW_KEYS:
            cells = {}
            for n, (r, c) in enumerate(_ORDER):
                if r == row_key:
                    cells[c] = make_cell(values[n], c, ocr=ocr, warnings=match.warnings) \
                        if values else Cell.missing(run[0].locator)
            match.add_row(row_key, cells)
        match.columns = [f"{a}.{b}" for a, b in _ORDER]
        break
    return match
