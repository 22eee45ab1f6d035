"""A real `xxgk serve` subprocess seen through headless Chromium, as a person would see it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.archive.test_datasette import AGENCIES, populate

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"
CHROMIUM = ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--hide-scrollbars", "--virtual-time-budget=8000"]

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(archive):
    """A real `xxgk serve` of the archive on a free port, stopped on exit."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "xxgk", "serve", "--config", str(archive.config_file),
         "--port", str(port)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(proc.stdout.read().decode(errors="replace"))
            time.sleep(0.3)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture
def server(archive, extractor):
    populate(archive, extractor)
    with serve(archive) as base:
        yield base, archive


def chromium(tmp_path, url: str, screenshot: str | None = None, height: int = 1000) -> str:
    profile = tmp_path / "chromium-profile"
    args = [*CHROMIUM, f"--user-data-dir={profile}"]
    if screenshot:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run([*args, f"--window-size=1280,{height}",
                        f"--screenshot={SCREENSHOTS / screenshot}", url],
                       check=True, capture_output=True, timeout=90)
        assert (SCREENSHOTS / screenshot).stat().st_size > 5000
    return subprocess.run([*args, "--dump-dom", url], check=True, capture_output=True,
                          timeout=90).stdout.decode()


def test_pages_a_person_opens(server, tmp_path):
    base, archive = server
    home = chromium(tmp_path, base + "/", "home.png")
    assert "政府信息公开工作年度报告档案" in home and 'href="/archive/cells"' in home
    assert 'href="/-/dashboards"' in home and "Data license" in home

    dashboard = chromium(tmp_path, base + "/-/dashboards/overview", "dashboard.png")
    assert "每年年报数 / Reports per year" in dashboard
    assert "<svg" in dashboard or "<canvas" in dashboard  # vega drew the charts
    # the coverage legend, Chinese first; missing drawn red, present green
    assert "缺失 missing" in dashboard and "按期 present" in dashboard
    assert 'fill="#c0392b"' in dashboard and 'fill="#4e9a5f"' in dashboard

    rid = archive.db.execute("SELECT report_id FROM reports r JOIN agencies a USING (agency_id) "
                             "WHERE a.name = ? AND year = 2021", [AGENCIES[1]]).fetchone()[0]
    report = chromium(tmp_path, f"{base}/archive/reports/{rid}", "report-row.png")
    assert f"{AGENCIES[1]}2021年政府信息公开工作年度报告" in report
    assert f'href="/-/original/{rid}"' in report and "cells</a>" in report

    failing = chromium(tmp_path, f"{base}/archive/failing_checks?check_id=",
                       "failing-checks.png")
    assert "未通过的勾稽检查" in failing
    assert failing.count(AGENCIES[1]) >= 2 and "T3-03" in failing and "granted" in failing


def test_script_in_an_archived_page_never_runs(server, tmp_path):
    base, archive = server
    sha = archive.db.execute("SELECT sha256 FROM captures WHERE url = "
                             "'http://portal.test/evil.html'").fetchone()[0]
    dom = chromium(tmp_path, f"{base}/-/original/{sha}")
    assert "政府信息公开工作年度报告" in dom
    assert 'data-ran="yes"' not in dom
