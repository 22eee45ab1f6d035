"""`HanwebSpider`: one Hanweb JCMS portal, from its home page to every report and attachment.

Walk (portals.md §4.4): home → 信息公开 catalogue → jpage lists (inline XML island, then
`dataproxy.jsp` windows of 45 with the column page as Referer) whose records may be articles,
module pages, attachments, further columns (a year index) or agency catalogues (a 部门信息公开
directory) → agency catalogues (`?vc_xxgkarea=` → 年报 node → `xxgkAnnualReport.jsp` → its
year tabs) → article/module pages → attachments (`downfile.jsp` → 302 → `/attach/…`) and
inline `/picture/…` images. The list shapes are in docs/crawler.md. What every portal needs
(requests, documents, attachments, discovery) is in crawler/spiders/base.py.

Incremental (crawler/spiders/records.py): a list's records (URL, title, date) are compared with
its last walk; new records and those whose title or date changed are asked, and a page of known,
unchanged documents ends the paging. An unchanged list (304, or 200 with the archived bytes)
of documents means "nothing new below"; an unchanged list of lists still follows the columns it
names, while the agency catalogues of a directory are re-asked on the rolling schedule and read
from the archive in between. All URL bookkeeping is by canonical URL (crawler.urls).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from crawler.listing import cms_of, jpage_params, page_links, records
from crawler.spiders.base import PortalSpider
from crawler.spiders.hanweb_catalogue import CatalogueMixin
from crawler.urls import kind_of

#: home-page links worth following: the 信息公开 catalogue and report columns
_HOME_LINK = re.compile(r"信息公开|年报|年度报告")


class HanwebSpider(CatalogueMixin, PortalSpider):
    name = "hanweb"
    cms = "hanweb"

    from_settings = {
        "max_windows": ("XXGK_MAX_LIST_WINDOWS", "int"),
        "module_years": ("XXGK_MODULE_YEARS", "list"),
        "max_depth": ("XXGK_MAX_LIST_DEPTH", "int"),
    }

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
        response, unchanged = self.read_list_page(response)
        if response is None:
            return
        params = jpage_params(response.text)
        if not params:  # a navigation page (the 信息公开 catalogue)
            if unchanged or self._detect_cms(response):
                response.meta["xxgk_kind"] = "catalogue_root"
                yield from self.parse_home(response)
            return
        items = records(response.text, response.url)
        if unchanged:
            if self._lists_of_lists(response):
                # an unchanged list of columns or catalogues says nothing about the lists it
                # names; they are its records as last walked (the windows' too: a column page
                # is re-published whenever its records change)
                column = response.meta["xxgk_url"]
                seen = {self.hostmap.canonical(h, response.url) for h, _t, _d in items}
                known = items + [(u, t, d) for u, (t, d) in self.last_records(column).items()
                                 if u not in seen]
                if len(known) >= params.get("total", 0):
                    yield from self._walk(known, response, {"column": column})
                else:  # no complete last walk (an older archive, another node's): windows too
                    yield from self._walk(items, response, self._list_state(response, params))
            return  # an unchanged list of documents: nothing new below it
        for href, _text in page_links(response):  # sibling report columns
            if kind_of(self.hostmap.canonical(href, response.url) or "") == "column":
                yield from self._follow_nav(href, response, "column")
        yield from self._walk(items, response, self._list_state(response, params))

    @staticmethod
    def _list_state(response, params: dict) -> dict:
        return {"column": response.meta["xxgk_url"], "urls": set(), **params, "window": 1,
                "depth": response.meta.get("xxgk_depth", 0)}

    def _lists_of_lists(self, response) -> bool:
        return any(kind_of(self.hostmap.canonical(href, response.url) or "") in ("column", "catalogue")
                   for href, _t, _d in records(response.text, response.url))

    def _walk(self, items, response, state):
        """Follow a list's records whatever they point to: articles, module pages and
        attachments are documents, asked when new or when their title or date changed since
        the list's last walk; columns and agency catalogues are lists of their own."""
        column = state["column"]
        compared = self.compare_records(column, items, response.url)
        catalogues = [u for u, *_r in compared if kind_of(u) == "catalogue" and u in self.known]
        # a directory's catalogues are re-asked on the rolling schedule; in between each is
        # read from its archived copy, and the module page its 年报 node names is asked
        due = self.due_lists(catalogues) if catalogues else set()
        active, lists = 0, False
        for canonical, title, _date, verdict in compared:
            target = kind_of(canonical)
            if target in ("column", "catalogue"):
                lists = True
                if target == "catalogue" and canonical in self.known and canonical not in due:
                    yield from self._catalogue_from_archive(canonical, response, column)
                else:
                    yield from self._follow_nav(canonical, response, "column", referer=column)
                continue
            if verdict == "unchanged":
                continue
            active += 1
            if target == "attachment":
                request = self.req(canonical, self.parse_file, "attachment", referer=column)
            else:
                kind = "module" if target == "module" else "article"
                request = self.req(canonical, self.parse_document, kind, referer=column,
                                   meta={"xxgk_list_title": title})
            if request:
                yield request
        if "columnid" not in state:
            return
        # counted in the request's state, which travels with it (to another node, too)
        urls = state.setdefault("urls", set())
        fresh = {u for u, *_r in compared} - urls
        urls |= fresh
        read, total = len(urls), state.get("total", 0)
        if not fresh or read >= total:
            if read < total:
                self.stat("errors/pagination-trap")  # claims more records than it ever shows
                self.logger.info("%s: list stopped, a window brought no new URL", column)
            return
        if not active and not lists:
            return  # newest first: a page of known, unchanged documents ends the walk
        if state["window"] >= self.max_windows:
            self.stat("errors/pagination-trap")
            return
        yield from self._next_window(state, read)

    def _next_window(self, state, read: int):
        # the next window of 45 starts after the records already read (the column page's
        # island may hold one page of 15 or a whole group of 45)
        n = state["window"] + 1
        start = read + 1
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

    def parse_document(self, response):
        yield from super().parse_document(response)
        if response.meta.get("xxgk_kind") == "module":
            yield from self._module_years(response)
