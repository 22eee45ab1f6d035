"""The replica behaves like a Hanweb JCMS portal (portals.md §12)."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest


def fetch(url, data=None, headers=None):
    req = urllib.request.Request(url, data=data, headers=headers or {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def _long_column(replica):
    portal, col = max(((p, c) for p in replica.site.portals.values() for c in p.columns.values()),
                      key=lambda pc: len(pc[1].items))
    return portal, col, replica.host_map[portal.domain]


def test_dataproxy_get_post_and_page_agree(small_replica):
    portal, col, base = _long_column(small_replica)
    assert len(col.items) > 15
    window = {"startrecord": 1, "endrecord": 15, "perpage": 15}
    form = {"columnid": col.id, "unitid": portal.unit, "webid": 1, "permissiontype": 0}
    _s, _h, get = fetch(f"{base}/module/web/jpage/dataproxy.jsp?{urlencode({**window, **form})}")
    _s, _h, post = fetch(f"{base}/module/web/jpage/dataproxy.jsp?{urlencode(window)}",
                         data=urlencode(form).encode())
    assert get == post and get.count(b"<record>") == 15
    assert f"<totalrecord>{len(col.items)}</totalrecord>".encode() in get
    _s, _h, page1 = fetch(f"{base}/module/web/jpage/dataproxy.jsp?{urlencode({'page': 1, **form})}")
    assert page1.count(b"<record>") == min(45, len(col.items))
    _s, _h, wrong = fetch(f"{base}/module/web/jpage/dataproxy.jsp?{urlencode({**window, **form, 'unitid': 1})}")
    assert b"<record>" not in wrong  # a wrong columnid/unitid pairing returns nothing


def test_conditional_requests_get_304(small_replica):
    portal, col, base = _long_column(small_replica)
    status, headers, _ = fetch(f"{base}/col/col{col.id}/index.html")
    assert status == 200 and headers.get("ETag") and headers.get("Last-Modified")
    status, _h, body = fetch(f"{base}/col/col{col.id}/index.html", headers={"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
    status, _h, _b = fetch(f"{base}/col/col{col.id}/index.html",
                           headers={"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304


def test_module_page_and_unknown_pair(small_replica):
    portal = small_replica.site.portals["www.huancui.gov.cn"]
    (area, year), report = next(iter(portal.module.items()))
    base = small_replica.host_map[portal.domain]
    _s, _h, body = fetch(f"{base}/module/xxgk/xxgkAnnualReport.jsp?area={area}&fbtime={year}")
    assert "主动公开" in body.decode()
    status, _h, empty = fetch(f"{base}/module/xxgk/xxgkAnnualReport.jsp?area=NOPE&fbtime=1999")
    assert status == 200 and "<title></title>" in empty.decode()


def test_downfile_redirects_to_attach(small_replica):
    for portal in small_replica.site.portals.values():
        attach = next((p for p in portal.files if p.startswith("/attach/")), None)
        if attach:
            break
    base = small_replica.host_map[portal.domain]
    name = attach.rsplit("/", 1)[1]
    status, headers, _ = fetch(f"{base}/module/download/downfile.jsp?classid=0&showname=x&filename={name}")
    assert status == 302 and headers["Location"].endswith(attach)
    status, _h, data = fetch(headers["Location"])
    assert status == 200 and data[:4] in (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")


def test_ids_follow_the_observed_ranges(small_replica):
    for report in small_replica.site.corpus.reports:
        if report.published.year == 2024 and report.published.month == 1:
            assert 4_300_000 <= report.article_id < 4_400_000
        if report.published.year == 2025 and report.published.month == 1:
            assert 5_190_000 <= report.article_id < 5_300_000


def test_unknown_fault_is_a_clear_error():
    from replica.faults import parse_faults

    with pytest.raises(ValueError, match="unknown replica fault"):
        parse_faults("5xx,nonsense")


def test_crawl_cli_unknown_site_is_one_line_error(tmp_path, small_replica):
    import subprocess

    from tests.crawler.conftest import crawl_cmd, env, write_config

    config = write_config(tmp_path, small_replica)
    proc = subprocess.run(crawl_cmd(config, "--site", "nowhere"), capture_output=True, text=True,
                          env=env(), cwd=tmp_path, timeout=60)
    assert proc.returncode == 1
    assert "unknown site(s): nowhere" in proc.stderr and "Traceback" not in proc.stderr


def test_crawl_starts_the_embedded_replica_when_no_portals_configured(tmp_path):
    import json
    import random
    import sqlite3
    import subprocess
    import sys

    from tests.crawler.conftest import env

    port = random.randint(20000, 30000)  # below the ephemeral range of port=0 servers
    (tmp_path / "config.toml").write_text(
        f'[replica]\nbase_port = {port}\nreports = 40\n[crawl]\nprogress_interval = 0\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "xxgk", "crawl", "--site", "whctp", "--no-politeness",
                           "--json"], capture_output=True, text=True, env=env(), cwd=tmp_path, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["new_reports"] > 0 and list(summary["finish_reasons"]) == ["whctp"]
    conn = sqlite3.connect(tmp_path / "data" / "archive.db")
    assert conn.execute("select status from crawl_runs").fetchone()[0] == "ok"


def test_module_areas_probed_for_configured_years(tmp_path, small_replica):
    from tests.crawler.conftest import db, run_crawl, write_config

    portal = small_replica.site.portals["www.huancui.gov.cn"]
    area = next(iter(portal.module))[0]
    years = sorted(y for a, y in portal.module if a == area)
    config = write_config(tmp_path, small_replica, module_years=list(range(2018, 2026)))
    text = config.read_text(encoding="utf-8")
    # huancui only: no start page to walk, just the configured area probed for each year
    head, _sep, _rest = text.partition("[[portals]]")
    entry = next(e for e in small_replica.portal_entries() if e["name"] == "huancui")
    config.write_text(head + "[[portals]]\n" + "\n".join(
        f"{k} = {v!r}".replace("'", '"') for k, v in entry.items()
        if k not in ("start_paths", "module_areas")) +
        f'\nstart_paths = ["/no-such-page.html"]\nmodule_areas = ["{area}"]\n', encoding="utf-8")
    summary = run_crawl(config)
    assert summary["status"] == "ok"
    got = db(tmp_path).execute("select final_url, is_report from captures where kind = 'module'").fetchall()
    assert sorted(u.rsplit("=", 1)[1] for u, r in got if r) == [str(y) for y in years]
    assert len([1 for _u, r in got if not r]) == 8 - len(years)  # empty pages: not reports
