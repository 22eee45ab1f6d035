from __future__ import annotations

import json
import random

from click.testing import CliRunner

import archive.process as process_mod
from archive.load import Provenance, load_report
from archive.process import process_archive
from replica.synthetic import make_report
from tests.archive.conftest import agency_years, json_extractor
from xxgk.cli import cli

AGENCIES = ["威海市文登区人民政府", "威海市文登区工业和信息化局"]


def run(archive, extractor):
    return process_archive(archive.db, archive.raw, archive.cfg["deadlines"], extractor)


def test_process_stores_every_report_and_a_rerun_changes_nothing(archive, extractor):
    made = agency_years(archive, AGENCIES, range(2020, 2023))
    first = run(archive, extractor)
    assert first.new_reports == len(made) and not first.errors
    stored = archive.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    assert stored == len(made)
    report = made[(AGENCIES[0], 2021)]
    cell = archive.db.execute(
        "SELECT value, raw, semantic FROM cells WHERE report_id = ? AND table_id = "
        "'applications' AND row_key = 'new_received' AND col_key = 'total'",
        [archive.db.execute("SELECT report_id FROM reports r JOIN agencies a USING (agency_id) "
                            "WHERE a.name = ? AND year = 2021", [AGENCIES[0]]).fetchone()[0]]
    ).fetchone()
    expected = report.tables["applications"]["new_received"]["total"]
    assert cell == (expected.value, expected.raw, "number")

    # a human review of a check, then process again: nothing changes, the review survives
    check = dict(next(archive.db.query("SELECT * FROM checks LIMIT 1")))
    archive.db["check_reviews"].insert({
        "report_id": check["report_id"], "check_id": check["check_id"], "scope": check["scope"],
        "inputs_hash": check["inputs_hash"], "human_status": "confirmed", "note": "seen",
        "reviewer": "tester", "reviewed_at": "2026-02-01"})
    before = archive.snapshot()
    second = run(archive, extractor)
    assert second.skipped == second.groups and second.new_reports == 0
    assert archive.snapshot() == before
    review = archive.db.execute(
        "SELECT review_status FROM checks_reviewed WHERE report_id = ? AND check_id = ? "
        "AND scope = ?", [check["report_id"], check["check_id"], check["scope"]]).fetchone()
    assert review == ("confirmed",)


def test_new_extractor_version_reextracts_from_the_archive(archive):
    agency_years(archive, AGENCIES[:1], range(2021, 2023))
    run(archive, json_extractor("v1"))
    cells = archive.snapshot()["cells"]
    summary = run(archive, json_extractor("v2"))
    assert summary.skipped == 0 and summary.groups == 2
    versions = {r[0] for r in archive.db.execute("SELECT extractor_version FROM reports")}
    assert versions == {"v2"}
    assert archive.snapshot()["cells"] == cells


def test_changed_content_under_the_same_url_is_a_new_version(archive, extractor):
    rng = random.Random(5)
    url = "http://portal.test/art/2022/report.html"
    old, _ = make_report(rng, AGENCIES[0], 2022)
    archive.add_report(old, url)
    run(archive, extractor)
    new, _ = make_report(rng, AGENCIES[0], 2022)
    archive.add_report(new, url)
    summary = run(archive, extractor)
    assert summary.new_versions == 1
    rows = archive.db.execute(
        "SELECT v.version, r.is_current FROM report_versions v JOIN reports r USING (report_id) "
        "WHERE v.source_url = ? ORDER BY v.version", [url]).fetchall()
    assert rows == [(1, 0), (2, 1)]
    # the old version is kept with its cells
    assert archive.db.execute("SELECT COUNT(DISTINCT report_id) FROM cells").fetchone()[0] == 2


def test_article_page_and_attachment_use_the_one_with_tables(archive, extractor):
    report, _ = make_report(random.Random(9), AGENCIES[1], 2023)
    page = json.loads(json.dumps(report.to_json()))
    page["tables"] = {}  # the article page only announces the report
    article = archive.add_capture(json.dumps(page).encode(), "http://portal.test/art/1.html",
                                  published="2024-01-20")
    archive.add_report(report, "http://portal.test/att/1.docx", kind="attachment",
                       is_report=0, parent=article)
    summary = run(archive, extractor)
    assert summary.new_reports == 1
    docs = dict(archive.db.execute("SELECT outcome, url FROM documents").fetchall())
    assert docs == {"report": "http://portal.test/att/1.docx",
                    "companion": "http://portal.test/art/1.html"}
    row = archive.db.execute("SELECT source_url, companion_sha256, published_date, "
                             "published_date_source FROM reports").fetchone()
    assert row[0] == "http://portal.test/att/1.docx" and row[1] is not None
    assert row[2:] == ("2024-01-20", "page")


def test_a_bad_document_is_reported_and_does_not_stop_the_others(archive, extractor):
    agency_years(archive, AGENCIES[:1], range(2021, 2022))
    archive.add_capture(b"not a report", "http://portal.test/broken.pdf")
    summary = run(archive, extractor)
    assert summary.new_reports == 1
    assert summary.errors == ["http://portal.test/broken.pdf: not a report: JSONDecodeError"]
    assert archive.db.execute("SELECT outcome FROM documents WHERE url LIKE '%broken%'"
                              ).fetchone() == ("error",)


def test_xxgk_import_adds_files_with_provenance(archive, tmp_path, monkeypatch):
    report, _ = make_report(random.Random(3), AGENCIES[0], 2021)
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report.to_json(), ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(process_mod, "load_extractor", json_extractor)
    runner = CliRunner()
    args = ["import", str(path), str(tmp_path / "absent.docx"), "--config",
            str(archive.config_file)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert f"error: {tmp_path / 'absent.docx'}: no such file" in result.output
    assert "1 new reports" in result.output
    capture = archive.db.execute("SELECT kind, note FROM captures").fetchone()
    note = json.loads(capture[1])
    assert capture[0] == "import" and note["path"] == str(path)
    assert len(note["sha256"]) == 64 and note["imported_at"]
    assert archive.db.execute("SELECT source_path FROM reports").fetchone() == (str(path),)
    again = runner.invoke(cli, args[:2] + args[3:])
    assert "already archived" in again.output and "0 new reports" in again.output


def test_xxgk_review_survives_reprocessing_until_the_inputs_change(archive, extractor):
    made = agency_years(archive, AGENCIES[:1], range(2021, 2022), broken={(AGENCIES[0], 2021)})
    run(archive, extractor)
    rid = archive.db.execute("SELECT report_id FROM reports").fetchone()[0]
    runner = CliRunner()
    base = ["review", rid, "T3-03", "--scope", "granted", "--config", str(archive.config_file)]
    result = runner.invoke(cli, [*base, "--status", "dismissed", "--note", "typo in source",
                                 "--reviewer", "tester"])
    assert result.exit_code == 0, result.output
    bad = runner.invoke(cli, ["review", rid, "T3-03", "--scope", "nope", "--status",
                              "confirmed", "--config", str(archive.config_file)])
    assert bad.exit_code == 1 and "no check T3-03 (scope nope)" in bad.output

    def state():
        return archive.db.execute(
            "SELECT review_status, review_note FROM failing_checks WHERE scope = 'granted'"
        ).fetchall()

    assert state() == [("dismissed", "typo in source")]
    run(archive, json_extractor("v2"))  # re-extraction with the same values: review kept
    assert state() == [("dismissed", "typo in source")]
    report = made[(AGENCIES[0], 2021)]
    report.checks = [c if (c.id, c.scope) != ("T3-03", "granted")
                     else type(c)(c.id, c.status, c.scope, c.expected, c.actual + 1)
                     for c in report.checks]
    report.source.sha256 = rid
    load_report(archive.db, report, Provenance("v3", "2026-01-01"))
    assert state() == [("pending", None)]  # the values changed: to be reviewed again


def test_import_the_seeds_with_the_real_extractor(archive, seed_paths):
    runner = CliRunner()
    args = ["import", *map(str, seed_paths), "--config", str(archive.config_file)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert f"{len(seed_paths)} new reports" in result.output and "0 errors" in result.output
    db = archive.db
    titles = {t for (t,) in db.execute("SELECT title FROM reports")}
    assert all(t and t.endswith("政府信息公开工作年度报告") for t in titles)
    assert len(titles) == len(seed_paths)
    # what the pipeline judged, the SQL views judge the same
    assert db.execute("SELECT * FROM check_disagreements").fetchall() == []
    assert db.execute("SELECT COUNT(*) FROM checks WHERE check_id LIKE 'T3-0%'").fetchone()[0] > 0
    before = archive.snapshot()
    again = runner.invoke(cli, ["process", "--config", str(archive.config_file)])
    assert f"{len(seed_paths)} unchanged" in again.output
    assert archive.snapshot() == before
