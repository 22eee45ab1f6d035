"""The PDF reader over the drawn renderer's whole geometry (hypothesis): extreme column widths,
row heights and header sizes, tables broken at every row, rulings partly missing. Whatever the
geometry, ``extract_bytes`` ends in a report or a one-line ExtractError, and a cell read wrong
is never left without a flag on its table (a warning naming it or a check that does not pass)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.textlayer import score_tables
from pipeline.extract import ExtractError, extract_bytes
from replica.generate import generate_reports
from replica.render.textlayer_pdf import RULINGS, Geometry, render_drawn_pdf
from replica.render.textlayer_pdfwrite import PAGE_H, PAGE_W

#: a 2019 and a later report (table 二's two layouts), from the generator
_SPECS = [s for s in generate_reports(3, 5) if not s.layout.tables_as_images][:2]
_NAMES = {"active_disclosure": "table 二", "applications": "table 三",
          "review_litigation": "table 四"}


@st.composite
def geometries(draw) -> Geometry:
    size = draw(st.floats(5.0, 16.0))
    width = draw(st.floats(220.0, PAGE_W - 40))
    return Geometry(
        font_size=size, header_font_size=size * draw(st.floats(0.6, 1.6)),
        digit_width=draw(st.sampled_from((0.5, 0.556, 0.6))),
        padding=draw(st.floats(0.5, 10.0)), row_height=size * draw(st.floats(1.05, 6.0)),
        align=draw(st.sampled_from(("left", "center", "right"))),
        valign=draw(st.sampled_from(("top", "middle", "bottom"))), table_width=width,
        left=draw(st.floats(10.0, PAGE_W - width - 10)),
        first_col_share=draw(st.floats(0.08, 0.6)), jitter=draw(st.floats(0.0, 0.8)),
        repeat_header=draw(st.booleans()),
        # up to a page with room for a row or two: the table breaks at (nearly) every row
        bottom_margin=draw(st.floats(30.0, PAGE_H - 160)))


def _flagged(report, table_id: str) -> bool:
    name = _NAMES[table_id]
    return any(name in w or table_id in w for w in report.warnings) or any(
        c.status in ("fail", "warn") and table_id in (c.scope or "") for c in report.checks)


# derandomized like the other fuzz tests: CI reruns the same 40 geometries; a random run found the
# open case docs/accuracy.md names (table 四's 总计 0 read blank in a 220 pt wide table)
@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(spec=st.sampled_from(_SPECS), geometry=geometries(), rulings=st.sampled_from(RULINGS),
       missing=st.sampled_from((0.0, 0.0, 0.1, 0.35)), seed=st.integers(0, 50))
def test_any_drawn_geometry_reads_without_error_and_no_wrong_cell_unflagged(
        spec, geometry, rulings, missing, seed):
    pdf = render_drawn_pdf(spec, seed=seed, rulings=rulings, geometry=geometry,
                           missing_rules=missing)
    try:
        report = extract_bytes(pdf, path=f"{spec.slug}.{rulings}.pdf", ocr=False)
    except ExtractError as exc:
        assert "\n" not in str(exc) and "internal error" not in str(exc)
        return
    assert not any("internal error" in w for w in report.warnings)
    per_table, wrongs = score_tables(report, spec)
    for table_id, (_, wrong, _) in per_table.items():
        assert not wrong or _flagged(report, table_id), (table_id, wrongs)


def test_a_cleanly_read_table_carries_no_flag():
    # the flag the property accepts for a wrong cell is not on every table: a report read
    # whole has none on any table
    spec = _SPECS[1]
    report = extract_bytes(render_drawn_pdf(spec, seed=1), path=f"{spec.slug}.pdf", ocr=False)
    per_table, _ = score_tables(report, spec)
    assert all(wrong == missing == 0 for _, wrong, missing in per_table.values()), per_table
    assert not any(_flagged(report, table_id) for table_id in per_table), report.warnings


def test_a_digit_flush_against_a_ruling_snapped_aside_stays_in_its_cell():
    # found by the property above: table 四 in 15 columns of 14.7 pt, digits set half a point
    # from the left rule; the table finder snapped that rule 2 pt right (with table 三's on the
    # page), the last 0 fell into its neighbour's cell ('00') and the 总计 read blank, unflagged
    spec = _SPECS[0]
    narrow = Geometry(font_size=5.0, header_font_size=5.0, digit_width=0.5, padding=0.5,
                      row_height=10.0, align="left", valign="top", table_width=220.0,
                      left=10.0, first_col_share=0.5, jitter=0.0, repeat_header=False,
                      bottom_margin=30.0)
    pdf = render_drawn_pdf(spec, seed=0, geometry=narrow)
    per_table, wrongs = score_tables(extract_bytes(pdf, path=f"{spec.slug}.pdf", ocr=False), spec)
    assert not wrongs
    assert per_table["review_litigation"] == [15, 0, 0], per_table
