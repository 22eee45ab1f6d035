"""Hanweb agency catalogues (`?vc_xxgkarea=`) and module pages (`xxgkAnnualReport.jsp`):
the part of the JCMS walk below the jpage lists (crawler/spiders/hanweb.py).

A catalogue lists a body's module pages and articles, or names only its latest module page
through a 年报 node; a module page's year tabs link the same body's other years. Both are
compared with their last walk like every list (crawler/spiders/records.py).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import scrapy
from scrapy.http import HtmlResponse

from crawler.listing import page_links
from crawler.urls import kind_of

#: the node of an agency catalogue that leads to its annual reports
_REPORT_NODE = re.compile(r"年报|年度报告")
#: a link naming a year is a report of that year, not the 年报 node
_YEAR = re.compile(r"(19|20)\d\d")


class CatalogueMixin:
    def parse_agency(self, response):
        """Agency catalogue `?vc_xxgkarea=`: the module pages and articles it lists, and its
        年报 node (a module page, or a further catalogue or column); its other nodes (机构职能,
        政策文件…) hold no reports and are not walked."""
        if response.status in (200, 304):
            self.archive.checked(response.meta["xxgk_url"], self.portal_name)
        response, unchanged = self.read_list_page(response)
        if response is None:
            return
        yield from self._catalogue(response, unchanged, archived_only=False)

    def _catalogue_from_archive(self, url: str, response, referer: str):
        """A directory's catalogue not due tonight, read from its last capture."""
        last = self.store.last_capture(url)
        if last is None:
            yield from self._follow_nav(url, response, "column", referer=referer)
            return
        request = scrapy.Request(self.hostmap.transport(url), meta={
            "xxgk_url": url, "xxgk_kind": "catalogue", "xxgk_depth": response.meta.get("xxgk_depth", 0) + 1})
        archived = HtmlResponse(request.url, body=self.store.read_body(last["sha256"]),
                                encoding="utf-8", request=request)
        self.stat("lists_from_archive")
        yield from self._catalogue(archived, True, archived_only=True)

    def _catalogue(self, response, unchanged: bool, *, archived_only: bool):
        url = response.meta["xxgk_url"]
        items = []
        for href, text in page_links(response):
            target = kind_of(self.hostmap.canonical(href, response.url) or "")
            if target in ("module", "article", "attachment") or (
                    target in ("column", "catalogue") and _REPORT_NODE.search(text)):
                items.append((href, text, ""))
        node = self._report_node(items, response)
        if unchanged:
            # a catalogue listing each year changes when one is added: nothing new below it;
            # a 年报 node names only the latest module page, and a late report for an earlier
            # year appears only in that page's year tabs: asked (read from the archive, the
            # catalogue still asks it when it leads to a report)
            if node and (not archived_only or self.archive.earlier_report_versions(node, -1)):
                request = self.req(node, self.parse_document, "module", referer=url)
                if request:
                    yield request
            return
        for canonical, title, _date, verdict in self.compare_records(url, items, response.url):
            target = kind_of(canonical)
            if target in ("column", "catalogue"):
                yield from self._follow_nav(canonical, response, "column", referer=url)
            elif verdict != "unchanged" or canonical == node:
                kind = {"module": "module", "attachment": "attachment"}.get(target, "article")
                callback = self.parse_file if kind == "attachment" else self.parse_document
                request = self.req(canonical, callback, kind, referer=url,
                                   meta={"xxgk_list_title": title})
                if request:
                    yield request

    def _report_node(self, items, response) -> str | None:
        """The module page a catalogue's 年报 node names (a bare node label, no year), if it
        names exactly one; a catalogue listing its reports by year has none."""
        modules = [(self.hostmap.canonical(h, response.url), t) for h, t, _d in items
                   if kind_of(self.hostmap.canonical(h, response.url) or "") == "module"]
        if len(modules) == 1 and not _YEAR.search(modules[0][1]):
            return modules[0][0]
        return None

    def _module_years(self, response):
        """A module page's year selector links the same body's other years: compared with the
        page's last walk, a year not seen before is asked (an unchanged page links no new one)."""
        if response.status != 200:
            return
        here = response.meta["xxgk_url"]
        area = parse_qs(urlsplit(here).query).get("area")
        tabs = []
        for href, text in page_links(response):
            canonical = self.hostmap.canonical(href, response.url)
            if not canonical or canonical == here or kind_of(canonical) != "module":
                continue
            if parse_qs(urlsplit(canonical).query).get("area") != area:
                continue  # another body's report named in the text: its own directory entry
            tabs.append((canonical, text, ""))
        for canonical, _title, _date, verdict in self.compare_records(here, tabs, response.url):
            if verdict == "unchanged":
                continue
            request = self.req(canonical, self.parse_document, "module", referer=here)
            if request:
                yield request
