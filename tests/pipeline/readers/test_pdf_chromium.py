"""The PDF reader on reports printed by headless Chromium (``replica.render.chromium_pdf``): Skia's
layout, subset CID fonts, borders as filled rectangles, tables broken over pages with no rule at
the cut, a spanning label's text painted past its cut border, the browser's running header and
footer. Every PDF here is printed by the real /usr/bin/chromium into a fresh cache."""

from __future__ import annotations

import pytest

from benchmarks.textlayer import score_tables
from pipeline.document import Paragraph
from pipeline.extract import extract_bytes
from pipeline.readers.pdf import read_pdf
from replica.generate import generate_reports
from replica.render.chromium_pdf import article_url, render_chromium_pdfs
from tests.pipeline.readers.chromium_prints import print_in_fresh_cache

#: generated reports (seed 3) whose table 三 runs over a page break in every style
SPECS = (2, 7)
STYLES = ("page", "ruled", "narrow", "clipped", "breaks-thead", "unruled")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """{(spec index, style): (spec, pdf)}, all printed in one Chromium process."""
    specs = [s for s in generate_reports(8, 3) if not s.layout.tables_as_images]
    jobs = [(specs[i], style) for i in SPECS for style in STYLES]
    pdfs = print_in_fresh_cache(jobs, tmp_path_factory.mktemp("chromium-cache"))
    return {(i, style): (spec, pdf) for (spec, style), pdf, i in
            zip(jobs, pdfs, [i for i in SPECS for _ in STYLES])}


def _score(spec, pdf, name):
    report = extract_bytes(pdf, path=name, ocr=False)
    per_table, wrongs = score_tables(report, spec)
    return report, per_table, wrongs


@pytest.mark.parametrize("index", SPECS)
@pytest.mark.parametrize("style", ["ruled", "breaks-thead"])
def test_a_ruled_table_cut_by_the_page_break_reads_every_cell(printed, index, style):
    # Chromium draws no rule at the cut: the continuation's first row (and a header cut at the
    # page's foot) had an open side and the table finder dropped it; the rows after it were a
    # table without its header
    spec, pdf = printed[(index, style)]
    _, per_table, wrongs = _score(spec, pdf, f"{spec.slug}.{style}.pdf")
    assert not wrongs
    assert all(m == 0 for _, _, m in per_table.values()), per_table


@pytest.mark.parametrize("index", SPECS)
def test_labels_wrapped_on_a_narrow_page_and_labels_painted_past_the_cut(printed, index):
    # A5 wraps every label and header; on A6 a spanning label's lines are painted below the
    # page's last rule and were a paragraph between the table's two pages (no join)
    for style in ("narrow", "clipped"):
        spec, pdf = printed[(index, style)]
        _, per_table, wrongs = _score(spec, pdf, f"{spec.slug}.{style}.pdf")
        assert not wrongs
        assert all(m == 0 for _, _, m in per_table.values()), (style, per_table)


@pytest.mark.parametrize("index", SPECS)
def test_the_browsers_header_and_footer_are_not_read_as_text(printed, index):
    # Print → Save as PDF puts the date and title on top of every page and the URL and n/m at
    # the foot; they stood between the pages of table 三 and stopped the join
    spec, pdf = printed[(index, "page")]
    url = article_url(spec)
    pages = read_pdf(pdf)
    assert url in "".join(pages.text_layer)  # the furniture is in the file …
    assert not any(url in b.text for b in pages.blocks if isinstance(b, Paragraph))  # … not read
    _, per_table, wrongs = _score(spec, pdf, f"{spec.slug}.page.pdf")
    assert not wrongs
    assert all(m == 0 for _, _, m in per_table.values()), per_table


@pytest.mark.parametrize("index", SPECS)
def test_unruled_prints_have_no_wrong_cell_and_a_warning_for_each_missing_one(printed, index):
    spec, pdf = printed[(index, "unruled")]
    report, per_table, wrongs = _score(spec, pdf, f"{spec.slug}.unruled.pdf")
    assert not wrongs
    if any(m for _, _, m in per_table.values()):  # never guessed: said
        assert any("missing" in w for w in report.warnings), report.warnings


def test_tables_set_touching_are_read_as_tables_of_their_own(tmp_path):
    # a report with its tables after the signature: Chromium sets them flush one under the
    # other and table 三's value columns share edges with table 二's, so pdfplumber found table
    # 二's last page and table 三's first as one table; the join with table 二's first page
    # failed and table 三's rows stood under the wrong header
    spec = [s for s in generate_reports(8, 7) if not s.layout.tables_as_images][5]
    assert spec.layout.tables_displaced
    (pdf,) = print_in_fresh_cache([(spec, "ruled")], tmp_path)
    _, per_table, wrongs = _score(spec, pdf, f"{spec.slug}.ruled.pdf")
    assert not wrongs
    assert all(m == 0 for _, _, m in per_table.values()), per_table


def test_one_browser_prints_many_files_and_the_cache_answers_again(printed, tmp_path,
                                                                   monkeypatch):
    spec, pdf = printed[(SPECS[0], "ruled")]
    monkeypatch.setenv("XXGK_REPLICA_CACHE", str(tmp_path))
    first = render_chromium_pdfs([(spec, "ruled"), (spec, "landscape")])
    assert [p[:5] for p in first] == [b"%PDF-", b"%PDF-"]
    assert len(list((tmp_path / "chromium").glob("*.pdf"))) == 2
    # a second call is served from the cache: Chromium is not started (it would fail)
    monkeypatch.setattr("replica.render.chromium_pdf._Browser.__enter__",
                        lambda self: pytest.fail("Chromium started for cached files"))
    assert render_chromium_pdfs([(spec, "ruled"), (spec, "landscape")]) == first
