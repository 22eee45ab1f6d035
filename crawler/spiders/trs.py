"""`TrsSpider`: a TRS WCM (拓尔思) site, the platform most gov.cn portals are built with.

Walk: home → links naming 信息公开/年报/年度报告 (a few hops, `XXGK_TRS_NAV_DEPTH`) → list
pages. A list is `index.html` paged by the script call
``createPageHTML(countPage, currentPage, "index", "html")`` into `index_1.html` …
`index_{countPage-1}.html`; its records are links to `./YYYYMM/tYYYYMMDD_id.html` articles with
a date beside them. Articles carry `<meta name="ArticleTitle">`/`ColumnName`/`PubDate` and their
attachments sit in the article's folder (`./P0…….pdf|.doc|.wps`), fetched by the base spider.

Incremental: a list unchanged since a completed run answers 304 on `index.html`: nothing below
it is asked. A changed list is read whole and compared record by record with its last walk.
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

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.nav_depth = crawler.settings.getint("XXGK_TRS_NAV_DEPTH", 3)
        return spider

    async def walk_start(self):
        for path in self.portal.get("start_paths") or ["/"]:
            request = self.req(f"http://{self.domain}{path}", self.parse_page, "home",
                               meta={"xxgk_depth": 0})
            if request:
                yield request

    def parse_page(self, response):
        """A navigation page or the first page of a list."""
        changed = response.status == 200
        response = self._body_or_archived(response)
        if response is None or response.status != 200:
            return
        self.stat("pages")
        paging = _PAGING.search(response.text)
        if paging:
            if not changed:
                return  # a 304 list: nothing new below it
            yield from self._list_page(response, response.meta["xxgk_url"])
            yield from self._other_pages(response, paging)
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

    def _other_pages(self, response, paging):
        count, current, stem, ext = int(paging.group(1)), int(paging.group(2)), paging.group(3), paging.group(4)
        if current != 0:
            return
        if count > _MAX_PAGES:
            self.stat("errors/pagination-trap")
            count = _MAX_PAGES
        root = response.meta["xxgk_url"]
        for n in range(1, count):
            # unconditional: a later page's 304 says nothing about records that moved onto it
            request = self.req(urljoin(root, f"{stem}_{n}.{ext}"), self.parse_list_page, "list",
                               referer=root, meta={"xxgk_list": root}, conditional=False)
            if request:
                yield request

    def parse_list_page(self, response):
        if response.status != 200:
            return
        self.stat("pages")
        yield from self._list_page(response, response.meta["xxgk_list"])

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
            if verdict == "changed":
                self.stat("changed_records")
            request = self.req(canonical, self.parse_document, "article", referer=list_url,
                               meta={"xxgk_list_title": title})
            if request:
                yield request
