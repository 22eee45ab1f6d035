from __future__ import annotations

from hypothesis import given, strategies as st

from pipeline.tables.normalize import (edit_distance, label_matches, norm_label, parse_cell, squash,
                                strip_numbering)
from pipeline.template import APPLICATION_ROWS


def test_squash_removes_every_kind_of_space_and_bookmarks():
    assert squash("[bookmark: _Hlk66973412]三、本 年\u3000度\xa0办\t理") == "三、本年度办理"


def test_numbering_prefixes_are_dropped():
    for raw in ("一、本年新收", "（三）本年新收", "(三)本年新收", "1.本年新收", "2、本年新收",
                "3．本年新收"):
        assert norm_label(raw) == "本年新收", raw


def test_a_decimal_is_not_numbering():
    assert strip_numbering("1.5") == "1.5"


def test_quotes_split_over_lines_still_match():
    joined = "".join(["3.", "危及", "“", "三安全一稳定", "”"])
    assert label_matches(joined, "危及“三安全一稳定”")


def test_a_dropped_character_matches_but_a_different_label_does_not():
    assert label_matches("其他法律行政法规禁公开", "其他法律行政法规禁止公开")
    assert not label_matches("属于国家秘密", "属于行政查询事项")
    assert not label_matches("其他", "其他处理")


def test_fixed_labels_are_pairwise_distinct_under_fuzzy_matching():
    labels = [r.label for r in APPLICATION_ROWS if r.key != "other_handling"]
    for a in labels:
        assert sum(label_matches(a, b) for b in labels) == 1, a


def test_cell_semantics():
    assert (parse_cell("\u30000").value, parse_cell("\u30000").semantic) == (0, "number")
    assert parse_cell("1,234").value == 1234
    assert parse_cell("706万元").value == 706
    assert parse_cell("0.25").value == 0.25
    assert parse_cell("").semantic == "empty"
    assert parse_cell("\xa0 \u3000").semantic == "empty"
    for dash in ("/", "-", "—", "－", "–", "／", "无", "不适用", "——"):
        assert parse_cell(dash).semantic == "na", dash
    assert parse_cell("2.").semantic == "text"  # numbering, never a value
    assert parse_cell("约3").semantic == "text"


def test_ocr_dash_read_as_yi_is_na_with_a_warning():
    parsed = parse_cell("一", ocr=True)
    assert parsed.semantic == "na" and parsed.value is None and parsed.warning
    assert parse_cell("一").value is None


def test_signed_change_column():
    assert parse_cell("-3", signed=True).value == -3
    assert parse_cell("减2", signed=True).value == -2
    assert parse_cell("减2").semantic == "text"


@given(st.integers(min_value=0, max_value=10**9))
def test_integers_round_trip_with_separators_and_full_width(n):
    assert parse_cell(str(n)).value == n
    assert parse_cell(f"{n:,}").value == n
    full = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_cell(full).value == n


@given(st.text(max_size=12), st.text(max_size=12))
def test_edit_distance_is_symmetric_and_bounded(a, b):
    d = edit_distance(a, b, limit=50)
    assert d == edit_distance(b, a, limit=50)
    assert d <= max(len(a), len(b))
