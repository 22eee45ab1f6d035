"""The three national tables as printed layouts (text per span-expanded position, merges).

Laid out from ``pipeline/template.py`` labels with numbers drawn from a seeded RNG, so a test or
benchmark knows the exact grid it expects back from any rendering of them (``layout_office``:
DOCX/PDF/DOC, ruled or not; ``layout_pictures``: PNG tables and scanned PDFs).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pipeline import template as T


@dataclass
class Layout:
    """A printed table: ``cells[r][c]`` is the text at each span-expanded position and
    ``merges`` the (r0, c0, r1, c1) rectangles printed as one cell."""

    name: str
    cells: list[list[str]]
    merges: list[tuple[int, int, int, int]]


def _num(rng: random.Random, hi: int = 60) -> int:
    return rng.choice([0, 0, rng.randint(1, 9), rng.randint(1, hi)])


def applications_layout(rng: random.Random, variant: str = "2021") -> Layout:
    """Table 三 with consistent arithmetic (results sum to results_total, C6 totals)."""
    n_cols = 3 + len(T.APPLICATION_COLUMNS)  # 3 label columns + 7 numbers
    header = [
        [T.APPLICATIONS_HEADER + T.APPLICATIONS_HEADER_NOTE] * 3
        + [T.APPLICATION_COLUMNS[0].label] + [T.APPLICANT_GROUP] * 5 + [T.APPLICATION_COLUMNS[-1].label],
        [T.APPLICATIONS_HEADER + T.APPLICATIONS_HEADER_NOTE] * 3
        + [T.APPLICATION_COLUMNS[0].label] + [c.label for c in T.APPLICATION_COLUMNS[1:6]]
        + [T.APPLICATION_COLUMNS[-1].label],
    ]
    merges = [(0, 0, 1, 2), (0, 3, 1, 3), (0, 4, 0, 8), (0, 9, 1, 9)]
    rows = T.application_rows(variant)
    values: dict[str, list[int]] = {r.key: [_num(rng) for _ in range(6)] for r in rows}
    results = T.result_rows(variant)
    values["results_total"] = [sum(values[k][i] for k in results) for i in range(6)]
    # carried_forward = new + carried - results (kept non-negative by construction)
    for i in range(6):
        values["new_received"][i] = values["results_total"][i] + rng.randint(0, 5)
        values["carried_over"][i] = 0
        values["carried_forward"][i] = values["new_received"][i] - values["results_total"][i]
    cells = header[:]
    result_keys = [r.key for r in rows if r.group is not None or r.key == "results_total"]
    first_result = len(cells) + [r.key for r in rows].index(result_keys[0])
    group_label = {g[1]: g[0] + g[1] for g in T.APPLICATION_GROUPS}
    group_start: dict[str, int] = {}
    for row in rows:
        r = len(cells)
        nums = [str(v) for v in values[row.key] + [sum(values[row.key])]]
        numbered = row.numbering + row.label
        if row.key in result_keys:
            if row.group in (T.DENIED, T.UNABLE, T.NOT_PROCESSED, T.OTHER_HANDLING):
                labels = [group_label[T.RESULTS_GROUP], group_label[row.group], numbered]
                group_start.setdefault(row.group, r)
            else:
                labels = [group_label[T.RESULTS_GROUP], numbered, numbered]
                merges.append((r, 1, r, 2))
        else:
            labels = [numbered] * 3
            merges.append((r, 0, r, 2))
        cells.append(labels + nums)
    last_result = first_result + len(result_keys) - 1
    merges.append((first_result, 0, last_result, 0))
    for group, r0 in group_start.items():
        r1 = r0 + sum(1 for row in rows if row.group == group) - 1
        merges.append((r0, 1, r1, 1))
    assert all(len(row) == n_cols for row in cells)
    return Layout(f"applications_{variant}", cells, merges)


def review_layout(rng: random.Random) -> Layout:
    outcomes = [c.label for c in T.REVIEW_COLUMNS]
    head0 = [T.REVIEW_GROUP] * 5 + [T.LITIGATION_GROUP] * 10
    head1 = outcomes[:] + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    head2 = outcomes[:] + outcomes + outcomes
    nums = []
    for _ in range(3):
        v = [_num(rng, 9) for _ in range(4)]
        nums += v + [sum(v)]
    cells = [head0, head1, head2, [str(n) for n in nums]]
    merges = [(0, 0, 0, 4), (0, 5, 0, 14), (1, 5, 1, 9), (1, 10, 1, 14)]
    merges += [(1, c, 2, c) for c in range(5)]
    return Layout("review", cells, merges)


def active_layout(rng: random.Random) -> Layout:
    """Table 二, 2021 format: four blocks each with a caption row and a header row."""
    cols = T.active_columns("2021")
    cells: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []

    def caption(item: int) -> None:
        r = len(cells)
        cells.append([T.ART20_CAPTION.format(item=T.ART20_ROMAN[item])] * 4)
        merges.append((r, 0, r, 3))

    blocks = [(1, ("issued", "repealed", "in_force"), ("rules", "normative_docs")),
              (5, ("decisions",), ("admin_licensing",)),
              (6, ("decisions",), ("admin_penalty", "admin_coercion")),
              (8, ("amount_wan_yuan",), ("admin_fees",))]
    for item, col_keys, row_keys in blocks:
        caption(item)
        r = len(cells)
        if len(col_keys) == 3:
            cells.append([T.ITEM_HEADER] + [cols[k].label for k in col_keys])
        else:
            cells.append([T.ITEM_HEADER] + [cols[col_keys[0]].label] * 3)
            merges.append((r, 1, r, 3))
        for key in row_keys:
            label = next(row.label for row in T.ACTIVE_ROWS_2021 if row.key == key)
            r = len(cells)
            if len(col_keys) == 3:
                cells.append([label] + [str(_num(rng, 300)) for _ in col_keys])
            else:
                v = f"{rng.randint(0, 900) / 100:.2f}" if key == "admin_fees" else str(_num(rng, 900))
                cells.append([label] + [v] * 3)
                merges.append((r, 1, r, 3))
    return Layout("active_2021", cells, merges)


def report_layouts(seed: int, variant: str = "2021") -> list[Layout]:
    rng = random.Random(seed)
    return [active_layout(rng), applications_layout(rng, variant), review_layout(rng)]


def layout_truth(layouts: list[Layout]) -> dict[str, dict[str, dict[str, str]]]:
    """The printed text of every statistics cell, by canonical keys: {table: {row: {col: raw}}},
    what a reader of any rendering of ``layouts`` must give back."""
    truth: dict[str, dict[str, dict[str, str]]] = {}
    for layout in layouts:
        if layout.name.startswith("applications_"):
            rows = T.application_rows(layout.name.split("_")[1])
            truth[T.APPLICATIONS] = {
                row.key: dict(zip(T.APPLICATION_COLUMN_KEYS, layout.cells[2 + i][3:]))
                for i, row in enumerate(rows)}
        elif layout.name == "review":
            values = layout.cells[3]
            truth[T.REVIEW] = {row.key: dict(zip(T.REVIEW_COLUMN_KEYS, values[5 * i:5 * i + 5]))
                               for i, row in enumerate(T.REVIEW_ROWS)}
        elif layout.name == "active_2021":
            truth[T.ACTIVE] = _active_truth(layout)
    return truth


def _active_truth(layout: Layout) -> dict[str, dict[str, str]]:
    labels = {row.label: row for row in T.ACTIVE_ROWS_2021}
    out: dict[str, dict[str, str]] = {}
    for cells in layout.cells:
        row = labels.get(cells[0])
        if row is not None:
            out[row.key] = dict(zip(row.columns, cells[1:])) if len(row.columns) == 3 \
                else {row.columns[0]: cells[1]}
    return out


def score_report(report, truth: dict[str, dict[str, dict[str, str]]]) -> tuple[int, list, list]:
    """(right, wrong, missing) cells of an extracted ``Report`` against ``layout_truth``: wrong
    is a different number or kind read, missing a cell not read (marked ``missing``)."""
    from pipeline.tables.normalize import parse_cell
    right, wrong, missing = 0, [], []
    for table_id, rows in truth.items():
        for row, cols in rows.items():
            for col, raw in cols.items():
                cell, want = report.cell(table_id, row, col), parse_cell(raw)
                if cell is None or cell.semantic == "missing":
                    missing.append((table_id, row, col, raw))
                elif (cell.value, cell.semantic) == (want.value, want.semantic):
                    right += 1
                else:
                    wrong.append((table_id, row, col, raw, cell.raw))
    return right, wrong, missing
