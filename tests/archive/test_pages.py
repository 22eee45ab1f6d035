"""The reader's pages in headless Chromium, over a real `xxgk serve` of an archive built by a real
crawl + process of a small portal replica (seed 1, 16 reports: 威海市审计局 2019–2022 with a
broken 2022 table 三), plus two imported files: a picture of a generated table 三 (read by OCR)
and a report page carrying script payloads in its text and a cell."""

from __future__ import annotations

import gzip
import io
import re
import subprocess
import sys
import urllib.parse
import urllib.request

import lxml.html
import pytest
from PIL import Image
from click.testing import CliRunner

from replica.render import render_html_page
from replica.seeds import load_seed
from tests.archive.conftest import Archive
from tests.archive.test_browser import REPO, chromium, serve

pytestmark = pytest.mark.browser

SEEDS = sorted((REPO / "replica" / "seeds").glob("*.txt"))
BROKEN_AGENCY = "威海市审计局"
REVIEW_NOTE = "原件总计列确为21，已核对 (checked against the original)"
#: each payload, if it ran, marks the body; the pages must show them as text
XSS_TEXT = "<img src=x onerror=\"document.body.setAttribute('data-xss','text')\">"
XSS_CELL = ("<b onmouseover=alert(1)>7</b>"
            "<script>document.body.setAttribute('data-xss','cell')</script>")


def xss_page() -> bytes:
    """A generated report page with payloads as text in a paragraph and in one table cell."""
    spec = load_seed(SEEDS[2])
    tree = lxml.html.fromstring(render_html_page(spec))
    body = tree.find(".//body")
    para = lxml.html.Element("p")
    para.text = "说明：" + XSS_TEXT
    body.insert(0, para)
    numbers = [td for td in tree.iter("td") if td.text_content().strip().isdigit()]
    target = numbers[len(numbers) // 2]
    for child in list(target):
        target.remove(child)
    target.text = XSS_CELL
    return lxml.html.tostring(tree, encoding="utf-8")


def pictured_table() -> bytes:
    """A picture of a generated table 三, the way a scanner or a screenshot hands it in."""
    from replica.render.layout_pictures import layout_html, screenshot_html
    from replica.render.layouts import report_layouts

    return screenshot_html(layout_html(report_layouts(3)[1]))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    archive = Archive(root)
    with open(archive.config_file, "a", encoding="utf-8") as fh:
        fh.write("[replica]\nreports = 16\nseed = 1\nbase_port = 0\n")
    crawl = subprocess.run([sys.executable, "-m", "xxgk", "crawl", "--no-politeness",
                            "--config", str(archive.config_file)], cwd=REPO,
                           capture_output=True, text=True, timeout=400)
    assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    (root / "xss.html").write_bytes(xss_page())
    (root / "pictured.png").write_bytes(pictured_table())
    from xxgk.cli import cli
    for args in (["process"], ["import", str(root / "xss.html"), str(root / "pictured.png")]):
        result = CliRunner().invoke(cli, [*args, "--config", str(archive.config_file)])
        assert result.exit_code == 0, result.output
    reviewed = report_of(archive, BROKEN_AGENCY, 2022)
    result = CliRunner().invoke(cli, ["review", reviewed, "T3-01", "--scope", "total",
                                      "--status", "confirmed", "--note", REVIEW_NOTE,
                                      "--config", str(archive.config_file)])
    assert result.exit_code == 0, result.output
    with serve(archive) as base:
        yield base, archive, root


def report_of(archive, agency: str, year: int) -> str:
    return archive.db.execute(
        "SELECT report_id FROM reports r JOIN agencies a USING (agency_id) "
        "WHERE a.name = ? AND r.year = ? AND r.is_current = 1", [agency, year]).fetchone()[0]


def fetch(base: str, path: str):
    """(body, headers) of a page; headers are looked up case-insensitively."""
    with urllib.request.urlopen(base + path.split("#")[0], timeout=60) as response:
        return response.read(), response.headers


def dom(tmp_path, url: str, screenshot: str | None = None, height: int = 1000):
    return lxml.html.fromstring(chromium(tmp_path, url, screenshot, height=height))


def test_broken_report_shows_failing_cells_and_the_previous_year(site, tmp_path):
    base, archive, _ = site
    rid = report_of(archive, BROKEN_AGENCY, 2022)
    failing = archive.db.execute("SELECT scope, expected, actual FROM checks WHERE report_id = ? "
                                 "AND check_id = 'T3-01' AND status = 'fail'", [rid]).fetchall()
    assert failing
    page = dom(tmp_path, f"{base}/-/report/{rid}", "report.png", height=2400)
    assert page.findtext(".//h1") == f"{BROKEN_AGENCY}2022年政府信息公开工作年度报告"
    table3 = page.xpath("//table[@data-table='applications']")[0]
    assert "申请人情况" in table3.text_content() and "（三）不予公开" in table3.text_content()
    marked = table3.xpath(".//td[contains(concat(' ', @class, ' '), ' fail ')]")
    # T3-01 per failing column: new + carried over, results total, carried forward
    assert len(marked) == 4 * len(failing)
    for scope, expected, actual in failing:
        hover = [td.get("title") for td in marked if f"[{scope}]" in td.get("title")]
        assert len(hover) == 4
        assert f"expected 应为 {expected:g}, actual 实为 {actual:g}" in hover[0]
    listed = " ".join(li.text_content() for li in page.xpath("//ul[@class='table-checks']/li"))
    assert listed.count("T3-01") == len(failing)
    # the review recorded with `xxgk review` shows beside its check; the others are pending
    assert f"review: confirmed ({REVIEW_NOTE})" in listed
    assert listed.count("review: pending") == len(failing) - 1
    commands = [pre.text for pre in page.xpath("//pre[@class='review-command']")]
    assert f"xxgk review {rid} T3-01 --scope 'total' --status confirmed --note '…'" in commands
    # the previous year beside each value, and the carry-over against last year's 结转下年度
    prev = report_of(archive, BROKEN_AGENCY, 2021)
    assert page.xpath(f"//a[@href='/-/report/{prev}']")
    total_new = table3.xpath(".//tr[td[contains(., '本年新收')]]/td[contains(@class,'v')]")[-1]
    prev_total = archive.db.execute(
        "SELECT value FROM cells WHERE report_id = ? AND table_id = 'applications' "
        "AND row_key = 'new_received' AND col_key = 'total'", [prev]).fetchone()[0]
    assert total_new.findtext(".//span[@class='prev']") == f"{prev_total:g}"
    heading = page.xpath("//h2[@id='year-on-year']")[0].text_content()
    assert "2021 → 2022" in heading and "上年结转 Carry-over (X-01)" in page.text_content()
    # each value links to where it was read: the original page with that cell marked
    link = total_new.find(".//a").get("href")
    original = lxml.html.fromstring(chromium(tmp_path, base + link))
    cell = original.get_element_by_id("xxgk-cell")
    assert cell.text_content().strip() == total_new.find(".//a").text_content()
    # and the capture's WARC record is a complete gzip member of the response
    warc = page.xpath("//a[starts-with(@href, '/-/warc/')]")[0].get("href")
    record, headers = fetch(base, warc)
    assert gzip.decompress(record).startswith(b"WARC/1.0")
    assert headers.get("Content-Type") == "application/warc"


def test_pictured_report_marks_cells_read_by_ocr(site, tmp_path):
    base, archive, _ = site
    rid, ocr_cells = archive.db.execute(
        "SELECT report_id, COUNT(*) FROM cells WHERE source_kind = 'ocr' "
        "GROUP BY report_id").fetchone()
    page = dom(tmp_path, f"{base}/-/report/{rid}", "report-ocr.png", height=2000)
    marked = page.xpath("//td[contains(concat(' ', @class, ' '), ' ocr ')]")
    assert len(marked) == ocr_cells
    assert all("OCR 识别" in td.get("title") for td in marked)
    # a cell's link is the crop of the picture around it
    picture = Image.open(io.BytesIO(fetch(base, marked[0].find(".//a").get("href"))[0]))
    original = Image.open(io.BytesIO(fetch(base, f"/-/original/{rid}")[0]))
    assert picture.format == "PNG" and picture.width < original.width / 3


def test_agency_page_lists_every_year(site, tmp_path):
    base, archive, _ = site
    agency_id = archive.db.execute("SELECT agency_id FROM agencies WHERE name = ?",
                                   [BROKEN_AGENCY]).fetchone()[0]
    page = dom(tmp_path, f"{base}/-/agency/{agency_id}", "agency.png")
    assert page.findtext(".//h1") == BROKEN_AGENCY
    rows = page.xpath("//table[contains(@class,'agency-years')]//tr[td]")
    coverage = archive.db.execute("SELECT year, status FROM coverage WHERE agency_id = ? "
                                  "ORDER BY year", [agency_id]).fetchall()
    assert [int(r.findtext("td")) for r in rows] == [y for y, _ in coverage]
    for row, (year, status) in zip(rows, coverage):
        assert status in row.xpath("td")[1].text_content()
        if status != "missing":
            assert row.xpath(".//a[starts-with(@href, '/-/report/')]")
    assert page.xpath("//svg[@class='trend']//polyline")


@pytest.mark.parametrize("query,shot", [("文登", "search.png"), ("复议", None),
                                        (BROKEN_AGENCY, None)])
def test_search_from_the_home_page(site, tmp_path, query, shot):
    base, archive, _ = site
    home = dom(tmp_path, base + "/")
    form = home.xpath("//form[@action='/-/search']")[0]
    assert form.xpath(".//input[@name='q']")
    reports = dom(tmp_path, base + "/archive/reports")
    assert reports.xpath("//form[@action='/-/search']//input[@name='q']")
    url = f"{base}/-/search?q={urllib.parse.quote(query)}"
    page = dom(tmp_path, url, shot)
    hits = page.xpath("//ol[@class='hits']/li")
    expected = {rid for (rid,) in archive.db.execute(
        "SELECT report_id FROM reports WHERE is_current = 1 AND (instr(title, ?) > 0 "
        "OR instr(text, ?) > 0)", [query, query])}
    found = [li.xpath(".//a")[0].get("href").rsplit("/", 1)[1] for li in hits]
    assert expected and set(found) == expected
    if query == BROKEN_AGENCY:  # the agency's own reports come first
        own = {report_of(archive, BROKEN_AGENCY, y) for y in range(2019, 2023)}
        assert set(found[:4]) == own
    else:
        assert all(li.xpath(".//mark[@class='hit']")[0].text == query for li in hits)


def test_script_payloads_in_text_and_cells_never_run(site, tmp_path):
    base, archive, _ = site
    rid, title = archive.db.execute("SELECT report_id, title FROM reports WHERE text LIKE ?",
                                    ["%onerror%"]).fetchone()
    raw = archive.db.execute("SELECT raw FROM cells WHERE report_id = ? AND raw LIKE '%<b %'",
                             [rid]).fetchone()[0]
    page = chromium(tmp_path, f"{base}/-/report/{rid}", "report-xss.png")
    assert "data-xss" not in re.sub(r"&[^;]+;", "", page.split("<body", 1)[1].split(">", 1)[0])
    tree = lxml.html.fromstring(page)
    assert raw in tree.text_content()  # shown, as text
    assert not tree.xpath("//body//b[@onmouseover]") and not tree.xpath("//img[@onerror]")
    found = chromium(tmp_path, f"{base}/-/search?q={urllib.parse.quote('说明')}")
    assert rid in found and 'data-xss' not in found.split("<body", 1)[1].split(">", 1)[0]
    assert not lxml.html.fromstring(found).xpath("//img[@onerror]")
