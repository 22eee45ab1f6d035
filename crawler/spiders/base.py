"""`PortalSpider`: what every portal's spider needs, whatever its CMS.

Allowlist and host map (every request goes through `req`: canonical URL, allowlisted domain,
this portal only, once per run), request bookkeeping (stats, errors), conditional requests from
the last capture's validators, report recognition on document pages, their attachments and
inline pictures, and the hand-off of portals a report names to discovery.

A CMS module subclasses it, names its `cms` and supplies `walk_start` and its list walk
(crawler/spiders/hanweb.py, trs.py, generic.py); list records and the rolling revalidation are
in crawler/spiders/records.py.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy.http import HtmlResponse

from archive.crawl_log import CrawlLog
from archive.rawstore import RawStore
from crawler import recognise
from crawler.middlewares.warc import error_kind
from crawler.responses import decoded_text, validators
from crawler.spiders.discovery import DiscoveryMixin
from crawler.spiders.records import RecordsMixin
from crawler.urls import HostMap, kind_of


class PortalSpider(RecordsMixin, DiscoveryMixin, scrapy.Spider):
    name = "portal"
    cms = "unknown"  # what the `portals` row says this spider crawls
    handle_httpstatus_list = [304, 403, 404, 410, 412, 429, 521]
    #: spider attribute -> (Scrapy setting, its type: int, float, list); a subclass lists
    #: only its own, ``from_crawler`` reads those of every class of the spider
    from_settings: dict[str, tuple[str, str]] = {
        "revalidate_days": ("XXGK_REVALIDATE_DAYS", "int"),
    }

    def __init__(self, portal: dict, *args, **kwargs) -> None:
        super().__init__(*args, name=portal["name"], **kwargs)
        self.portal = portal
        self.portal_name = portal["name"]
        self.domain = portal["domain"].lower()

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.run_id = s.get("XXGK_RUN_ID")
        spider.hostmap = HostMap(s.getdict("XXGK_HOST_MAP"), s.getlist("XXGK_ALLOWED_DOMAINS"))
        spider.store = RawStore(s.getdict("XXGK_PATHS"), warc_max_mb=s.getfloat("XXGK_WARC_MAX_MB"))
        spider.archive = CrawlLog(spider.store.db)
        spider.configured = set(s.getlist("XXGK_CONFIGURED_DOMAINS"))
        spider.known = spider.store.known_urls(spider.portal_name)
        spider.seen: set[tuple] = set()
        spider.discovered: set[str] = set()
        for klass in reversed(cls.__mro__):
            for attribute, (setting, kind) in vars(klass).get("from_settings", {}).items():
                setattr(spider, attribute, getattr(s, f"get{kind}")(setting))
        spider.archive.register_portal(spider.portal, spider.cms)
        return spider

    async def start(self):
        for request in self.start_probes():  # discovered portals whose probe never answered
            yield request
        for request in self.revalidation_requests():
            yield request
        async for request in self.walk_start():
            yield request

    async def walk_start(self):
        """The CMS walk's first requests."""
        return
        yield

    # --- requests --------------------------------------------------------------------------

    def stat(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"xxgk/{key}", n)

    def req(self, url: str, callback, kind: str, *, base: str | None = None, referer: str | None = None,
            parent: int | None = None, method: str = "GET", body: str = "", meta: dict | None = None,
            conditional: bool = True):
        """A request for ``url`` if it is new, allowlisted and on this portal; else None."""
        canonical = self.hostmap.canonical(url, base)
        if canonical is None:
            self.stat("errors/off-allowlist")  # an IP, loopback or private address not mapped
            return None
        domain = urlsplit(canonical).hostname
        if not self.hostmap.allowed_domain(domain):
            self.stat("errors/off-allowlist")
            self.logger.info("not on the allowlist, not followed: %s", canonical)
            return None
        if domain != self.domain and kind not in ("attachment", "image", "probe"):
            return None  # another portal: its own spider (or discovery) handles it
        key = (method, canonical, body)
        if key in self.seen:
            return None
        self.seen.add(key)
        headers = {"Referer": self.hostmap.transport(referer)} if referer else {}
        # a list page is revalidated only if a completed run walked it: after a crash its
        # 304 would hide the items the interrupted run never reached
        list_like = kind in ("home", "column", "catalogue")
        if conditional and method == "GET" and (canonical in self.known or not list_like):
            last = self.store.last_capture(canonical)
            if last:
                # the rolling re-check is there to catch what no date shows (a reverted edit)
                revalidation = bool((meta or {}).get("xxgk_revalidation"))
                headers.update(validators(last["headers"], dates=not revalidation))
        return scrapy.Request(
            self.hostmap.transport(canonical), callback=callback, errback=self.on_error,
            method=method, body=body or None, headers=headers, dont_filter=True,
            meta={"xxgk_kind": kind, "xxgk_url": canonical, "xxgk_parent": parent,
                  "download_slot": domain, **(meta or {})},
        )

    def on_error(self, failure) -> None:
        kind = error_kind(failure.value)
        if failure.request.meta.get("xxgk_probe"):
            self.probe_failed(failure.request, kind)
        if kind in ("robots-denied", "redirect-loop"):  # raised before the WARC middleware saw it
            self.stat(f"errors/{kind}")
        self.stat("failed_requests")
        self.logger.warning("%s: %s (%s)", failure.request.meta.get("xxgk_url"), kind,
                            failure.getErrorMessage()[:120])

    # --- pages ----------------------------------------------------------------------------------

    def _body_or_archived(self, response):
        """A 304 on a navigation page: continue from the bytes archived last time."""
        if response.status != 304:
            return response
        last = self.store.last_capture(response.meta["xxgk_url"])
        if not last:
            return None
        return HtmlResponse(response.url, body=self.store.read_body(last["sha256"]),
                            encoding="utf-8", request=response.request)

    def _check_offsite(self, href: str, base: str) -> None:
        canonical = self.hostmap.canonical(href, base)
        domain = urlsplit(canonical).hostname if canonical else None
        if href.startswith(("http://", "https://")) and not self.hostmap.allowed_domain(domain):
            self.stat("errors/off-allowlist")

    # --- documents -----------------------------------------------------------------------------

    def parse_document(self, response):
        url = response.meta["xxgk_url"]
        capture_id = response.meta.get("xxgk_capture_id")
        fresh = response.meta.get("xxgk_capture_created")
        if response.status in (200, 304):
            self.archive.checked(url, self.portal_name)
        if response.status == 304:
            # unchanged; but if an interrupted run captured it, finish its work (links, labels)
            last = None if url in self.known else self.store.last_capture(url)
            if last is None:
                return
            response = response.replace(status=200, body=self.store.read_body(last["sha256"]))
            capture_id, fresh = last["capture_id"], last["title"] is None
        elif response.status != 200:
            return
        elif capture_id and not fresh and url in self.known:
            return  # archived bytes sent again (no validators): labelled, links followed then
        elif capture_id and not fresh:
            # the same bytes as a capture of an interrupted run, which may have died before
            # labelling it (a server ignoring conditional requests answers 200, not 304)
            fresh = self._unlabelled(capture_id)
        self.stat("pages")
        text = decoded_text(response)
        if text is None:
            self.stat("errors/charset-mismatch")
            text = response.body.decode("gb18030", "replace")
        sel = Selector(text=text)
        info = recognise.recognise(sel, url)
        if capture_id and fresh:
            self.archive.label_capture(capture_id, is_report=info["is_report"], title=info["title"],
                                       published=info["published"])
            if info["is_report"]:
                previous = self.archive.earlier_report_versions(url, capture_id)
                self.stat("new_versions" if previous else "new_reports")
        if not info["is_report"]:
            return
        for domain in recognise.named_addresses(recognise.body_text(sel)):
            yield from self._discover(domain, url)
        for href in sel.css("a::attr(href)").getall():
            canonical = self.hostmap.canonical(href, response.url)
            kind = kind_of(canonical or "")
            if kind == "attachment":
                request = self.req(href, self.parse_file, "attachment", base=response.url,
                                   referer=url, parent=capture_id)
                if request:
                    yield request
            else:
                self._check_offsite(href, response.url)
        for src in sel.css("img::attr(src)").getall():
            request = self.req(src, self.parse_file, "image", base=response.url, referer=url,
                               parent=capture_id)
            if request:
                yield request

    def _unlabelled(self, capture_id: int) -> bool:
        return self.archive.is_unlabelled(capture_id)

    def parse_file(self, response):
        if response.status == 200:
            self.stat("files")

    def closed(self, reason: str) -> None:
        self.save_walked_lists()
        self.store.close()
