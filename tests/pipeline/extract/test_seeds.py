"""Each seed's text file and its DOCX and HTML renderings yield exactly the oracle's tables."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_path
from pipeline.template import APPLICATIONS

KINDS = ("text", "docx", "html")
#: report-format.md §8.1: format and applications variant per seed
EXPECTED_KIND = {"000": ("2021", None), "001": ("2021", "2021"), "002": ("2019", "2019"),
                 "003": ("2021", None), "004": ("2021", "2021")}


def expected(spec, kind):
    tables = spec.expected_tables()
    if kind != "text":
        # the renderers print only complete rows; a partial row exists only in the seed text
        for row in spec.truth.partial_rows:
            tables.get(APPLICATIONS, {}).pop(row, None)
        tables = {t: rows for t, rows in tables.items() if rows}
    return tables


def cells_of(report):
    return {t: {r: {c: (cell.value, cell.semantic) for c, cell in cols.items()}
                for r, cols in rows.items()} for t, rows in report.tables.items()}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("key", sorted(EXPECTED_KIND))
def test_seed_tables_match_the_oracle(rendered, seed_specs, key, kind):
    spec = seed_specs[key][1]
    report = extract_path(rendered[key][kind], ocr=False)
    got = cells_of(report)
    want = expected(spec, kind)
    if kind != "text":
        # partial rows are not printed in renderings: they may only be absent, never invented
        for row in spec.truth.partial_rows:
            assert row not in got.get(APPLICATIONS, {})
    assert got == want
    assert (report.format, report.applications_variant) == EXPECTED_KIND[key]


@pytest.mark.parametrize("kind", KINDS)
def test_pictured_tables_give_no_cells_and_say_why(rendered, kind):
    report = extract_path(rendered["000"][kind], ocr=False)
    assert report.tables == {}
    assert any("picture" in w for w in report.warnings)


def test_displaced_fragment_rows_complete_or_missing(rendered, seed_specs):
    report = extract_path(rendered["003"]["text"], ocr=False)
    rows = report.tables[APPLICATIONS]
    partial = seed_specs["003"][1].truth.partial_rows
    assert partial and all(rows[r][c].semantic == "missing" for r in partial for c in rows[r])
    complete = [r for r in rows if r not in partial]
    assert len(complete) == 5 and all(len(rows[r]) == 7 for r in complete)
    assert any("displaced" in w for w in report.warnings)


def test_every_cell_has_raw_and_locator(rendered):
    prefixes = {"text": "text:line", "docx": "docx:tbl", "html": "html:table["}
    for kind, prefix in prefixes.items():
        report = extract_path(rendered["001"][kind], ocr=False)
        for rows in report.tables.values():
            for cols in rows.values():
                for cell in cols.values():
                    assert cell.locator.startswith(prefix)
                    assert cell.raw is not None


def test_ideographic_space_kept_in_raw(seed_specs):
    report = extract_path(seed_specs["004"][0], ocr=False)
    raws = [c.raw for rows in report.tables.values() for cols in rows.values()
            for c in cols.values()]
    assert sum(r.startswith("\u3000") for r in raws) == 3
