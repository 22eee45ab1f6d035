"""The report page's layouts hold every cell of the national format exactly once, with headers
as wide as the rows under them, and a failing identity marks cells the report holds."""

from __future__ import annotations

import pytest

from archive.publish.involved import cells_of_check
from archive.publish.layout import layouts
from pipeline.template import TABLE_IDS, expected_cells
from tests.archive.test_datasette import populate


def width(row) -> int:
    return sum(label.colspan for label in row)


@pytest.mark.parametrize("fmt,variant", [("2021", "2021"), ("2019", "2019"), ("2021", "2019")])
def test_every_expected_cell_once(fmt, variant):
    for layout in layouts(fmt, variant):
        slots = [key for row in layout.body for key in row.cells]
        assert len(slots) == len(set(slots))
        expected = {(layout.table_id, r, c)
                    for r, cols in expected_cells(layout.table_id, fmt, variant).items()
                    for c in cols}
        assert set(slots) == expected
    assert [layout.table_id for layout in layouts(fmt, variant)] == [
        "active_disclosure", "applications", "review_litigation"]


@pytest.mark.parametrize("variant", ["2019", "2021"])
def test_headers_span_the_rows_under_them(variant):
    _, applications, review = layouts("2021", variant)
    # header row 1 spans label columns + value columns; rowspans fill the block below
    row_width = width(applications.header[0])
    for row in applications.body:
        assert sum(label.colspan for label in row.labels) + len(row.cells) <= row_width
    assert row_width == 3 + 7
    first_result = next(r for r in applications.body if r.cells[0][1] == "granted")
    assert first_result.labels[0].text == "三、本年度办理结果"
    assert first_result.labels[0].rowspan == len(
        [r for r in applications.body if r.cells[0][1] not in
         ("new_received", "carried_over", "carried_forward")])
    assert width(review.header[0]) == len(review.body[0].cells) == 15


def test_active_blocks_are_as_wide_as_the_widest(tmp_path):
    for fmt in ("2019", "2021"):
        active = layouts(fmt, "2021")[0]
        widths = {sum(row.spans) + len(row.labels) for row in active.body if row.cells}
        assert len(widths) == 1


def test_failing_identities_mark_cells_the_report_holds(archive, extractor):
    populate(archive, extractor)
    failing = archive.db.execute(
        "SELECT c.report_id, c.check_id, c.scope, r.applications_variant FROM checks c "
        "JOIN reports r USING (report_id) WHERE c.status = 'fail' AND c.check_id GLOB 'T[34]-*'"
    ).fetchall()
    assert failing
    for report_id, check_id, scope, variant in failing:
        marked = cells_of_check(check_id, scope, variant)
        held = {tuple(k) for k in archive.db.execute(
            "SELECT table_id, row_key, col_key FROM cells WHERE report_id = ?", [report_id])}
        assert marked and marked <= held
        assert {t for t, _, _ in marked} <= set(TABLE_IDS)
