"""The seed oracle against report-format.md §8 and the template's arithmetic."""

from __future__ import annotations

import pytest

from pipeline.template import APPLICATION_COLUMN_KEYS, application_rows
from tests.replica.conftest import failing_identities
from tests.replica.format_doc import load_expectations

#: report-format.md §8, copied into the repository (kept equal by tests/test_shared_copies.py)
EXPECTED = load_expectations()


def test_row_counts_match_the_format_doc(seed_specs):
    assert len(seed_specs["001"].tables["applications"]) == 25
    assert len(seed_specs["002"].tables["applications"]) == 23
    assert len(seed_specs["004"].tables["applications"]) == 25
    assert [r.key for r in application_rows("2019")] == list(seed_specs["002"].tables["applications"])
    assert all(len(row) == 7 for row in seed_specs["001"].tables["applications"].values())


def test_seed_003_keeps_only_the_five_complete_rows(seed_specs):
    spec = seed_specs["003"]
    assert list(spec.tables["applications"]) == [
        "denied_state_secret", "denied_law_prohibited", "denied_security_stability",
        "denied_third_party", "denied_internal_affairs"]
    assert set(spec.truth.partial_rows) == {"unable_not_held", "unable_needs_creation"}
    assert spec.layout.tables_displaced and spec.signature[-1] == "2024年1月22日"
    expected = spec.expected_tables()["applications"]
    assert expected["unable_not_held"]["total"] == (None, "missing")


def test_seed_000_has_no_numbers_and_records_pictured_tables(seed_specs):
    spec = seed_specs["000"]
    assert spec.tables == {}
    assert set(spec.truth.image_tables) == {"active_disclosure", "review_litigation"}
    assert spec.expected_tables() == {}


def test_seed_002_matches_the_worked_expectations(seed_specs):
    """§8.4 lists the non-zero cells of seed 002 (natural_person/legal_service/other/total)."""
    table = seed_specs["002"].tables["applications"]
    rows = EXPECTED["seed_002_applications_nonzero"]
    assert len(rows) == 10
    for key, values in rows.items():
        assert {c: table[key][c] for c in values} == values, key
    listed = set(rows)
    for key, row in table.items():
        if key not in listed:
            assert set(row.values()) == {0}, key
    assert "active_disclosure" not in seed_specs["002"].tables
    assert seed_specs["002"].variant == "2019"


def test_seed_001_active_disclosure_matches_the_doc(seed_specs):
    table = seed_specs["001"].tables["active_disclosure"]
    rows = EXPECTED["seed_001_active_disclosure"]
    assert len(rows) == 6
    for key, cells in rows.items():
        for col, value in cells.items():
            assert table[key][col] == value, (key, col)


def test_seed_004_keeps_ideographic_space_raw(seed_specs):
    table = seed_specs["004"].tables["active_disclosure"]
    assert table["admin_penalty"]["decisions"] == "\u30000"
    assert seed_specs["004"].expected_tables()["active_disclosure"]["admin_penalty"]["decisions"] \
        == (0, "number")


@pytest.mark.parametrize("seed", ["001", "002", "003", "004"])
def test_seeds_satisfy_the_identities(seed_specs, seed):
    assert failing_identities(seed_specs[seed]) == set()
    for row in seed_specs[seed].tables.get("applications", {}).values():
        assert list(row) == list(APPLICATION_COLUMN_KEYS)


def test_headings_and_signature(seed_specs):
    assert seed_specs["001"].headings[2].startswith("2、")
    assert seed_specs["003"].headings[5].startswith("5、")
    for spec in seed_specs.values():
        assert sorted(spec.headings) == [1, 2, 3, 4, 5, 6]
        assert not any("[bookmark:" in p for ps in spec.paragraphs.values() for p in ps)


def test_structural_flags_follow_the_s02_row_of_the_matrix(seed_specs):
    """§8.7: S-02 fails for seeds 000, 002, 003 and passes for 001, 004."""
    for number, status in EXPECTED["s02_status"].items():
        flagged = {f[0] for f in seed_specs[number].structural_flags()}
        assert ("S-02" in flagged) == (status == "fail"), number
    messages = {f[1]: f[3] for f in seed_specs["003"].structural_flags()}
    assert messages == {"2": "empty", "3": "displaced", "4": "empty"}


def test_a_file_that_is_not_a_seed_gives_a_one_line_error(tmp_path):
    from replica.seeds import SeedError, load_seed

    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\xff\xfe binary")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    for path in (junk, empty, tmp_path / "absent.txt"):
        with pytest.raises(SeedError) as error:
            load_seed(path)
        assert str(error.value).startswith(str(path)) and "\n" not in str(error.value)
