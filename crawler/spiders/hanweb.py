"""`HanwebSpider`: one Hanweb JCMS portal, from its home page to every report and attachment.

Walk (portals.md §4.4): home → 信息公开 catalogue → report columns (inline XML island, then
`dataproxy.jsp` windows of 45 with the column page as Referer) and agency catalogues
(`?vc_xxgkarea=` → `xxgkAnnualReport.jsp`) → article/module pages → attachments
(`downfile.jsp` → 302 → `/attach/…`) and inline `/picture/…` images.

Incremental: a list stops at the first item already captured by a completed run; the first
``XXGK_REVALIDATE_TOP`` known items met are revalidated with conditional requests; a 304 on a
list page means "nothing new below". All URL bookkeeping is by canonical URL (crawler.urls).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

import scrapy
from parsel import Selector
from scrapy.http import HtmlResponse

from archive.rawstore import RawStore
from crawler import recognise
from crawler.listing import cms_of, jpage_params, page_links, records
from crawler.middlewares.warc import error_kind
from crawler.responses import decoded_text, validators
from crawler.spiders.discovery import DiscoveryMixin
from crawler.urls import HostMap, kind_of

#: home-page links worth following: the 信息公开 catalogue and report columns
_HOME_LINK = re.compile(r"信息公开|年报|年度报告")


class HanwebSpider(DiscoveryMixin, scrapy.Spider):
    name = "hanweb"
    handle_httpstatus_list = [304, 403, 404, 410, 412, 429, 521]

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
        spider.store = RawStore(s.getdict("XXGK_PATHS"), warc_max_mb=s.getfloat("XXGK_WARC_MAX_MB", 100))
        spider.revalidate_top = s.getint("XXGK_REVALIDATE_TOP", 3)
        spider.max_windows = s.getint("XXGK_MAX_LIST_WINDOWS", 50)
        spider.module_years = s.getlist("XXGK_MODULE_YEARS")
        spider.configured = set(s.getlist("XXGK_CONFIGURED_DOMAINS"))
        spider.known = spider.store.known_urls(spider.portal_name)
        spider.seen: set[tuple] = set()
        spider.discovered: set[str] = set()
        spider.register_portal()
        return spider

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
                headers.update(validators(last["headers"]))
        return scrapy.Request(
            self.hostmap.transport(canonical), callback=callback, errback=self.on_error,
            method=method, body=body or None, headers=headers, dont_filter=True,
            meta={"xxgk_kind": kind, "xxgk_url": canonical, "xxgk_parent": parent,
                  "download_slot": domain, **(meta or {})},
        )

    async def start(self):
        base = f"http://{self.domain}"
        for path in self.portal.get("start_paths") or ["/index.html"]:
            # a home page is followed selectively; a catalogue or column start page entirely
            if kind_of(base + path) == "home":
                request = self.req(base + path, self.parse_home, "home")
            else:
                request = self.req(base + path, self.parse_column, "column",
                                   meta={"xxgk_nav": "catalogue_root"})
            if request:
                yield request
        for area in self.portal.get("module_areas") or []:
            for year in self.module_years:
                url = f"{base}/module/xxgk/xxgkAnnualReport.jsp?area={area}&fbtime={year}"
                canonical = self.hostmap.canonical(url)
                if canonical not in self.known:
                    request = self.req(url, self.parse_document, "module")
                    if request:
                        yield request

    def on_error(self, failure) -> None:
        kind = error_kind(failure.value)
        if kind in ("robots-denied", "redirect-loop"):  # raised before the WARC middleware saw it
            self.stat(f"errors/{kind}")
        self.stat("failed_requests")
        self.logger.warning("%s: %s (%s)", failure.request.meta.get("xxgk_url"), kind,
                            failure.getErrorMessage()[:120])

    # --- list-like pages --------------------------------------------------------------------

    def _body_or_archived(self, response):
        """A 304 on a navigation page: continue from the bytes archived last time."""
        if response.status != 304:
            return response
        last = self.store.last_capture(response.meta["xxgk_url"])
        if not last:
            return None
        return HtmlResponse(response.url, body=self.store.read_body(last["sha256"]),
                            encoding="utf-8", request=response.request)

    def parse_home(self, response):
        response = self._body_or_archived(response)
        if response is None or response.status != 200:
            return
        self.stat("pages")
        self._detect_cms(response)
        for href, text in page_links(response):
            if kind_of(self.hostmap.canonical(href, response.url) or "") in ("column", "catalogue") \
                    and (_HOME_LINK.search(text) or response.meta["xxgk_kind"] == "catalogue_root"):
                yield from self._follow_nav(href, response, "catalogue_root")
            else:
                self._check_offsite(href, response.url)

    def _follow_nav(self, href: str, response, kind: str):
        canonical = self.hostmap.canonical(href, response.url)
        target = kind_of(canonical or "")
        if target == "column":
            request = self.req(href, self.parse_column, "column", base=response.url,
                               meta={"xxgk_nav": kind})
        elif target == "catalogue":
            request = self.req(href, self.parse_agency, "catalogue", base=response.url)
        else:
            request = None
        if request:
            yield request

    def _check_offsite(self, href: str, base: str) -> None:
        canonical = self.hostmap.canonical(href, base)
        domain = urlsplit(canonical).hostname if canonical else None
        if href.startswith(("http://", "https://")) and not self.hostmap.allowed_domain(domain):
            self.stat("errors/off-allowlist")

    def _detect_cms(self, response) -> bool:
        if cms_of(response.text) == "jpaas":
            self.stat("errors/unsupported-cms")
            self.logger.warning("%s: Hanweb JPAAS page, unsupported CMS; not crawled", response.url)
            return False
        return True

    def parse_column(self, response):
        if response.status == 304:
            archived = self._body_or_archived(response)
            if archived is not None and not jpage_params(archived.text):  # a navigation page
                archived.meta["xxgk_kind"] = "catalogue_root"
                yield from self.parse_home(archived)
            return  # the list has not changed: nothing new below it
        if response.status != 200:
            return
        self.stat("pages")
        params = jpage_params(response.text)
        if not params:
            if self._detect_cms(response):  # a navigation page (the 信息公开 catalogue)
                response.meta["xxgk_kind"] = "catalogue_root"
                yield from self.parse_home(response)
            return
        items = records(response.text, response.url)
        for href, text in page_links(response):  # sibling report columns
            if kind_of(self.hostmap.canonical(href, response.url) or "") == "column":
                yield from self._follow_nav(href, response, "column")
        state = {"column": response.meta["xxgk_url"], "urls": set(), **params, "window": 1}
        yield from self._walk(items, response, state)

    def _walk(self, items, response, state):
        fresh, met_known = 0, False
        for href, title in items:
            canonical = self.hostmap.canonical(href, response.url)
            if canonical is None or canonical in state["urls"]:
                continue
            state["urls"].add(canonical)
            fresh += 1
            if canonical in self.known:
                state["known_met"] = state.get("known_met", 0) + 1
                met_known = True
                if state["known_met"] > self.revalidate_top:
                    continue
            kind = "module" if kind_of(canonical) == "module" else "article"
            request = self.req(href, self.parse_document, kind, base=response.url,
                               referer=state["column"], meta={"xxgk_list_title": title})
            if request:
                yield request
        total = state.get("total", 0)
        if met_known or "columnid" not in state:
            return
        if fresh == 0 or len(state["urls"]) >= total:
            if len(state["urls"]) < total:
                self.stat("errors/pagination-trap")  # claims more records than it ever shows
                self.logger.info("%s: list stopped, a window brought no new URL", state["column"])
            return
        if state["window"] >= self.max_windows:
            self.stat("errors/pagination-trap")
            return
        yield from self._next_window(state)

    def _next_window(self, state):
        # the next window of 45 starts after the records already read (the column page's
        # island may hold one page of 15 or a whole group of 45)
        n = state["window"] + 1
        start = len(state["urls"]) + 1
        query = {"startrecord": start, "endrecord": start + 44, "perpage": 15}
        form = {"col": 1, "appid": 1, "webid": state["webid"], "path": "/",
                "columnid": state["columnid"], "sourceContentType": 1, "unitid": state["unitid"],
                "permissiontype": 0}
        base = f"http://{self.domain}/module/web/jpage/dataproxy.jsp"
        meta = {"xxgk_state": {**state, "window": n}}
        if self.portal.get("dataproxy_method", "post").lower() == "get":  # like rsj (§4.2)
            request = self.req(f"{base}?{urlencode({**query, **form})}", self.parse_window, "list",
                               referer=state["column"], meta=meta, conditional=False)
            if request:
                yield request
            return
        # POST like zjj (portals.md §4.2): window in the query string, the rest as a form body
        request = self.req(f"{base}?{urlencode(query)}", self.parse_window, "list",
                           referer=state["column"], method="POST", body=urlencode(form),
                           meta=meta, conditional=False)
        if request:
            request.headers["Content-Type"] = "application/x-www-form-urlencoded"
            yield request

    def parse_window(self, response):
        if response.status != 200:
            return
        self.stat("pages")
        state = response.meta["xxgk_state"]
        yield from self._walk(records(response.text, response.url), response, state)

    def parse_agency(self, response):
        """Agency catalogue `?vc_xxgkarea=`: its 年报 node lists the module pages. [assumed]"""
        if response.status != 200:
            return
        self.stat("pages")
        items = [(h, t) for h, t in page_links(response)
                 if kind_of(self.hostmap.canonical(h, response.url) or "") in ("module", "article")]
        yield from self._walk(items, response, {"column": response.meta["xxgk_url"], "urls": set()})

    # --- documents -----------------------------------------------------------------------------

    def parse_document(self, response):
        url = response.meta["xxgk_url"]
        capture_id = response.meta.get("xxgk_capture_id")
        fresh = response.meta.get("xxgk_capture_created")
        if response.status == 304:
            # unchanged; but if an interrupted run captured it, finish its work (links, labels)
            last = None if url in self.known else self.store.last_capture(url)
            if last is None:
                return
            response = response.replace(status=200, body=self.store.read_body(last["sha256"]))
            capture_id, fresh = last["capture_id"], last["title"] is None
        elif response.status != 200:
            return
        elif capture_id and not fresh and url not in self.known:
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
            self.store.annotate(capture_id, is_report=int(info["is_report"]), title=info["title"],
                                published=info["published"])
            if info["is_report"]:
                previous = self.store.db.execute(
                    "select count(*) from captures where final_url = ? and status = 200 and "
                    "is_report = 1 and capture_id != ?", [url, capture_id]).fetchone()[0]
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
        row = self.store.db.execute("select title is null from captures where capture_id = ?",
                                    [capture_id]).fetchone()
        return bool(row and row[0])

    def parse_file(self, response):
        if response.status == 200:
            self.stat("files")

    def closed(self, reason: str) -> None:
        self.store.close()

