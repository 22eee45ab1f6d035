"""Every check status of report-format.md §8.2–8.7 on the five seeds.

Tables come from the seed oracle (``replica.seeds.load_seed``); prose, sections and table
locations from the text reader and ``read_prose``. ``None`` = the check does not apply (no
instance); a set = the statuses its instances must have.
"""

from __future__ import annotations

import pytest

from pipeline.checks import CATALOGUE
from tests.pipeline.prose.conftest import by_id, statuses

NA = {"not_assessable"}
PASS = {"pass"}
EXPECTED = {
    "000": {"T3-01": NA, "T3-02": NA, "T3-03": NA, "T4-01": NA, "T2-02": NA,
            "CELL-01": NA, "N-01": NA, "N-02": NA, "N-03": NA, "N-06": NA, "N-07": NA,
            "N-08": NA, "N-13": PASS, "S-01": PASS, "S-04": PASS, "S-05": PASS, "S-06": PASS,
            "S-07": PASS, "S-02": {"fail"}, "S-08": NA, "S-09": None},
    "001": {"CELL-01": PASS, "CELL-02": PASS, "CELL-03": PASS, "CELL-04": PASS,
            "CELL-06": PASS, "T3-01": PASS, "T3-02": PASS, "T3-03": PASS, "T3-05": PASS,
            "T3-06": PASS, "T4-01": PASS, "T2-01": PASS, "T2-02": PASS, "T2-04": PASS,
            "N-01": PASS, "N-02": PASS, "N-04": PASS, "N-08": PASS, "N-09": PASS,
            "N-10": PASS, "N-11": PASS, "N-13": PASS, "S-01": PASS, "S-02": PASS,
            "S-05": PASS, "S-06": PASS, "S-07": PASS, "S-10": PASS, "S-04": {"warn"},
            "S-08": NA, "S-09": None},
    "002": {"T3-01": PASS, "T3-02": PASS, "T3-03": PASS, "T3-05": PASS, "T4-01": PASS,
            "T2-03": NA, "T2-04": NA, "N-01": PASS, "N-06": PASS, "N-07": PASS, "N-10": PASS,
            "N-11": PASS, "S-01": PASS, "S-05": PASS, "S-06": PASS, "S-02": {"fail", "pass"},
            "S-04": None, "S-07": PASS, "S-08": NA, "S-09": {"info"}},
    "003": {"T3-01": NA, "T3-02": NA, "T3-03": {"pass", "not_assessable"}, "T4-01": NA,
            "T2-02": NA, "N-08": NA, "N-10": PASS, "N-13": PASS, "S-01": PASS, "S-04": PASS,
            "S-05": PASS, "S-07": PASS, "S-02": {"fail"}, "S-06": {"pass", "warn"},
            "S-08": PASS, "S-09": None},
    "004": {"CELL-01": PASS, "CELL-02": PASS, "CELL-03": PASS, "CELL-04": PASS,
            "CELL-06": PASS, "T3-01": PASS, "T3-02": PASS, "T3-03": PASS, "T3-05": PASS,
            "T3-06": PASS, "T4-01": PASS, "T2-01": PASS, "T2-02": PASS, "T2-04": PASS,
            "N-01": PASS, "N-13": PASS, "S-01": PASS, "S-02": PASS, "S-04": PASS, "S-05": PASS,
            "S-06": PASS, "S-07": PASS, "S-09": {"info"}},
}
COUNTS = {"001": {"T3-01": 7, "T3-02": 7, "T3-03": 25, "T4-01": 3},
          "002": {"T3-01": 7, "T3-02": 7, "T3-03": 23, "T4-01": 3},
          "004": {"T3-01": 7, "T3-02": 7, "T3-03": 25, "T4-01": 3},
          "003": {"T3-01": 7, "T3-02": 7, "T3-03": 25}}


@pytest.fixture(scope="module")
def results(seeds):
    return {key: seed.checks() for key, seed in seeds.items()}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_statuses(results, key):
    for check_id, want in EXPECTED[key].items():
        got = statuses(results[key], check_id)
        assert got == (want or set()), f"{key} {check_id}: {got} != {want}"


@pytest.mark.parametrize("key", sorted(COUNTS))
def test_instance_counts(results, key):
    for check_id, n in COUNTS[key].items():
        assert len(by_id(results[key], check_id)) == n, check_id


def test_s02_messages(results):
    def messages(key):
        return {c.scope: c.message for c in by_id(results[key], "S-02")}
    assert messages("000") == {"2": "image_only", "3": "empty", "4": "image_only"}
    assert messages("002")["2"] == "empty"
    assert messages("003") == {"2": "empty", "3": "displaced", "4": "empty"}


def test_t3_03_passes_on_the_five_recovered_rows_of_seed_003(results):
    passing = {c.scope for c in by_id(results["003"], "T3-03") if c.status == "pass"}
    assert passing == {"denied_state_secret", "denied_law_prohibited",
                       "denied_security_stability", "denied_third_party",
                       "denied_internal_affairs"}


def test_narrative_details(results):
    n11 = by_id(results["001"], "N-11")
    assert [c.scope for c in n11] == ["2021年依申请公开处理情况"]
    n01 = by_id(results["002"], "N-01")[0]
    assert (n01.expected, n01.actual) == (42, 42)
    s06 = [c for c in by_id(results["003"], "S-06") if c.status == "warn"]
    assert [c.scope for c in s06] == ["1"] and "2022" in s06[0].message
    s08 = by_id(results["003"], "S-08")[0]
    assert "2024-01-31" in s08.message and "provisional" in s08.message


def test_every_instance_is_catalogued_and_serialises(seeds, results, extract_schema):
    import jsonschema
    for key, checks in results.items():
        for check in checks:
            assert check.id in CATALOGUE
        scopes = [(c.id, c.scope) for c in checks]
        assert len(scopes) == len(set(scopes)), f"{key}: duplicate (id, scope)"
        report = seeds[key].report
        report.checks = checks
        jsonschema.validate(report.to_json(), extract_schema)
