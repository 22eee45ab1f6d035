"""A → C → A for real: `xxgk crawl` of a replica portal whose report is corrected and then
put back as it was, `xxgk process`'s writer with the real extractor after each night. The
address serves A again, so A is current, in a third version row."""

from __future__ import annotations

from datetime import datetime

import pytest

from archive.process import process_archive
from archive.rawstore import RawStore
from archive.schema import open_database
from replica.server import start_replica
from replica.site_model import Report
from tests.crawler.conftest import run_crawl, write_config
from xxgk.config import load_config

PORTAL = "weihai"  # where the replica's `publish(edit=1)` corrects a report


@pytest.fixture()
def replica():
    served = start_replica(port=0, reports=40)
    yield served
    served.stop()


def report_at(replica, url: str) -> Report:
    portal = next(p for p in replica.site.portals.values() if p.name == PORTAL)
    return portal.articles[url.split(portal.domain, 1)[1]]


def night(config, folder):
    summary = run_crawl(config, "--site", PORTAL)
    cfg = load_config(config)
    db = open_database(cfg.path("database"))
    processed = process_archive(db, RawStore(cfg), cfg["deadlines"])
    return summary, processed, db


def test_a_correction_taken_back_makes_the_first_text_current_again(tmp_path, replica):
    config = write_config(tmp_path, replica)
    _crawl, first, db = night(config, tmp_path)
    assert first.errors == []
    with replica.site.lock:
        originals = {id(r): (r.spec, r.edits) for p in replica.site.portals.values()
                     for r in p.articles.values() if isinstance(r, Report)}
    # corrected and re-published: the list shows the new date
    url = replica.publish(new=0, edit=1, portals={PORTAL})["edited"][0]
    assert PORTAL in url
    report = report_at(replica, url)
    _crawl, second, db = night(config, tmp_path)
    assert second.new_versions == 1

    with replica.site.lock:  # the agency takes the correction back: the page is as it was,
        # re-published (the list shows the date of the take-back; the page its first date)
        report.spec, report.edits = originals[id(report)]
        report.modified = report.listed = datetime(2026, 3, 7, 9, 0)
    _crawl, third, db = night(config, tmp_path)

    captures = db.execute("SELECT sha256 FROM captures WHERE url = ? AND status = 200 "
                          "ORDER BY fetched_at, capture_id", [url]).fetchall()
    assert len(captures) == 3 and captures[0] == captures[2] != captures[1]
    a, c = captures[0][0], captures[1][0]
    history = db.execute(
        "SELECT v.version, v.report_id, v.returned, r.is_current FROM report_versions v "
        "JOIN reports r USING (report_id) WHERE v.source_url = ? ORDER BY v.version",
        [url]).fetchall()
    assert history == [(1, a, 0, 1), (2, c, 0, 0), (3, a, 1, 1)]
    assert third.returns == 1 and third.errors == []
    assert db.execute("SELECT report_id FROM report_pairs WHERE report_id IN (?, ?)",
                      [a, c]).fetchall() in ([], [(a,)])
    # another night without changes changes nothing
    before = db.execute("SELECT * FROM report_versions ORDER BY source_url, version").fetchall()
    _crawl, fourth, db = night(config, tmp_path)
    assert fourth.returns == 0 and fourth.new_versions == 0
    assert db.execute("SELECT * FROM report_versions ORDER BY source_url, version"
                      ).fetchall() == before
