"""The six sections: line-start pattern + known title + order (report-format.md §2, §7)."""

from __future__ import annotations

import pytest

from pipeline.prose import read_prose
from tests.pipeline.prose.conftest import paragraphs

CANONICAL = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
             "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_six_sections_in_order(seeds, key):
    spans = seeds[key].prose.sections
    assert [s.number for s in spans] == [1, 2, 3, 4, 5, 6]
    assert all(s.present for s in spans)
    starts = [s.start for s in spans]
    assert starts == sorted(starts)
    assert all(s.end > s.start for s in spans)


def test_arabic_numbering_and_glued_image_headings(seeds):
    s001 = seeds["001"].prose.sections
    assert s001[1].heading == "2、 主动公开政府信息情况统计表"
    assert s001[3].heading.startswith("4、 政府信息公开工作被申请行政复议")
    assert seeds["003"].prose.sections[4].heading == "5、 存在的主要问题及改进情况"
    # seed 000: "[image: ]三、收到和处理…" – the heading survives, the picture is not part of it
    assert seeds["000"].prose.sections[2].heading == "三、收到和处理政府信息公开申请情况"


def test_sub_items_and_titles_inside_prose_are_not_headings():
    prose = read_prose(paragraphs(
        "某局2023年政府信息公开工作年度报告",
        "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等。",
        "一、总体情况",
        "（一）主动公开政府信息情况。",
        "1.主动公开。本年发布信息10条。",
        "2.依申请公开。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "一是加强培训。",
        "六、其他需要报告的事项",
    ))
    assert [s.start for s in prose.sections] == [2, 6, 7, 8, 9, 11]


def test_missing_section_and_order_enforced():
    prose = read_prose(paragraphs(
        "某局2023年政府信息公开工作年度报告",
        "一、总体情况",
        "三、收到和处理政府信息公开申请情况",
        "二、主动公开政府信息情况",  # out of order: not accepted after 三
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ))
    present = {s.number: s.present for s in prose.sections}
    assert present == {1: True, 2: False, 3: True, 4: False, 5: True, 6: True}
    assert any("section 2" in w for w in prose.warnings)


def test_shifted_numbering_is_recorded_for_s10():
    prose = read_prose(paragraphs(
        "某局2023年政府信息公开工作年度报告", "一、总体情况", "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况", "三、政府信息公开行政复议、行政诉讼情况",
        "四、存在的主要问题及改进情况", "五、其他需要报告的事项"))
    assert all(s.present for s in prose.sections)
    assert prose.layout.printed_numbers == {1: 1, 2: 2, 3: 3, 4: 3, 5: 4, 6: 5}


def test_s10_warns_on_shifted_and_restarted_numbering():
    from pipeline.checks import run_checks
    from pipeline.evidence import Evidence
    from pipeline.model import Report, Source
    doc = paragraphs(
        "某局2023年政府信息公开工作年度报告", "一、总体情况", "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况", "三、政府信息公开行政复议、行政诉讼情况",
        "四、存在的主要问题及改进情况", "一、加强培训，提升能力。", "五、其他需要报告的事项")
    prose = read_prose(doc)
    report = Report(Source("0" * 64, "text/plain"), format="2021", agency="某局", year=2023)
    checks = run_checks(report, Evidence(doc, prose.sections, [], {}, prose))
    s10 = {c.scope: c for c in checks if c.id == "S-10"}
    assert {k for k, c in s10.items() if c.status == "warn"} == {"4", "5", "6"}
    assert "restarts" in s10["5"].message
    assert {c.status for c in checks if c.id == "S-02"} == {"fail"}
