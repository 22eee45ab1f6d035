from __future__ import annotations

import json
import pytest
from datasette.app import Datasette

from archive.process import process_archive
from archive.publish.metadata import build_metadata
from archive.publish.serve import PLUGINS_DIR, SETTINGS
from tests.archive.conftest import agency_years

AGENCIES = ["威海市文登区人民政府", "威海市文登区工业和信息化局"]
EVIL_HTML = ("<html><head><meta charset='utf-8'></head><body><h1>威海市某局2022年政府信息公开"
             "工作年度报告</h1><script>document.body.setAttribute('data-' + 'ran', 'y' + 'es')</script>"
             "</body></html>").encode()


def populate(archive, extractor) -> None:
    agency_years(archive, AGENCIES, range(2020, 2023), broken={(AGENCIES[1], 2021)},
                 missing={(AGENCIES[0], 2020)})
    archive.add_capture(EVIL_HTML, "http://portal.test/evil.html", content_type="text/html")
    archive.add_capture(b"%PDF-1.4 fake", "http://portal.test/a.pdf", kind="attachment",
                        content_type="application/pdf")
    process_archive(archive.db, archive.raw, archive.cfg["deadlines"], extractor)


@pytest.fixture
async def ds(archive, extractor):
    populate(archive, extractor)
    meta = build_metadata("archive", str(archive.files_dir))
    datasette = Datasette([str(archive.cfg.path("database"))], metadata=meta,
                          plugins_dir=str(PLUGINS_DIR),
                          settings={"sql_time_limit_ms": 1000, **SETTINGS})
    await datasette.invoke_startup()
    datasette.archive = archive
    return datasette


async def get_json(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


async def test_home_and_report_page_link_original_cells_and_checks(ds):
    home = await ds.client.get("/")
    assert "政府信息公开工作年度报告档案" in home.text
    rid = (await get_json(ds, "/archive/reports.json?_shape=array&year=2021&_size=1"))[0][
        "report_id"]
    page = await ds.client.get(f"/archive/reports/{rid}")
    assert page.status_code == 200
    for link in (f"/-/original/{rid}", f"/archive/cells?report_id={rid}",
                 f"/archive/checks?report_id={rid}"):
        assert link in page.text
    cells = await get_json(ds, f"/archive/cells.json?report_id={rid}&_shape=array&_size=max")
    assert len(cells) > 100
    facets = await get_json(ds, "/archive/checks.json?_facet=status")
    assert "status" in facets["facet_results"]


async def test_canned_queries_answer(ds):
    failing = await get_json(ds, "/archive/failing_checks.json?check_id=&_shape=array")
    assert {(r["agency"], r["year"]) for r in failing} == {(AGENCIES[1], 2021)}
    missing = await get_json(ds, "/archive/missing_and_late.json?year=&_shape=array")
    assert [(r["agency"], r["year"], r["status"]) for r in missing] == [
        (AGENCIES[0], 2020, "missing")]
    history = await get_json(ds, f"/archive/agency_history.json?agency={AGENCIES[1]}"
                                 "&_shape=array")
    assert [r["year"] for r in history] == [2020, 2021, 2022]
    assert [r["failing_checks"] for r in history] == [0, 2, 0]
    changes = await get_json(ds, "/archive/largest_changes.json?year=2022&_shape=array")
    assert changes and all(r["year"] == 2022 for r in changes)
    await get_json(ds, "/archive/carry_over_mismatches.json?_shape=array")


async def test_search_trigram_and_short_fallback(ds):
    found = await get_json(ds, "/archive/reports.json?_search=工业和信息化&_shape=array")
    assert found and all("工业和信息化" in r["title"] for r in found)
    assert await get_json(ds, "/archive/reports.json?_search=工业&_shape=array") == []
    short = await get_json(ds, "/archive/search_short.json?q=工业&_shape=array")
    assert {r["title"] for r in short} == {r["title"] for r in found}


async def test_originals_are_sandboxed_or_downloaded(ds):
    archive = ds.archive
    sha_html, sha_pdf = [r[0] for r in archive.db.execute(
        "SELECT sha256 FROM captures WHERE url IN ('http://portal.test/evil.html', "
        "'http://portal.test/a.pdf') ORDER BY url DESC")]
    html = await ds.client.get(f"/-/original/{sha_html}")
    assert html.status_code == 200 and html.headers["content-security-policy"] == "sandbox"
    assert "<script>" in html.text  # kept as archived; the sandbox stops it from running
    pdf = await ds.client.get(f"/-/original/{sha_pdf}")
    assert pdf.headers["content-disposition"].startswith("attachment;")
    assert (await ds.client.get("/-/original/" + "0" * 64)).status_code == 404
    assert (await ds.client.get("/-/original/..%2f..%2fetc%2fpasswd")).status_code == 404


async def test_no_endpoint_writes_and_robots_are_blocked(ds):
    db = ds.archive.db
    before = db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    attempt = await ds.client.get("/archive.json?sql=" + "DELETE FROM reports")
    assert attempt.status_code == 400
    for path in ("/archive/reports", "/archive/-/insert", "/archive/reports/-/insert",
                 "/archive/failing_checks"):
        response = await ds.client.post(path, json={"row": {"report_id": "x"}})
        assert response.status_code == 405, path
    assert db.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == before
    robots = await ds.client.get("/robots.txt")
    assert "Disallow: /" in robots.text
    assert ds.setting("sql_time_limit_ms") == 1000


async def test_metadata_describes_keys_checks_and_dashboards(ds):
    meta = json.dumps(await get_json(ds, "/-/metadata.json"), ensure_ascii=False)
    assert "本年新收政府信息公开申请数量" in meta and "new_received" in meta
    assert "T3-01" in meta and "六类申请人之和等于总计" in meta
    dash = await ds.client.get("/-/dashboards/overview")
    assert dash.status_code == 200 and "每年年报数" in dash.text


async def test_view_pages_skip_the_full_count(ds):
    page = await get_json(ds, "/archive/applications_wide.json")
    assert page["filtered_table_rows_count"] is None and page["rows"]
    counted = await get_json(ds, "/archive/agencies.json")
    assert counted["filtered_table_rows_count"] == len(AGENCIES)
