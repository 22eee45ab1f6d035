"""`TrsSpider`: a TRS WCM (拓尔思) site, the platform most gov.cn portals are built with.

Walk: home → links naming 信息公开/年报/年度报告 (a few hops, `XXGK_TRS_NAV_DEPTH`) → list
pages. A list is `index.html` paged by the script call
``createPageHTML(countPage, currentPage, "index", "html")`` into `index_1.html` …
`index_{countPage-1}.html`; its records are links to `./YYYYMM/tYYYYMMDD_id.html` articles with
a date beside them. Articles carry `<meta name="ArticleTitle">`/`ColumnName`/`PubDate` and their
attachments sit in the article's folder (`./P0…….pdf|.doc|.wps`), fetched by the base spider.

Incremental: a list unchanged since a completed run (304 on `index.html`, or the archived
bytes) asks nothing below it. A changed list is compared record by record with its last walk,
page after page until a page holds only known, unchanged records.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from crawler import recognise
from crawler.listing import page_links
from crawler.spiders.base import PortalSpider

_NAV_LINK = re.compile(r"信息公开|年报|年度报告")
_PAGING = re.compile(r"createPageHTML\s*\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,"
                     r"\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]")
ARTICLE = re.compile(r"(?:^|/)t(\d{8})_\d+\.s?html?$")
_MAX_PAGES = 200  # a createPageHTML claiming more is a trap, not a list


class TrsSpider(PortalSpider):
    name = "trs"
    cms = "trs"

    from_settings = {"nav_depth": ("XXGK_TRS_NAV_DEPTH", "int")}

    async def walk_start(self):
        for path in self.portal.get("start_paths") or ["/"]:
            request = self.req(f"http://{self.domain}{path}", self.parse_page, "home",
                               meta={"xxgk_depth": 0})
            if request:
                yield request

    def parse_page(self, response):
        """A navigation page or the first page of a list."""
        unchanged = self.page_unchanged(response)
        response = self._body_or_archived(response)
        if response is None or response.status != 200:
            return
        self.stat("pages")
        paging = _PAGING.search(response.text)
        if paging:
            if unchanged:
                return  # an unchanged list: nothing new below it
            root = response.meta["xxgk_url"]
            first_walk = not self.last_records(root)
            active = []
            for request in self._list_page(response, root):
                active.append(request)
                yield request
            yield from self._other_pages(response, paging, all_at_once=first_walk, go_on=bool(active))
            return
        depth = response.meta.get("xxgk_depth", 0)
        for href, text in page_links(response):
            canonical = self.hostmap.canonical(href, response.url)
            if canonical is None or ARTICLE.search(urlsplit(canonical).path):
                continue
            if _NAV_LINK.search(text):
                if depth >= self.nav_depth:
                    self.stat("errors/budget-depth")
                    continue
                request = self.req(href, self.parse_page, "column", base=response.url,
                                   meta={"xxgk_depth": depth + 1})
                if request:
                    yield request
            else:
                self._check_offsite(href, response.url)

    def _other_pages(self, response, paging, *, all_at_once: bool, go_on: bool):
        """The pages `createPageHTML` names: all at once on a list's first walk; later, one
        after the other while a page still holds a new or changed record (newest first)."""
        count, current, stem, ext = int(paging.group(1)), int(paging.group(2)), paging.group(3), paging.group(4)
        if current != 0 or not (all_at_once or go_on):
            return
        if count > _MAX_PAGES:
            self.stat("errors/pagination-trap")
            count = _MAX_PAGES
        root = response.meta["xxgk_url"]
        for n in range(1, count if all_at_once else min(count, 2)):
            yield from self._list_page_request(root, stem, ext, n, count, all_at_once)

    def _list_page_request(self, root: str, stem: str, ext: str, n: int, count: int, all_at_once: bool):
        # unconditional: a later page's 304 says nothing about records that moved onto it
        request = self.req(urljoin(root, f"{stem}_{n}.{ext}"), self.parse_list_page, "list",
                           referer=root, conditional=False,
                           meta={"xxgk_list": root, "xxgk_paging": (stem, ext, n, count, all_at_once)})
        if request:
            yield request

    def parse_list_page(self, response):
        if response.status != 200:
            return
        self.stat("pages")
        root = response.meta["xxgk_list"]
        active = list(self._list_page(response, root))
        yield from active
        stem, ext, n, count, all_at_once = response.meta["xxgk_paging"]
        if active and not all_at_once and n + 1 < count:
            yield from self._list_page_request(root, stem, ext, n + 1, count, all_at_once)

    def _list_page(self, response, list_url: str):
        records = []
        for item in response.css("li, tr"):
            anchor = item.css("a[href]")
            if not anchor:
                continue
            href = anchor[0].attrib["href"].strip()
            if not ARTICLE.search(urlsplit(href).path):
                continue
            title = anchor[0].attrib.get("title") or "".join(anchor[0].css("::text").getall())
            date = recognise.parse_date(" ".join(item.css("::text").getall())) or ""
            records.append((href, recognise.clean(title), date[:10]))
        for canonical, title, _date, verdict in self.compare_records(list_url, records, response.url):
            if verdict == "unchanged":
                continue
            request = self.req(canonical, self.parse_document, "article", referer=list_url,
                               meta={"xxgk_list_title": title})
            if request:
                yield request
