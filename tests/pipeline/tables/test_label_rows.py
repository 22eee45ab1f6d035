"""Table 三 from a plain pdftotext layer that prints every cell as a flow of its own (what
poppler gives for Chromium's prints and drawn PDFs): each row's label, then its values one
per line, blank lines between. Rows whose labels enclose exactly their values are read as
bands of one row (``pipeline.tables.label_rows``); the identities still decide.

Values come from the generator (``replica.numbers.applications``); the layer is built in the
shape docs/accuracy.md records for those prints ("Table 三 rows delimited by their labels")."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import template as T
from pipeline.tables.textlayer import reconstruct_with_warnings
from replica.numbers import applications

_HEADER = ["三、收到和处理政府信息公开申请情况", "", "申请人情况", "",
           "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项", "加第四项之和）", "",
           "自", "然", "人", "", "法人或其他组织", "", "商业", "企业", "", "科研", "机构", "",
           "社会公", "益组织", "", "法律服", "务机构", "", "其", "他", "", "总", "计", ""]
_AFTER = ["四、政府信息公开行政复议、行政诉讼情况", ""]


def _table(seed: int, variant: str = "2021") -> dict:
    rng = random.Random(seed)
    return applications(rng, rng.choice(("government", "department", "township")), variant, None)


def _rows(table: dict, variant: str, blank_total: bool) -> list[tuple[str, str, list]]:
    """(row, label, printed values) in template order; a blank 总计 prints nothing."""
    blank = set(T.result_rows(variant)) | {"results_total"} if blank_total else set()
    return [(r.key, r.numbering + r.label,
             [table[r.key][c] for c in T.APPLICATION_COLUMN_KEYS
              if not (c == "total" and r.key in blank)])
            for r in T.application_rows(variant)]


def _layer(rows: list[tuple[str, str, list]], wrap: random.Random | None = None) -> list[str]:
    """Every label a flow (wrapped over two lines at random), every value a flow of its own."""
    lines = list(_HEADER)
    for _, label, values in rows:
        cut = wrap.randrange(4, len(label)) if wrap and len(label) > 8 else len(label)
        lines += [label[:cut]] + ([label[cut:]] if cut < len(label) else []) + [""]
        for v in values:
            lines += [str(v), ""]
    return lines + _AFTER


def _read(lines: list[str]) -> tuple[dict, list[str]]:
    found, warnings = reconstruct_with_warnings(lines)
    tables = [f for f in found if f.table_id == T.APPLICATIONS]
    assert len(tables) == 1
    return tables[0].table, [w for w in warnings if "table 三" in w]


def _score(read: dict, table: dict, blank_total: bool, variant: str) -> tuple[int, list[str]]:
    blank = set(T.result_rows(variant)) | {"results_total"} if blank_total else set()
    right, wrong = 0, []
    for row, cols in table.items():
        for col, value in cols.items():
            cell = read[row][col]
            want = None if col == "total" and row in blank else value
            if cell.semantic == "missing":
                continue
            if cell.value == want:
                right += 1
            else:
                wrong.append(f"{row}.{col}: {cell.raw!r} for {want!r}")
    return right, wrong


def test_blank_total_printed_cell_by_cell_is_read_by_its_labels() -> None:
    """The blank-总计 table Chromium prints cell by cell: without the labels the band
    readings' sums left too many orders (no row identity on the result rows) and every cell
    was missing."""
    for seed in range(4):
        table = _table(seed)
        read, warnings = _read(_layer(_rows(table, "2021", True), random.Random(seed)))
        right, wrong = _score(read, table, True, "2021")
        assert wrong == []
        assert right == sum(len(c) for c in table.values()), warnings
        assert any("labels enclosing exactly their values" in w for w in warnings)


def test_full_table_printed_cell_by_cell_2019() -> None:
    table = _table(11, "2019")
    read, warnings = _read(_layer(_rows(table, "2019", False), random.Random(3)))
    right, wrong = _score(read, table, False, "2019")
    assert wrong == [] and right == sum(len(c) for c in table.values()), warnings


def test_label_printed_after_its_values_leaves_those_rows_to_the_bands() -> None:
    """A page's last labels printed after its values (Chromium): those rows are not
    delimited; the others still are, and nothing is read wrong."""
    table = _table(5)
    rows = _rows(table, "2021", True)
    lines = _layer(rows)
    k = lines.index(rows[10][1])  # the label of one result row, moved below the next row
    label = lines.pop(k)
    lines.insert(lines.index(rows[11][1]) + 1, label)
    read, warnings = _read(lines)
    _, wrong = _score(read, table, True, "2021")
    assert wrong == []


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), row=st.integers(0, 24), blank_total=st.booleans(),
       shuffle=st.randoms(use_true_random=False))
def test_one_row_out_of_column_order_is_never_read_wrong(seed, row, blank_total, shuffle) -> None:
    """A row printed out of column order (as a drawn PDF did, 3 rows in 1791) is outside
    the assumption; the identities must catch it: 0 wrong cells, whatever the permutation."""
    table = _table(seed)
    rows = _rows(table, "2021", blank_total)
    key, label, values = rows[row]
    shuffle.shuffle(values)
    read, _ = _read(_layer(rows))
    _, wrong = _score(read, table, blank_total, "2021")
    assert wrong == []


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), row=st.integers(0, 24), col=st.integers(0, 5))
def test_broken_identity_is_never_read_wrong(seed, row, col) -> None:
    """One value off by one (a report whose sums are broken on purpose): no reading
    satisfies the identities where the value is checked, so nothing wrong is read."""
    table = _table(seed)
    rows = _rows(table, "2021", True)
    rows[row][2][col] += 1
    read, _ = _read(_layer(rows))
    truth = {r: dict(c) for r, c in table.items()}
    truth[rows[row][0]][T.APPLICATION_COLUMN_KEYS[col]] += 1  # what is printed
    _, wrong_printed = _score(read, truth, True, "2021")
    _, wrong_true = _score(read, table, True, "2021")
    # a cell read is what is printed there and what the report means: the broken cell is
    # never read (printed and true differ), nor is any other placed out of its row
    assert wrong_printed == [] and wrong_true == []
