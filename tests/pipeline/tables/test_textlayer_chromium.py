"""The text layers (pdftotext -layout, pdfplumber, pypdf) of generated reports printed to PDF by
the real /usr/bin/chromium (``replica.render.chromium_pdf``), through the text reader: every
cell of the table the fix is about is read, and no cell anywhere is wrong.

The reports are generated (seed 7) and picked by what their prints show: values wrapped in
their narrow cells (the generator pads some numbers with a full-width space, as Word and WPS
exports do, and the space stays on the cell's first line), a 2019 table 二 whose 本年增/减
header pypdf prints as ``增 / 减``, a narrow page wrapping ``4.无正当理由…`` as ``4. 无``, a label
printed with a typo that pypdf glues to its row's first value."""

from __future__ import annotations

import pytest

from benchmarks.textlayer import score_tables
from pipeline import template as T
from pipeline.extract import extract_bytes
from replica.generate import generate_reports
from replica.render.textlayer import pdf_text_layer
from tests.pipeline.readers.chromium_prints import print_in_fresh_cache

#: (report slug of generate_reports(8, 7), style) printed for these tests
PRINTS = {
    "wrapped": ("11371082Q67PLEFUC2-2024", "ruled"),
    "slashed": ("11371082Q67PLEFUC2-2019", "ruled"),
    "wu": ("11371082Q67PLEFUC2-2025", "narrow"),
    "typo": ("113710821KLL62K4A8-2019", "page"),
    "glued-wrapped": ("113710821KLL62K4A8-2019", "ruled"),
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """{name: (spec, pdf)}, every PDF printed in one Chromium process into a fresh cache."""
    specs = {s.slug: s for s in generate_reports(8, 7)}
    missing = {slug for slug, _ in PRINTS.values()} - set(specs)
    assert not missing, f"the generator no longer makes {missing}: pick new reports"
    jobs = [(specs[slug], style) for slug, style in PRINTS.values()]
    pdfs = print_in_fresh_cache(jobs, tmp_path_factory.mktemp("chromium-cache"))
    return {name: (spec, pdf) for name, (spec, _), pdf in zip(PRINTS, jobs, pdfs)}


def _read(printed, name: str, form: str):
    """{table id: [right, wrong, missing]} and the wrong cells of one print's text layer."""
    spec, pdf = printed[name]
    text = pdf_text_layer(pdf, form)
    report = extract_bytes(text.encode("utf-8"), path=f"{spec.slug}.{form}.txt", ocr=False)
    return score_tables(report, spec)


@pytest.mark.parametrize("form", ["pdftotext-layout", "pdfplumber", "pypdf"])
def test_values_wrapped_in_their_cells_are_read(printed, form):
    # the other cells of a row and the dropped value are on two lines: no row was on one
    # line, the rows by line failed, and the whole table 三 was read from lines holding a
    # label and seven values only (70 of 175 cells)
    per_table, wrongs = _read(printed, "wrapped", form)
    assert not wrongs
    assert per_table[T.APPLICATIONS][2] == 0, per_table


def test_the_slash_of_a_column_header_is_no_value(printed):
    # pypdf prints 本年增/减 as 增 / 减: read as a dash cell, table 二 (2019 format) had 25
    # values for 22 cells and only 3 were read
    per_table, wrongs = _read(printed, "slashed", "pypdf")
    assert not wrongs
    assert per_table[T.ACTIVE][2] == 0, per_table


def test_a_label_wrapped_after_its_wu_is_read(printed):
    # A5 wraps 4.无正当理由大量反复申请 as "4. 无" / "正当" / …: 无 was a dash cell, table 三 had
    # 176 values for 175 cells and only 7 were read
    per_table, wrongs = _read(printed, "wu", "pypdf")
    assert not wrongs
    assert per_table[T.APPLICATIONS][2] == 0, per_table


@pytest.mark.parametrize("name", ["typo", "glued-wrapped"])
def test_a_glued_first_value_is_split_by_a_label_with_a_typo_or_a_wrapped_row(printed, name):
    # 其他法律行政规禁止公开0 (the label a typo off the template's) and 属于四类过程性信息2 with
    # the row's last values on the line under it: neither was split, table 三 was one value
    # short and 35 / 98 of its cells were missing
    per_table, wrongs = _read(printed, name, "pypdf")
    assert not wrongs
    assert per_table[T.APPLICATIONS][2] == 0, per_table
