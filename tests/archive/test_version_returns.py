"""An address that goes back to bytes it served before (A, C, A: an edit reverted): the return
is a version of its own, the report it serves again is current, and its agency's archive
checks follow."""

from __future__ import annotations

import random

import lxml.html
from datasette.app import Datasette

from archive.publish.metadata import build_metadata
from archive.publish.serve import PLUGINS_DIR, SETTINGS
from archive.schema import open_database
from archive.versions import fold
from replica.synthetic import make_report
from tests.archive.conftest import json_extractor
from tests.archive.test_versions import AGENCY, URL, body, capture, edited, run

PREVIOUS_URL = "http://portal.test/art/2022/report.html"


def history(archive, url: str = URL) -> list[tuple]:
    return archive.db.execute(
        "SELECT v.version, v.report_id, v.returned, r.is_current FROM report_versions v "
        "JOIN reports r USING (report_id) WHERE v.source_url = ? ORDER BY v.version",
        [url]).fetchall()


def sha_of(archive, capture_id: int) -> str:
    return archive.db.execute("SELECT sha256 FROM captures WHERE capture_id = ?",
                              [capture_id]).fetchone()[0]


def reverted(archive, *, runs: bool) -> tuple[str, str]:
    """A report of 2022 at another address, then A, C (one cell corrected), A byte for byte
    again under URL; processed after each capture when ``runs``, else once at the end."""
    previous, _ = make_report(random.Random(21), AGENCY, 2022)
    report, _ = make_report(random.Random(22), AGENCY, 2023)
    archive.add_capture(body(previous), PREVIOUS_URL, fetched_at="2026-01-01T00:00:00+00:00")
    a_bytes = body(report, visits=1)
    a = capture(archive, a_bytes, 1)
    if runs:
        run(archive)
    c = capture(archive, body(edited(report, 5), visits=2), 2)
    if runs:
        assert run(archive).new_versions == 1
    capture(archive, a_bytes, 3)
    return sha_of(archive, a), sha_of(archive, c)


def test_a_reverted_edit_makes_the_earlier_report_current_again(archive):
    a, c = reverted(archive, runs=True)
    db = archive.db
    c_checks = db.execute("SELECT COUNT(*) FROM checks WHERE level = 'archive' AND "
                          "report_id = ?", [c]).fetchone()[0]
    assert c_checks > 0  # C paired with 2022 while it was current
    summary = run(archive)

    assert history(archive) == [(1, a, 0, 1), (2, c, 0, 0), (3, a, 1, 1)]
    assert summary.returns == 1 and "1 addresses back to an earlier version" in summary.line()
    # the agency's year pairs are recomputed: 2023's current report is A again
    assert summary.archive_checks > 0
    pairs = db.execute("SELECT report_id FROM report_pairs WHERE year = 2023").fetchall()
    assert pairs == [(a,)]
    assert db.execute("SELECT COUNT(*) FROM checks WHERE level = 'archive' AND report_id = ?",
                      [a]).fetchone()[0] > 0
    assert db.execute("SELECT COUNT(*) FROM checks WHERE level = 'archive' AND report_id = ?",
                      [c]).fetchone()[0] == 0
    assert db.execute("SELECT * FROM check_disagreements").fetchall() == []
    # the withdrawn text is kept, only no longer current
    assert db.execute("SELECT COUNT(*) FROM cells WHERE report_id = ?", [c]).fetchone()[0] > 0

    # idempotent
    before = archive.snapshot()
    again = run(archive)
    assert again.returns == 0 and again.archive_checks == 0 and archive.snapshot() == before


def test_one_run_over_the_whole_timeline_comes_to_the_same_history(archive):
    a, c = reverted(archive, runs=False)
    summary = run(archive)
    assert (summary.new_reports, summary.new_versions) == (2, 1)
    assert history(archive) == [(1, a, 0, 1), (2, c, 0, 0), (3, a, 1, 1)]


def test_a_new_extractor_reads_again_and_keeps_the_return(archive):
    a, c = reverted(archive, runs=True)
    run(archive)
    again = run(archive, json_extractor("test-2"))
    assert again.skipped == 0 and again.new_versions == 0 and again.folded == 0
    assert history(archive) == [(1, a, 0, 1), (2, c, 0, 0), (3, a, 1, 1)]
    assert {r[0] for r in archive.db.execute("SELECT extractor_version FROM reports")} \
        == {"test-2"}


def test_a_new_body_after_the_return_follows_the_return(archive):
    previous, _ = make_report(random.Random(23), AGENCY, 2022)
    report, _ = make_report(random.Random(24), AGENCY, 2023)
    archive.add_capture(body(previous), PREVIOUS_URL, fetched_at="2026-01-01T00:00:00+00:00")
    a_bytes = body(report, visits=1)
    capture(archive, a_bytes, 1)
    run(archive)
    capture(archive, body(edited(report), visits=2), 2)
    run(archive)
    capture(archive, a_bytes, 3)
    run(archive)
    later = capture(archive, body(report, visits=4), 4)  # A again, the counter moved on
    summary = run(archive)
    assert (summary.new_versions, summary.unchanged) == (0, 1)
    a = history(archive)[0][1]
    assert [row[1:] for row in history(archive)][-1] == (a, 1, 1)
    assert archive.db.execute("SELECT outcome, report_id FROM documents WHERE capture_id = ?",
                              [later]).fetchone() == ("sighting", a)


def test_a_fold_that_leaves_two_versions_in_a_row_merges_them(archive):
    """C read again as saying what A says (here: an extractor that no longer reads the cell
    that changed) is folded into A; the return after it is then no return at all."""
    a, c = reverted(archive, runs=True)
    run(archive)
    db = archive.db
    with db.atomic():
        fold(db, URL, c, a)
    assert history(archive) == [(1, a, 0, 1)]
    assert db.execute("SELECT report_id FROM documents WHERE sha256 = ?", [c]).fetchone() == (a,)
    assert run(archive).returns == 0 and history(archive) == [(1, a, 0, 1)]


def test_an_archive_from_before_returns_is_upgraded_in_place(archive, tmp_path):
    a, c = reverted(archive, runs=True)
    db = archive.db
    # as m024 left it: no returned column, C current although the address serves A again
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm025_version_returns'")
    db["report_versions"].transform(drop={"returned"})
    assert "returned" not in db["report_versions"].columns_dict
    upgraded = open_database(archive.cfg.path("database"))
    assert "returned" in upgraded["report_versions"].columns_dict
    assert history(archive) == [(1, a, 0, 0), (2, c, 0, 1)]
    summary = run(archive)
    assert summary.returns == 1 and history(archive)[-1] == (3, a, 1, 1)


async def test_the_report_page_shows_the_return_in_order(archive):
    a, c = reverted(archive, runs=True)
    run(archive)
    ds = Datasette([str(archive.cfg.path("database"))],
                   metadata=build_metadata("archive", str(archive.files_dir)),
                   plugins_dir=str(PLUGINS_DIR), settings={"sql_time_limit_ms": 1000, **SETTINGS})
    await ds.invoke_startup()
    page = await ds.client.get(f"/-/report/{c}")
    assert page.status_code == 200
    tree = lxml.html.fromstring(page.text)
    listed = [" ".join(d.text_content().split()) for d in tree.xpath(
        "//dt[contains(., 'Versions')]/following-sibling::dd[1]/div")]
    assert [v.split()[0] for v in listed] == ["v1", "v2", "v3"]
    assert "back to v1" in listed[2] and "back to" not in listed[0] + listed[1]
    captures = [" ".join(d.text_content().split()) for d in tree.xpath(
        "//dt[contains(., 'Captures')]/following-sibling::dd[1]/div")]
    assert [c.rsplit("·", 1)[-1].strip() for c in captures] == ["v1", "v2", "v3"]


def test_a_file_imported_again_as_it_was_before_is_a_return(archive, tmp_path):
    from archive.imports import import_file

    report, _ = make_report(random.Random(25), AGENCY, 2023)
    path = tmp_path / "report.json"
    ids = []
    for data in (body(report), body(edited(report)), body(report), body(report)):
        path.write_bytes(data)
        ids.append(import_file(archive.db, archive.raw, path)[:2])
        run(archive)
    assert [new for _id, new in ids] == [True, True, True, False] and ids[3][0] == ids[2][0]
    url = path.resolve().as_uri()
    rows = history(archive, url)
    assert [(v, returned, current) for v, _r, returned, current in rows] == \
        [(1, 0, 1), (2, 0, 0), (3, 1, 1)]
    assert rows[0][1] == rows[2][1] != rows[1][1]
