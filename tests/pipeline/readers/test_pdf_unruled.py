"""The positional reader of unruled PDF tables (``pdf_positions``, ``pdf_headers``,
``pdf_active``) on geometries that made cells missing: each case built from the template's
texts and from a report of the generator drawn by ``replica.render.textlayer_pdf``."""

from __future__ import annotations

import pytest

from benchmarks.textlayer import score_tables
from pipeline import template as T
from pipeline.document import Grid
from pipeline.extract import extract_bytes
from pipeline.readers.pdf_headers import Word, header_rows
from pipeline.readers.pdf_layout import label_blocks
from pipeline.readers.pdf_positions import (PositionalTable, build_grid, line_words,
                                            positional_regions)
from pipeline.tables import active
from pipeline.tables.applications import column_key
from pipeline.tables.common import header_paths
from pipeline.tables.tokens import grid_tokens
from replica.generate import generate_reports
from replica.render.textlayer_pdf import render_drawn_pdf

SIZE = 10.0


def _chars(text: str, x0: float, top: float = 100.0, advance: float = SIZE) -> list[dict]:
    """Characters set edge to edge from x0, as a PDF's advance boxes stand."""
    return [{"text": ch, "x0": x0 + k * advance, "x1": x0 + (k + 1) * advance, "top": top,
             "size": SIZE} for k, ch in enumerate(text)]


def _centred(text: str, centre: float, top: float, size: float = SIZE) -> Word:
    return Word(text, centre - len(text) * size / 2, centre + len(text) * size / 2, top, size)


def test_two_headers_touching_across_their_cells_padding_are_two_words():
    # 商业企业 and 科研机构 wrapped in cells narrower than the words' spacing: each line of the
    # two headers is 2 characters, 3 pt apart (the cells' padding), far less than half a
    # character: read as one word 商业科研 their columns had no header
    chars = _chars("商业", 100) + _chars("科研", 123) + _chars("19件", 200, advance=5.0)
    chars += _chars("1.属于", 300, advance=5.0)
    assert [w.text for w in line_words(chars)] == ["商业", "科研", "19件", "1.属于"]


def test_two_numbers_of_narrow_columns_touching_are_two_numbers():
    # two zeros overflowing narrow cells, 5 pt apart: read as the number 00 of one column
    chars = _chars("0", 100, advance=6.0) + _chars("0", 111, advance=6.0)
    assert [w.text for w in line_words(chars)] == ["0", "0"]


def test_numbers_in_columns_the_header_does_not_name_are_not_read_by_position():
    # one column's numbers set at other x from row to row (they do not overlap): three columns
    # of numbers under two header leaves; read by position, a row's number in the column
    # without a leaf was dropped and its headed cell read blank instead of missing
    lines = [[Word("自然人", 100, 130, 0, SIZE), Word("总计", 160, 180, 0, SIZE)],
             [Word("一、本年新收", 10, 70, 20, SIZE), Word("3", 110, 115, 20, SIZE),
              Word("3", 170, 175, 20, SIZE)],
             [Word("二、上年结转", 10, 70, 34, SIZE), Word("2", 125, 130, 34, SIZE),
              Word("2", 170, 175, 34, SIZE)]]
    assert build_grid(lines, "t") is None
    lines[2][1] = Word("2", 110, 115, 34, SIZE)
    grid = build_grid(lines, "t")
    assert [[c.text for c in row] for row in grid.rows[1:]] == [
        ["一、本年新收", "3", "3"], ["二、上年结转", "2", "2"]]


def test_merged_header_words_of_table_three_name_their_columns():
    # the headers wrapped two characters a line in cells narrower than their words' spacing:
    # neighbouring lines stand 4 pt apart (the cells' padding) and were read as one word
    # (商业科研 / 企业机构), so those columns had no header
    leaves = [c.label for c in T.APPLICATION_COLUMNS]
    centres = [60.0 + 24 * i for i in range(len(leaves))]
    cols = [(c - 4, c + 4) for c in centres]
    lines = [line_words(_chars(T.APPLICATIONS_HEADER, (centres[0] + centres[-1]) / 2 - 25, 0)),
             line_words(_chars(T.APPLICANT_GROUP, (centres[1] + centres[5]) / 2 - 35, 14))]
    pieces: dict[float, list[dict]] = {}
    for i, leaf in enumerate(leaves):
        for k in range(0, len(leaf), 2):
            part = leaf[k:k + 2]
            top = 28.0 + 6 * k
            pieces.setdefault(top, []).extend(
                _chars(part, centres[i] - len(part) * SIZE / 2, top))
    lines += [line_words(chars) for _, chars in sorted(pieces.items())]
    rows = header_rows(lines, cols, zone=30.0, n_label=1, locator="t")
    keys = [column_key(p) for p in header_paths(Grid(rows, "t"), range(len(rows)))]
    assert keys[1:] == [c.key for c in T.APPLICATION_COLUMNS]


def test_a_label_set_above_its_numbers_is_kept_under_a_repeated_header():
    # the header repeated after a page break, then 1.本机关不掌握相关政府 / 7 … / 信息 (the label
    # centred on its numbers): its first line was dropped with the header
    head = PositionalTable([[Word("8.属于行政查询事项", 20, 110, 10, SIZE),
                             Word("0", 150, 155, 10, SIZE), Word("0", 180, 185, 10, SIZE)]], 1, 1)
    tail = PositionalTable([[Word(T.APPLICATIONS_HEADER, 150, 200, 5, SIZE)],
                            [Word("1.本机关不掌握相关政府", 20, 130, 20, SIZE)],
                            [Word("7", 150, 155, 26, SIZE), Word("7", 180, 185, 26, SIZE)],
                            [Word("信息", 20, 40, 32, SIZE)]], 2, 1)
    head.extend(tail)
    texts = [w.text for ln in head.lines for w in ln]
    assert T.APPLICATIONS_HEADER not in texts
    assert "1.本机关不掌握相关政府" in texts


def test_a_header_starting_right_of_the_labels_is_over_the_values():
    # 自 of 自然人 set one character a line, centred in its cell, over numbers set flush right:
    # it ends left of the numbers and was read as the label zone's header text
    cols = [(140.0, 146.0), (180.0, 186.0)]
    lines = [[Word("（本列数据的勾稽关系", 10, 110, 0, SIZE), Word("自", 122, 132, 0, SIZE),
              Word("总计", 170, 190, 12, SIZE)],
             [Word("然", 122, 132, 12, SIZE)], [Word("人", 122, 132, 24, SIZE)]]
    rows = header_rows(lines, cols, zone=139.0, n_label=1, locator="t", label_right=112.0)
    paths = header_paths(Grid(rows, "t"), range(len(rows)))
    assert [column_key(p) for p in paths[1:]] == ["natural_person", "total"]
    assert "自" not in rows[0][0].text


def test_a_fragment_level_with_the_next_rows_numbers_is_a_label_of_its_own():
    # rows 16 pt apart, a label's wrapped lines 11 pt: 小计 came 1.6 characters under the last
    # line of the row above and joined it (8.属于行政查询事项小计)
    tops = [100.0, 116.0]
    words = [Word("8.属于行政查询事项", 20, 110, 100, 9.0), Word("小计", 20, 38, 116, 9.0)]
    assert [b.text for b in label_blocks(words, tops)] == ["8.属于行政查询事项", "小计"]


def test_table_four_leaves_wrapped_at_the_bottom_of_their_cells_join():
    # cells set at the bottom: 其他结果 wrapped 其他 / 结果 stands a line above its one-line
    # neighbours; 其他 is a header of table 三, which made it a header spanning them
    leaves = [c.label for c in T.REVIEW_COLUMNS]
    centres = [40.0 + 30 * i for i in range(len(leaves))]
    cols = [(c - 3, c + 3) for c in centres]
    lines = [[_centred(T.REVIEW_GROUP, centres[2], 0)],
             [_centred("结果纠", centres[1], 14), _centred("其他", centres[2], 14)],
             [_centred(leaves[0], centres[0], 26), _centred("正", centres[1], 26),
              _centred("结果", centres[2], 26), _centred(leaves[3], centres[3], 26),
              _centred(leaves[4], centres[4], 26)]]
    rows = header_rows(lines, cols, zone=20.0, n_label=1, locator="t")
    paths = header_paths(Grid(rows, "t"), range(len(rows)))
    assert paths[1:] == [[T.REVIEW_GROUP, leaf] for leaf in leaves]


def _active_lines() -> list[list[Word]]:
    """Table 二 (2021) of an unruled PDF: headers centred over numbers set right, the header
    信息内容 and the labels wrapped in a narrow first column and centred vertically."""
    x = {"label": 30.0, "v1": 150.0, "v2": 230.0, "v3": 310.0}

    def caption(item: int, top: float) -> list[Word]:
        return [_centred(T.ART20_CAPTION.format(item=T.ART20_ROMAN[item]), 200, top)]

    def num(text: str, right: float, top: float) -> Word:
        return Word(text, right - 5 * len(text), right, top, SIZE)

    return [
        caption(1, 0),
        [_centred("信息内", x["label"], 12)] + [_centred(c.label, x[k] - 20, 14)
                                            for k, c in zip(("v1", "v2", "v3"),
                                                            T.ACTIVE_COLUMNS_2021)],
        [_centred("容", x["label"], 24)],
        [_centred("规章", x["label"], 40), num("3", x["v1"], 40), num("0", x["v2"], 40),
         num("12", x["v3"], 40)],
        [_centred("行政规范", x["label"], 54)],
        [num("5", x["v1"], 60), num("1", x["v2"], 60), num("20", x["v3"], 60)],
        [_centred("性文件", x["label"], 66)],
        caption(5, 84),
        [_centred("信息内", x["label"], 96), _centred("本年处理决定数量", 200, 102)],
        [_centred("容", x["label"], 108)],
        [_centred("行政", x["label"], 122)],
        [num("19", x["v3"], 128)],
        [_centred("许可", x["label"], 134)],
    ]


def test_table_two_sub_tables_read_by_position():
    # wrapped 信息内 / 容 and 行政 / 19 / 许可 (the value on neither line of its label) left
    # the rows unread on the text path
    table = PositionalTable(_active_lines(), 1, 1)
    match = active.match_tokens(grid_tokens(table.grid()))
    read = {row: {col: cell.value for col, cell in cols.items()}
            for row, cols in match.table.items()}
    assert read == {"rules": {"issued": 3, "repealed": 0, "in_force": 12},
                    "normative_docs": {"issued": 5, "repealed": 1, "in_force": 20},
                    "admin_licensing": {"decisions": 19}}


def test_a_table_two_row_under_another_items_caption_is_not_read():
    # 行政许可 under the caption of item 一 (its own caption lost): never read under 规章's
    # three headers
    lines = _active_lines()
    del lines[7:10]  # item 五's caption and header
    assert [w.text for w in lines[7]] == ["行政"]
    lines[8] = [Word("4", 145, 150, 128, SIZE), Word("2", 225, 230, 128, SIZE),
                Word("19", 300, 310, 128, SIZE)]
    match = active.match_tokens(grid_tokens(PositionalTable(lines, 1, 1).grid()))
    assert "admin_licensing" not in match.table
    assert set(match.table) == {"rules", "normative_docs"}


def test_table_four_header_left_of_its_numbers_is_no_label_text():
    # table 四 has no row labels: 持 of 结果维持 wrapped flush left in its cell, over numbers
    # set flush right, ended left of them and was read as the (empty) label column's text
    lines = [[Word(T.REVIEW_GROUP, 100, 140, 0, SIZE)],
             [Word("结果维", 95, 125, 12, SIZE), Word("总计", 160, 180, 12, SIZE)],
             [Word("持", 95, 105, 24, SIZE)],
             [Word("0", 126, 131, 40, SIZE), Word("3", 175, 180, 40, SIZE)]]
    grid = build_grid(lines, "t")
    paths = header_paths(grid, range(grid.n_rows - 1))
    assert [p[-1] for p in paths[1:]] == ["结果维持", "总计"]
    assert grid.rows[0][0].text == ""


def test_table_two_going_on_at_the_top_of_a_page_is_read_by_position():
    # 行政事 / 业性收 / 费 0 left over the page break: one number a row, which a table 三 or 四
    # going on never prints, so the rows went to the text path and out of table 二
    lines = [("行政事", [Word("行政事", 20, 50, 10, SIZE)]),
             ("业性收", [Word("业性收", 20, 50, 22, SIZE)]),
             ("费 0", [Word("费", 20, 30, 34, SIZE), Word("0", 200, 205, 34, SIZE)]),
             ("三、收到和处理政府信息公开申请情况", [Word("三、收到和处理政府信息公开申请情况", 20, 200, 60, SIZE)])]
    texts, words = [t for t, _ in lines], [w for _, w in lines]
    assert positional_regions(texts, words, continued=True) == [(0, 3)]
    assert positional_regions(texts[:2] + ["0"], words[:2] + [[Word("0", 200, 205, 34, SIZE)]],
                              continued=True) == []


@pytest.fixture(scope="module")
def specs():
    return [s for s in generate_reports(16, 3) if not s.layout.tables_as_images]


@pytest.mark.parametrize("n", [0, 5, 7, 8, 9, 10, 13])
def test_drawn_unruled_reports_read_every_cell(specs, n):
    # the reports of benchmarks/pdfdrawn.py -n 16 --seed 3 whose unruled tables had missing
    # cells (touching headers, labels lost or glued, table 四's wrapped leaves, table 二)
    spec = specs[n]
    report = extract_bytes(render_drawn_pdf(spec, seed=n, rulings="none"),
                           path=f"{spec.slug}.pdf", ocr=False)
    per_table, wrongs = score_tables(report, spec)
    assert wrongs == []
    assert {t: missing for t, (_, _, missing) in per_table.items()} == {
        t: 0 for t in per_table}, spec.slug
