"""Table 三 from values printed out of row order, as pdftotext without -layout prints them:
all labels first, then the values one per line in bands of rows (row by row, column by column,
a staircase under a split header), page footers between. Built from a generated report's values;
no cell may be wrong, and what the identities can't pin down is missing with a warning."""

from __future__ import annotations

import random

from pipeline import template as T
from pipeline.extract import extract_bytes
from pipeline.tables.textlayer import reconstruct_with_warnings
from replica.generate import generate_reports
from replica.render.grid import format_value

from tests.pipeline.extract.test_textlayer import _wrong


def _sound_spec(nonzero_review: bool = False):
    """A 2021 report whose tables print only numbers and whose identities hold."""
    for spec in generate_reports(60, seed=11):
        expected = spec.expected_tables()
        if spec.format != "2021" or spec.variant != "2021" or len(expected) != 3 or \
                spec.layout.tables_as_images or spec.truth.broken:
            continue
        if any(s != "number" for rows in expected.values() for cols in rows.values()
               for _, s in cols.values()):
            continue
        review = {v for cols in expected[T.REVIEW].values() for v, _ in cols.values()}
        if (len(review) > 1) == nonzero_review:
            return spec
    raise AssertionError("no sound 2021 spec among the generated reports")


def _band_order(n_rows: int, n_cols: int, rng: random.Random) -> list[tuple[int, int]]:
    """(row, column) in a printed order: bands of rows, each row by row, column by column or
    a staircase (the first cells of the top rows, then the rest)."""
    order: list[tuple[int, int]] = []
    r = 0
    while r < n_rows:
        h = min(rng.choice((1, 1, 2, 3, 4)), n_rows - r)
        shape = rng.choice(("rows", "columns", "staircase")) if h > 1 else "rows"
        if shape == "rows":
            order += [(r + i, c) for i in range(h) for c in range(n_cols)]
        elif shape == "columns":
            order += [(r + i, c) for c in range(n_cols) for i in range(h)]
        else:
            top = rng.randint(h, n_cols - 1)
            cuts = [top - i for i in range(h)]
            order += [(r + i, c) for i, cut in enumerate(cuts) for c in range(cut)]
            order += [(r + i, c) for i, cut in enumerate(cuts) for c in range(cut, n_cols)]
        r += h
    return order


def _raw_layer(spec, seed: int, displaced_active: bool = False) -> list[str]:
    """``displaced_active``: table 二 set after the signature, as pdftotext prints such a page:
    二's labels, 三's labels, then 二's captions and values, then 三's header and values."""
    rng = random.Random(seed)
    v = lambda t, r, c: format_value(spec.expected_tables()[t][r][c][0])  # noqa: E731
    rows = [r.key for r in T.application_rows("2021")]
    cols = T.APPLICATION_COLUMN_KEYS
    lines = [spec.agency.name, f"{spec.year} 年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
    if displaced_active:
        lines += ["信息内容", "", "规章", "行政规范性文件", "信息内容", "行政许可", "信息内容", "行政处罚",
                  "行政强制", "信息内容", "行政事业性收费"]
    lines += ["（本列数据的勾稽关系", "为：第一项加第二项之", "和，等于第三项加第四项", "之和）"]
    for r in T.application_rows("2021"):  # labels wrapped three characters a line
        label = r.numbering + r.label
        lines += [label[i:i + 3] for i in range(0, len(label), 3)]
    if displaced_active:
        lines += ["第二十条第（一）项", "本年制发件数", "本年废止件数", "现行有效件数"]
        lines += [v(T.ACTIVE, r, c) for r in ("rules", "normative_docs")
                  for c in ("issued", "repealed", "in_force")]
        for item, row in (("五", "admin_licensing"), ("六", "admin_penalty")):
            lines += [f"第二十条第（{item}）项", "本年处理决定数量", v(T.ACTIVE, row, "decisions")]
        lines += [v(T.ACTIVE, "admin_coercion", "decisions"), "第二十条第（八）项",
                  "本年收费金额（单位：万元）", v(T.ACTIVE, "admin_fees", "amount_wan_yuan")]
    lines += ["", "申请人情况", "法人或其他组织", "科研机 社会公 法律服", "构", "益组织 务机构", "", "自然人", ""]
    for n, (r, c) in enumerate(_band_order(len(rows), len(cols), rng)):
        lines += [v(T.APPLICATIONS, rows[r], cols[c]), ""]
        if n == 90:
            lines += ["- 2 -", "", "其他", "", "总计", ""]
    lines += ["复议后起诉", "结", "果", "纠", "正"]
    review = [v(T.REVIEW, r, c) for r in T.REVIEW_ROW_KEYS for c in T.REVIEW_COLUMN_KEYS]
    lines += review[12:] + ["", "四、政府信息公开行政复议、行政诉讼情况", "行政复议", "结", "果"]
    lines += review[:12] + ["五、存在的主要问题及改进情况", "本年度受理政府信息公开申请 21 件。",
                            spec.agency.name, "2024 年 1 月 20 日"]
    return lines


def _applications(found):
    return [t for t in found if t.table_id == T.APPLICATIONS]


def test_bands_of_rows_read_every_cell_of_table_three():
    spec = _sound_spec()
    for seed in range(6):
        found, warnings = reconstruct_with_warnings(_raw_layer(spec, seed))
        right, wrong, missing = _wrong(_applications(found), spec)
        assert wrong == 0, seed
        assert missing == sum(len(c) for c in spec.expected_tables()[T.REVIEW].values()) + \
            sum(len(c) for c in spec.expected_tables()[T.ACTIVE].values()), (seed, warnings)
        assert any("bands of rows" in w for w in warnings)


def test_broken_identity_leaves_table_three_missing():
    spec = _sound_spec()
    lines = _raw_layer(spec, 1)
    n = next(i for i, line in enumerate(lines) if line.isdigit())
    lines[n] = str(int(lines[n]) + 1)  # a value misprinted: no order satisfies the identities
    found, warnings = reconstruct_with_warnings(lines)
    right, wrong, missing = _wrong(_applications(found), spec)
    assert (right, wrong) == (0, 0)
    assert any("table 三" in w for w in warnings)


def test_equal_review_values_read_in_any_order_others_by_identities():
    spec = _sound_spec()
    found, warnings = reconstruct_with_warnings(_raw_layer(spec, 2))
    review = next(t.table for t in found if t.table_id == T.REVIEW)
    assert all(c.semantic == "number" and c.value == 0 for cells in review.values()
               for c in cells.values())
    # values not all equal: read only where every order of the printed blocks that satisfies
    # the 总计 identities agrees (tests/pipeline/tables/test_review_flows.py), never wrong
    spec = _sound_spec(nonzero_review=True)
    found, warnings = reconstruct_with_warnings(_raw_layer(spec, 2))
    review = next(t.table for t in found if t.table_id == T.REVIEW)
    expected = spec.expected_tables()[T.REVIEW]
    read = [(r, c) for r, cells in review.items() for c, cell in cells.items()
            if cell.semantic != "missing"]
    assert all(review[r][c].value == expected[r][c][0] for r, c in read)
    assert read and any("table 四" in w and "orders of its lines" in w for w in warnings)


def test_raw_layer_through_extract_has_no_wrong_cell():
    spec = _sound_spec()
    report = extract_bytes("\n".join(_raw_layer(spec, 4)).encode(), path="raw.txt", ocr=False)
    expected = spec.expected_tables()[T.APPLICATIONS]
    for row, cols in expected.items():
        for col, (value, semantic) in cols.items():
            cell = report.cell(T.APPLICATIONS, row, col)
            assert cell is not None and (cell.value, cell.semantic) == (value, semantic)


def test_table_two_values_inside_table_three_are_kept_out_of_it():
    spec = _sound_spec()
    found, warnings = reconstruct_with_warnings(_raw_layer(spec, 5, displaced_active=True))
    right, wrong, missing = _wrong(_applications(found), spec)
    assert wrong == 0
    assert right == sum(len(c) for c in spec.expected_tables()[T.APPLICATIONS].values())
    assert any("printed inside table 三" in w for w in warnings)
    active = next(t.table for t in found if t.table_id == T.ACTIVE)
    expected = spec.expected_tables()[T.ACTIVE]
    for row, cells in active.items():  # placed only where certain, never wrong
        for col, cell in cells.items():
            assert cell.semantic == "missing" or (cell.value, cell.semantic) == expected[row][col]
