"""Which discovered portals a run crawls and which it probes again (issue 11 §2, issue 17 case 6)."""

from __future__ import annotations

from archive.crawl_log import CrawlLog
from archive.schema import open_database
from crawler.run import discovered_portals


def test_probed_portals_are_crawled_unprobed_ones_probed_again(tmp_path):
    db = open_database(tmp_path / "archive.db")
    log = CrawlLog(db)
    log.register_portal({"name": "wendeng", "domain": "www.wendeng.gov.cn"}, "hanweb")
    for domain, cms, status in [("www.eweihai.gov.cn", "unknown", "ok"),
                                ("tjj.weihai.gov.cn", "trs", "ok"),
                                ("www.huancui.gov.cn", None, "connection"),  # never answered
                                ("www.jpaas.weihai.gov.cn", "jpaas", "ok"),  # no spider for it
                                ("www.elsewhere.cn", "unknown", "ok")]:  # allowlist since shrunk
        log.record_probe(domain, base_url=f"http://{domain}", source_url="http://x/r.html",
                         cms=cms, title=None, status=status)
    # a row left by a run killed before the probe was written (the old behaviour)
    db["portals"].insert({"name": "www.rushan.gov.cn", "domain": "www.rushan.gov.cn",
                          "cms": "unknown", "source": "discovered", "discovered_from": "http://y/r"})
    def allowed(domain):
        return domain.endswith("weihai.gov.cn") or domain in ("www.huancui.gov.cn", "www.rushan.gov.cn")
    configured = [{"name": "wendeng", "domain": "www.wendeng.gov.cn"}]
    crawl, reprobe = discovered_portals(db, configured, allowed)
    assert {(p["domain"], p["cms"]) for p in crawl} == {("www.eweihai.gov.cn", "unknown"),
                                                        ("tjj.weihai.gov.cn", "trs")}
    assert sorted(reprobe) == [("www.huancui.gov.cn", "http://x/r.html"),
                               ("www.rushan.gov.cn", "http://y/r")]
    # a configured portal's row never counts as discovered
    assert log.needs_probe("www.wendeng.gov.cn") is False


def test_a_row_left_unprobed_by_a_killed_run_is_probed_and_crawled(small_replica, tmp_path):
    """Issue 17 case 6 end to end: the archive holds the row an older run wrote before its probe
    and was killed; the next crawl probes the portal and crawls it (its reports are archived)
    although the report that names it is already known."""
    from tests.crawler.conftest import db, report_urls, run_crawl, write_config

    config = write_config(tmp_path, small_replica)
    archive = open_database(tmp_path / "data" / "archive.db")
    archive["portals"].insert({"name": "www.eweihai.gov.cn", "domain": "www.eweihai.gov.cn",
                               "cms": "unknown", "source": "discovered",
                               "discovered_from": "http://www.weihai.gov.cn/art/x.html"})
    archive.conn.close()
    summary = run_crawl(config)
    assert summary["status"] == "ok"
    conn = db(tmp_path)
    row = conn.execute("select cms, probe_status from portals where domain = 'www.eweihai.gov.cn'").fetchone()
    assert tuple(row) == ("unknown", "ok")
    truth = {u for u in report_urls(small_replica) if u.startswith("http://www.eweihai.gov.cn/")}
    got = {r[0] for r in conn.execute("select final_url from captures where is_report = 1")}
    assert truth and truth <= got
