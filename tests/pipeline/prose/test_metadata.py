"""Metadata of the five seeds (report-format.md §8.1) and synthetic variants."""

from __future__ import annotations

import pytest

from pipeline.document import Document
from pipeline.prose import read_prose
from tests.pipeline.prose.conftest import paragraphs

AGENCY_YEAR = {
    "000": ("威海经济技术开发区管理委员会", 2023),
    "001": ("威海临港经济技术开发区管理委员会", 2021),
    "002": ("威海市文登区人民政府", 2020),
    "003": ("威海市文登区工业和信息化局", 2023),
    "004": ("威海临港经济技术开发区蔄山镇人民政府", 2023),
}
URLS = {
    "000": ["http://www.weihai.gov.cn", "http://www.eweihai.gov.cn/"],
    "001": ["http://www.wip.gov.cn"],
    "002": ["http://www.wendeng.gov.cn/index.html"],
    "003": ["http://www.wendeng.gov.cn"],
    "004": ["http://www.wip.gov.cn/"],
}
NOTICE = {"000": "国办公开办函〔2021〕30号", "001": "国办公开办函〔2021〕30号", "002": None,
          "003": "国办公开办函〔2021〕30号", "004": "国办公开办函〔2021〕30号"}


@pytest.mark.parametrize("key", sorted(AGENCY_YEAR))
def test_seed_metadata(seeds, key):
    prose = seeds[key].prose
    agency, year = AGENCY_YEAR[key]
    assert prose.agency == agency
    assert prose.year == year
    assert prose.title == f"{agency}{year}年政府信息公开工作年度报告"
    assert prose.period == {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    assert prose.portal_urls == URLS[key]
    assert prose.cited_notice == NOTICE[key]


def test_signature_date_is_a_provisional_publication_date(seeds):
    assert seeds["003"].prose.signature_date == "2024-01-22"
    assert seeds["003"].prose.published_date == "2024-01-22"
    assert seeds["003"].prose.published_date_source == "signature"
    assert all(seeds[k].prose.published_date is None for k in ("000", "001", "002", "004"))


def test_page_meta_wins_over_the_document(seeds):
    doc = seeds["004"].doc
    page = Document(doc.blocks, doc.media_type, doc.source_kind,
                    page_meta={"published_date": "2024-01-29", "published_date_source": "page",
                               "title": "威海临港经济技术开发区蔄山镇人民政府2023年政府信息公开工作年度报告"})
    prose = read_prose(page)
    assert prose.published_date == "2024-01-29"
    assert prose.published_date_source == "page"
    assert prose.agency == "威海临港经济技术开发区蔄山镇人民政府"


def test_older_title_end_year_from_start_and_notice_typos():
    prose = read_prose(paragraphs(
        "某某县人民政府2018年度政府信息公开工作报告",
        "根据通知（国办公开办函{2021}30号），统计期限从2018年1月1日到12月31日止。"
        "报告电子版见（网址：http://www.a.gov.cn/）和http://www.b.gov.cn/index.html。"
        "电话：0631—1234567，邮编264200。",
        "一、总体情况",
    ))
    assert (prose.agency, prose.year) == ("某某县人民政府", 2018)
    assert prose.period == {"start": "2018-01-01", "end": "2018-12-31"}
    assert prose.cited_notice == "国办公开办函〔2021〕30号"
    assert prose.portal_urls == ["http://www.a.gov.cn/", "http://www.b.gov.cn/index.html"]
    assert prose.claims == []  # phone and postcode are not claims


def test_no_period_is_a_warning_not_a_guess():
    prose = read_prose(paragraphs("某局", "2022年政府信息公开工作年度报告", "一、总体情况"))
    assert prose.period is None
    assert prose.year == 2022
    assert any("statistics period" in w for w in prose.warnings)
