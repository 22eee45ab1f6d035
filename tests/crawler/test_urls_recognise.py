from __future__ import annotations

import pytest
from parsel import Selector

from crawler import recognise
from crawler.listing import jpage_params, records
from crawler.urls import HostMap, kind_of
from replica.corpus import build_corpus

ALLOWED = ["weihai.gov.cn", "www.wendeng.gov.cn"]


@pytest.fixture
def hostmap():
    return HostMap({"www.wendeng.gov.cn": "http://127.0.0.1:9702"}, ALLOWED)


def test_replica_base_maps_back_to_the_real_domain(hostmap):
    url = hostmap.canonical("/art/2024/1/25/art_151356_4303067.html", "http://127.0.0.1:9702/col/col1/index.html")
    assert url == "http://www.wendeng.gov.cn/art/2024/1/25/art_151356_4303067.html"
    # hosts-file semantics: the request keeps the real domain; only the connection is mapped
    assert hostmap.transport(url) == url
    assert hostmap.fetched_from(url) == "http://127.0.0.1:9702/art/2024/1/25/art_151356_4303067.html"


def test_unmapped_loopback_private_and_copycat_addresses_refused(hostmap):
    assert hostmap.canonical("http://127.0.0.1:9999/x.html") is None
    assert hostmap.canonical("http://10.1.2.3/x.html") is None
    assert hostmap.canonical("http://180.76.149.248:88/book/2021dzs/files/page1.html") is None
    assert not hostmap.allowed_domain(hostmap.domain("http://www.jkzhuan.cn/art/2020/2/19/a.html"))
    assert hostmap.allowed_domain("tjj.weihai.gov.cn")
    assert not hostmap.allowed_domain("weihai.gov.cn.evil.com")


def test_port_8443_alias_is_the_same_url(hostmap):
    a = hostmap.canonical("https://www.weihai.gov.cn:8443/module/xxgk/xxgkAnnualReport.jsp?area=1&fbtime=2022")
    b = hostmap.canonical("https://www.weihai.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=1&fbtime=2022")
    assert a == b and kind_of(a) == "module"


def test_kinds():
    assert kind_of("http://x.gov.cn/col/col57877/index.html?vc_xxgkarea=113&jh=261") == "catalogue"
    assert kind_of("http://x.gov.cn/col/col70413/index.html") == "column"
    assert kind_of("http://x.gov.cn/module/download/downfile.jsp?classid=0&filename=a.pdf") == "attachment"
    assert kind_of("http://x.gov.cn/picture/-1/250611154417497761.jpg") == "image"


def test_titles_of_the_corpus_are_told_apart():
    corpus = build_corpus(7, 120)
    assert all(recognise.is_report_title(r.title) for r in corpus.reports)
    assert not any(recognise.is_report_title(a.title) for a in corpus.articles)


DECOY_TITLES = [
    "图解：威海市人民政府2023年政府信息公开工作年度报告",
    "一图读懂威海市文登区2023年政府信息公开工作年度报告",
    "【视频】威海临港经济技术开发区2022年政府信息公开工作年度报告",
    "关于做好2023年政府信息公开工作年度报告编制和发布工作的通知",
    "威海市人民政府2024年法治政府建设情况报告",
    "威海市人民政府办公室2023年政府网站工作年度报表",
    "2024年政务公开工作要点",
    "威海市人民政府政府信息公开指南",
    "《2023年政府信息公开工作年度报告》解读",
]


@pytest.mark.parametrize("title", DECOY_TITLES)
def test_decoy_titles_are_not_reports(title):
    assert not recognise.is_report_title(title)
    assert recognise.is_decoy_title(title) or "信息公开" not in title


@pytest.mark.parametrize("title", ["威海市审计局2023年政府信息公开工作年度报告",
                                   "威海市统计局2023年政府信息公开工作年度报告"])
def test_agency_names_are_not_decoy_words(title):
    assert recognise.is_report_title(title)


def _weihai_page(title: str, body: str) -> Selector:
    from datetime import datetime

    from replica import site_pages as P

    meta = P.meta_table("11371000MB285591XK", 12, "威海市人民政府", 2023, datetime(2024, 1, 20))
    page = P.article("威海市人民政府", "www.weihai.gov.cn", "weihai", "2023年", "", title,
                     datetime(2024, 1, 20), "威海市人民政府", body, meta, "http://www.weihai.gov.cn/x")
    return Selector(text=page)


def test_year_class_and_report_word_need_the_template_structure():
    from replica import content

    report = next(r for r in build_corpus(7, 40).reports if r.form == "html")
    decoy = _weihai_page("威海市人民政府2024年法治政府建设情况报告", "<p>一、主要举措。</p>")
    assert not recognise.recognise(decoy, "http://www.weihai.gov.cn/x")["is_report"]
    # an unusual report title: the 内容分类 year and the template's sections make it a report
    odd = _weihai_page("威海市人民政府政府信息公开工作2023年度报告（更正版）", content.body_html(report))
    assert recognise.recognise(odd, "http://www.weihai.gov.cn/x")["is_report"]
    # the same unusual title over a body that is not the template stays a non-report
    bare = _weihai_page("威海市人民政府政府信息公开工作2023年度报告（更正版）", "<p>详见附件。</p>")
    assert not recognise.recognise(bare, "http://www.weihai.gov.cn/x")["is_report"]


@pytest.mark.parametrize("title", ["威海市港航局2013年度政府信息公开工作报告",
                                   "威海市交通运输局关于2016年度政府信息公开工作情况的报告",
                                   "威海市人民政府 2020年政府信息公开工作年度报告"])
def test_older_report_titles(title):
    assert recognise.is_report_title(title)


def test_dates_in_every_portal_style():
    assert recognise.parse_date("发布日期:2026-01-19 09:49:19") == "2026-01-19 09:49:19"
    assert recognise.parse_date("时间:2020年02月19日 10:41") == "2020-02-19 10:41:00"
    assert recognise.parse_date("时间: 2010-02-23 00:00") == "2010-02-23 00:00:00"
    sel = Selector(text="<div>时间: 11:27</div>")
    assert recognise.published(sel, "http://x/art/2021/3/10/art_75283_2542323.html") == "2021-03-10"


def test_record_shapes_and_jpage_params():
    from replica import site_pages as P
    from datetime import datetime

    when = datetime(2024, 1, 29)
    title = "威海临港经济技术开发区蔄山镇人民政府2023年政府信息公开工作年度报告"
    recs = [P.record(shape, "/art/2024/1/29/art_151616_4308925.html", title, when, "http://b")
            for shape in range(4)]
    xml = P.datastore(recs, 301, 15, "/module/web/jpage/dataproxy.jsp?page=2&webid=1&columnid=9&unitid=8")
    got = records(xml, "http://b/col/col9/index.html")
    assert [t for _h, t, _d in got] == [title] * 4  # title attribute, not the truncated text
    # the date beside the record, whatever its markup ([date], <span>, <i>); shape 2 has none
    assert [d for _h, _t, d in got] == ["2024-01-29", "2024-01-29", "", "2024-01-29"]
    assert got[3][0] == "http://b/art/2024/1/29/art_151616_4308925.html"
    assert jpage_params(xml) == {"columnid": 9, "unitid": 8, "webid": 1, "total": 301}


def test_addresses_named_in_a_report_opening(seeds_dir):
    text = next(seeds_dir.glob("000_*.txt")).read_text(encoding="utf-8")
    assert "www.eweihai.gov.cn" in recognise.named_addresses(text)


def test_cms_detection():
    from crawler.listing import cms_of
    from replica import site_pages

    jpaas = ("<script>var queryData = {webId:'1', tplSetId:'2', pageType:'column'};"
             "$.get('/api-gateway/jpaas-publish-server/front/page/build/unit', queryData)</script>")
    assert cms_of(jpaas) == "jpaas"
    assert cms_of(site_pages.eweihai_home()) == "unknown"
    assert cms_of("<a href='/col/col1/index.html'></a><script src='/module/jslib/x.js'></script>") == "hanweb"
