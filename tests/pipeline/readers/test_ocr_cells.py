"""Ruled tables read cell by cell (pipeline/ocr/cells.py): no text detector where the rules
bound the cells, blank cells never recognised and never 0, wrapped labels split into lines,
character strokes not taken for rules, identical crops read once."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.ocr import cells as C
from pipeline.ocr import grid as G
from pipeline.ocr.ruled import read_regions
from replica.generate import generate_reports
from replica.render import render_table_png


@pytest.fixture(scope="module")
def models():
    pytest.importorskip("rapidocr")
    from pipeline import ocr
    return ocr.engine()


def test_a_ruled_table_is_read_without_the_detector(models, monkeypatch):
    from pipeline.extract import extract_bytes
    from pipeline.ocr import cache
    from replica.spec import GroundTruth

    spec = generate_reports(1, seed=93, broken_share=0.0)[0]
    png = render_table_png(spec, "applications")

    def no_detector(*_args):
        raise AssertionError("the detector ran on a ruled table")

    monkeypatch.setattr(models, "detect", no_detector)
    monkeypatch.setattr(cache, "_memory", type(cache._memory)())
    report = extract_bytes(png, path="table3.png")
    wrong = []
    for row, cols in spec.tables["applications"].items():
        for col, printed in cols.items():
            value, semantic = GroundTruth.expected_cell(printed)
            cell = report.tables["applications"][row][col]
            if (cell.semantic, cell.value) != (semantic, value):
                wrong.append((row, col, printed, cell))
    assert wrong == []


def test_blank_cells_are_not_recognised_and_stay_blank(models):
    from replica.render import layout_pictures as pictures
    from replica.render.layouts import report_layouts
    from pipeline.ocr import recognise
    from pipeline.readers.picture import load_gray
    from tests.pipeline.readers.scoring import review_table

    layout = report_layouts(57)[2]
    for c in (1, 3, 8):
        layout.cells[3][c] = ""
    gray = load_gray(pictures.screenshot_html(pictures.layout_html(layout), 1600))
    regions, horizontal, vertical = G.find_tables(gray)
    calls: list[int] = []

    def counting(images, checked=True):
        calls.append(len(images))
        return recognise(images, checked)

    boxes = read_regions(gray, regions, horizontal, vertical, 2, counting)
    grid = G.region_grid(regions[0], horizontal, vertical, boxes, "ocr:image1", gray)
    assert [grid.rows[3][c].text for c in (1, 3, 8)] == ["", "", ""]
    anchors = [cell for r, row in enumerate(grid.rows) for c, cell in enumerate(row)
               if cell.is_anchor(r, c)]
    # one recogniser input a printed cell (wrapped lines side by side, or a label's first
    # characters), none for the blanks; then the labels whose first characters did not
    # complete, whole
    assert calls[0] == sum(1 for cell in anchors if cell.text) == len(anchors) - 3
    assert sum(calls[1:]) <= sum(1 for cell in anchors if cell.text and "/read=" not in
                                 cell.locator)
    table = review_table(grid)
    blanks = [cell for row in table.values() for cell in row.values()
              if cell.semantic == "empty"]
    assert len(blanks) == 3 and all(cell.value is None for cell in blanks)


def _bars(*rows: tuple[int, int], width: int = 30) -> np.ndarray:
    ink = np.zeros((max(b for _, b in rows) + 4, width), dtype=bool)
    for a, b in rows:
        ink[a:b, 2:width - 2] = True
    return ink


def test_wrapped_labels_split_into_lines_and_characters_stay_whole():
    # two lines of 10 px text, 5 blank rows apart
    assert C.split_lines(_bars((2, 12), (17, 27)), 10.0) == [(2, 12), (17, 27)]
    # 三 at 10 px: three strokes with blank rows between, one line
    assert C.split_lines(_bars((2, 4), (6, 8), (10, 12)), 10.0) == [(2, 12)]
    # a line of 二 above a line of digits: the blank rows inside 二 never split it
    assert C.split_lines(_bars((2, 4), (9, 11), (16, 26)), 9.0) == [(2, 11), (16, 26)]
    # specks alone are no line
    speck = np.zeros((20, 20), dtype=bool)
    speck[5, 5] = True
    assert C.split_lines(speck, 10.0) == []


def _ruled_sheet() -> np.ndarray:
    gray = np.full((120, 400), 255, dtype=np.uint8)
    for y in (20, 50, 80, 110):
        gray[y:y + 2, 10:392] = 0
    for x in (10, 200, 390):
        gray[20:112, x:x + 2] = 0
    return gray


def test_a_character_stroke_from_rule_to_rule_is_not_a_rule():
    plain = _ruled_sheet()
    regions = G.find_tables(plain)[0]
    assert len(regions) == 1 and len(regions[0].xs) == 3
    # 十 in a tight row: its upright runs from rule to rule, its bar crosses it
    cross = plain.copy()
    cross[52:80, 100:102] = 0
    cross[65:67, 92:110] = 0
    assert [len(r.xs) for r in G.find_tables(cross)[0]] == [3]
    # the same upright with the cell's padding on both sides is a rule (one row's split)
    rule = plain.copy()
    rule[52:80, 100:102] = 0
    assert [len(r.xs) for r in G.find_tables(rule)[0]] == [4]


def test_identical_crops_are_read_once(models, monkeypatch):
    rng = np.random.default_rng(5)
    a = np.full((48, 60, 3), 255, dtype=np.uint8)
    a[10:38, 20:24] = 0  # a 1
    b = a.copy()
    b[10:14, 20:40] = 0  # a 7, more or less
    noise = (rng.random((48, 60, 3)) * 255).astype(np.uint8)
    seen: list[int] = []
    inner = models._recognise_unique

    def counting(crops, checked=True):
        seen.append(len(crops))
        return inner(crops, checked)

    monkeypatch.setattr(models, "_recognise_unique", counting)
    read = models.recognise([a, b, a.copy(), noise, b.copy()])
    assert seen == [3]
    assert read[0] == read[2] and read[1] == read[4]
