"""Claims, internal sums and text charts (report-format.md §6.6, §8)."""

from __future__ import annotations

import pytest

from pipeline.prose.claims import is_none_statement
from pipeline.prose import read_prose
from tests.pipeline.prose.conftest import paragraphs

SEED_CLAIMS = {
    "000": {"applications_received": 152, "applications_handled": 151,
            "applications_carried_forward": 1, "lawsuit_cases": 3, "review_cases": 0,
            "info_processing_fee_yuan": 100, "yoy_change_percent": 361},
    "001": {"applications_received": 6, "applications_handled": 6, "outcome_granted": 1,
            "outcome_partially_granted": 2, "outcome_unable": 2, "outcome_other": 1,
            "info_processing_fee_yuan": 0, "review_cases": 0, "lawsuit_cases": 0,
            "normative_docs_in_force": 11, "info_published": 9182},
    "002": {"applications_received": 42, "review_cases": 0, "lawsuit_cases": 2,
            "info_published": 12000},
    "003": {"info_published": 96, "applications_received": 0, "info_processing_fee_yuan": 0},
    "004": {"applications_received": 2, "yoy_change_count": 2, "info_processing_fee_yuan": 0,
            "info_published": 121},
}


def first(prose, key):
    return next(c for c in prose.claims if c.key == key)


@pytest.mark.parametrize("key", sorted(SEED_CLAIMS))
def test_seed_claims(seeds, key):
    prose = seeds[key].prose
    for claim_key, value in SEED_CLAIMS[key].items():
        assert first(prose, claim_key).value == value, claim_key
    assert all(c.section in range(1, 7) for c in prose.claims)


def test_none_statements_and_explicit_zeros(seeds):
    assert is_none_statement(first(seeds["000"].prose, "review_cases"))
    assert is_none_statement(first(seeds["001"].prose, "lawsuit_cases"))
    assert not is_none_statement(first(seeds["002"].prose, "review_cases"))  # 案件0件
    stale = first(seeds["003"].prose, "applications_received")
    assert is_none_statement(stale) and "2022年" in stale.text


def test_units_approximations_and_year_on_year(seeds):
    assert first(seeds["004"].prose, "applications_received").unit == "条"
    approx = first(seeds["002"].prose, "info_published")
    assert approx.approximate and "1.2万余条" in approx.text
    yoy = [c for c in seeds["001"].prose.claims if c.key == "yoy_change_percent"]
    assert sorted(c.value for c in yoy) == [45.1, 167, 200, 200]
    assert any("申请" in c.text and c.value == 200 for c in yoy)
    assert first(seeds["000"].prose, "info_processing_fee_yuan").section == 6


def test_not_claims_phones_postcodes_house_numbers_dates_document_numbers():
    prose = read_prose(paragraphs(
        "某局2023年政府信息公开工作年度报告", "一、总体情况",
        "地址：青岛中路106号，邮编：264205，电话：0631—5961933。",
        "依据威政办字〔2019〕16号文件，于2023年12月31日前完成。",
        "本年受理政府信息公开申请两件，办结2件。培训200余人次。",
        "共收到政府信息公开申请 42 件。",
    ))
    keys = [(c.key, c.value) for c in prose.claims]
    assert keys == [("applications_received", 2), ("applications_handled", 2),
                    ("applications_received", 42)]


def test_policy_documents_are_not_request_outcomes(seeds):
    # seed 002: "政策文件19件，其中主动公开16件、依申请公开2件、不予公开1件"
    assert not [c for c in seeds["002"].prose.claims if c.key.startswith("outcome_")]


SEED_SUMS = {"001": [(9182, [4325, 3330, 1352, 175]), (6, [5, 1])],
             "002": [(19, [16, 2, 1]), (16, [2, 13, 1])],
             "003": [(96, [3, 50, 11, 16, 5, 11]), (6, [3, 3])], "000": [], "004": []}


@pytest.mark.parametrize("key", sorted(SEED_SUMS))
def test_internal_sums(seeds, key):
    assert [(s.total, s.parts) for s in seeds[key].prose.sums] == SEED_SUMS[key]


def test_examples_after_qizhong_are_not_a_partition():
    prose = read_prose(paragraphs(
        "某局2023年政府信息公开工作年度报告", "一、总体情况",
        "公开信息900条，其中会议30次、文件25件。管发文件8件，其中规范性文件4件。"))
    assert prose.sums == []


def test_charts_and_placeholder_series(seeds):
    c001 = seeds["001"].prose.charts
    assert [c.title for c in c001] == ["2021年公开信息情况", "2021年依申请公开处理情况"]
    assert c001[1].categories == ["予以公开", "部分公开", "无法提供", "其他处理"]
    c002 = seeds["002"].prose.charts
    assert len(c002) == 1 and list(c002[0].series) == ["办件量"]
    assert c002[0].categories == ["2017", "2018", "2019", "2020"]
    assert any("系列 2" in w and "系列 3" in w for w in seeds["002"].prose.warnings)


def test_truncated_sentence_warned(seeds):
    assert any("121条" in w for w in seeds["004"].prose.warnings)


def test_every_claim_key_is_catalogued(seeds):
    from pipeline.template import CLAIM_KEYS
    assert {c.key for s in seeds.values() for c in s.prose.claims} <= set(CLAIM_KEYS)


def test_common_phrasings():
    prose = read_prose(paragraphs(
        "某局2023年政府信息公开工作年度报告", "一、总体情况",
        "全年共收到依申请公开事项12件，同比减少3件；按时答复12件，结转下年度继续办理0件。",
        "其中，自然人申请10件，法人或其他组织申请2件。被申请行政复议1起，行政诉讼0件。",
        "六、其他需要报告的事项", "本年度收取信息处理费0元。"))
    got = [(c.key, c.value) for c in prose.claims]
    assert got == [("applications_received", 12), ("yoy_change_count", -3),
                   ("applications_handled", 12), ("applications_carried_forward", 0),
                   ("applicants_natural_person", 10), ("applicants_legal_person", 2),
                   ("review_cases", 1), ("lawsuit_cases", 0), ("info_processing_fee_yuan", 0)]
