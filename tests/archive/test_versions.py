"""Versions of a report address: new bytes of an unchanged report are a sighting of the version
they follow; re-processing, a new extractor version and older archives' duplicate versions."""

from __future__ import annotations

import hashlib
import itertools
import json
import random

import lxml.html
from datasette.app import Datasette

import archive.versions as versions_mod
from archive.parallel import ProcessOptions
from archive.process import process_archive
from archive.publish.metadata import build_metadata
from archive.publish.serve import PLUGINS_DIR, SETTINGS
from replica.synthetic import make_report
from tests.archive.conftest import json_extractor

URL = "http://portal.test/art/2023/report.html"
AGENCY = "威海市文登区人民政府"


def run(archive, extractor=None, **options):
    return process_archive(archive.db, archive.raw, archive.cfg["deadlines"],
                           extractor or json_extractor(), options=ProcessOptions(**options))


def body(report, **page) -> bytes:
    """The report's JSON with what a portal page changes around it (the JSON extractor reads
    only the report's keys)."""
    doc = report.to_json()
    doc["page"] = page
    return json.dumps(doc, ensure_ascii=False).encode()


def edited(report, delta: int = 1):
    """The report with one cell corrected (its checks left out: the JSON extractor would
    hand back the original's, which no longer hold)."""
    copy = type(report).from_json(json.loads(json.dumps(report.to_json())))
    copy.checks = []
    cell = copy.tables["applications"]["new_received"]["total"]
    cell.value += delta
    cell.raw = str(cell.value)
    return copy


def capture(archive, data: bytes, day: int) -> int:
    return archive.add_capture(data, URL, fetched_at=f"2026-02-{day:02d}T00:00:00+00:00")


def outline(archive) -> dict:
    """Versions, and which report every body of the address shows, by capture order."""
    db = archive.db
    ids = {sha: f"v{n}" for n, sha in db.execute(
        "SELECT version, report_id FROM report_versions WHERE source_url = ?", [URL])}
    shown = [(c, o, ids.get(r, r)) for c, o, r in db.execute(
        "SELECT c.capture_id, d.outcome, d.report_id FROM captures c JOIN documents d "
        "USING (sha256) WHERE c.url = ? ORDER BY c.capture_id", [URL])]
    current = db.execute("SELECT v.version FROM report_versions v JOIN reports r "
                         "USING (report_id) WHERE r.is_current = 1 AND v.source_url = ?",
                         [URL]).fetchall()
    return {"versions": len(ids), "reports": db["reports"].count, "shown": shown,
            "current": current}


def test_a_new_body_of_the_same_report_is_a_sighting(archive):
    report, _ = make_report(random.Random(11), AGENCY, 2023)
    first = capture(archive, body(report, visits=1), 1)
    run(archive)
    second = capture(archive, body(report, visits=2, tabs=[2023, 2022]), 2)
    summary = run(archive)
    assert (summary.new_versions, summary.unchanged, summary.new_reports) == (0, 1, 0)
    assert summary.stored_report_ids == [] and summary.archive_checks == 0
    assert "1 new bodies of unchanged reports" in summary.line()
    assert outline(archive) == {"versions": 1, "reports": 1, "current": [(1,)],
                                "shown": [(first, "report", "v1"), (second, "sighting", "v1")]}
    before = archive.snapshot()
    again = run(archive)
    assert again.skipped == again.groups and archive.snapshot() == before


def test_an_edited_cell_is_a_new_version_and_a_new_extractor_keeps_the_history(archive):
    report, _ = make_report(random.Random(12), AGENCY, 2023)
    changed = edited(report)
    a = capture(archive, body(report, visits=1), 1)
    b = capture(archive, body(report, visits=2), 2)
    c = capture(archive, body(changed, visits=3), 3)
    d = capture(archive, body(changed, visits=4), 4)
    summary = run(archive, json_extractor("v1"))
    assert (summary.new_reports, summary.new_versions, summary.unchanged) == (1, 1, 2)
    expected = {"versions": 2, "reports": 2, "current": [(2,)],
                "shown": [(a, "report", "v1"), (b, "sighting", "v1"), (c, "report", "v2"),
                          (d, "sighting", "v2")]}
    assert outline(archive) == expected
    # a new extractor reads every body again and comes to the same history
    again = run(archive, json_extractor("v2"))
    assert again.skipped == 0 and again.new_versions == 0 and again.folded == 0
    assert outline(archive) == expected
    assert {r[0] for r in archive.db.execute("SELECT extractor_version FROM documents")} == {"v2"}
    # and a body changed back is a version again (the report did change, twice)
    e = capture(archive, body(report, visits=5), 5)
    assert run(archive, json_extractor("v2")).new_versions == 1
    assert outline(archive)["shown"][-1] == (e, "report", "v3")


def test_recheck_all_folds_the_duplicate_versions_of_an_older_archive(archive, monkeypatch):
    report, _ = make_report(random.Random(13), AGENCY, 2023)
    # what the archive was before fingerprints: every new body a version (m024 left the
    # column NULL)
    counter = itertools.count()
    monkeypatch.setattr(versions_mod, "fingerprint", lambda r: f"bytes-{next(counter)}")
    a = capture(archive, body(report, visits=1), 1)
    b = capture(archive, body(report, visits=2), 2)
    c = capture(archive, body(edited(report), visits=3), 3)
    run(archive)
    monkeypatch.undo()
    db = archive.db
    db.execute("UPDATE reports SET content_hash = NULL")
    assert outline(archive)["versions"] == 3
    # an analyst reviewed a check of the duplicate, the then current version
    v2 = db.execute("SELECT report_id FROM report_versions WHERE version = 2").fetchone()[0]
    check = dict(next(db.query("SELECT * FROM checks WHERE report_id = ? ORDER BY check_id "
                               "LIMIT 1", [v2])))
    db["check_reviews"].insert({**{k: check[k] for k in ("report_id", "check_id", "scope",
                                                         "inputs_hash")},
                                "human_status": "dismissed", "note": "seen", "reviewer": "t",
                                "reviewed_at": "2026-02-10"})

    assert run(archive).groups == run(archive).skipped  # a plain run changes nothing
    assert outline(archive)["versions"] == 3
    summary = run(archive, recheck_all=True)
    assert summary.folded == 1 and summary.new_versions == 0
    assert outline(archive) == {"versions": 2, "reports": 2, "current": [(2,)],
                                "shown": [(a, "report", "v1"), (b, "sighting", "v1"),
                                          (c, "report", "v2")]}
    v1 = db.execute("SELECT report_id FROM report_versions WHERE version = 1").fetchone()[0]
    # the review follows to the same check instance of the version kept
    assert db.execute(
        "SELECT v.human_status, v.note FROM check_reviews v JOIN checks c USING (report_id, "
        "check_id, scope, inputs_hash) WHERE c.report_id = ? AND c.check_id = ? AND c.scope = ?",
        [v1, check["check_id"], check["scope"]]).fetchall() == [("dismissed", "seen")]
    assert db.execute("SELECT COUNT(*) FROM cells WHERE report_id = ?", [v2]).fetchone() == (0,)
    assert db.execute("SELECT * FROM check_disagreements").fetchall() == []
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # every body is still archived; a second recheck has nothing left to fold
    assert all(archive.raw.read_body(sha) for (sha,) in db.execute("SELECT sha256 FROM captures"))
    again = run(archive, recheck_all=True)
    assert again.skipped == again.groups and again.folded == 0


async def test_the_report_page_lists_each_capture_under_its_version(archive):
    report, _ = make_report(random.Random(14), AGENCY, 2023)
    capture(archive, body(report, visits=1), 1)
    capture(archive, body(report, visits=2), 2)
    capture(archive, body(edited(report), visits=3), 3)
    run(archive)
    ds = Datasette([str(archive.cfg.path("database"))],
                   metadata=build_metadata("archive", str(archive.files_dir)),
                   plugins_dir=str(PLUGINS_DIR), settings={"sql_time_limit_ms": 1000, **SETTINGS})
    await ds.invoke_startup()
    v1 = archive.db.execute("SELECT report_id FROM report_versions WHERE version = 1"
                            ).fetchone()[0]
    page = await ds.client.get(f"/-/report/{v1}")
    assert page.status_code == 200
    tree = lxml.html.fromstring(page.text)
    captures = [" ".join(d.text_content().split()) for d in tree.xpath(
        "//dt[contains(., 'Captures')]/following-sibling::dd[1]/div")]
    assert len(captures) == 3
    assert captures[0].endswith("· v1") and captures[1].endswith("· v1 (unchanged 内容未变)")
    assert captures[2].endswith("· v2")
    listed = tree.xpath("//dt[contains(., 'Versions')]/following-sibling::dd[1]/div")
    assert [d.text_content().split()[0] for d in listed] == ["v1", "v2"]


def test_a_file_imported_again_with_new_bytes_and_the_same_report_is_accepted(
        archive, tmp_path, monkeypatch):
    import archive.process as process_mod
    from click.testing import CliRunner

    from xxgk.cli import cli

    monkeypatch.setattr(process_mod, "load_extractor", json_extractor)
    report, _ = make_report(random.Random(15), AGENCY, 2023)
    path = tmp_path / "report.json"
    command = ["import", str(path), "--config", str(archive.config_file)]
    outcomes = []
    for saved in (1, 2):  # saved again by an editor: new bytes, the same report
        path.write_bytes(body(report, saved=saved))
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 0, result.output
        outcomes.append(archive.db.execute(
            "SELECT outcome FROM documents WHERE sha256 = ?",
            [hashlib.sha256(path.read_bytes()).hexdigest()]).fetchone())
    assert outcomes == [("report",), ("sighting",)]
    assert archive.db["report_versions"].count == 1
