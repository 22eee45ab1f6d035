"""Issue 12 item 3: a nightly `process` recomputes the archive-level checks only for the
agencies its new or changed reports touch; `--recheck-all` recomputes everything, and both
give the same checks."""

from __future__ import annotations

import random

from archive.process import ProcessOptions, process_archive
from replica.synthetic import make_report

AGENCIES = ["威海市文登区人民政府", "威海市文登区教育局"]


def archive_checks(archive) -> dict:
    return {(r[0], r[1], r[2]): r[3] for r in archive.db.execute(
        "SELECT report_id, check_id, scope, status FROM checks WHERE level = 'archive'")}


def report_id(archive, agency: str, year: int) -> str:
    return archive.db.execute("SELECT report_id FROM reports r JOIN agencies a USING "
                              "(agency_id) WHERE a.name = ? AND r.year = ?",
                              [agency, year]).fetchone()[0]


def test_a_nightly_run_rechecks_only_the_agencies_it_touches(archive, extractor):
    rng = random.Random(11)
    later = None
    for agency in AGENCIES:
        state = None
        for year in range(2020, 2024):
            report, state = make_report(rng, agency, year, state)
            if agency == AGENCIES[0] and year == 2023:
                later = report  # arrives with the next night's crawl
                continue
            archive.add_report(report, f"http://portal.test/{AGENCIES.index(agency)}/{year}.html")
    run = lambda **kw: process_archive(archive.db, archive.raw, archive.cfg["deadlines"],
                                       extractor, options=ProcessOptions(**kw))
    first = run()
    assert first.archive_checks > 0
    other = report_id(archive, AGENCIES[1], 2022)
    key = next(k for k in archive_checks(archive) if k[0] == other)
    # a marker the recomputation would overwrite: it shows which agencies were rechecked
    archive.db.execute("UPDATE checks SET status = 'marker' WHERE report_id = ? AND "
                       "check_id = ? AND scope = ?", list(key))

    archive.add_report(later, "http://portal.test/0/2023.html")
    nightly = run()
    assert nightly.new_reports == 1 and nightly.skipped == nightly.groups - 1
    checks = archive_checks(archive)
    assert checks[key] == "marker"  # the untouched agency was not recomputed
    new = report_id(archive, AGENCIES[0], 2023)
    assert {k[1] for k in checks if k[0] == new} >= {"X-01"}

    nothing = run()
    assert nothing.archive_checks == 0 and archive_checks(archive) == checks

    full = run(recheck_all=True)
    rechecked = archive_checks(archive)
    assert rechecked[key] != "marker"
    assert {k: v for k, v in rechecked.items() if k != key} == \
        {k: v for k, v in checks.items() if k != key}
    assert 0 < nightly.archive_checks < full.archive_checks  # rows computed, per run
