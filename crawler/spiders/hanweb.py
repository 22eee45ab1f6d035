"""`HanwebSpider`: one Hanweb JCMS portal, from its home page to every report and attachment.

Walk (portals.md §4.4): home → 信息公开 catalogue → jpage lists (inline XML island, then
`dataproxy.jsp` windows of 45 with the column page as Referer) whose records may be articles,
module pages, attachments, further columns (a year index) or agency catalogues (a 部门信息公开
directory) → agency catalogues (`?vc_xxgkarea=` → 年报 node → `xxgkAnnualReport.jsp` → its
year tabs) → article/module pages → attachments (`downfile.jsp` → 302 → `/attach/…`) and
inline `/picture/…` images. The list shapes are in docs/crawler.md. What every portal needs
(requests, documents, attachments, discovery) is in crawler/spiders/base.py.

Incremental: a list stops at the first item already captured by a completed run; the first
``XXGK_REVALIDATE_TOP`` known items met are revalidated with conditional requests; a 304 on a
list of documents means "nothing new below", while a 304 on a list of lists still re-asks the
lists it names. All URL bookkeeping is by canonical URL (crawler.urls).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

from crawler.listing import cms_of, jpage_params, page_links, records
from crawler.spiders.base import PortalSpider
from crawler.urls import kind_of

#: home-page links worth following: the 信息公开 catalogue and report columns
_HOME_LINK = re.compile(r"信息公开|年报|年度报告")
#: the node of an agency catalogue that leads to its annual reports
_REPORT_NODE = re.compile(r"年报|年度报告")


class HanwebSpider(PortalSpider):
    name = "hanweb"
    cms = "hanweb"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.max_windows = s.getint("XXGK_MAX_LIST_WINDOWS")
        spider.module_years = s.getlist("XXGK_MODULE_YEARS")
        spider.max_depth = s.getint("XXGK_MAX_LIST_DEPTH")
        return spider

    async def walk_start(self):
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

    # --- list-like pages --------------------------------------------------------------------

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

    def _follow_nav(self, href: str, response, kind: str, referer: str | None = None):
        """A column or agency catalogue linked from a navigation page or a list record, one
        level deeper than the page that linked it (lists of lists stop at ``max_depth``)."""
        canonical = self.hostmap.canonical(href, response.url)
        target = kind_of(canonical or "")
        depth = response.meta.get("xxgk_depth", 0) + 1
        if target in ("column", "catalogue") and depth > self.max_depth:
            self.stat("errors/list-depth")
            self.logger.info("%s: deeper than %d lists, not followed", canonical, self.max_depth)
            return
        meta = {"xxgk_depth": depth}
        if target == "column":
            request = self.req(href, self.parse_column, "column", base=response.url,
                               referer=referer, meta={"xxgk_nav": kind, **meta})
        elif target == "catalogue":
            request = self.req(href, self.parse_agency, "catalogue", base=response.url,
                               referer=referer, meta=meta)
        else:
            request = None
        if request:
            yield request

    def _detect_cms(self, response) -> bool:
        if cms_of(response.text) == "jpaas":
            self.stat("errors/unsupported-cms")
            self.logger.warning("%s: Hanweb JPAAS page, unsupported CMS; not crawled", response.url)
            return False
        return True

    def parse_column(self, response):
        if response.status == 304:
            archived = self._body_or_archived(response)
            if archived is None:
                return
            params = jpage_params(archived.text)
            if not params:  # a navigation page
                archived.meta["xxgk_kind"] = "catalogue_root"
                yield from self.parse_home(archived)
            elif self._lists_of_lists(archived):
                # an unchanged list of columns or catalogues says nothing about the lists it
                # names: each is asked again (conditionally: a 304 each when nothing changed)
                yield from self._walk(records(archived.text, archived.url), archived,
                                      self._list_state(archived, params))
            return  # an unchanged list of documents: nothing new below it
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
        yield from self._walk(items, response, self._list_state(response, params))

    @staticmethod
    def _list_state(response, params: dict) -> dict:
        return {"column": response.meta["xxgk_url"], "urls": set(), **params, "window": 1,
                "depth": response.meta.get("xxgk_depth", 0)}

    def _lists_of_lists(self, response) -> bool:
        return any(kind_of(self.hostmap.canonical(href, response.url) or "") in ("column", "catalogue")
                   for href, _t in records(response.text, response.url))

    def _walk(self, items, response, state):
        """Follow a list's records whatever they point to: articles, module pages and
        attachments are documents; columns and agency catalogues are lists of their own."""
        fresh, met_known = 0, False
        for href, title in items:
            canonical = self.hostmap.canonical(href, response.url)
            if canonical is None or canonical in state["urls"]:
                continue
            state["urls"].add(canonical)
            fresh += 1
            target = kind_of(canonical)
            if target in ("column", "catalogue"):
                # a list of lists is not ordered by date: every record is revalidated (a 304
                # costs one request), none of them means "nothing new below"
                yield from self._follow_nav(href, response, "column", referer=state["column"])
                continue
            if target == "attachment":
                request = self.req(href, self.parse_file, "attachment", base=response.url,
                                   referer=state["column"])
                if request:
                    yield request
                continue
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
        response.meta["xxgk_depth"] = state.get("depth", 0)
        yield from self._walk(records(response.text, response.url), response, state)

    def parse_agency(self, response):
        """Agency catalogue `?vc_xxgkarea=`: the module pages and articles it lists, and its
        年报 node (a module page, or a further catalogue or column); its other nodes (机构职能,
        政策文件…) hold no reports and are not walked."""
        unchanged = response.status == 304
        response = self._body_or_archived(response)
        if response is None or response.status != 200:
            return
        if not unchanged:
            self.stat("pages")
        items = []
        for href, text in page_links(response):
            target = kind_of(self.hostmap.canonical(href, response.url) or "")
            if target in ("module", "article", "attachment") or (
                    target in ("column", "catalogue") and _REPORT_NODE.search(text)):
                items.append((href, text))
        if unchanged:
            # a catalogue listing each year changes when one is added: nothing new below it;
            # one whose 年报 node names a single module page shows only the latest year, and
            # a late report for an earlier year appears only in that page's year tabs
            modules = [(h, t) for h, t in items
                       if kind_of(self.hostmap.canonical(h, response.url) or "") == "module"]
            if len(modules) != 1:
                return
            items = modules
        state = {"column": response.meta["xxgk_url"], "urls": set(),
                 "depth": response.meta.get("xxgk_depth", 0)}
        yield from self._walk(items, response, state)

    def parse_document(self, response):
        yield from super().parse_document(response)
        if response.meta.get("xxgk_kind") == "module":
            yield from self._module_years(response)

    def _module_years(self, response):
        """A module page's year selector links the same body's other years (followed from a
        page that is new or changed: an unchanged one links no new year)."""
        if response.status != 200:
            return
        here = response.meta["xxgk_url"]
        area = parse_qs(urlsplit(here).query).get("area")
        for href, _text in page_links(response):
            canonical = self.hostmap.canonical(href, response.url)
            if not canonical or canonical == here or kind_of(canonical) != "module":
                continue
            if parse_qs(urlsplit(canonical).query).get("area") != area:
                continue  # another body's report named in the text: its own directory entry
            request = self.req(href, self.parse_document, "module", base=response.url,
                               referer=here)
            if request:
                yield request
