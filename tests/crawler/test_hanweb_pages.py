"""The Hanweb JCMS walk on saved pages (tests/crawler/pages/hanweb/), one test per list shape of
docs/crawler.md: a real HanwebSpider with a real archive in a temp folder, fed the saved bytes
as Scrapy responses; the requests it yields are what it understood."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse

from crawler.spiders.hanweb import HanwebSpider
from tests.crawler.conftest import hanweb_spider

PAGES = Path(__file__).parent / "pages" / "hanweb"
ALLOWED = ["weihai.gov.cn", "www.wip.gov.cn", "www.huancui.gov.cn"]


@pytest.fixture()
def spider_for(tmp_path):
    def make(domain: str, **settings) -> HanwebSpider:
        return hanweb_spider(tmp_path, domain, ALLOWED, **settings)
    return make


def page(url: str, name: str, kind: str = "column", cls=HtmlResponse, **meta):
    request = Request(url, meta={"xxgk_url": url, "xxgk_kind": kind, **meta})
    return cls(url, body=(PAGES / name).read_bytes(), encoding="utf-8", request=request)


def asked(requests) -> list[tuple[str, str]]:
    """(kind, canonical URL) of each request, in order."""
    return [(r.meta["xxgk_kind"], r.meta["xxgk_url"]) for r in requests if r is not None]


def test_home_page_follows_only_the_disclosure_catalogue(spider_for):
    spider = spider_for("www.weihai.gov.cn")
    got = asked(spider.parse_home(page("http://www.weihai.gov.cn/index.html", "home.html", "home")))
    assert got == [("column", "http://www.weihai.gov.cn/col/col70600/index.html")]
    # the province's portal and the IP-addressed link are counted, never asked
    assert spider.crawler.stats.get_value("xxgk/errors/off-allowlist") == 2


def test_navigation_catalogue_follows_every_column_and_agency_catalogue(spider_for):
    spider = spider_for("www.weihai.gov.cn")
    got = asked(spider.parse_column(page("http://www.weihai.gov.cn/col/col70600/index.html",
                                         "xxgk_catalogue.html")))
    base = "http://www.weihai.gov.cn/col/"
    assert got == [("column", base + "col70601/index.html"), ("column", base + "col70606/index.html"),
                   ("column", base + "col70609/index.html"),
                   ("catalogue", base + "col70610/index.html?vc_xxgkarea=11371000004172203P")]


def test_article_list_records_of_every_shape_then_the_next_window(spider_for):
    spider = spider_for("www.wip.gov.cn")
    col = "http://www.wip.gov.cn/col/col151616/index.html"
    requests = [r for r in spider.parse_column(page(col, "column_articles.html")) if r]
    art = "http://www.wip.gov.cn/art/2024/1/"
    assert asked(requests) == [
        ("article", art + "29/art_151616_4308925.html"),  # single quotes, [date]
        ("article", art + "26/art_151616_4307710.html"),  # absolute URL with the real domain
        ("module", "http://www.wip.gov.cn/module/xxgk/xxgkAnnualReport.jsp"
                   "?area=113710007874530919&fbtime=2023"),  # a module page as a record
        ("attachment", "http://www.wip.gov.cn/module/download/downfile.jsp?classid=0"
                       "&filename=2401251017286969.pdf&showname=%E8%8B%98%E5%B1%B1%E9%95%87.pdf"),
        ("list", "http://www.wip.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=6&endrecord=50&perpage=15"),
    ]  # the copycat record (another domain) is not this spider's to ask
    window = requests[-1]
    assert window.method == "POST" and window.headers["Referer"] == col.encode()
    form = parse_qs(window.body.decode())
    assert form["columnid"] == ["151616"] and form["unitid"] == ["151001"] and form["webid"] == ["62"]
    assert requests[0].meta["xxgk_list_title"].endswith("2023年政府信息公开工作年度报告")
    assert requests[0].url == art + "29/art_151616_4308925.html"  # the real domain is asked


def test_list_whose_records_are_columns_walks_each_column(spider_for):
    spider = spider_for("www.wip.gov.cn")
    index = "http://www.wip.gov.cn/col/col151615/index.html"
    requests = [r for r in spider.parse_column(page(index, "column_of_columns.html")) if r]
    assert asked(requests) == [("column", f"http://www.wip.gov.cn/col/col{n}/index.html")
                               for n in (168302, 151616, 129871)]
    assert all(r.meta["xxgk_depth"] == 1 and r.headers["Referer"] == index.encode() for r in requests)


def test_lists_of_lists_stop_at_max_list_depth(spider_for):
    spider = spider_for("www.wip.gov.cn", XXGK_MAX_LIST_DEPTH=2)
    index = "http://www.wip.gov.cn/col/col151615/index.html"
    got = asked(spider.parse_column(page(index, "column_of_columns.html", xxgk_depth=2)))
    assert got == [] and spider.crawler.stats.get_value("xxgk/errors/list-depth") == 3


def test_agency_directory_inline_records_then_dataproxy_window(spider_for):
    spider = spider_for("www.weihai.gov.cn")
    col = "http://www.weihai.gov.cn/col/col70609/index.html"
    requests = [r for r in spider.parse_column(page(col, "directory.html")) if r]
    got = asked(requests)
    assert [k for k, _u in got] == ["catalogue"] * 15 + ["list"]
    assert got[0][1] == "http://www.weihai.gov.cn/col/col70610/index.html?vc_xxgkarea=11371000MB700000X"
    window_url = "http://www.weihai.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=60&perpage=15"
    window = page(window_url, "directory_window.xml", "list", cls=TextResponse,
                  xxgk_state=requests[-1].meta["xxgk_state"])
    rest = asked(spider.parse_window(window))
    assert [k for k, _u in rest] == ["catalogue"] * 13  # 28 in all: no further window
    areas = {parse_qs(urlsplit(u).query)["vc_xxgkarea"][0] for _k, u in got[:15] + rest}
    assert len(areas) == 28


def test_agency_catalogue_follows_its_report_node_only(spider_for):
    spider = spider_for("www.weihai.gov.cn")
    url = "http://www.weihai.gov.cn/col/col70610/index.html?vc_xxgkarea=11371000MB700000X"
    got = asked(spider.parse_agency(page(url, "catalogue_nodes.html", "catalogue")))
    assert got == [("module", "http://www.weihai.gov.cn/module/xxgk/xxgkAnnualReport.jsp"
                              "?area=11371000MB700000X&fbtime=2024")]


def test_agency_catalogue_listing_module_pages_and_articles(spider_for):
    spider = spider_for("www.huancui.gov.cn")
    url = "http://www.huancui.gov.cn/col/col57877/index.html?vc_xxgkarea=113710020046512345"
    got = asked(spider.parse_agency(page(url, "catalogue_list.html", "catalogue")))
    module = "http://www.huancui.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=113710020046512345&fbtime="
    assert got == [("module", module + "2024"), ("module", module + "2023"),
                   ("article", "http://www.huancui.gov.cn/art/2021/1/28/art_57877_2513906.html")]


def test_module_page_year_tabs_lead_to_the_same_bodys_other_years(spider_for):
    spider = spider_for("www.weihai.gov.cn")
    module = "http://www.weihai.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=11371000MB700000X&fbtime="
    got = asked(spider.parse_document(page(module + "2024", "module_years.html", "module")))
    # the page itself was already asked; another body's report linked in the text is not walked
    assert got == [("module", module + "2023"), ("module", module + "2022")]


def archive_earlier(spider, url: str, name: str) -> None:
    """The saved page as a completed earlier run archived it."""
    spider.store.db["crawl_runs"].insert({"run_id": "earlier", "kind": "crawl", "status": "ok"})
    spider.store.record(run_id="earlier", portal=spider.portal_name, url=url, final_url=url,
                        method="GET", req_headers=[], req_body=b"", status=200,
                        resp_headers=[("Content-Type", "text/html; charset=utf-8")],
                        body=(PAGES / name).read_bytes(), kind="column")


def test_unchanged_list_of_lists_still_asks_each_list_it_names(spider_for):
    """A 304 on the year index says nothing about the year columns: a report added to one
    changes that column, not the index."""
    spider = spider_for("www.wip.gov.cn")
    index = "http://www.wip.gov.cn/col/col151615/index.html"
    archive_earlier(spider, index, "column_of_columns.html")
    request = Request(index, meta={"xxgk_url": index, "xxgk_kind": "column"})
    got = asked(spider.parse_column(HtmlResponse(index, status=304, body=b"", request=request)))
    assert got == [("column", f"http://www.wip.gov.cn/col/col{n}/index.html")
                   for n in (168302, 151616, 129871)]


def test_unchanged_list_of_documents_stops(spider_for):
    spider = spider_for("www.wip.gov.cn")
    col = "http://www.wip.gov.cn/col/col151616/index.html"
    archive_earlier(spider, col, "column_articles.html")
    request = Request(col, meta={"xxgk_url": col, "xxgk_kind": "column"})
    assert asked(spider.parse_column(HtmlResponse(col, status=304, body=b"", request=request))) == []


@pytest.mark.parametrize("name, expected", [
    ("catalogue_nodes.html", ["http://www.weihai.gov.cn/module/xxgk/xxgkAnnualReport.jsp"
                              "?area=11371000MB700000X&fbtime=2024"]),  # its year tabs may change
    ("catalogue_list.html", []),  # lists every year: a new one would have changed it
])
def test_unchanged_agency_catalogue(spider_for, name, expected):
    spider = spider_for("www.weihai.gov.cn")
    url = "http://www.weihai.gov.cn/col/col70610/index.html?vc_xxgkarea=11371000MB700000X"
    archive_earlier(spider, url, name)
    request = Request(url, meta={"xxgk_url": url, "xxgk_kind": "catalogue"})
    got = asked(spider.parse_agency(HtmlResponse(url, status=304, body=b"", request=request)))
    assert [u for _k, u in got] == expected
