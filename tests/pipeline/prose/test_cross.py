"""Cross-document rules and expectations (report-format.md §6.8, §6.9, §8)."""

from __future__ import annotations

import copy

from pipeline.checks.cross import (cross_year_checks, duplicate_checks, expectations,
                                   percent_fits)
from pipeline.model import Cell, Claim
from tests.pipeline.prose.conftest import by_id


def next_year(report, **changes):
    """The same agency one year later, with this year's carried_forward carried over."""
    cur = copy.deepcopy(report)
    cur.year = report.year + 1
    cur.source.sha256 = "f" * 64
    rows = cur.tables.get("applications", {})
    if rows:
        rows["carried_over"] = copy.deepcopy(report.tables["applications"]["carried_forward"])
    for row in ("rules", "normative_docs"):  # nothing issued or repealed: in_force continues
        for col in ("issued", "repealed"):
            if row in cur.tables.get("active_disclosure", {}):
                cur.tables["active_disclosure"][row][col] = Cell(0, "0", "number")
    for key, value in changes.items():
        setattr(cur, key, value)
    return cur


def test_consistent_series_passes(seeds):
    prev = seeds["001"].report
    cur = next_year(prev, claims=[])
    checks = cross_year_checks(prev, cur)
    assert {c.status for c in by_id(checks, "X-01")} == {"pass"}
    assert len(by_id(checks, "X-01")) == 7
    assert {c.status for c in by_id(checks, "X-02")} == {"pass"}
    assert {c.status for c in by_id(checks, "X-06")} == {"pass"}


def test_carried_over_mismatch_fails_its_column(seeds):
    prev = seeds["002"].report
    cur = next_year(prev, format="2021")
    cur.tables["applications"]["carried_over"]["legal_service"] = Cell(2, "2", "number")
    fails = {(c.id, c.scope) for c in cross_year_checks(prev, cur) if c.status == "fail"}
    assert fails == {("X-01", "legal_service")}


def test_blank_total_in_cross_year_is_not_zero(seeds):
    prev = seeds["004"].report
    cur = next_year(prev)
    cur.tables["applications"]["carried_over"]["total"] = Cell(None, "", "empty")
    x01 = {c.scope: c.status for c in by_id(cross_year_checks(prev, cur), "X-01")}
    assert x01["total"] == "not_assessable" and x01["natural_person"] == "pass"


def test_in_force_continuity_and_format_progression(seeds):
    prev = seeds["001"].report
    cur = next_year(prev)
    cur.tables["active_disclosure"]["normative_docs"]["issued"] = Cell(3, "3", "number")
    checks = cross_year_checks(prev, cur)
    x02 = {c.scope: c for c in by_id(checks, "X-02")}
    assert x02["normative_docs"].status == "warn"
    assert (x02["normative_docs"].expected, x02["normative_docs"].actual) == (14, 11)
    back = next_year(prev, format="2019")
    assert {c.status for c in by_id(cross_year_checks(prev, back), "X-06")} == {"warn"}


def test_year_on_year_claims(seeds):
    cur = seeds["001"].report  # 6 requests, "较上年度增加200%"
    prev = copy.deepcopy(seeds["004"].report)  # 2 requests
    prev.year = 2020
    x04 = by_id(cross_year_checks(prev, cur), "X-04")
    assert [(c.scope, c.status) for c in x04] == [("yoy_change_percent", "pass")]
    prev.tables["applications"]["new_received"]["total"] = Cell(3, "3", "number")
    assert by_id(cross_year_checks(prev, cur), "X-04")[0].status == "warn"
    jumps = {c.scope: c.status for c in by_id(cross_year_checks(prev, cur), "X-05")}
    assert jumps["applications.new_received.total"] == "pass"


def test_percent_rule_uses_printed_decimals():
    assert percent_fits(33, 152, 361) and not percent_fits(32, 152, 361)
    assert percent_fits(2, 6, 200)
    assert percent_fits(1000, 1451, 45.1) and not percent_fits(1000, 1453, 45.1)


def test_expectations_from_the_seeds(seeds):
    def x04(key):
        seed = seeds[key]
        return [(e.year, e.values) for e in expectations(seed.report, seed.prose.charts)
                if e.check_id == "X-04"]
    assert x04("000") == [(2022, [33])]
    assert x04("001") == [(2020, [2])]
    assert x04("004") == [(2022, [0])]
    assert (2019, [23]) in x04("002")
    x01 = [e for e in expectations(seeds["001"].report) if e.check_id == "X-01"]
    assert {e.year for e in x01} == {2022} and len(x01) == 7
    assert all(e.values == [0] for e in x01)


def test_duplicates(seeds):
    a, b = seeds["001"].report, seeds["004"].report
    assert duplicate_checks(a, b) == []
    same_file = copy.deepcopy(b)
    same_file.source.sha256 = a.source.sha256
    assert duplicate_checks(a, same_file)[0].status == "warn"
    copied = copy.deepcopy(a)
    copied.source.sha256 = "e" * 64
    copied.agency = b.agency
    assert duplicate_checks(a, copied)[0].message.startswith("identical tables")
    lineage = duplicate_checks(a, b, shared_template_ids=10)
    assert [(c.id, c.status, c.actual) for c in lineage] == [("H-02", "info", 10)]


def test_claim_without_table_is_not_assessable(seeds):
    cur = copy.deepcopy(seeds["001"].report)
    prev = copy.deepcopy(seeds["000"].report)  # no tables, no received claim after removal
    prev.claims = [Claim("lawsuit_cases", 3, "件")]
    assert by_id(cross_year_checks(prev, cur), "X-04")[0].status == "not_assessable"


def test_aggregate_is_an_observation(seeds):
    from pipeline.checks.cross import aggregate_check
    parent = copy.deepcopy(seeds["001"].report)  # 6 requests
    kids = [seeds["004"].report, seeds["004"].report]  # 2 + 2
    h01 = {c.scope: c for c in aggregate_check(parent, kids)}
    new = h01["applications.new_received.total"]
    assert (new.status, new.expected, new.actual) == ("info", 4, 6)
    assert "only itself" in new.message
    assert aggregate_check(parent, [seeds["000"].report]) == []  # a child without tables
