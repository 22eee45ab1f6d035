from __future__ import annotations

from crawler.settings import build_settings
from xxgk.config import load_config


def test_polite_by_default_and_switchable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = load_config()
    polite = build_settings(cfg, run_id="r", host_map={})
    assert polite["ROBOTSTXT_OBEY"] is True
    assert polite["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1
    assert polite["DOWNLOAD_DELAY"] == 2.0 and polite["AUTOTHROTTLE_ENABLED"] is True
    assert polite["USER_AGENT"].startswith("xxgk-archive/") and "+http" in polite["USER_AGENT"]
    assert 412 not in polite["RETRY_HTTP_CODES"] and 521 not in polite["RETRY_HTTP_CODES"]
    assert polite["DOWNLOAD_MAXSIZE"] == 200 * 1024 * 1024
    assert polite["COOKIES_ENABLED"] is False
    fast = build_settings(cfg, run_id="r", host_map={}, politeness=False)
    assert fast["DOWNLOAD_DELAY"] == 0 and fast["AUTOTHROTTLE_ENABLED"] is False
    assert fast["ROBOTSTXT_OBEY"] is True  # robots.txt is obeyed either way
