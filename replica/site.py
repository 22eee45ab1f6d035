"""The replica's model: every portal's columns, articles, module pages and files, and routing.

``Site.handle(request)`` is a pure function of the site state and the request (plus the fault
plan), so the HTTP layer in ``replica.server`` stays thin.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime

from replica import content, site_pages as P
from replica.corpus import COPYCAT, OTHER_PORTALS, PORTALS, Article, Corpus, Report, build_corpus
from replica.site_model import (BUILT, OTHER_PLATFORMS, Column, Portal, Request, Response, _not_found,
                                article_path)

__all__ = ["Request", "Response", "Site"]  # the HTTP layer and tests speak these


class Site:
    def __init__(self, *, seed: int = 20261122, reports: int = 320,
                 faults: frozenset[str] = frozenset(), bases: dict[str, str] | None = None) -> None:
        from replica.faults import FaultPlan

        self.lock = threading.RLock()
        self.corpus: Corpus = build_corpus(seed, reports)
        self.faults = FaultPlan(faults, self)
        self.bases = bases or {}
        self.portals: dict[str, Portal] = {}
        self._news_uid = 10**6
        self._build()

    # --- building --------------------------------------------------------------------------

    def base(self, domain: str) -> str:
        return self.bases.get(domain, f"http://{domain}")

    def _build(self) -> None:
        ids = self.corpus.ids
        for name, domain, title, mechanism, unit in PORTALS:
            portal = Portal(name, domain, title, mechanism, unit, base=self.base(domain))
            portal.xxgk_col = ids.column_id(2026) if name != "weihai" else 70_600
            portal.catalog_col = ids.column_id(2026)
            portal.news_col = ids.column_id(2026)
            self.portals[domain] = portal
            news = Column(portal.news_col, "政务要闻", " > 新闻中心 > 政务要闻")
            for i in range(3):
                when = BUILT - timedelta(days=3 * i + 1, hours=i)
                self._news_uid += 1
                item = Article(self._news_uid, name, f"{title}召开第{i + 1}次常务会议", when,
                               ids.article_id(when))
                news.items.append(item)
            if "trap" in self.faults:
                news.claimed_total = 99_999
            portal.columns[news.id] = news
        for name, domain, title, platform in OTHER_PORTALS:
            self.portals[domain] = Portal(name, domain, title, platform, 0, base=self.base(domain))
        by_name = {p.name: p for p in self.portals.values()}
        for report in sorted(self.corpus.reports, key=lambda r: r.uid):
            self._place(by_name[report.portal], report)
        for article in self.corpus.articles:
            portal = by_name[article.portal]
            targets = [c for c in portal.columns.values() if c.id != portal.news_col]
            if targets:
                col = targets[article.uid % len(targets)]
                col.items.append(article)
        for portal in self.portals.values():
            for col in portal.columns.values():
                col.sort()
                for item in col.items:
                    item.column_id = item.column_id or col.id
                    portal.articles[self.article_path(item)] = item
        from replica.site_hanweb import add_list_shapes

        add_list_shapes(self)
        self._render_files()

    def _year_column(self, portal: Portal, year: int) -> Column:
        key = f"year{year}"
        for col in portal.columns.values():
            if col.name == key or col.name == f"{year}年":
                return col
        crumbs = {"weihai": " > 政府信息公开 > 法定主动公开内容 > 政务公开专题 > 年度报告 > ",
                  "wip": " >政府信息公开>信息公开目录>管委信息公开>信息公开年报>"}
        col = Column(self.corpus.ids.column_id(year), f"{year}年",
                     crumbs.get(portal.name, " > 政府信息公开 > 政府信息公开年报 > ") + f"{year}年",
                     shape={"wendeng": 2, "wip": 1}.get(portal.name, 0),
                     prerendered=portal.name == "wendeng")
        portal.columns[col.id] = col
        return col

    def _named_column(self, portal: Portal, name: str, crumb: str, shape: int) -> Column:
        for col in portal.columns.values():
            if col.name == name:
                return col
        col = Column(self.corpus.ids.column_id(2019), name, crumb, shape=shape)
        portal.columns[col.id] = col
        return col

    def _place(self, portal: Portal, report: Report) -> None:
        if report.channel == "module":
            portal.module[(report.agency.area, report.year)] = report
            return
        if report.channel == "agency_column":
            col = self._named_column(portal, report.agency.name, f" > 信息公开目录 > {report.agency.name}", 3)
        elif portal.mechanism in OTHER_PLATFORMS:
            col = self._named_column(portal, "年度报告", " > 政府信息公开 > 年度报告", 0)
        elif portal.mechanism.startswith("one_column"):
            col = self._named_column(portal, "信息公开年报", " >辅助栏目>信息公开年报", 0)
        else:
            col = self._year_column(portal, report.year)
        col.items.append(report)

    def _render_files(self) -> None:
        """Attachments and pictures of every report (PDF/DOC through the soffice cache)."""
        reports = [r for p in self.portals.values() for r in [*p.articles.values(), *p.module.values()]
                   if isinstance(r, Report)]
        docx = {r.uid: content.docx_bytes(r) for r in reports
                if r.channel != "module" and r.form in ("html+docx", "docx", "pdf", "doc")}
        converted = {ext: content.convert_all({str(r.uid): docx[r.uid] for r in reports
                                               if r.uid in docx and r.form == ext}, ext)
                     for ext in ("pdf", "doc")}
        by_name = {p.name: p for p in self.portals.values()}
        for item in reports:
            portal = by_name[item.portal]
            self.add_files(portal, item, docx.get(item.uid), converted)

    def add_files(self, portal: Portal, item: Report, docx: bytes | None = None,
                  converted: dict | None = None) -> None:
        item.attachments = []
        if docx is not None:
            ext = item.form if item.form in ("pdf", "doc") else "docx"
            data = (converted or {}).get(ext, {}).get(str(item.uid))
            if data is None:
                ext, data = "docx", docx
            name = hashlib.md5(f"{item.uid}-{item.edits}".encode()).hexdigest()
            if portal.mechanism in OTHER_PLATFORMS:
                from replica import site_other

                path, ext = site_other.attachment_path(portal, item, name, ext)
                portal.files[path] = (self.faults.attachment(item, data), site_other.MIME.get(ext, _MIME.get(ext)))
                item.attachments.append((path, f"{item.title}.{ext}"))
            else:
                portal.files[f"/attach/0/{name}.{ext}"] = (self.faults.attachment(item, data), _MIME[ext])
                item.attachments.append((f"{name}.{ext}", f"{item.title}.{ext}"))
        if item.channel != "module" and item.form not in ("html", "html+docx"):
            return  # only an attachment is published: no HTML body, no pictures
        for path, png in content.pictures(item).items():
            portal.files[path] = (png, "image/png")

    article_path = staticmethod(article_path)

    # --- routing ---------------------------------------------------------------------------

    def handle(self, req: Request) -> Response:
        with self.lock:
            intercepted = self.faults.intercept(req)
            if intercepted is not None:
                return intercepted
            resp = self._route(req)
            if resp.mtime is not None and resp.status == 200 and _validated(req):
                resp = _conditional(req, resp)
            return self.faults.mutate(req, resp)

    def _route(self, req: Request) -> Response:
        if req.domain == COPYCAT[1]:
            return Response(body=P.page(COPYCAT[2], "", "<h1>榮成市人民政府</h1>").encode())
        portal = self.portals.get(req.domain)
        if portal is None:
            return _not_found()
        if portal.mechanism in OTHER_PLATFORMS:
            from replica import site_other

            return site_other.route(self, portal, req)
        from replica import site_routes

        return site_routes.route(self, portal, req)


_MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf", "doc": "application/msword"}




#: hosts whose front end sends no ETag/Last-Modified (nor answers conditional requests), as
#: many real portals' proxies do; JSP pages (module pages render per request) never have them
NO_VALIDATORS = {"www.whctp.gov.cn"}


def _validated(req: Request) -> bool:
    return req.domain not in NO_VALIDATORS and not req.path.endswith(".jsp")


def _etag(resp: Response) -> str:
    return '"' + hashlib.sha1(resp.body + str(resp.mtime).encode()).hexdigest()[:20] + '"'


def _conditional(req: Request, resp: Response) -> Response:
    etag = _etag(resp)
    resp.headers["ETag"] = etag
    resp.headers["Last-Modified"] = format_datetime(resp.mtime.replace(tzinfo=None) - timedelta(hours=8),
                                                    usegmt=False).replace("-0000", "GMT")
    inm = req.headers.get("if-none-match")
    ims = req.headers.get("if-modified-since")
    fresh = False
    if inm is not None:
        fresh = etag in [t.strip() for t in inm.split(",")]
    elif ims:
        try:
            fresh = parsedate_to_datetime(ims).replace(tzinfo=None) >= (
                resp.mtime.replace(microsecond=0) - timedelta(hours=8))
        except (TypeError, ValueError):
            fresh = False
    if fresh:
        return Response(304, b"", resp.content_type, {k: resp.headers[k] for k in ("ETag", "Last-Modified")})
    return resp
