from __future__ import annotations

import random
from types import SimpleNamespace

from archive.load import Provenance, load_report
from archive.process import process_archive
from archive.schema import open_database
from replica.synthetic import BROKEN_CHECKS, make_report
from archive.views import views
from pipeline.model import Cell
from pipeline.template import APPLICATION_SUBTOTALS, REVIEW_COLUMN_KEYS, REVIEW_ROW_KEYS
from tests.archive.conftest import agency_years, json_extractor
from xxgk.commands.status import gather

AGENCIES = ["威海市文登区人民政府", "威海市文登区工业和信息化局", "威海临港经济技术开发区管理委员会"]
YEARS = range(2019, 2024)


def build(archive, extractor, **kw):
    made = agency_years(archive, AGENCIES, YEARS, **kw)
    process_archive(archive.db, archive.raw, archive.cfg["deadlines"], extractor)
    return made


def rows(db, sql, params=()):
    return db.execute(sql, params).fetchall()


def test_failing_checks_list_exactly_the_broken_reports(archive, extractor):
    broken = {(AGENCIES[0], 2021), (AGENCIES[2], 2023)}
    build(archive, extractor, broken=broken)
    failing = set(rows(archive.db, "SELECT agency, year, check_id, scope FROM failing_checks"))
    assert failing == {(a, y, c, s) for a, y in broken for c, s in BROKEN_CHECKS}
    # the SQL views recompute the same statuses as the stored checks
    assert rows(archive.db, "SELECT * FROM check_disagreements") == []
    for view in ("check_t3_02", "check_t3_03"):
        assert rows(archive.db, f"SELECT COUNT(*) FROM {view} WHERE status = 'fail'") == [(2,)]


def test_coverage_shows_missing_and_late_reports(archive, extractor):
    build(archive, extractor, missing={(AGENCIES[1], 2020)}, late={(AGENCIES[0], 2022)})
    status = dict(((a, y), s) for a, y, s in rows(
        archive.db, "SELECT agency, year, status FROM coverage"))
    assert len(status) == len(AGENCIES) * len(YEARS)
    assert status[(AGENCIES[1], 2020)] == "missing"
    assert status[(AGENCIES[0], 2022)] == "late"
    assert {s for k, s in status.items()
            if k not in {(AGENCIES[1], 2020), (AGENCIES[0], 2022)}} == {"present"}
    late = rows(archive.db, "SELECT due_date, days_after_deadline FROM deadlines "
                            "WHERE agency = ? AND year = 2022", [AGENCIES[0]])
    assert late == [("2023-03-31", 76)]  # a county government: config deadline 03-31


def test_carry_over_reconciles_and_a_mismatch_fails_x01(archive, extractor):
    made = build(archive, extractor)
    assert rows(archive.db, "SELECT DISTINCT status FROM check_x_01") == [("pass",)]
    # process stored the same X-01 judgements through pipeline.checks.cross
    stored = rows(archive.db, "SELECT level, status, COUNT(*) FROM checks "
                              "WHERE check_id = 'X-01' GROUP BY 1, 2")
    assert stored == [("archive", "pass", len(AGENCIES) * (len(YEARS) - 1) * 7)]
    assert rows(archive.db, "SELECT * FROM check_disagreements") == []
    assert rows(archive.db, "SELECT COUNT(*) FROM carry_over_reconciliation") == [
        (len(AGENCIES) * (len(YEARS) - 1) * 7,)]
    report = made[(AGENCIES[1], 2022)]
    cell = report.tables["applications"]["carried_over"]["research"]
    report.tables["applications"]["carried_over"]["research"] = Cell(cell.value + 3, "x",
                                                                     "number")
    load_report(archive.db, report, Provenance("edited", "2026-01-01"))
    assert rows(archive.db, "SELECT scope, status, actual - expected FROM check_x_01 "
                            "WHERE status <> 'pass'") == [("research", "fail", 3)]
    assert rows(archive.db, "SELECT agency, year, col_key, difference FROM "
                            "carry_over_reconciliation WHERE difference <> 0") == [
        (AGENCIES[1], 2022, "research", 3)]
    # 2021-format years chain their normative documents in force
    assert {s for (s,) in rows(archive.db, "SELECT status FROM check_x_02")} == {"pass"}


def test_blank_policy_in_the_identity_views(prepared):
    db = prepared.db
    report, _ = make_report(random.Random(4), "威海市文登区人民政府", 2021)
    apps = report.tables["applications"]
    apps["granted"]["research"] = Cell(None, "", "empty")  # blank part: counts as 0
    apps["denied_third_party"]["total"] = Cell(None, "", "empty")  # blank total
    apps["unable_not_held"]["other"] = Cell(None, "—", "na")  # na part
    rid = load_report(db, report, Provenance("v", "2026-01-01"))
    status = dict(rows(db, "SELECT scope, status FROM check_t3_03 WHERE report_id = ?", [rid]))
    assert status["denied_third_party"] == "not_assessable"
    assert status["unable_not_held"] == "not_assessable"
    expected_granted = sum(c.value or 0 for k, c in apps["granted"].items() if k != "total")
    assert status["granted"] == ("pass" if expected_granted == apps["granted"]["total"].value
                                 else "fail")


def test_wide_and_harmonized_views_follow_the_template(prepared):
    db = prepared.db
    rng = random.Random(8)
    r19, _ = make_report(rng, "威海市文登区人民政府", 2020)
    r21, _ = make_report(rng, "威海市文登区人民政府", 2021)
    id19 = load_report(db, r19, Provenance("v", "2026-01-01"))
    id21 = load_report(db, r21, Provenance("v", "2026-01-01"))
    harm = {(r, k): v for r, k, v, o in rows(
        db, "SELECT report_id, row_key, total, origin FROM applications_harmonized")}
    subs = APPLICATION_SUBTOTALS["other_handling"]
    assert harm[(id21, "other_handling")] == sum(
        r21.tables["applications"][k]["total"].value for k in subs)
    assert harm[(id19, "other_handling")] == r19.tables["applications"]["other_handling"][
        "total"].value
    wide = dict(zip([d[0] for d in db.execute("SELECT * FROM review_litigation_wide").description],
                    rows(db, "SELECT * FROM review_litigation_wide WHERE report_id = ?",
                         [id21])[0]))
    for p in REVIEW_ROW_KEYS:
        for c in REVIEW_COLUMN_KEYS:
            assert wide[f"{p}_{c}"] == r21.tables["review_litigation"][p][c].value
    assert wide["all_cases"] == sum(r21.tables["review_litigation"][p]["total"].value
                                    for p in REVIEW_ROW_KEYS)
    # every view is created and answers
    for name in views():
        db.execute(f"SELECT * FROM [{name}] LIMIT 1").fetchall()


def test_identical_tables_under_two_agencies_are_flagged(prepared):
    db = prepared.db
    report, _ = make_report(random.Random(11), AGENCIES[0], 2022)
    first = load_report(db, report, Provenance("v", "2026-01-01"))
    report.agency, report.source.sha256 = AGENCIES[1], "f" * 64  # same tables, other agency
    second = load_report(db, report, Provenance("v", "2026-01-01"))
    other, _ = make_report(random.Random(12), AGENCIES[2], 2022)
    load_report(db, other, Provenance("v", "2026-01-01"))
    assert set(rows(db, "SELECT report_id, scope, status FROM check_h_02")) == {
        (first, second, "warn"), (second, first, "warn")}


def test_a_publication_time_on_the_deadline_day_is_on_time(prepared):
    db = prepared.db
    report, _ = make_report(random.Random(13), AGENCIES[0], 2022)  # a county government
    report.published_date = "2023-03-31 16:30:00"
    load_report(db, report, Provenance("v", "2026-01-01"))
    assert rows(db, "SELECT status, days_after_deadline FROM deadlines") == [("on_time", 0)]


def test_process_lists_a_stored_check_its_sql_view_disagrees_with(archive, extractor):
    build(archive, extractor)
    assert rows(archive.db, "SELECT * FROM check_disagreements") == []
    # an extractor that judged one row sum wrongly: the cells add up, the stored check says not
    report, _ = make_report(random.Random(3), "威海市文登区教育局", 2022)
    wrong = next(c for c in report.checks if c.id == "T3-03" and c.status == "pass")
    wrong.status = "fail"
    archive.add_report(report, "http://portal.test/edu/2022.html")
    summary = process_archive(archive.db, archive.raw, archive.cfg["deadlines"], extractor)
    rid = summary.stored_report_ids[0]
    assert rows(archive.db, "SELECT check_id, report_id, scope, stored_status, view_status "
                            "FROM check_disagreements") == [("T3-03", rid, wrong.scope, "fail",
                                                             "pass")]
    assert summary.disagreements == 1 and "check_disagreements" in summary.line()
    assert any("disagree" in line for line in gather(archive.cfg)["attention"])
    # a run that stores nothing keeps the finding; re-extraction with a sound judgement clears it
    again = process_archive(archive.db, archive.raw, archive.cfg["deadlines"], extractor)
    assert again.stored_report_ids == [] and again.disagreements == 1
    process_archive(archive.db, archive.raw, archive.cfg["deadlines"], rejudging_extractor("v2"))
    assert rows(archive.db, "SELECT * FROM check_disagreements") == []


def rejudging_extractor(version: str) -> SimpleNamespace:
    """Reads the archived JSON like json_extractor, judging T3-03 from its own figures."""
    base = json_extractor(version)

    def extract_bytes(data: bytes, **kw):
        report = base.extract_bytes(data, **kw)
        for check in report.checks:
            if check.id == "T3-03":
                check.status = "pass" if check.expected == check.actual else "fail"
        return report

    return SimpleNamespace(extract_bytes=extract_bytes, ExtractError=base.ExtractError,
                           EXTRACTOR_VERSION=version)


def test_an_archive_from_before_the_table_is_compared_once_on_upgrade(archive, extractor):
    build(archive, extractor)
    rid, scope = archive.db.execute("SELECT report_id, scope FROM checks WHERE check_id = 'T3-03' "
                                    "AND status = 'pass' LIMIT 1").fetchone()
    # the archive as the previous schema left it: no table, a stored check gone wrong
    archive.db.execute("DROP TABLE check_disagreements")
    archive.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm023_stored_disagreements'")
    archive.db.execute("UPDATE checks SET status = 'fail' WHERE report_id = ? AND check_id = "
                       "'T3-03' AND scope = ?", [rid, scope])
    archive.db.conn.commit()
    upgraded = open_database(archive.cfg.path("database"))
    assert rows(upgraded, "SELECT check_id, report_id, scope, view_status FROM "
                          "check_disagreements") == [("T3-03", rid, scope, "pass")]


def test_two_reports_for_one_agency_year_pair_only_when_their_tables_agree(archive, extractor):
    made = build(archive, extractor)
    # the same 2021 tables posted again elsewhere: still one previous year for 2022
    copy = made[(AGENCIES[0], 2021)]
    copy.title = f"{copy.title}（转载）"
    archive.add_report(copy, "http://portal.test/elsewhere/2021.html", published="2022-03-01")
    process_archive(archive.db, archive.raw, archive.cfg["deadlines"], extractor)
    pairs = [r for (r,) in rows(archive.db, "SELECT report_id FROM report_pairs")]
    assert len(pairs) == len(set(pairs)) == len(AGENCIES) * (len(YEARS) - 1) + 1
    # a different 2021 report of the same agency: comparing 2022 with either would be a guess
    other, _ = make_report(random.Random(5), AGENCIES[1], 2021)
    archive.add_report(other, "http://portal.test/elsewhere/b2021.html", published="2022-03-01")
    process_archive(archive.db, archive.raw, archive.cfg["deadlines"], extractor)
    assert rows(archive.db, """
        SELECT COUNT(*) FROM checks k JOIN reports r USING (report_id) JOIN agencies a
        USING (agency_id) WHERE k.check_id = 'X-01' AND a.name = ? AND r.year = 2022""",
                [AGENCIES[1]]) == [(0,)]
    assert rows(archive.db, "SELECT reports FROM coverage WHERE agency = ? AND year = 2021",
                [AGENCIES[1]]) == [(2,)]
    assert rows(archive.db, "SELECT * FROM check_disagreements") == []
