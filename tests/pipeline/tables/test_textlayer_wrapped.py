"""Table 三 rows whose values print over more than one line (a value wrapped in its narrow cell
drops to a line of its own, as Chromium, Word and WPS set ``　0`` in a narrow column), and the
label pieces a text layer splits so that they look like values (``增 / 减``, ``4. 无``).

The layers are the real-shaped ones of ``tests.pipeline.extract.test_textlayer`` (a generated
report's values), with some cells of random rows moved to a line under their row, as a
wrapped cell prints them: the reader may leave cells missing, never read one wrong, and reads
every row that prints on one line."""

from __future__ import annotations

import random
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import template as T
from pipeline.tables.textitems import text_items
from pipeline.tables.textlayer import reconstruct_with_warnings
from tests.pipeline.extract.test_textlayer import _real_shaped
from tests.pipeline.extract.test_textlayer_glued import _SPECS

#: a line ending in table 三's seven values (its label, if any, before them)
_SEVEN = re.compile(r"^(.*?)((?:-?\d+ ){6}-?\d+)$")


def _application_lines(lines: list[str]) -> list[int]:
    start = next(n for n, line in enumerate(lines) if line.startswith("三、收到"))
    end = next(n for n, line in enumerate(lines) if line.startswith("四、政府信息公开"))
    return [n for n in range(start, end) if _SEVEN.match(lines[n])]


def _wrap(lines: list[str], rng: random.Random, rows: int) -> tuple[list[str], set[int]]:
    """``lines`` with ``rows`` of table 三's value lines printed over two lines: 1–3 of their
    cells on a line under the rest, each line left to right. Returns the new lines and the
    indexes (into the template's row order) of the rows wrapped."""
    printed = _application_lines(lines)
    wrapped = set(rng.sample(range(len(printed)), rows))
    out = list(lines)
    for k in sorted(wrapped, reverse=True):
        n = printed[k]
        label, numbers = _SEVEN.match(lines[n]).groups()
        values = numbers.split()
        down = set(rng.sample(range(7), rng.randint(1, 3)))
        top = " ".join(v for i, v in enumerate(values) if i not in down)
        out[n:n + 1] = [f"{label}{top}", " ".join(values[i] for i in sorted(down))]
    return out, wrapped


def _applications(lines: list[str]):
    found, warnings = reconstruct_with_warnings(lines)
    return next(t for t in found if t.table_id == T.APPLICATIONS), warnings


def _compare(spec, table) -> tuple[list[str], set[str]]:
    """(wrong cells, rows with a missing cell) of table 三 against the spec's truth."""
    wrong, short = [], set()
    for row, cols in spec.expected_tables()[T.APPLICATIONS].items():
        for col, (value, _) in cols.items():
            cell = table.table.get(row, {}).get(col)
            if cell is None or cell.semantic == "missing":
                short.add(row)
            elif cell.value != value:
                wrong.append(f"{row}.{col}: {cell.raw} for {value}")
    return wrong, short


def test_rows_printed_over_two_lines_are_read_by_the_identities():
    spec = _SPECS[0]
    lines, wrapped = _wrap(_real_shaped(spec), random.Random(4), rows=6)
    table, warnings = _applications(lines)
    wrong, short = _compare(spec, table)
    assert not wrong
    rows = [r.key for r in T.application_rows(spec.variant)]
    assert short <= {rows[k] for k in wrapped}
    assert any("printed over several lines" in w for w in warnings), warnings


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(spec_index=st.integers(0, len(_SPECS) - 1), seed=st.integers(0, 10_000),
       rows=st.integers(1, 12))
def test_wrapped_rows_never_read_a_cell_wrong(spec_index, seed, rows):
    spec = _SPECS[spec_index]
    lines, wrapped = _wrap(_real_shaped(spec), random.Random(seed), rows)
    table, warnings = _applications(lines)
    wrong, short = _compare(spec, table)
    assert not wrong
    # a disagreement of the admissible readings can only be inside a row printed over lines
    # (past MAX_READINGS sums the table is too ambiguous for this reading and other rules read
    # what they can)
    if any("printed over several lines" in w for w in warnings):
        order = [r.key for r in T.application_rows(spec.variant)]
        assert short <= {order[k] for k in wrapped}


def test_a_row_wrapped_into_the_next_rows_line_is_not_read_as_wrapped():
    # a row one value short whose next line holds another row's label and values: the lines
    # of a row are its own, so nothing is moved between rows (the count then fits no reading)
    spec = _SPECS[0]
    lines = _real_shaped(spec)
    n, m = _application_lines(lines)[5:7]
    label, numbers = _SEVEN.match(lines[n]).groups()
    values = numbers.split()
    lines[n] = label + " ".join(values[:-1])
    lines[m] = lines[m] + " " + values[-1]
    table, _ = _applications(lines)
    wrong, _ = _compare(spec, table)
    assert not wrong


def _pieces(text: str) -> list[tuple[str, bool]]:
    return [(i.text, i.value) for i in text_items(text.split("\n"))]


def test_a_slash_between_the_pieces_of_a_slashed_header_is_a_label_piece():
    # pypdf sets spaces round the slash of 本年增/减: read as a dash cell, table 二 of the
    # 2019 format had one value too many and no row could be placed
    assert ("/", False) in _pieces("上一年\n项目数\n量\n本年\n增 / 减\n处理决\n定数量")
    # a dash cell stays one: after a label, or between values
    assert _pieces("行政许可 / 7 2") == [("行政许可", False), ("/", True), ("7", True),
                                        ("2", True)]
    assert ("/", True) in _pieces("规章 3 / 5")
    # a slash between label pieces that make no header of the template stays a cell
    assert ("/", True) in _pieces("行政许可 / 行政处罚")


def test_a_wu_that_begins_a_wrapped_label_is_a_label_piece():
    # a narrow cell wraps 4.无正当理由大量反复申请 as 4. 无 / 正当 / …: 无 is also a dash
    # cell's word, and read as one table 三 had one value too many
    assert _pieces("4. 无\n正当\n理由")[1] == ("无", False)
    assert _pieces("（四）\n无\n法提\n供")[1] == ("无", False)
    assert _pieces("（四） 无\n法提供")[1] == ("无", False)
    # a dash cell 无 at the end of a row stays one, before the next row's label too
    row = "3.要求提供公开出版物 0 0 0 0 0 0 无"
    assert _pieces(row + "\n4.无正当理由大量反复申请 0 0 0 0 0 0 0")[7] == ("无", True)
    assert _pieces("行政事业性收费 无\n政府集中采购 3 5")[1] == ("无", True)
