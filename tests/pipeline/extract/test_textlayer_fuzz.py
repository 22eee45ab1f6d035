"""Mutated real-shaped text layers (hypothesis): the reconstructor never raises, never invents
a value (every number it places is printed on the line its locator names), and a whole
document ends in a report or a one-line ExtractError, never an internal error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract import ExtractError, extract_bytes
from pipeline.tables.textlayer import reconstruct_with_warnings
from tests.pipeline.extract.test_textlayer import _real_shaped, _spec

_BASE = _real_shaped(_spec())
_NOISE = ["- 4 -", "第 3 页 共 5 页", "|---|---|", "| | |", "3", "小计", "0 0", "行政复议",
          "申请人情况", "（本列数据的勾稽关系", "", "。", "1.", "—", "2023 年"]


def _mutate(draw, lines: list[str], op: str, n: int, noise: list[str], chars: str,
            max_chars: int) -> None:
    if op == "drop":
        del lines[n]
    elif op == "dup":
        lines.insert(n, lines[n])
    elif op == "swap":
        m = draw(st.integers(0, len(lines) - 1))
        lines[n], lines[m] = lines[m], lines[n]
    elif op == "noise":
        lines.insert(n, draw(st.sampled_from(noise)))
    elif op == "split" and len(lines[n]) > 1:
        k = draw(st.integers(1, len(lines[n]) - 1))
        lines[n:n + 1] = [lines[n][:k], lines[n][k:]]
    elif op == "join" and n + 1 < len(lines):
        lines[n:n + 2] = [lines[n] + " " + lines[n + 1]]
    elif op == "chars":
        lines[n] = lines[n] + draw(st.text(alphabet=chars, max_size=max_chars))


@st.composite
def mutated(draw) -> list[str]:
    lines = list(_BASE)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(("drop", "dup", "swap", "noise", "split", "join", "chars")))
        n = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if not lines:
            lines.append(draw(st.sampled_from(_NOISE)))
        else:
            _mutate(draw, lines, op, n, _NOISE, "0123456789 .-|（）、年万元", 8)
    return lines


def assert_nothing_invented(lines: list[str]) -> None:
    """Every number the reconstructor places is printed on the line its locator names."""
    found, _warnings = reconstruct_with_warnings(lines)
    for table in found:
        for cells in table.table.values():
            for cell in cells.values():
                if cell.semantic in ("number", "na"):
                    n = int(cell.locator.removeprefix("text:line")) - 1
                    assert cell.raw in lines[n].replace("|", " ").split()


@settings(max_examples=120, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_reconstructor_never_raises_nor_invents(lines):
    assert_nothing_invented(lines)


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_documents_end_in_a_report_or_a_named_error(lines):
    try:
        report = extract_bytes("\n".join(lines).encode("utf-8"), path="mutated.txt", ocr=False)
    except ExtractError as exc:
        assert "\n" not in str(exc) and "internal error" not in str(exc)
    else:
        assert not any("internal error" in w for w in report.warnings)


# --- values out of row order (pdftotext without -layout) -----------------------------------

from tests.pipeline.extract.test_textlayer_raw import _raw_layer, _sound_spec  # noqa: E402

_RAW_SPEC = _sound_spec()
_RAW_BASE = _raw_layer(_RAW_SPEC, 3)
_LABEL_NOISE = ["- 4 -", "第 3 页 共 5 页", "", "申请人情况", "其他", "总计", "法人或其他组织", "（四）", "无法提"]


@st.composite
def reordered(draw, keep_values: bool) -> list[str]:
    """The raw-order layer mutated; with ``keep_values`` the values and their order stay
    (furniture, labels and blank lines only), otherwise values are dropped, doubled, swapped."""
    lines = list(_RAW_BASE)
    for _ in range(draw(st.integers(1, 8))):
        n = draw(st.integers(0, len(lines) - 1))
        is_value = bool(lines[n].strip()) and lines[n].strip().isdigit()
        op = draw(st.sampled_from(("noise", "drop", "split") if keep_values else
                                  ("noise", "drop", "dup", "swap", "join", "chars")))
        if keep_values and is_value and op in ("drop", "split"):
            continue  # the values and their order stay
        _mutate(draw, lines, op, n, _LABEL_NOISE, "0123456789 .-|（）", 4)
    return lines


@settings(max_examples=80, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(reordered(keep_values=True))
def test_raw_order_with_furniture_has_no_wrong_cell(lines):
    found, warnings = reconstruct_with_warnings(lines)
    expected = _RAW_SPEC.expected_tables()
    for table in found:
        for row, cells in table.table.items():
            for col, cell in cells.items():
                if cell.semantic == "number" and row in expected.get(table.table_id, {}):
                    assert (cell.value, cell.semantic) == expected[table.table_id][row][col], \
                        (table.table_id, row, col, cell)


@settings(max_examples=80, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(reordered(keep_values=False))
def test_raw_order_mutated_never_raises_nor_invents(lines):
    assert_nothing_invented(lines)
