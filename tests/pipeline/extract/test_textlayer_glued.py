"""A row's first value glued to its label, as pypdf prints Chromium's PDFs
(``4. 保护第三方合法权益1 0 0 0 0 0 1``): split off only where the template's label and the
row's column count say so, and a row short of values is never placed from the left."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import template as T
from pipeline.tables.textitems import text_items
from pipeline.tables.textlayer import reconstruct_with_warnings
from replica.generate import generate_reports
from tests.pipeline.extract.test_textlayer import _real_shaped, _wrong

_ROW = re.compile(r"^(.*?[^\d\s.-]) (-?\d+(?:\.\d+)?(?: -?\d+(?:\.\d+)?)*)$")


def _complete_specs() -> list:
    out = []
    for spec in generate_reports(60, seed=11):
        expected = spec.expected_tables()
        rows = expected.get(T.APPLICATIONS, {})
        if spec.format == "2021" and len(expected) == 3 and not spec.layout.tables_as_images \
                and all(s == "number" for cols in rows.values() for _, s in cols.values()):
            out.append(spec)
    assert len(out) >= 4, "too few complete 2021 specs among the generated reports"
    return out[:6]


_SPECS = _complete_specs()


def _row_lines(lines: list[str]) -> list[int]:
    """Lines printing a label and then a run of numbers (table 二 and 三 rows)."""
    end = next(n for n, line in enumerate(lines) if line.startswith("四、政府信息公开"))
    return [n for n, line in enumerate(lines[:end]) if _ROW.match(line)]


def _glue(line: str, garble: bool = False) -> str:
    """The label and the first number joined as pypdf joins them; ``garble`` also drops the
    label's last character (a label no template row has)."""
    label, numbers = _ROW.match(line).groups()
    return (label[:-1] if garble else label) + numbers


def test_glued_first_values_are_read_as_values():
    spec = _SPECS[0]
    lines = _real_shaped(spec)
    glued = _row_lines(lines)
    assert len(glued) > 15
    for n in glued:
        lines[n] = _glue(lines[n])
    found, warnings = reconstruct_with_warnings(lines)
    right, wrong, missing = _wrong(found, spec)
    assert (wrong, missing) == (0, 0) and right == _wrong(
        reconstruct_with_warnings(_real_shaped(spec))[0], spec)[0]
    assert sum("read as the label" in w for w in warnings) == len(glued)


def test_a_glued_row_whose_label_is_not_the_templates_is_missing_not_shifted():
    spec = _SPECS[0]
    lines = _real_shaped(spec)
    rows = [n for n in _row_lines(lines) if len(lines[n].split()) >= 8][-6:]
    for n in rows:  # six values left on each: never placed from the left
        lines[n] = _glue(lines[n], garble=True)
    found, warnings = reconstruct_with_warnings(lines)
    right, wrong, missing = _wrong(found, spec)
    assert wrong == 0 and missing >= 7 * len(rows)
    assert not any("read as the label" in w for w in warnings)


def test_digits_of_a_label_or_prose_are_not_split_off():
    lines = ["第二十条第（五）项", "信息内容 本年处理决定数量", "行政许可 3",
             "共办理行政许可21", "件", "1.属于国家秘密0 0 0 0 0 0 0", "附件2 1"]
    items = text_items(lines)
    pieces = [(i.text, i.value) for i in items]
    assert ("第二十条第（五）项", False) in pieces
    assert ("共办理行政许可21", False) in pieces  # prose: not a label of the template
    assert ("附件2", False) in pieces  # a count that fits, but no template label
    assert [p for p in pieces if p[0].startswith("1.")] == [("1.属于国家秘密", False)]
    assert sum(1 for i in items if i.line == 5 and i.value) == 7


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_glued_rows_give_no_wrong_cell(data):
    spec = data.draw(st.sampled_from(_SPECS))
    lines = _real_shaped(spec)
    baseline = _wrong(reconstruct_with_warnings(lines)[0], spec)
    candidates = _row_lines(lines)
    chosen = data.draw(st.sets(st.sampled_from(candidates), min_size=1))
    garbled = set()
    for n in chosen:
        garble = data.draw(st.booleans()) and data.draw(st.booleans())
        garbled |= {n} if garble else set()
        lines[n] = _glue(lines[n], garble)
    right, wrong, missing = _wrong(reconstruct_with_warnings(lines)[0], spec)
    assert wrong == 0
    if not garbled:
        assert (right, missing) == baseline[0::2]


def test_a_subtotal_column_whose_header_is_split_character_wise_is_read():
    """pdfplumber prints a 法人或其他组织小计 column's header as 小 and 计 on lines of their
    own: the eight-value rows are still read, checked by the 小计 = legal persons identity."""
    spec = _SPECS[0]
    lines = _real_shaped(spec)
    start = next(n for n, line in enumerate(lines) if line.startswith("三、收到"))
    end = next(n for n, line in enumerate(lines) if line.startswith("四、政府信息公开"))
    for n in range(start, end):
        parts = lines[n].split(" ")
        if len(parts) >= 7 and all(p.isdigit() for p in parts[-7:]):
            row = [int(p) for p in parts[-7:]]
            parts[-1:-1] = [str(sum(row[1:6]))]
            lines[n] = " ".join(parts)
        elif lines[n].startswith("人 业构益组织务机构"):
            lines[n] += " 小"
            lines.insert(n + 1, "计")
    found, warnings = reconstruct_with_warnings(lines)
    right, wrong, missing = _wrong(found, spec)
    assert (wrong, missing) == (0, 0)
    table = next(t for t in found if t.table_id == T.APPLICATIONS)
    assert "legal_person_subtotal" in table.subtotals
