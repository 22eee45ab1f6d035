"""Each spider on saved pages (tests/crawler/pages/<cms>/), the city-scrapers way: a real spider
object with a real archive in a temp folder, fed the saved bytes as Scrapy responses."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

from crawler.listing import cms_of
from crawler.spiders import spider_for
from crawler.spiders.generic import GenericSpider
from crawler.spiders.trs import TrsSpider
from tests.crawler.conftest import spider_settings

PAGES = Path(__file__).parent / "pages"
ALLOWED = ["weihai.gov.cn", "www.eweihai.gov.cn", "www.example-district.gov.cn"]


def make_spider(cls, tmp_path: Path, domain: str, **settings):
    crawler = get_crawler(cls, spider_settings(tmp_path, XXGK_ALLOWED_DOMAINS=ALLOWED, **settings))
    from archive.schema import open_database

    open_database(tmp_path / "archive.db")
    spider = cls.from_crawler(crawler, portal={"name": domain, "domain": domain, "cms": cls.cms})
    return spider


def page(url: str, name: str, kind: str = "column", **meta) -> HtmlResponse:
    request = Request(url, meta={"xxgk_url": url, "xxgk_kind": kind, **meta})
    return HtmlResponse(url, body=(PAGES / name).read_bytes(), encoding="utf-8", request=request)


def urls(requests) -> list[str]:
    return [r.meta["xxgk_url"] for r in requests if r is not None]


def test_spider_is_chosen_by_cms():
    assert spider_for("trs") is TrsSpider
    assert spider_for("unknown") is GenericSpider and spider_for("generic") is GenericSpider
    assert spider_for("jpaas") is None  # detected, no spider: recorded as unsupported
    assert cms_of((PAGES / "trs" / "ndbg_index.html").read_text()) == "trs"
    assert cms_of((PAGES / "generic" / "news_list.html").read_text()) == "unknown"


def test_trs_list_pages_every_record_and_the_pages_createPageHTML_names(tmp_path):
    spider = make_spider(TrsSpider, tmp_path, "tjj.weihai.gov.cn")
    root = "http://tjj.weihai.gov.cn/xxgk/ndbg/index.html"
    got = urls(spider.parse_page(page(root, "trs/ndbg_index.html")))
    base = "http://tjj.weihai.gov.cn/xxgk/ndbg/"
    assert got == [base + "202501/t20250121_5213871.html", base + "202401/t20240118_4321007.html",
                   base + "202312/t20231206_4289114.html",  # a notice: recognised on its page
                   base + "index_1.html", base + "index_2.html"]  # createPageHTML(3, 0, …)
    # the province's portal is another domain: never this spider's to ask
    assert not any("shandong" in u for u in got)
    titles = spider._walked_lists[root]
    assert titles[base + "202401/t20240118_4321007.html"] == (
        "威海市统计局2023年政府信息公开工作年度报告", "2024-01-18")  # the title attribute, not the …


def test_trs_quoted_paging_shtml_and_table_rows(tmp_path):
    spider = make_spider(TrsSpider, tmp_path, "tjj.weihai.gov.cn")
    root = "http://tjj.weihai.gov.cn/qx/tjj/ndbg/index.shtml"
    got = urls(spider.parse_page(page(root, "trs/ndbg_index_table.html")))
    assert got == ["http://tjj.weihai.gov.cn/qx/tjj/ndbg/202302/t20230213_3512240.shtml",
                   "http://tjj.weihai.gov.cn/qx/zwgk/202202/t20220128_2811001.shtml",
                   "http://tjj.weihai.gov.cn/qx/tjj/ndbg/index_1.shtml"]


def test_trs_changed_list_asks_only_new_and_changed_records(tmp_path):
    spider = make_spider(TrsSpider, tmp_path, "tjj.weihai.gov.cn")
    root = "http://tjj.weihai.gov.cn/xxgk/ndbg/index.html"
    base = "http://tjj.weihai.gov.cn/xxgk/ndbg/"
    known = [base + "202501/t20250121_5213871.html", base + "202401/t20240118_4321007.html"]
    spider.archive.save_list_records(root, "earlier", [
        (known[0], "威海市统计局2024年政府信息公开工作年度报告", "2025-01-21"),
        (known[1], "威海市统计局2023年政府信息公开工作年度报告", "2024-01-11")])  # re-dated since
    spider.known = set(known)
    got = urls(spider.parse_page(page(root, "trs/ndbg_index.html")))
    assert known[0] not in got  # unchanged record: not asked again
    assert known[1] in got  # its date changed: revalidated
    assert spider.crawler.stats.get_value("xxgk/changed_records") == 1
    spider.save_walked_lists()
    assert spider.archive.list_records(root)[known[1]][1] == "2024-01-18"


def test_trs_article_attachments_in_its_folder_including_wps(tmp_path):
    spider = make_spider(TrsSpider, tmp_path, "tjj.weihai.gov.cn")
    url = "http://tjj.weihai.gov.cn/xxgk/ndbg/202501/t20250121_5213871.html"
    requests = [r for r in spider.parse_document(page(url, "trs/article.html", "article")) if r]
    kinds = {r.meta["xxgk_url"]: r.meta["xxgk_kind"] for r in requests}
    folder = "http://tjj.weihai.gov.cn/xxgk/ndbg/202501/"
    assert kinds == {folder + "P020250121395632418901.wps": "attachment",
                     folder + "P020250121395632418902.pdf": "attachment",
                     folder + "W020250121395632418901.png": "image"}
    # the :8443 alias the report names is this very portal: nothing to discover
    assert spider.discovered == set()


def test_generic_list_follows_paging_and_report_links_only(tmp_path):
    spider = make_spider(GenericSpider, tmp_path, "www.eweihai.gov.cn")
    url = "http://www.eweihai.gov.cn/news_list.aspx?t=77&page=2"
    got = urls(spider.parse_page(page(url, "generic/news_list.html", xxgk_depth=1)))
    site = "http://www.eweihai.gov.cn/"
    assert set(got) == {site + "news_list.aspx?t=77&page=1", site + "news_list.aspx?t=77&page=3",
                        site + "news_list.aspx?t=77&page=4",  # 首页/上一页/1, 3/下一页, 尾页
                        site + "news_list.aspx?t=12",  # 政务公开: navigation
                        site + "xxgk/news_show.aspx?id=4301125", site + "xxgk/news_show.aspx?id=4300910"}
    assert len(got) == len(set(got))  # each URL asked once
    # the notice has no 报告 in its link; the PDF is fetched from the report page linking it;
    # the copycat and other hosts are never asked; __doPostBack is no link
    records = spider._walked_lists[url]
    assert records[site + "xxgk/news_show.aspx?id=4301125"][1] == "2024-01-30"


def test_generic_budgets_are_hard_and_reported(tmp_path):
    spider = make_spider(GenericSpider, tmp_path, "www.example-district.gov.cn",
                         XXGK_GENERIC_MAX_PAGES=1, XXGK_GENERIC_MAX_DEPTH=1)
    home = "http://www.example-district.gov.cn/"
    got = urls(spider.parse_page(page(home, "generic/home.html", "home", xxgk_depth=0)))
    # 政务公开 and 政府信息公开 are navigation, but one page fills the budget
    assert got == [home + "channel/zwgk/"]
    nested = page(home + "channel/zwgk/", "generic/home.html", xxgk_depth=1)
    assert urls(spider.parse_page(nested)) == []
    stats = spider.crawler.stats
    assert stats.get_value("xxgk/errors/budget-depth") >= 1
    assert stats.get_value("xxgk/errors/budget-pages") >= 1


def test_generic_sitemap_offers_pages_on_this_portal_only(tmp_path):
    spider = make_spider(GenericSpider, tmp_path, "www.example-district.gov.cn")
    url = "http://www.example-district.gov.cn/sitemap.xml"
    request = Request(url, meta={"xxgk_url": url, "xxgk_kind": "sitemap"})
    response = TextResponse(url, body=(PAGES / "generic" / "sitemap.xml").read_bytes(),
                            encoding="utf-8", request=request)
    got = urls(spider.parse_sitemap(response))
    assert got == ["http://www.example-district.gov.cn/channel/xxgk/ndbg/list.jsp?page=1&size=20"]


@pytest.mark.parametrize("status", ["ok", "connection"])
def test_discovered_row_carries_the_probe_outcome(tmp_path, status):
    """Issue 17 case 6: the row is written with the probe's outcome; an unanswered probe is
    asked again by a later run."""
    spider = make_spider(TrsSpider, tmp_path, "tjj.weihai.gov.cn")
    spider.configured = {"tjj.weihai.gov.cn"}
    [probe] = [r for r in spider._discover("www.eweihai.gov.cn", "http://tjj.weihai.gov.cn/r.html") if r]
    assert spider.archive.needs_probe("www.eweihai.gov.cn")  # nothing written before the answer
    assert spider.store.db.execute("select count(*) from portals where domain = 'www.eweihai.gov.cn'"
                                   ).fetchone()[0] == 0
    if status == "ok":
        response = HtmlResponse(probe.url, body=(PAGES / "generic" / "news_list.html").read_bytes(),
                                encoding="utf-8", request=probe)
        list(spider.parse_probe(response) or [])
    else:
        spider.probe_failed(probe, status)
    row = spider.store.db.execute("select cms, source, probe_status, discovered_from from portals "
                                  "where domain = 'www.eweihai.gov.cn'").fetchone()
    assert row[1:] == ("discovered", status, "http://tjj.weihai.gov.cn/r.html")
    assert spider.archive.needs_probe("www.eweihai.gov.cn") is (status != "ok")
    if status == "ok":
        assert row[0] == "unknown"


def test_record_changed_for_walks_that_read_one_record_at_a_time(tmp_path):
    from crawler.spiders.hanweb import HanwebSpider

    spider = make_spider(HanwebSpider, tmp_path, "www.wendeng.gov.cn")
    column = "http://www.wendeng.gov.cn/col/col168300/index.html"
    url = "http://www.wendeng.gov.cn/art/2025/1/20/art_168300_5210001.html"
    spider.archive.save_list_records(column, "earlier", [(url, "文登区2024年政府信息公开工作年度报告", "")])
    spider.known = {url}
    assert not spider.record_changed(column, url, "文登区2024年政府信息公开工作年度报告")
    spider2 = make_spider(HanwebSpider, tmp_path, "www.wendeng.gov.cn")
    spider2.known = {url}
    assert spider2.record_changed(column, url, "文登区2024年政府信息公开工作年度报告（更正）")
    assert not spider2.record_changed(column, "/art/2026/1/2/art_168300_6100001.html", "新报告",
                                      base=column)  # new, not "changed": the walk asks it anyway


def test_trs_later_pages_asked_one_after_the_other_while_records_change(tmp_path):
    """After a list's first walk, `index_1.html` is asked only when the first page holds a
    new or changed record, `index_2.html` only when `index_1.html` does (newest first)."""
    spider = make_spider(TrsSpider, tmp_path, "tjj.weihai.gov.cn")
    root = "http://tjj.weihai.gov.cn/xxgk/ndbg/index.html"
    base = "http://tjj.weihai.gov.cn/xxgk/ndbg/"
    rows = [(base + "202501/t20250121_5213871.html", "威海市统计局2024年政府信息公开工作年度报告", "2025-01-21"),
            (base + "202401/t20240118_4321007.html", "威海市统计局2023年政府信息公开工作年度报告", "2024-01-18"),
            (base + "202312/t20231206_4289114.html", "关于做好2023年政府信息公开工作年度报告编制发布工作的通知", "2023-12-06")]
    spider.archive.save_list_records(root, "earlier", rows)
    spider.known = {u for u, _t, _d in rows}
    assert urls(spider.parse_page(page(root, "trs/ndbg_index.html"))) == []  # nothing changed
    spider2 = make_spider(TrsSpider, tmp_path / "b", "tjj.weihai.gov.cn")
    spider2.archive.save_list_records(root, "earlier", rows[1:])
    spider2.known = {u for u, _t, _d in rows[1:]}
    requests = [r for r in spider2.parse_page(page(root, "trs/ndbg_index.html")) if r]
    assert urls(requests) == [rows[0][0], base + "index_1.html"]  # not index_2 yet
    later = page(base + "index_1.html", "trs/ndbg_index_table.html", "list", **requests[-1].meta)
    assert urls(spider2.parse_list_page(later))[-1] == base + "index_2.html"  # it had new ones


def test_generic_list_page_of_unchanged_records_ends_the_paging(tmp_path):
    spider = make_spider(GenericSpider, tmp_path, "www.eweihai.gov.cn")
    url = "http://www.eweihai.gov.cn/news_list.aspx?t=77&page=2"
    site = "http://www.eweihai.gov.cn/"
    list(spider.parse_page(page(url, "generic/news_list.html", xxgk_depth=1)))
    walked = spider._walked_lists[url]
    later = make_spider(GenericSpider, tmp_path / "later", "www.eweihai.gov.cn")
    later.archive.save_list_records(url, "earlier", [(u, t, d) for u, (t, d) in walked.items()])
    later.known = set(walked)
    got = urls(later.parse_page(page(url, "generic/news_list.html", xxgk_depth=1)))
    assert got == [site + "news_list.aspx?t=12"]  # navigation still followed; no paging link


def test_generic_counts_a_report_reached_as_a_page_once(tmp_path):
    spider = make_spider(GenericSpider, tmp_path, "tjj.weihai.gov.cn")
    report = "http://tjj.weihai.gov.cn/xxgk/ndbg/202501/t20250121_5213871.html"
    followed = urls(spider.parse_page(page(report, "trs/article.html", xxgk_depth=1)))
    assert followed  # labelled as a report: its attachments are asked
    assert spider.crawler.stats.get_value("xxgk/pages") == 1
    lister = "http://www.example-district.gov.cn/channel/zwgk/list.html"
    list(spider.parse_page(page(lister, "generic/news_list.html", xxgk_depth=1)))
    assert spider.crawler.stats.get_value("xxgk/pages") == 2
