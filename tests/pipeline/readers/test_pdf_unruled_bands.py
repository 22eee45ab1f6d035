"""Unruled tables printed by headless Chromium whose cells do not share one baseline: in some
rows of table 三 the numbers of 其他 and 总计 stand 7.5 pt below their neighbours' (generated
reports of seed 7), and where the table goes on over a page break such a number stands in the
top margin. The PDFs are printed by the real /usr/bin/chromium into a fresh cache."""

from __future__ import annotations

import pytest

from benchmarks.textlayer import score_tables
from pipeline import template as T
from pipeline.extract import extract_bytes
from pipeline.readers.pdf_layout import value_columns, values
from pipeline.readers.pdf_headers import Word
from pipeline.readers.pdf_positions import row_bands
from replica.generate import generate_reports
from tests.pipeline.readers.chromium_prints import print_in_fresh_cache

#: generated reports of seed 7 with numbers set off their row's baseline
SLUGS = ("11371082Q67PLEFUC2-2024", "113710821KLL62K4A8-2019")
#: reports of seed 7 whose headers are set distributed down tall cells (自 / 然 / 人 27 pt apart)
DISTRIBUTED = ("11371082Q67PLEFUC2-2022",)
#: a report of seed 7 whose table 三 goes on over a page break straight into table 四's header
RUN_ON = "11371082Q67PLEFUC2-2025"
#: cells of those reports whose number stands below its row's (read blank before)
LOWERED = {
    SLUGS[0]: [("carried_over", "other"), ("denied_law_prohibited", "other"),
               ("denied_internal_affairs", "total"), ("denied_process_info", "other"),
               ("denied_enforcement_file", "total"), ("unable_still_unclear", "total"),
               ("not_processed_petition", "total"), ("not_processed_excessive", "other"),
               ("not_processed_excessive", "total"), ("other_other", "other"),
               ("carried_forward", "other")],
    SLUGS[1]: [("carried_over", "other"), ("denied_security_stability", "other"),
               ("denied_internal_affairs", "other")],
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """{(slug, style): (spec, pdf)}, printed in one Chromium process."""
    specs = [s for s in generate_reports(8, 7) if s.slug in SLUGS + DISTRIBUTED + (RUN_ON,)]
    assert len(specs) == len(SLUGS + DISTRIBUTED) + 1
    jobs = [(spec, style) for spec in specs for style in ("unruled", "centred")]
    pdfs = print_in_fresh_cache(jobs, tmp_path_factory.mktemp("chromium-cache"))
    return {(spec.slug, style): (spec, pdf) for (spec, style), pdf in zip(jobs, pdfs)}


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("style", ["unruled", "centred"])
def test_a_number_set_below_its_row_is_read_in_that_row(printed, slug, style):
    # the lowered numbers made a line of their own: a row without a label whose values were
    # dropped, while the labelled row read blank there ('' for a printed 0)
    spec, pdf = printed[(slug, style)]
    report = extract_bytes(pdf, path=f"{slug}.{style}.pdf", ocr=False)
    _, wrongs = score_tables(report, spec)
    assert not wrongs
    truth = spec.expected_tables()[T.APPLICATIONS]
    for row, col in LOWERED[slug]:
        cell = report.cell(T.APPLICATIONS, row, col)
        assert cell is not None and cell.semantic != "missing", (row, col)
        assert cell.value == truth[row][col][0], (row, col)


def test_a_lowered_number_at_the_top_of_a_continued_page_is_not_a_page_number(printed):
    # 113710821KLL62K4A8-2019: table 三 goes on on page 4, where the 其他 of row
    # 6.属于四类过程性信息 stands alone on its line in the top margin
    spec, pdf = printed[("113710821KLL62K4A8-2019", "unruled")]
    report = extract_bytes(pdf, path="continued.pdf", ocr=False)
    cell = report.cell(T.APPLICATIONS, "denied_process_info", "other")
    truth = spec.expected_tables()[T.APPLICATIONS]["denied_process_info"]["other"][0]
    assert cell is not None and cell.semantic != "missing" and cell.value == truth


@pytest.mark.parametrize("style", ["unruled", "centred"])
def test_header_lines_set_far_apart_in_a_tall_cell_are_one_header(printed, style):
    # 自 / 然 / 人 (table 三) and 结果 / 维持 (table 四) stand 27 pt apart at a 15 pt leading:
    # read as three header levels, 自然人 had no leaf and 行政复议 spanned one column
    spec, pdf = printed[(DISTRIBUTED[0], style)]
    report = extract_bytes(pdf, path=f"{spec.slug}.{style}.pdf", ocr=False)
    per_table, wrongs = score_tables(report, spec)
    assert not wrongs
    assert per_table[T.APPLICATIONS][2] == 0 and per_table[T.REVIEW][2] == 0, per_table


def test_table_three_running_into_four_is_read_apart_from_it(printed):
    # one region held both tables: their numbers made one set of columns under neither header
    spec, pdf = printed[(RUN_ON, "unruled")]
    report = extract_bytes(pdf, path=f"{spec.slug}.unruled.pdf", ocr=False)
    per_table, wrongs = score_tables(report, spec)
    assert not wrongs
    assert per_table[T.APPLICATIONS][2] == 0 and per_table[T.REVIEW][2] == 0, per_table


def test_two_overlapping_numbers_in_one_column_are_not_read_by_position():
    # glyphs overlapping vertically are one row; two numbers of one column in one row fit
    # neither one row nor two
    row = [Word(t, x, x + 7, 100.0, 10.5) for t, x in (("1", 300), ("2", 340), ("3", 380))]
    lowered = [Word("4", 381, 388, 107.5, 10.5)]
    lines = [row, lowered]
    cols = value_columns(lines)
    assert row_bands(lines, cols) is None
    apart = [row, [Word("4", 381, 388, 140.0, 10.5)]]
    assert [len(values(r)) for r in row_bands(apart, value_columns(apart))] == [3, 1]
    beside = [row, [Word("4", 420, 427, 107.5, 10.5)]]
    assert [len(values(r)) for r in row_bands(beside, value_columns(beside))] == [4]
