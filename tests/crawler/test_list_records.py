"""Issue 11, no missed edit: Hanweb lists compared record by record with their last walk, on
saved pages (tests/crawler/pages/hanweb/). `column_60.html` and `column_60_window.xml` are the
replica's rongcheng 信息公开年报 column (60 records: its XML island of 15, then the
`dataproxy.jsp` window 16–60) as served; the "last walk" each test starts from is those
records with the changes the test names, saved in a real archive."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse

from crawler.listing import records
from crawler.spiders.hanweb import HanwebSpider
from tests.crawler.conftest import hanweb_spider

PAGES = Path(__file__).parent / "pages" / "hanweb"
COLUMN = "http://www.rongcheng.gov.cn/col/col70623/index.html"
WINDOW = ("http://www.rongcheng.gov.cn/module/web/jpage/dataproxy.jsp"
          "?startrecord=16&endrecord=60&perpage=15")


@pytest.fixture()
def spider_for(tmp_path):
    def make(domain: str, **settings) -> HanwebSpider:
        return hanweb_spider(tmp_path, domain, ["weihai.gov.cn", domain], **settings)
    return make


def page(url: str, name: str, kind: str = "column", cls=HtmlResponse, status: int = 200, **meta):
    request = Request(url, meta={"xxgk_url": url, "xxgk_kind": kind, **meta})
    body = b"" if status == 304 else (PAGES / name).read_bytes()
    return cls(url, status=status, body=body, encoding="utf-8", request=request)


def asked(requests) -> list[tuple[str, str]]:
    return [(r.meta["xxgk_kind"], r.meta["xxgk_url"]) for r in requests if r is not None]


def sixty_records(spider) -> list[tuple[str, str, str]]:
    """The column's 60 records in list order, as canonical (URL, title, date)."""
    out = []
    for name, base in (("column_60.html", COLUMN), ("column_60_window.xml", WINDOW)):
        for href, title, date in records((PAGES / name).read_text(encoding="utf-8"), base):
            out.append((spider.hostmap.canonical(href, base), title, date))
    return out


def last_walk(spider, list_url: str, rows, *, known=None) -> None:
    """The list as a completed earlier run walked it: its records and its known URLs."""
    spider.archive.save_list_records(list_url, "earlier", rows)
    spider.known = set(known if known is not None else (u for u, _t, _d in rows))


def archive_earlier(spider, url: str, name: str, kind: str = "column", *, report: bool = False) -> None:
    """The saved page as a completed earlier run archived it."""
    if not spider.store.db["crawl_runs"].exists() or not spider.store.db.execute(
            "select 1 from crawl_runs where run_id = 'earlier'").fetchone():
        spider.store.db["crawl_runs"].insert({"run_id": "earlier", "kind": "crawl", "status": "ok"})
    capture_id, _created = spider.store.record(
        run_id="earlier", portal=spider.portal_name, url=url, final_url=url, method="GET",
        req_headers=[], req_body=b"", status=200,
        resp_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=(PAGES / name).read_bytes(), kind=kind)
    if report:
        spider.archive.label_capture(capture_id, is_report=True, title="年报", published=None)
    spider.known.add(url)


def test_saved_long_list_is_sixty_records(spider_for):
    rows = sixty_records(spider_for("www.rongcheng.gov.cn"))
    assert len(rows) == len({u for u, _t, _d in rows}) == 60
    assert all(d for _u, _t, d in rows)  # every record of this shape prints its date


def test_changed_records_deep_in_the_list_are_asked_and_nothing_else(spider_for):
    """A new report on top; since the last walk the record at position 12 was re-dated and the
    one at position 40 (in the dataproxy window) re-titled: exactly those three are asked."""
    spider = spider_for("www.rongcheng.gov.cn")
    rows = sixty_records(spider)
    before = [list(r) for r in rows]
    before[12][2] = "2021-01-05"
    before[40][1] = before[40][1][:-2]  # re-titled since
    last_walk(spider, COLUMN, [tuple(r) for r in before[1:]], known=[r[0] for r in rows[1:]])
    requests = [r for r in spider.parse_column(page(COLUMN, "column_60.html")) if r]
    assert asked(requests) == [("article", rows[0][0]), ("article", rows[12][0]),
                               ("list", WINDOW)]  # the island held a new record: read on
    window = page(WINDOW, "column_60_window.xml", "list", cls=TextResponse,
                  xxgk_state=requests[-1].meta["xxgk_state"])
    assert asked(spider.parse_window(window)) == [("article", rows[40][0])]  # 60 read: done
    assert spider.crawler.stats.get_value("xxgk/changed_records") == 2
    spider.save_walked_lists()  # the walk is saved: the next one compares with it
    saved = spider.archive.list_records(COLUMN)
    assert list(saved)[:3] == [r[0] for r in rows[:3]] and len(saved) == 60
    assert saved[rows[40][0]] == rows[40][1:]


def test_the_rolling_re_check_does_not_trust_a_date(spider_for):
    """A report page served with Last-Modified and no ETag, put back to its older bytes with
    their older date (a reverted edit), answers 304 to If-Modified-Since on a server comparing
    dates as "not newer than": the rolling re-check asks without it, other requests keep it."""
    spider = spider_for("www.rongcheng.gov.cn", XXGK_REVALIDATE_DAYS=1)
    url = "http://www.rongcheng.gov.cn/art/2024/3/6/art_70623_100.html"
    spider.store.db["crawl_runs"].insert({"run_id": "earlier", "kind": "crawl", "status": "ok"})
    capture_id, _created = spider.store.record(
        run_id="earlier", portal=spider.portal_name, url=url, final_url=url, method="GET",
        req_headers=[], req_body=b"", status=200,
        resp_headers=[("Content-Type", "text/html; charset=utf-8"),
                      ("Last-Modified", "Wed, 06 Mar 2024 01:00:00 GMT")],
        body=(PAGES / "column_60.html").read_bytes(), kind="article")
    spider.archive.label_capture(capture_id, is_report=True, title="年报", published=None)
    spider.known.add(url)
    [recheck] = list(spider.revalidation_requests())
    assert recheck.meta["xxgk_url"] == url
    assert b"If-Modified-Since" not in recheck.headers
    spider.seen.clear()
    listed = spider.req(url, spider.parse_document, "article")
    assert listed.headers[b"If-Modified-Since"] == b"Wed, 06 Mar 2024 01:00:00 GMT"


def test_an_island_of_unchanged_records_ends_the_paging(spider_for):
    """The page changed (its bytes did), but no record in the island did: the window is not
    asked, even though a record in it changed; that edit is the rolling revalidation's."""
    spider = spider_for("www.rongcheng.gov.cn")
    rows = sixty_records(spider)
    before = [list(r) for r in rows]
    before[40][1] += "（修订）"
    last_walk(spider, COLUMN, [tuple(r) for r in before])
    assert asked(spider.parse_column(page(COLUMN, "column_60.html"))) == []


def test_a_list_without_validators_answering_the_same_bytes_is_unchanged(spider_for):
    """Hanweb pages often carry no ETag/Last-Modified: a 200 with the archived bytes is
    recognised by its sha256, like a 304; different bytes are walked."""
    spider = spider_for("www.rongcheng.gov.cn")
    archive_earlier(spider, COLUMN, "column_60.html")
    same = page(COLUMN, "column_60.html", xxgk_capture_created=False)
    assert spider.page_unchanged(same)
    other = page(COLUMN, "column_60.html", xxgk_capture_created=True)
    assert not spider.page_unchanged(other)
    # a list no completed run walked is walked again, whatever it answers
    spider.known.discard(COLUMN)
    assert not spider.page_unchanged(same)


DIRECTORY = "http://www.weihai.gov.cn/col/col70609/index.html"
NODE = "http://www.weihai.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=11371000MB700000X&fbtime=2024"


def directory_walked(spider, checked_days_ago: float) -> list[str]:
    """The 28-body directory walked by an earlier run (island + window), each body's catalogue
    archived (their 年报 node names one module page, a report) and checked that long ago."""
    island = records((PAGES / "directory.html").read_text(encoding="utf-8"), DIRECTORY)
    window = records((PAGES / "directory_window.xml").read_text(encoding="utf-8"), DIRECTORY)
    rows = [(spider.hostmap.canonical(h, DIRECTORY), t, d) for h, t, d in island + window]
    last_walk(spider, DIRECTORY, rows)
    archive_earlier(spider, DIRECTORY, "directory.html")
    archive_earlier(spider, NODE, "module_years.html", "module", report=True)
    when = (datetime.now(timezone.utc) - timedelta(days=checked_days_ago)).isoformat(timespec="seconds")
    for url, _t, _d in rows:
        archive_earlier(spider, url, "catalogue_nodes.html", "catalogue")
        spider.store.db["url_checks"].upsert({"url": url, "portal": spider.portal_name,
                                              "checked_at": when}, pk="url")
    return [u for u, _t, _d in rows]


@pytest.mark.parametrize("status", [304, 200])
def test_unchanged_directory_asks_its_reports_node_not_its_catalogues(spider_for, status):
    """Same night: an unchanged directory (304, or its archived bytes) asks no window (its
    records are the last walk's) and no catalogue checked in the last 12 hours; each is read
    from the archive and the module page its 年报 node names (a report: its year tabs show a
    late year) is asked, once."""
    spider = spider_for("www.weihai.gov.cn")
    directory_walked(spider, checked_days_ago=0.1)
    got = asked(spider.parse_column(page(DIRECTORY, "directory.html", status=status,
                                         xxgk_capture_created=False)))
    assert got == [("module", NODE)]
    assert spider.crawler.stats.get_value("xxgk/lists_from_archive") == 28


def test_directory_catalogues_are_re_asked_on_the_rolling_schedule(spider_for):
    """Checked two nights ago with revalidate_days = 7: the ⌈28/7⌉ = 4 least recently checked
    catalogues are asked tonight, the rest read from the archive."""
    spider = spider_for("www.weihai.gov.cn", XXGK_REVALIDATE_DAYS=7)
    urls = directory_walked(spider, checked_days_ago=2)
    oldest = urls[5:9]
    with spider.store.db.conn:
        spider.store.db.execute("update url_checks set checked_at = '2026-01-01T00:00:00+00:00' "
                                f"where url in ({', '.join('?' * 4)})", oldest)
    requests = [r for r in spider.parse_column(page(DIRECTORY, "directory.html", status=304)) if r]
    catalogues = [r for r in requests if r.meta["xxgk_kind"] == "catalogue"]
    assert sorted(r.meta["xxgk_url"] for r in catalogues) == sorted(oldest)
    assert asked(requests).count(("module", NODE)) == 1


def test_a_catalogue_listing_its_years_does_not_re_ask_its_only_module_page(spider_for):
    """A catalogue that lists each year by title changes when a year is added; unchanged, its
    single module page (rongcheng's bodies with one year) is not asked again."""
    spider = spider_for("www.huancui.gov.cn")
    url = "http://www.huancui.gov.cn/col/col57877/index.html?vc_xxgkarea=113710020046512345"
    archive_earlier(spider, url, "catalogue_list.html", "catalogue")
    assert asked(spider.parse_agency(page(url, "catalogue_list.html", "catalogue", status=304))) == []
    assert spider._report_node([("/module/xxgk/xxgkAnnualReport.jsp?area=1&fbtime=2024",
                                 "2024年政府信息公开工作年度报告", "")], page(url, "catalogue_list.html")) is None


def test_module_year_tabs_compared_with_their_last_walk(spider_for):
    """A changed module page (its tabs gained a year) asks the new year only."""
    spider = spider_for("www.weihai.gov.cn")
    module = "http://www.weihai.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area=11371000MB700000X&fbtime="
    last_walk(spider, module + "2024", [(module + "2023", "2023年", "")],
              known=[module + "2024", module + "2023"])
    got = asked(spider.parse_document(page(module + "2024", "module_years.html", "module")))
    assert got == [("module", module + "2022")]


def test_window_records_keep_the_lists_depth(spider_for):
    """The lists a dataproxy window names are one level below the list, like its island's
    (`max_list_depth` bounds lists of lists whatever page named them)."""
    spider = spider_for("www.weihai.gov.cn", XXGK_MAX_LIST_DEPTH=2)
    requests = [r for r in spider.parse_column(page(DIRECTORY, "directory.html", xxgk_depth=1)) if r]
    assert {r.meta["xxgk_depth"] for r in requests if r.meta["xxgk_kind"] == "catalogue"} == {2}
    window = page(requests[-1].meta["xxgk_url"], "directory_window.xml", "list", cls=TextResponse,
                  xxgk_state=requests[-1].meta["xxgk_state"])
    rest = [r for r in spider.parse_window(window) if r]
    assert len(rest) == 13 and {r.meta["xxgk_depth"] for r in rest} == {2}


def test_due_lists_share_rest_and_staleness(tmp_path):
    """`CrawlLog.due_lists`: never checked → due; checked in the last 12 h → not; of the rest
    the ⌈n/N⌉ least recently checked, and any not checked for N days; N = 0 → every one."""
    from archive.crawl_log import CrawlLog
    from archive.schema import open_database

    log = CrawlLog(open_database(tmp_path / "archive.db"))
    now = datetime.now(timezone.utc)
    ages = {"a": None, "b": 0.2, "c": 1, "d": 2, "e": 3, "f": 10}  # days since last check
    for url, age in ages.items():
        if age is not None:
            log.db["url_checks"].upsert({"url": url, "portal": "p", "checked_at": (
                now - timedelta(days=age)).isoformat(timespec="seconds")}, pk="url")
    urls = list(ages)
    assert log.due_lists("p", urls, 0) == set(urls)
    # N = 7: ⌈6/7⌉ = 1 least recently checked (f, also stale) and the never-checked a
    assert log.due_lists("p", urls, 7) == {"a", "f"}
    # N = 3: ⌈6/3⌉ = 2 least recently checked (f, e), e is also stale (> 2.5 days)
    assert log.due_lists("p", urls, 3) == {"a", "f", "e"}
    # N = 2: share 3 (f, e, d); c stays: checked a day ago, within 2 nights
    assert log.due_lists("p", urls, 2) == {"a", "f", "e", "d"}
    assert "b" not in log.due_lists("p", urls, 1)  # rested: asked 5 hours ago


def test_unchanged_directory_without_a_complete_last_walk_reads_its_windows(spider_for):
    """An archive older than the record comparison (or a walk another node made) has no
    records of the directory's window: an unchanged directory then asks the window too, so
    no body listed only there is lost."""
    spider = spider_for("www.weihai.gov.cn")
    archive_earlier(spider, DIRECTORY, "directory.html")
    got = asked(spider.parse_column(page(DIRECTORY, "directory.html", status=304)))
    assert [k for k, _u in got] == ["catalogue"] * 15 + ["list"]
