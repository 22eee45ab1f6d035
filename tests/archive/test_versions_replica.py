"""Versions against the portal replica and the real extractor: pages whose bytes change around
an unchanged report stay one version; an edit of the report makes a second."""

from __future__ import annotations

import copy
from pathlib import Path
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from archive.process import process_archive
from replica.server import start_replica
from replica.site_hanweb import publish_module
from replica.site_model import Report

HTML = "text/html; charset=UTF-8"


@pytest.fixture(scope="module")
def replica():
    served = start_replica(port=0, faults="counter")
    yield served
    served.stop()


def fetch(replica, url: str) -> bytes:
    parts = urlsplit(url)
    local = replica.host_map[parts.netloc] + parts.path + (f"?{parts.query}" if parts.query
                                                           else "")
    with urllib.request.urlopen(local, timeout=30) as response:
        return response.read()


def process(archive):
    return process_archive(archive.db, archive.raw, archive.cfg["deadlines"])


def versions(archive, url: str) -> list[tuple]:
    return archive.db.execute(
        "SELECT v.version, r.is_current FROM report_versions v JOIN reports r USING (report_id) "
        "WHERE v.source_url = ? ORDER BY v.version", [url]).fetchall()


def html_article(replica, portal: str) -> tuple[str, Report]:
    site = replica.site
    found = next(p for p in site.portals.values() if p.name == portal)
    path, report = next((path, item) for path, item in sorted(found.articles.items())
                        if isinstance(item, Report) and item.form == "html"
                        and item.seed is None and "浏览次数:" in fetch(
                            replica, f"http://{found.domain}{path}").decode())
    return f"http://{found.domain}{path}", report


def test_a_module_page_gaining_a_year_tab_stays_one_version(archive, replica):
    weihai = replica.site.portals["www.weihai.gov.cn"]
    module = "http://www.weihai.gov.cn/module/xxgk/xxgkAnnualReport.jsp?area={}&fbtime={}"
    before = {key: fetch(replica, module.format(*key)) for key in sorted(weihai.module)}
    published = publish_module(replica.site)  # a late year: every page of that body gains a tab
    area = parse_qs(urlsplit(published).query)["area"][0]
    key = next(k for k in sorted(before) if k[0] == area)
    url = module.format(*key)
    after = fetch(replica, url)
    assert after != before[key] and b"nb-years" in after
    first = archive.add_capture(before[key], url, kind="module", content_type=HTML)
    assert process(archive).new_reports == 1
    second = archive.add_capture(after, url, kind="module", content_type=HTML)
    summary = process(archive)

    assert (summary.new_versions, summary.unchanged, summary.errors) == (0, 1, [])
    assert versions(archive, url) == [(1, 1)]
    docs = archive.db.execute("SELECT capture_id, outcome, report_id FROM documents "
                              "ORDER BY capture_id").fetchall()
    report_id = archive.db.execute("SELECT sha256 FROM captures WHERE capture_id = ?",
                                   [first]).fetchone()[0]
    assert docs == [(first, "report", report_id), (second, "sighting", report_id)]
    # both bodies stay archived
    assert archive.raw.read_body(archive.db.execute(
        "SELECT sha256 FROM captures WHERE capture_id = ?", [second]).fetchone()[0]) == after


def test_a_visit_counter_stays_one_version_and_an_edited_cell_makes_two(archive, replica):
    url, report = html_article(replica, "rongcheng")
    bodies = [fetch(replica, url), fetch(replica, url)]
    assert bodies[0] != bodies[1]  # the counter
    for body in bodies:
        archive.add_capture(body, url, content_type=HTML)
    first = process(archive)
    assert (first.new_reports, first.unchanged, first.new_versions) == (1, 1, 0)
    assert versions(archive, url) == [(1, 1)]

    # a corrected cell: the agency re-publishes the report under the same address
    with replica.site.lock:
        report.spec = copy.deepcopy(report.spec)
        table = report.spec.tables["applications"]
        row = next(r for r, cols in table.items() if isinstance(cols.get("total"), int))
        table[row]["total"] += 1
    archive.add_capture(fetch(replica, url), url, content_type=HTML)
    second = process(archive)
    assert (second.new_versions, second.unchanged) == (1, 0)
    assert versions(archive, url) == [(1, 0), (2, 1)]
    changed = archive.db.execute(
        "SELECT COUNT(*) FROM cells a JOIN cells b USING (table_id, row_key, col_key) "
        "JOIN report_versions va ON va.report_id = a.report_id AND va.version = 1 "
        "JOIN report_versions vb ON vb.report_id = b.report_id AND vb.version = 2 "
        "WHERE a.value IS NOT b.value").fetchone()[0]
    assert changed >= 1


def test_a_corrected_sentence_is_a_new_version(archive, replica):
    url = replica.correct(position=0)
    archive.add_capture(fetch(replica, url), url, content_type=HTML)
    process(archive)
    replica.correct(position=0)  # a second correction of the same report: prose only
    archive.add_capture(fetch(replica, url), url, content_type=HTML)
    summary = process(archive)
    assert (summary.new_versions, summary.unchanged) == (1, 0)
    assert versions(archive, url) == [(1, 0), (2, 1)]


SEEDS = sorted((Path(__file__).resolve().parents[2] / "replica" / "seeds").glob("*.txt"))


def around_the_report(page: str, night: int) -> str:
    """What a portal changes around a report page from one night to the next: a year tab, a
    session token in its links, a visit counter, a related-articles box."""
    page = page.replace('index.html">', f'index.html;jsessionid={night:08X}">')
    page = page.replace('<div class="dqwz">', f'<div class="nb-years"><a href="/module/xxgk/'
                        f'xxgkAnnualReport.jsp?fbtime={2023 + night}">{2023 + night}年</a>'
                        '<a class="on">2023年</a></div><div class="dqwz">', 1)
    page = page.replace('<tr><td class="bt_content">', f"<tr><td>浏览次数：{1234 + night}"
                        '</td></tr>\n<tr><td class="bt_content">', 1)
    related = "".join(f'<li><a href="/art/{night}/{i}.html?token={night * 7 + i}">威海市某局'
                      f"{2020 + i}年政府信息公开工作年度报告</a></li>" for i in range(night))
    return page.replace('<table width="1000" border="0" cellspacing="0" cellpadding="0" '
                        'align="center"><tr>\n<td class="footer">',
                        f'<div class="xglj"><h3>相关文章</h3><ul>{related}</ul></div>'
                        '<table width="1000" border="0" cellspacing="0" cellpadding="0" '
                        'align="center"><tr>\n<td class="footer">', 1)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_the_seeds_fingerprint_ignores_the_page_around_them(seed):
    from archive.versions import fingerprint
    from pipeline.extract import extract_bytes
    from replica.render import render_html_page
    from replica.seeds import load_seed

    page = render_html_page(load_seed(seed)).decode("utf-8")
    nights = [around_the_report(page, night) for night in (1, 2)]
    assert nights[0] != nights[1] and nights[0] != page
    prints = {fingerprint(extract_bytes(p.encode("utf-8"), url="http://portal.test/a.html",
                                        ocr=False)) for p in [page, *nights]}
    assert len(prints) == 1
    # one word of the report's prose changed is a different report
    body = page.index('class="art_con"')
    edited = page[:body] + page[body:].replace("政府信息", "政府资讯", 1)
    assert fingerprint(extract_bytes(edited.encode("utf-8"), url="http://portal.test/a.html",
                                     ocr=False)) not in prints
