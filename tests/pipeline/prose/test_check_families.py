"""Each check family on tables from the seed oracle, broken on purpose: the broken identity must
fail with the right id and scope, and nothing else may fail (no false fail)."""

from __future__ import annotations

from pipeline.checks import run_checks
from pipeline.model import Cell, Claim
from tests.pipeline.prose.conftest import by_id, statuses

A, L, D = "applications", "review_litigation", "active_disclosure"


def put(report, table, row, col, value, semantic="number", raw=None):
    report.tables[table][row][col] = Cell(value, raw if raw is not None else
                                          ("" if value is None else str(value)), semantic)


def bump(report, table, row, col, by=1):
    cell = report.tables[table][row][col]
    put(report, table, row, col, cell.value + by)


def failing(checks, family=("T3", "T4", "CELL", "T2")):
    return {(c.id, c.scope) for c in checks if c.status == "fail" and c.id.startswith(family)}


def test_broken_result_row_fails_its_row_and_column_only(fresh):
    report, evidence = fresh("001")
    bump(report, A, "granted", "natural_person")
    checks = run_checks(report, evidence)
    assert failing(checks) == {("T3-03", "granted"), ("T3-02", "natural_person")}
    t302 = next(c for c in by_id(checks, "T3-02") if c.scope == "natural_person")
    assert (t302.expected, t302.actual) == (t302.actual + 1, t302.actual)


def test_broken_grand_total(fresh):
    report, evidence = fresh("004")
    bump(report, A, "results_total", "total")
    checks = run_checks(report, evidence)
    assert failing(checks) == {("T3-01", "total"), ("T3-02", "total"),
                               ("T3-03", "results_total"), ("T3-06", "results_total")}


def test_blank_total_is_never_zero(fresh):
    report, evidence = fresh("001")
    put(report, A, "granted", "total", None, "empty")
    checks = run_checks(report, evidence)
    assert failing(checks) == set()
    row = next(c for c in by_id(checks, "T3-03") if c.scope == "granted")
    col = next(c for c in by_id(checks, "T3-02") if c.scope == "total")
    assert row.status == col.status == "not_assessable"
    assert "blank total" in row.message


def test_blank_part_reads_as_zero_and_says_so(fresh):
    report, evidence = fresh("001")
    put(report, A, "granted", "commercial", None, "empty")
    checks = run_checks(report, evidence)
    row = next(c for c in by_id(checks, "T3-03") if c.scope == "granted")
    assert row.status == "pass" and "blanks read as 0: applications.granted.commercial" in row.message


def test_na_text_and_absent_cells_are_not_assessable(fresh):
    report, evidence = fresh("002")
    put(report, A, "granted", "commercial", None, "na", "/")
    put(report, A, "granted", "research", None, "text", "见附件")
    del report.tables[A]["carried_over"]["other"]
    checks = run_checks(report, evidence)
    by_scope = {(c.id, c.scope): c for c in checks}
    assert by_scope[("T3-03", "granted")].status == "not_assessable"
    assert by_scope[("T3-02", "commercial")].status == "not_assessable"
    assert by_scope[("T3-01", "other")].status == "not_assessable"
    assert by_scope[("CELL-01", "applications.granted.research")].status == "fail"
    assert failing(checks) == {("CELL-01", "applications.granted.research"),
                               ("CELL-06", "applications")}


def test_review_table(fresh):
    report, evidence = fresh("002")
    bump(report, L, "review", "upheld")
    checks = run_checks(report, evidence)
    assert failing(checks) == {("T4-01", "review")}
    report, evidence = fresh("004")
    put(report, L, "lawsuit_after_review", "upheld", 1)
    put(report, L, "lawsuit_after_review", "total", 1)
    checks = run_checks(report, evidence)
    assert failing(checks) == set()
    assert statuses(checks, "T4-02") == {"info"}


def test_active_disclosure_plausibility(fresh):
    report, evidence = fresh("001")
    put(report, D, "normative_docs", "in_force", 1)
    put(report, D, "rules", "issued", 2)
    put(report, D, "rules", "in_force", 2)
    report.tables[D]["admin_licensing"]["prev_year_items"] = Cell(3, "3", "number")
    checks = run_checks(report, evidence)
    assert {c.scope: c.status for c in by_id(checks, "T2-02")} == {
        "rules": "pass", "normative_docs": "warn"}
    assert statuses(checks, "T2-01") == {"warn"}
    assert failing(checks) == {("T2-04", "admin_licensing")}
    evidence.agency_context["rule_making_power"] = True
    assert by_id(run_checks(report, evidence), "T2-01") == []


def test_cell_checks(fresh):
    report, evidence = fresh("001")
    put(report, A, "granted", "other", -1)
    put(report, A, "granted", "total", 0)
    put(report, L, "review", "pending", 0.5)
    put(report, L, "review", "total", 0.5)
    put(report, D, "admin_fees", "amount_wan_yuan", 706, raw="706元")
    del report.tables[L]["lawsuit_direct"]
    checks = run_checks(report, evidence)
    got = {(c.id, c.scope, c.status) for c in checks if c.id.startswith("CELL")
           and c.status in ("fail", "warn")}
    assert got == {("CELL-02", "applications.granted.other", "fail"),
                   ("CELL-03", "review_litigation.review.pending", "fail"),
                   ("CELL-03", "review_litigation.review.total", "fail"),
                   ("CELL-04", "active_disclosure.admin_fees.amount_wan_yuan", "warn"),
                   ("CELL-06", "review_litigation", "fail")}
    assert "lawsuit_direct" in next(c for c in checks if c.id == "CELL-06"
                                    and c.scope == "review_litigation").message
    for row in report.tables[A].values():
        for col in row:
            row[col] = Cell(None, "", "empty")
    assert {c.status for c in by_id(run_checks(report, evidence), "CELL-05")
            if c.scope == A} == {"warn"}


def test_variant_against_year(fresh):
    report, evidence = fresh("002")
    report.year = 2023
    assert statuses(run_checks(report, evidence), "T3-05") == {"warn"}


def test_narrative_mismatches_warn_never_fail(fresh):
    report, evidence = fresh("001")
    for claim in report.claims:
        if claim.key == "applications_received":
            claim.value = 7
    report.claims.append(Claim("info_processing_fee_yuan", 105, "元", False,
                               "收取信息处理费105元。", 6))
    bump(report, L, "review", "upheld")
    bump(report, L, "review", "total")
    checks = run_checks(report, evidence)
    n01 = by_id(checks, "N-01")[0]
    assert (n01.status, n01.expected, n01.actual) == ("warn", 6, 7)
    assert {c.scope: c.status for c in by_id(checks, "N-08")} == {
        "review_cases": "warn", "lawsuit_cases": "pass"}
    n13 = by_id(checks, "N-13")[0]
    assert n13.status == "info" and "multiple of 10" in n13.message and "no fee" in n13.message
    assert not [c for c in checks if c.id.startswith("N") and c.status == "fail"]


def test_outcome_mismatch_names_the_single_row(fresh):
    report, evidence = fresh("001")
    put(report, A, "unable_needs_creation", "natural_person", 1)
    put(report, A, "unable_needs_creation", "total", 1)
    checks = run_checks(report, evidence)
    n04 = next(c for c in by_id(checks, "N-04") if c.scope == "outcome_unable")
    assert n04.status == "warn" and "unable_not_held" in n04.message
    assert next(c for c in by_id(checks, "N-11")).status == "warn"


def test_structure_violations(fresh):
    report, evidence = fresh("004")
    report.period = {"start": "2022-01-01", "end": "2022-12-31"}
    report.format = "2019"
    report.published_date = "2024-02-20"
    evidence.agency_context.update({"deadline": "01-31", "expected_agency": "威海市文登区人民政府"})
    checks = run_checks(report, evidence)
    assert statuses(checks, "S-05") == {"fail"}
    assert statuses(checks, "S-07") == {"warn"}
    assert statuses(checks, "S-08") == {"warn"}
    assert statuses(checks, "S-12") == {"fail"}
    evidence.agency_context["expected_agency"] = report.agency
    report.published_date = "2024-01-29"
    checks = run_checks(report, evidence)
    assert statuses(checks, "S-12") == statuses(checks, "S-08") == {"pass"}


def test_legacy_reports_get_no_table_checks(fresh):
    report, evidence = fresh("002")
    report.format = "legacy"
    checks = run_checks(report, evidence)
    assert not [c for c in checks if c.id.startswith(("CELL", "T3", "T4", "T2", "S-01", "S-02"))]
    assert statuses(checks, "S-05") == {"pass"} and by_id(checks, "N-01")


def test_printed_subtotals_t3_04(fresh, seed_paths):
    from pipeline.extract import extract_bytes
    from replica.render import render_html_page
    from replica.seeds import load_seed
    spec = load_seed(next(p for p in seed_paths if p.name.startswith("002")))
    spec.layout.subtotal_column = True
    page = render_html_page(spec)
    report = extract_bytes(page.encode() if isinstance(page, str) else page, path="002.html",
                           ocr=False)
    assert {(c.scope, c.status) for c in report.checks if c.id == "T3-04"} == {
        ("legal_person_subtotal", "pass")}
    # a printed 不予公开 subtotal row one off in the natural_person column
    report, evidence = fresh("002")
    found = next(f for f in evidence.tables if f.table_id == A)
    rows = ("denied_state_secret", "denied_law_prohibited", "denied_security_stability",
            "denied_third_party", "denied_internal_affairs", "denied_process_info",
            "denied_enforcement_file", "denied_admin_query")
    printed = {c: sum(report.tables[A][r][c].value for r in rows)
               for c in ("natural_person", "total")}
    printed["natural_person"] += 1
    found.subtotals = {"denied_subtotal": printed}
    t304 = by_id(run_checks(report, evidence), "T3-04")
    assert [(c.scope, c.status, c.expected, c.actual) for c in t304] == [
        ("denied_subtotal", "fail", printed["natural_person"] - 1, printed["natural_person"])]


def test_applicants_all_done_and_empty_section_five(fresh):
    from pipeline.prose import read_prose
    from tests.pipeline.prose.conftest import paragraphs
    report, evidence = fresh("001")  # 6 requests, all from natural persons, none carried
    doc = paragraphs(
        "某委员会2021年政府信息公开工作年度报告", "一、总体情况",
        "本年新收政府信息公开申请6件，其中自然人申请5件，法人或其他组织申请1件。所有申请均已按期答复。",
        "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "无。",
        "六、其他需要报告的事项", "本年未收取信息处理费。")
    prose = read_prose(doc)
    report.claims = prose.claims
    evidence.prose = prose
    checks = run_checks(report, evidence)
    n05 = {c.scope: (c.status, c.expected, c.actual) for c in by_id(checks, "N-05")}
    assert n05 == {"applicants_natural_person": ("warn", 6, 5),
                   "applicants_legal_person": ("warn", 0, 1)}
    assert statuses(checks, "N-12") == {"pass"}
    assert statuses(checks, "S-03") == {"warn"}
    assert statuses(checks, "S-04") == {"pass"}
    put(report, A, "carried_forward", "natural_person", 1)
    put(report, A, "carried_forward", "total", 1)
    assert statuses(run_checks(report, evidence), "N-12") == {"warn"}


def test_failures_on_ocr_tables_point_at_the_picture(fresh):
    report, evidence = fresh("004")
    bump(report, L, "review", "total")
    next(f for f in evidence.tables if f.table_id == L).needs_review = True
    t401 = next(c for c in run_checks(report, evidence) if c.id == "T4-01" and c.scope == "review")
    assert t401.status == "fail" and "OCR" in t401.message


def test_s08_dates_with_time_and_bad_deadlines(fresh):
    report, evidence = fresh("004")
    report.published_date = "2024-01-29 10:09"
    evidence.agency_context["deadline"] = "02-15"
    assert statuses(run_checks(report, evidence), "S-08") == {"pass"}
    evidence.agency_context["deadline"] = "13-45"
    s08 = by_id(run_checks(report, evidence), "S-08")[0]
    assert s08.status == "not_assessable" and "13-45" in s08.message
