"""A table continued over pages is one table whether its column edges repeat exactly or not:
generated reports printed on A6 by the real Chromium (``clipped``: table 三 wider than the page),
where a later page rules one more column edge, and tables of one width set touching."""

from __future__ import annotations

import pytest

from benchmarks.textlayer import score_tables
from pipeline.document import TableBlock
from pipeline.extract import extract_bytes
from pipeline.readers.pdf import read_pdf
from replica.generate import generate_reports
from tests.pipeline.readers.chromium_prints import print_in_fresh_cache

#: seed-7 reports: 0 — table 三's header starts at a page's foot and its label column splits in
#: two only two pages later; 5 — tables after the signature, table 三's end flush on table 四
SPECS = (0, 5)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    specs = [s for s in generate_reports(8, 7) if not s.layout.tables_as_images]
    jobs = [(specs[i], "clipped") for i in SPECS]
    pdfs = print_in_fresh_cache(jobs, tmp_path_factory.mktemp("chromium-cache"))
    return {i: (spec, pdf) for i, (spec, _), pdf in zip(SPECS, jobs, pdfs)}


def _three(pdf: bytes) -> list[TableBlock]:
    return [b for b in read_pdf(pdf).blocks if isinstance(b, TableBlock)
            and "自然人" in b.grid.text() and "予以公开" in b.grid.text()]


def test_a_page_with_one_more_column_edge_continues_the_table_with_its_header(printed):
    # the head joined from two pages kept no cell boxes, so the page whose label column splits
    # ((三)不予公开 | 1.属于国家秘密) stayed a table of its own, its rows without a header
    spec, pdf = printed[0]
    (three,) = _three(pdf)
    text = three.grid.text()
    assert "申请人情况" in text and "属于国家秘密" in text and "结转下年度" in text
    per_table, wrongs = score_tables(extract_bytes(pdf, path=f"{spec.slug}.pdf", ocr=False), spec)
    assert not wrongs
    assert per_table["applications"][2] == 0, per_table


def test_a_table_flush_on_another_of_the_same_width_is_split_at_the_seam(printed):
    # table 三's last rows and table 四's 行政复议 / 行政诉讼 row came out of the table finder
    # as one table (same outer width, no shared column edge): 三 took a column of 四's and 四
    # lost its top header row
    spec, pdf = printed[5]
    assert spec.layout.tables_displaced
    per_table, wrongs = score_tables(extract_bytes(pdf, path=f"{spec.slug}.pdf", ocr=False), spec)
    assert not wrongs
    assert all(m == 0 for _, _, m in per_table.values()), per_table


@pytest.mark.parametrize("seed, index, style", [(13, 6, "clipped"), (11, 5, "narrow")])
def test_a_header_cut_at_the_page_foot_keeps_the_lines_painted_past_the_cut(tmp_path, seed,
                                                                         index, style):
    # table 四's leaves 结果维持 / 尚未审结, one character a line with a blank line between the
    # words, are cut by the page break: their last lines stand below the cut a blank line down
    # and were a paragraph, so the leaves read 结果 / 尚未 and no key was certain
    spec = [s for s in generate_reports(8, seed) if not s.layout.tables_as_images][index]
    (pdf,) = print_in_fresh_cache([(spec, style)], tmp_path)
    per_table, wrongs = score_tables(extract_bytes(pdf, path=f"{spec.slug}.pdf", ocr=False), spec)
    assert not wrongs
    assert per_table["review_litigation"] == [15, 0, 0], per_table
