"""`GenericSpider`: a portal whose CMS nobody wrote a spider for (ASP.NET site groups, a city's
own platform…): a bounded breadth-first walk inside the portal's domain.

From the home page (and `sitemap.xml` when the site offers one) it follows links naming
信息公开/年报/年度报告/政务公开 and the paging links of lists (下一页, 尾页, page numbers); a link whose
text reads like a report title is fetched as a document and recognised by the same recogniser
as on every portal (a record that is no report is walked as one more list page). Hard budgets, each hit counted in the run summary (`budget-pages`,
`budget-depth`, `budget-time`): pages per portal (`XXGK_GENERIC_MAX_PAGES`), navigation depth
(`XXGK_GENERIC_MAX_DEPTH`), seconds per run (`XXGK_GENERIC_MAX_SECONDS`).

Incremental: pages are asked conditionally; a 304 page is read from its archived bytes and
documents already archived are asked again only when their record (title, date) changed, or by
the rolling revalidation; a list page holding only known, unchanged records ends the paging.
"""

from __future__ import annotations

import html
import re
import time
from urllib.parse import urlsplit

from parsel import Selector

from crawler import recognise
from crawler.listing import page_links
from crawler.spiders.base import PortalSpider
from crawler.urls import kind_of

_NAV_LINK = re.compile(r"信息公开|年报|年度报告|政务公开")
_PAGING_LINK = re.compile(r"^(下一页|下页|尾页|末页|\d{1,3}|>|»)$")
_REPORT_LINK = re.compile(r"报告")
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")


class GenericSpider(PortalSpider):
    name = "generic"
    cms = "unknown"

    from_settings = {
        "max_pages": ("XXGK_GENERIC_MAX_PAGES", "int"),
        "max_depth": ("XXGK_GENERIC_MAX_DEPTH", "int"),
        "max_seconds": ("XXGK_GENERIC_MAX_SECONDS", "float"),
    }
    asked_pages = 0
    deadline: float | None = None  # the time budget runs from the first page asked

    async def walk_start(self):
        base = f"http://{self.domain}"
        for path in self.portal.get("start_paths") or ["/"]:
            request = self._page(base + path, None, 0, "home")
            if request:
                yield request
        request = self.req(base + "/sitemap.xml", self.parse_sitemap, "sitemap")
        if request:
            yield request

    def _within_budget(self) -> bool:
        if self.deadline is None:
            self.deadline = time.monotonic() + self.max_seconds
        if time.monotonic() > self.deadline:
            self.stat("errors/budget-time")
            return False
        if self.asked_pages >= self.max_pages:
            self.stat("errors/budget-pages")
            return False
        return True

    def _page(self, href: str, base: str | None, depth: int, kind: str = "column", **meta):
        if not self._within_budget():
            return None
        request = self.req(href, self.parse_page, kind, base=base, meta={"xxgk_depth": depth, **meta})
        if request:
            self.asked_pages += 1
        return request

    def parse_sitemap(self, response):
        response = self._body_or_archived(response)
        if response is None or response.status != 200:
            return
        for loc in _LOC.findall(response.text):
            loc = html.unescape(loc)
            canonical = self.hostmap.canonical(loc)
            if canonical is None or canonical in self.known:
                continue
            if kind_of(canonical) == "attachment":
                continue  # fetched from the report that links it
            request = self._page(loc, None, 1)
            if request:
                yield request

    def parse_page(self, response):
        response = self._body_or_archived(response)
        if response is None or response.status != 200:
            return
        page_url = response.meta["xxgk_url"]
        sel = Selector(text=response.text)
        if recognise.recognise(sel, page_url)["is_report"]:
            # a report reached as a page (sitemap): the document path labels, follows and
            # counts it (one page, not two)
            response.meta["xxgk_kind"] = "article"
            yield from self.parse_document(response)
            return
        self.stat("pages")
        depth = response.meta.get("xxgk_depth", 0)
        records, paging = [], []
        for href, text in page_links(response):
            canonical = self.hostmap.canonical(href, response.url)
            if canonical is None or urlsplit(canonical).hostname != self.domain:
                self._check_offsite(href, response.url)
                continue
            if kind_of(canonical) == "attachment":
                continue
            if _REPORT_LINK.search(text):
                records.append((href, recognise.clean(text), self._date_near(response, href)))
            elif _PAGING_LINK.match(text.strip()):
                paging.append(href)
            elif _NAV_LINK.search(text):
                if depth >= self.max_depth:
                    self.stat("errors/budget-depth")
                    continue
                request = self._page(href, response.url, depth + 1)
                if request:
                    yield request
        compared = self.compare_records(page_url, records, response.url)
        if not compared or any(verdict != "unchanged" for *_r, verdict in compared):
            # a list page of known, unchanged records ends the paging (lists are newest first)
            for href in paging:
                request = self._page(href, response.url, depth)
                if request:
                    yield request
        for canonical, title, _date, verdict in compared:
            if verdict == "unchanged":
                continue
            # through parse_page: a record link may be a report or, on a site that names its
            # columns "…年度报告", another list
            request = self._page(canonical, None, depth + 1, "article", xxgk_list_title=title)
            if request:
                request.headers["Referer"] = self.hostmap.transport(page_url)
                yield request

    @staticmethod
    def _date_near(response, href: str) -> str:
        """The date printed in the list row of a record (its `li`/`tr`), if any."""
        row = response.xpath(f'//a[@href="{href}"]/ancestor::*[self::li or self::tr][1]') \
            if '"' not in href else []
        found = recognise.parse_date(" ".join(row.css("::text").getall())) if row else None
        return (found or "")[:10]
