"""Issue 4, Done-when: the full ≥ 300-report replica, crawled, re-crawled, changed, re-crawled."""

from __future__ import annotations

import hashlib

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.rawstore import RawStore
from tests.crawler.conftest import (attachment_urls, db, report_urls, run_crawl, warcio_check,
                                    write_config)


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    from replica.server import start_replica

    replica = start_replica(port=0)  # the default replica: ≥ 300 reports
    folder = tmp_path_factory.mktemp("full")
    config = write_config(folder, replica)
    first = run_crawl(config)
    yield replica, folder, config, first
    replica.stop()


def test_replica_is_big_enough(full):
    replica, *_ = full
    assert len(report_urls(replica)) >= 300
    # issue 15's shapes are there: bodies with reports only in a dataproxy window of the
    # directory, and year columns linked only from a column-record list
    weihai = replica.site.portals["www.weihai.gov.cn"]
    directory = next(c for c in weihai.columns.values() if c.name == "部门信息公开")
    windowed = {href.split("=")[-1] for href, _n in directory.links[15:]}
    assert len(directory.links) == 28
    assert len({a for a, _y in weihai.module} & windowed) >= 3
    wip = replica.site.portals["www.wip.gov.cn"]
    assert any(c.links for c in wip.columns.values())
    assert any(c.hidden and c.items for c in wip.columns.values())
    assert len([p for p in replica.site.portals.values() if p.articles or p.module]) >= 4


def test_every_report_and_attachment_archived(full):
    replica, folder, _config, first = full
    assert first["status"] == "ok"
    conn = db(folder)
    reports = {r[0] for r in conn.execute("select final_url from captures where is_report = 1")}
    truth = report_urls(replica)
    assert truth - reports == set()  # 100 % of reports
    assert reports - truth == set()  # 0 non-report articles taken for reports
    # the decoys (图解/一图读懂 explainers, 法治政府建设情况报告 with a year class, 网站年度报表)
    # were fetched and judged, not just missed
    decoys = {f"http://{p.domain}{path}" for p in replica.site.portals.values()
              for path, item in p.articles.items()
              if not hasattr(item, "agency") and getattr(item, "year", None)}
    judged = {r[0]: r[1] for r in conn.execute("select final_url, is_report from captures")}
    assert len(decoys) >= 20 and all(judged.get(u) == 0 for u in decoys)
    files = {r[0] for r in conn.execute(
        "select final_url from captures where kind in ('attachment', 'image') and status = 200")}
    assert attachment_urls(replica) - files == set()
    # every attachment points at the report page that linked it
    orphans = conn.execute("select count(*) from captures where kind in ('attachment','image') "
                           "and parent_capture_id is null").fetchone()[0]
    assert orphans == 0
    assert first["new_reports"] == len(truth)
    # long columns were paged through dataproxy.jsp (GET and POST), the column page as Referer
    windows = conn.execute("select method, referer from captures where kind = 'list'").fetchall()
    assert {m for m, _r in windows} == {"GET", "POST"}
    assert all("/col/col" in r for _m, r in windows)


def test_nothing_off_allowlist_and_discovery(full):
    replica, folder, *_ = full
    domains = {r["domain"] for r in replica.requests}
    assert "www.jkzhuan.cn" not in domains
    conn = db(folder)
    row = conn.execute("select * from portals where domain = 'www.eweihai.gov.cn'").fetchone()
    assert row is not None and row["source"] == "discovered" and row["cms"] == "unknown"
    # hosts-file semantics: every request named its real domain, never the loopback address
    assert [r for r in replica.requests if r["host"] != r["domain"]] == []
    assert row["probe_status"] == "ok"
    # robots.txt asked on every portal that was asked anything, before anything else there
    for domain in domains:
        paths = [r["path"] for r in replica.requests if r["domain"] == domain]
        assert paths[0] == "/robots.txt", (domain, paths[:3])
    uas = {r["ua"] for r in replica.requests}
    assert all(ua.startswith("xxgk-archive/") for ua in uas)


def test_every_cms_crawled_in_one_run_including_the_discovered_portal(full):
    """Issue 11: the TRS sub-site (https, :8443 links) and the ASP.NET portal known only from
    seed 000's header have their reports archived by the first crawl, like the Hanweb ones."""
    replica, folder, _config, first = full
    spiders = {name: p["cms"] for name, p in first["portals"].items()}
    assert spiders["tjj"] == "trs" and spiders["www.eweihai.gov.cn"] == "unknown"
    assert spiders["wendeng"] == "hanweb"
    conn = db(folder)
    for domain in ("tjj.weihai.gov.cn", "www.eweihai.gov.cn"):
        truth = {u for u in report_urls(replica) if u.startswith(f"http://{domain}/")}
        got = {r[0] for r in conn.execute("select final_url from captures where is_report = 1 "
                                          "and run_id = ?", [first["run_id"]])}
        assert truth and truth <= got, domain
    fetched = {r[0] for r in conn.execute("select fetched_from from captures where portal = 'tjj'")}
    assert fetched and all(f.startswith("https://127.0.0.1:") for f in fetched)
    wps = [r[0] for r in conn.execute("select final_url from captures where final_url like '%.wps' "
                                      "and status = 200 and parent_capture_id is not null")]
    assert wps  # WPS attachments, fetched from the report that links them


def test_warc_valid_and_offsets_exact(full):
    _replica, folder, *_ = full
    check = warcio_check(folder / "data" / "warc")
    assert check.returncode == 0, check.stdout[-2000:]
    store = RawStore({"warc_dir": folder / "data" / "warc", "files_dir": folder / "data" / "files",
                      "database": folder / "data" / "archive.db"})
    rows = list(db(folder).execute("select warc_file, warc_offset, sha256 from captures"))
    for row in rows:
        _headers, body = store.read_warc_record(row["warc_file"], row["warc_offset"])
        assert hashlib.sha256(body).hexdigest() == row["sha256"]
        assert store.read_body(row["sha256"]) == body


def test_provenance_names_the_replica_the_bytes_came_from(full):
    replica, folder, *_ = full
    bases = tuple(replica.host_map.values())
    rows = list(db(folder).execute("select final_url, fetched_from, warc_file, warc_offset "
                                   "from captures"))
    assert rows and all(r["fetched_from"] and r["fetched_from"].startswith(bases) for r in rows)
    assert not any(r["final_url"].startswith(bases) for r in rows)  # canonical: real domains
    row = rows[0]
    with open(folder / "data" / "warc" / row["warc_file"], "rb") as fh:
        fh.seek(row["warc_offset"])
        record = next(iter(ArchiveIterator(fh)))
    assert record.rec_headers.get_header("WARC-Target-URI") == row["final_url"]
    assert record.rec_headers.get_header("XXGK-Fetched-From") == row["fetched_from"]


def test_incremental_recrawl_then_publish(full):
    replica, folder, config, first = full
    before = db(folder).execute("select count(*) from captures").fetchone()[0]
    # the same night: the rolling revalidation asks nothing checked in the last 12 hours, so
    # this is what the lists cost
    second = run_crawl(config)
    assert second["status"] == "ok"
    assert second["new_captures"] == 0
    assert db(folder).execute("select count(*) from captures").fetchone()[0] == before
    assert second["requests"] <= 0.10 * first["requests"], (second["requests"], first["requests"])
    assert second["not_modified"] > 0

    changed = replica.publish(new=2, edit=1)
    third = run_crawl(config)
    assert third["new_reports"] == 2 and third["new_versions"] == 1
    conn = db(folder)
    new_reports = {r[0] for r in conn.execute(
        "select final_url from captures where is_report = 1 and run_id = ?", [third["run_id"]])}
    assert new_reports == set(changed["new"]) | set(changed["edited"])
    edited = changed["edited"][0]
    versions = conn.execute("select count(distinct sha256) from captures where final_url = ? "
                            "and status = 200", [edited]).fetchone()[0]
    assert versions == 2  # the old version is kept


def test_recrawl_finds_reports_below_unchanged_lists_of_lists(full):
    """Issue 15: a report added to a year column named only by wip's year index, and a new year
    of a body reached only through weihai's directory, are found although neither the index
    nor the directory changed."""
    from replica.site_hanweb import publish_module

    replica, folder, config, _first = full
    column_report = replica.publish(new=1, edit=0, portals={"wip"})["new"]
    module_report = publish_module(replica.site)
    summary = run_crawl(config)
    assert summary["status"] == "ok"
    found = {r[0] for r in db(folder).execute(
        "select final_url from captures where is_report = 1 and run_id = ?", [summary["run_id"]])}
    assert set(column_report) | {module_report} <= found, (column_report, module_report)


def test_an_edit_deep_in_a_list_is_archived_within_revalidate_days(full):
    """Issue 11: a report corrected in place at position 40 of a 60-record list (same URL,
    title and date: no list shows it) is a new version within N = 3 nights."""
    from replica.site_hanweb import DIRECTORY_SIZE

    replica, folder, _config, first = full
    config = write_config(folder, replica, revalidate_days=3)
    longest = max((c for p in replica.site.portals.values() for c in p.columns.values()),
                  key=lambda c: len(c.items))
    assert len(longest.items) >= 60
    edited = replica.correct(position=40)
    assert any(edited.endswith(replica.site.article_path(i)) for i in longest.items[40:])
    nights = []
    for _night in range(3):
        pass_a_night(folder)
        summary = run_crawl(config)
        nights.append(summary)
        versions = db(folder).execute("select count(distinct sha256) from captures where "
                                      "final_url = ? and status = 200", [edited]).fetchone()[0]
        if versions == 2:
            break
    assert versions == 2, nights
    # a night costs what the lists cost (≤ 10 %) plus the rolling shares: ⌈1/N⌉ of the reports
    # and of the directory's catalogues (each with the module page its 年报 node names)
    share = -(-len(report_urls(replica)) // 3) + 2 * -(-DIRECTORY_SIZE // 3)
    budget = 0.10 * first["requests"] + share
    assert all(n["requests"] <= budget for n in nights), ([n["requests"] for n in nights], budget)
    assert all(n["requests"] <= 0.5 * first["requests"] for n in nights)  # not a re-crawl


def pass_a_night(folder):
    """What a day does to the archive's clock: every check is a day older."""
    conn = db(folder)
    with conn:
        conn.execute("update url_checks set checked_at = "
                     "strftime('%Y-%m-%dT%H:%M:%S+00:00', checked_at, '-1 day')")
    conn.close()
