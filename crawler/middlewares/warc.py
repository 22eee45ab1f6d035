"""Downloader middleware (priority ~950, next to the downloader): archive every exchange.

Sitting next to the downloader it sees each hop and each attempt exactly as transferred:
302s before the redirect is followed, 5xx before a retry, 412 challenge pages. Each response
goes to WARC + the content-addressed store; each response other than a 304 gets a `captures`
row (identical bytes under the same URL reuse the existing row). Download failures are counted
by kind for the end-of-run summary.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.http import Response

#: status -> error kind in the summary
STATUS_KINDS = {403: "forbidden", 404: "not-found", 410: "not-found", 412: "blocked",
                521: "blocked", 429: "rate-limited"}


def error_kind(exc: BaseException) -> str:
    name = type(exc).__name__
    # ResponseFailed wraps the real reasons (e.g. _DataLoss) in a list of Failures
    text = str(exc) + " ".join(repr(r) for r in getattr(exc, "reasons", None) or [])
    if "TimeoutError" in name or "timeout" in text.lower() and "took longer" in text:
        return "timeouts"
    if "DataLoss" in text or "DataLoss" in name:
        return "truncated"
    if "max download size" in text or "CancelledError" in name:
        return "too-large"
    if "max redirections" in text:
        return "redirect-loop"
    if "robots.txt" in text:
        return "robots-denied"
    return "connection"


def _headers(headers) -> list[tuple[str, str]]:
    out = []
    for key, values in headers.items():
        for value in values:
            out.append((key.decode("latin-1"), value.decode("latin-1")))
    return out


class WarcMiddleware:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        spider = self.crawler.spider
        store = getattr(spider, "store", None)
        if store is None:
            return response
        hostmap = spider.hostmap
        final = hostmap.canonical(request.url) or request.url
        first = request.meta.get("redirect_urls", [request.url])[0]
        url = hostmap.canonical(first) or first
        status = response.status
        note = None
        if request.url.endswith("/robots.txt"):
            pass  # a missing robots.txt is normal, not an error of the crawl
        elif status == 304:
            note = "not_modified"
            self.stats.inc_value("xxgk/not_modified")
        elif status in STATUS_KINDS:
            note = STATUS_KINDS[status]
            self.stats.inc_value(f"xxgk/errors/{note}")
        elif status >= 500:
            note = "5xx"
            self.stats.inc_value("xxgk/errors/5xx")
        capture_id, created = store.record(
            run_id=spider.run_id, portal=spider.portal_name, url=url, final_url=final,
            method=request.method, req_headers=_headers(request.headers), req_body=request.body,
            status=status, resp_headers=_headers(response.headers), body=response.body,
            kind="robots" if request.url.endswith("/robots.txt") else request.meta.get("xxgk_kind", "other"),
            referer=(request.headers.get("Referer") or b"").decode("latin-1") or None,
            parent_capture_id=request.meta.get("xxgk_parent"), note=note,
            make_capture=status != 304,
            fetched_from=hostmap.fetched_from(request.url))
        self.stats.inc_value("xxgk/exchanges")
        if created:
            self.stats.inc_value("xxgk/new_captures")
        request.meta["xxgk_capture_id"] = capture_id
        request.meta["xxgk_capture_created"] = created
        return response

    def process_exception(self, request: Request, exception: BaseException,
                          spider: Spider | None = None) -> None:
        self.stats.inc_value(f"xxgk/errors/{error_kind(exception)}")
        return None
