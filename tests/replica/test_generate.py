"""The generator's numbers, truth, series and roster, checked independently."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from datetime import datetime

import docx
import pytest
from lxml import html as lxml_html

from replica.generate import generate_corpus, generate_reports
from replica.render import render, render_text
from replica.roster import agencies
from tests.replica.conftest import failing_identities, numbers

IDENTITIES = {"T3-01", "T3-02", "T3-03", "T4-01"}
C6 = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other")


@pytest.fixture(scope="module")
def reports():
    return generate_reports(500, seed=7)


def test_identities_hold_except_exactly_the_recorded_ones(reports):
    broken = 0
    for spec in reports:
        recorded = {b for b in spec.truth.broken if b[0] in IDENTITIES}
        assert failing_identities(spec) == recorded, (spec.slug, spec.truth.notes)
        broken += bool(recorded)
    assert 20 <= broken <= 90


def test_every_kind_of_breakage_occurs(reports):
    kinds = Counter(check for spec in reports for check, _ in spec.truth.broken)
    assert set(kinds) == {"T3-01", "T3-02", "T3-03", "T4-01", "X-01", "N-01"}


def _series(reports):
    by_agency = defaultdict(dict)
    for spec in reports:
        by_agency[spec.agency.area_code][spec.year] = spec
    return by_agency


def test_carry_over_continues_except_recorded_x01(reports):
    checked = 0
    for years in _series(reports).values():
        for year, spec in years.items():
            before = years.get(year - 1)
            if before is None:
                continue
            now = numbers(spec.tables["applications"]["carried_over"])
            then = numbers(before.tables["applications"]["carried_forward"])
            mismatched = {("X-01", c) for c in (*C6, "total") if now[c] != then[c]}
            assert mismatched == {b for b in spec.truth.broken if b[0] == "X-01"}, spec.slug
            checked += 1
    assert checked > 300


def test_in_force_continues_in_2021_series(reports):
    for years in _series(reports).values():
        for year, spec in years.items():
            before = years.get(year - 1)
            if before is None or before.format != "2021" or spec.format != "2021":
                continue
            for row in ("normative_docs",):
                d, p = numbers(spec.tables["active_disclosure"][row]), numbers(
                    before.tables["active_disclosure"][row])
                assert d["in_force"] >= d["issued"]
                if p["in_force"] + d["issued"] - d["repealed"] >= d["issued"]:
                    assert d["in_force"] == p["in_force"] + d["issued"] - d["repealed"]


def test_formats_follow_the_year(reports):
    for spec in reports:
        if spec.year <= 2020:
            assert (spec.format, spec.variant) == ("2019", "2019")
        else:
            assert spec.format == "2021"
            if spec.variant == "2019":
                assert spec.layout.hybrid and spec.year >= 2023
        rows = spec.tables["applications"]
        assert ("other_handling" in rows) == (spec.variant == "2019")
        assert len(rows) == (23 if spec.variant == "2019" else 25)
        if not spec.agency.rule_making_power:
            assert set(numbers(spec.tables["active_disclosure"]["rules"]).values()) == {0}


def test_claims_agree_with_the_tables(reports):
    series = _series(reports)
    for spec in reports:
        claims = dict(spec.truth.claims)
        a = spec.tables["applications"]
        new, carried = numbers(a["new_received"])["total"], numbers(a["carried_over"])["total"]
        ok = claims["applications_received"] in (new, new + carried)
        assert ok == (("N-01", "applications_received") not in spec.truth.broken), spec.slug
        text = "".join(p for ps in spec.paragraphs.values() for p in ps)
        assert f"{claims['applications_received']}件" in text or claims["applications_received"] == 0
        if "applications_handled" in claims and a["results_total"]["total"] is not None:
            assert claims["applications_handled"] == numbers(a["results_total"])["total"]
        if "yoy_change_percent" in claims:
            before = series[spec.agency.area_code][spec.year - 1]
            old = numbers(before.tables["applications"]["new_received"])["total"]
            assert abs(100 * (new / old - 1) - claims["yoy_change_percent"]) <= 0.1
        lit = spec.tables["review_litigation"]
        assert claims["review_cases"] == numbers(lit["review"])["total"]


def test_generation_is_deterministic():
    first = [render_text(s) for s in generate_reports(12, seed=3)]
    assert first == [render_text(s) for s in generate_reports(12, seed=3)]
    assert first != [render_text(s) for s in generate_reports(12, seed=4)]


def test_layouts_and_media_vary(reports):
    layouts = Counter(name for spec in reports for name, on in vars(spec.layout).items() if on)
    for option in ("split_labels", "bookmarks", "separate_tables", "tables_as_images",
                   "tables_displaced", "subtotal_column", "group_subtotal_rows",
                   "blank_total_column", "ideographic_space", "hybrid", "label_typo",
                   "word_spacer_row", "table_in_textbox", "gbk", "local_labels",
                   "units_in_cells", "dash_cells"):
        assert layouts[option] > 0, option
    assert Counter(spec.medium for spec in reports).keys() == {"html", "docx"}


def test_generated_reports_render_in_their_medium(reports):
    picked = {}
    for spec in reports:
        for name, on in vars(spec.layout).items():
            if on and (name, spec.medium) not in picked:
                picked[(name, spec.medium)] = spec
    for spec in picked.values():
        data, ext = render(spec)
        blocks = 4 if spec.format == "2021" else 5  # 第二十条 items of table 二
        expected = 0 if spec.layout.tables_as_images else (
            2 + (blocks if spec.layout.separate_tables else 1))
        if ext == ".docx":
            body = docx.Document(io.BytesIO(data)).element.body
            assert len(body.findall(".//" + docx.oxml.ns.qn("w:tbl"))) == expected, spec.slug
        else:
            text = data.decode("gb18030" if spec.layout.gbk else "utf-8")
            tables = lxml_html.fromstring(text).xpath("//table[@class='MsoNormalTable']")
            assert len(tables) == expected, spec.slug


def test_pictured_tables_have_no_expected_cells(reports):
    for spec in reports:
        if spec.layout.tables_as_images:
            assert spec.expected_tables() == {} and spec.truth.image_tables
            assert not spec.truth.broken


def test_corpus_records_missing_and_late_reports():
    corpus = generate_corpus(seed=5, n_reports=120)
    assert sum(not s.truth.missing for s in corpus) == 120
    assert any(s.truth.missing for s in corpus)
    late = [s for s in corpus if s.truth.late]
    assert late
    for spec in corpus:
        level = spec.agency.level
        deadline = {"department": (1, 31), "government": (3, 31)}.get(level)
        if deadline:
            due = datetime(spec.year + 1, *deadline, 23, 59)
            assert (spec.published > due) == spec.truth.late, spec.slug
    assert generate_corpus(seed=5, n_reports=120)[7].slug == corpus[7].slug


def test_roster_is_a_weihai_roster():
    roster = agencies(0)
    names = [a.name for a in roster]
    assert len(set(names)) == len(names) > 80
    assert "威海市文登区工业和信息化局" in names
    assert "威海临港经济技术开发区蔄山镇人民政府" in names
    assert {a.portal for a in roster} >= {"weihai", "wendeng", "wip", "rongcheng", "rushan",
                                          "huancui", "whctp", "eweihai", "tjj"}
    assert all(len(a.area_code) == 18 for a in roster)
    assert len({a.area_code for a in roster}) == len(roster)
    assert len(agencies(0, minimum=200)) == 200


def test_structural_flags_of_generated_reports(reports):
    for spec in reports:
        flags = {(check, scope): message for check, scope, _, message in spec.structural_flags()}
        if spec.layout.tables_as_images:
            assert set(flags.values()) == {"image_only"} and len(flags) == 3
        elif spec.layout.tables_displaced:
            assert {k: v for k, v in flags.items() if k[0] == "S-02"} == {
                ("S-02", "2"): "displaced", ("S-02", "3"): "displaced", ("S-02", "4"): "displaced"}
        else:
            assert not any(k[0] == "S-02" for k in flags)
        assert (("T3-05", None) in flags) == (spec.layout.hybrid and not spec.layout.tables_as_images)
