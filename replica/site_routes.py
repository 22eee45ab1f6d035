"""URL routing of one Hanweb portal of the replica (portals.md §1.1)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from replica import content, site_hanweb, site_pages as P
from replica.corpus import COPYCAT, Report
from replica.site_model import (BUILT, WEBID, Column, Portal, Request, Response, _not_found,
                                article_path, modified)

if TYPE_CHECKING:
    from replica.site import Site

_COL = re.compile(r"^/col/col(\d+)/index\.html$")
PERPAGE, GROUP = 15, 45


#: portals whose Java front end builds absolute links from the request's Host header, so a
#: crawler that does not send the real Host gets links to whatever address it asked
HOST_LINKS = {"wip"}


def link_base(portal: Portal, req: Request) -> str:
    if portal.name in HOST_LINKS:
        return f"http://{req.headers.get('host') or portal.domain}"
    return portal.base


def route(site: Site, portal: Portal, req: Request) -> Response:
    path = req.path
    if path == "/robots.txt":
        return Response(body=site.faults.robots(portal).encode(), content_type="text/plain", mtime=BUILT)
    if path in ("/", "/index.html"):
        return _html(home(site, portal), BUILT)
    m = _COL.match(path)
    if m:
        col_id = int(m.group(1))
        area = req.arg("vc_xxgkarea")
        if col_id == portal.catalog_col and area:
            if portal.directory:
                page = site_hanweb.directory_catalogue(site, portal, area)
                return _html(page, BUILT) if page else _html(P.page("", "", ""), BUILT)
            return agency_page(site, portal, area)
        if col_id == portal.xxgk_col:
            return _html(xxgk(site, portal), BUILT)
        col = portal.columns.get(col_id)
        return column_page(site, portal, col, link_base(portal, req)) if col else _not_found()
    if path == "/module/web/jpage/dataproxy.jsp":
        return dataproxy(site, portal, req)
    if path == "/module/xxgk/xxgkAnnualReport.jsp":
        return module_page(site, portal, req)
    if path == "/module/download/downfile.jsp":
        name = req.arg("filename")
        if f"/attach/0/{name}" in portal.files:
            return Response(302, b"", headers={"Location": f"http://{req.headers.get('host') or portal.domain}/attach/0/{name}"})
        return _not_found()
    if path in portal.files:
        data, ctype = portal.files[path]
        return Response(body=data, content_type=ctype, mtime=BUILT)
    item = portal.articles.get(path)
    if item is not None:
        return article_page(site, portal, item, link_base(portal, req))
    return _not_found()


def _html(text: str, mtime, charset: str = "UTF-8") -> Response:
    return Response(body=text.encode("utf-8"), content_type=f"text/html; charset={charset}", mtime=mtime)


def home(site: Site, portal: Portal) -> str:
    nav = [("/index.html", "首页"), (f"/col/col{portal.xxgk_col}/index.html", "政府信息公开"),
           (f"/col/col{portal.news_col}/index.html", "政务要闻")]
    nav += site.faults.nav_links(portal)
    extra = ""
    if "copycat" in site.faults:
        extra = (f'<div class="links">友情链接：<a href="{site.base(COPYCAT[1])}/index.html">{COPYCAT[2]}</a>'
                 ' <a href="http://www.jkzhuan.cn/index.html">繁體版</a></div>')
    return P.home(portal.title, portal.domain, nav, extra)


def xxgk(site: Site, portal: Portal) -> str:
    report_cols = [(f"/col/col{c.id}/index.html", c.name) for c in portal.columns.values()
                   if c.id != portal.news_col and not c.hidden]
    sections = [("政府信息公开年报", report_cols)]
    if site.faults.nav_links(portal):
        sections.append(("专题专栏", site.faults.nav_links(portal)))
    if "trap" in site.faults or "robots" in site.faults:  # make the misbehaving list reachable
        sections.append(("政务动态", [(f"/col/col{portal.news_col}/index.html", "政务要闻")]))
    agencies = sorted({r.agency.area: r.agency for r in portal.module.values()}.values(),
                      key=lambda a: a.area)
    if agencies and not portal.directory:  # a directory portal lists its bodies in a jpage list
        jh = "&jh=261" if portal.name == "huancui" else ""
        sections.append(("信息公开目录", [(f"/col/col{portal.catalog_col}/index.html?vc_xxgkarea={a.area}{jh}",
                                     a.name) for a in agencies]))
    return P.catalogue(portal.title, portal.domain, sections)


def agency_page(site: Site, portal: Portal, area: str) -> Response:
    reports = sorted([r for (a, _y), r in portal.module.items() if a == area], key=lambda r: -r.year)
    if not reports:
        return _html(P.page("", "", ""), BUILT)
    links = [(f"/module/xxgk/xxgkAnnualReport.jsp?area={area}&fbtime={r.year}",
              f"{r.year}年政府信息公开工作年度报告") for r in reports]
    mtime = max(modified(r) for r in reports)
    return _html(P.agency_catalogue(portal.title, reports[0].agency.name, area, links), max(mtime, BUILT))


def records_of(portal: Portal, col: Column, start: int, end: int, base: str = "") -> list[str]:
    if col.links:
        return [site_hanweb.nav_record(h, t) for h, t in col.links[start - 1:end]]
    items = col.items
    if col.claimed_total and start > len(items):  # calendar-style trap: same rows for ever
        start, end = 1, min(len(items), end - start + 1)
    chosen = items[start - 1:end]
    base = base or portal.base
    prefix = base if portal.name in HOST_LINKS else ""
    # a re-published item shows its new date in the list (`listed`); its URL keeps the old one
    return [P.record(col.shape, prefix + article_path(i), i.title,
                     getattr(i, "listed", None) or i.published, base) for i in chosen]


def _total(col: Column) -> int:
    return col.claimed_total or len(col.links) or len(col.items)


def _proxy_href(portal: Portal, col: Column, start: int) -> str:
    """The `<nextgroup>` link: the next window of 45 records from ``start``."""
    return ("/module/web/jpage/dataproxy.jsp?" + urlencode(
        {"startrecord": start, "endrecord": start + GROUP - 1, "perpage": PERPAGE,
         "webid": WEBID[portal.name], "columnid": col.id, "unitid": portal.unit,
         "permissiontype": 0}))


def column_page(site: Site, portal: Portal, col: Column, base: str = "") -> Response:
    total = _total(col)
    # [assumed] the island holds the first page; jpage asks dataproxy.jsp for the rest
    island = P.datastore(records_of(portal, col, 1, PERPAGE, base), total, PERPAGE,
                         _proxy_href(portal, col, PERPAGE + 1) if total > PERPAGE else None)
    prerendered = ""
    if col.prerendered:  # a wendeng template that renders its list server-side (portals.md §4.1)
        rows = "".join(f'<li><a href="{article_path(i)}" target="_blank">{i.title}</a></li>'
                       for i in col.items[:PERPAGE])
        prerendered = f'<div class="rsx_cont"><ul>{rows}</ul></div>'
    siblings = [(f"/col/col{c.id}/index.html", c.name) for c in portal.columns.values()
                if c.id not in (col.id, portal.news_col) and not c.hidden and not col.hidden]
    text = P.column(portal.title, portal.domain, col.name, col.breadcrumb, col.id, portal.unit,
                    WEBID[portal.name], island, total, prerendered, siblings)
    return _html(text, col.mtime())


def dataproxy(site: Site, portal: Portal, req: Request) -> Response:
    try:
        col_id = int(req.arg("columnid", "0"))
        unit = int(req.arg("unitid", "0"))
        perpage = min(int(req.arg("perpage", str(PERPAGE))), 300)
        if req.arg("startrecord"):
            start, end = int(req.arg("startrecord")), int(req.arg("endrecord", "0"))
        else:
            page = int(req.arg("page", "1"))
            start, end = (page - 1) * GROUP + 1, page * GROUP
    except ValueError:
        return Response(400, b"bad parameters")
    col = portal.columns.get(col_id)
    xml_type = "text/xml; charset=UTF-8"
    if col is None or unit != portal.unit:  # a wrong columnid/unitid pairing returns nothing
        return Response(body=P.datastore([], 0, perpage, None).encode(), content_type=xml_type)
    total = _total(col)
    nxt = _proxy_href(portal, col, end + 1) if end < total else None
    body = P.datastore(records_of(portal, col, start, end, link_base(portal, req)), total, perpage, nxt)
    return Response(body=body.encode("utf-8"), content_type=xml_type)


def module_page(site: Site, portal: Portal, req: Request) -> Response:
    try:
        key = (req.arg("area"), int(req.arg("fbtime", "0")))
    except ValueError:
        key = ("", 0)
    report = portal.module.get(key)
    if report is None:
        if "module404" in site.faults:
            return _not_found()
        return _html(P.module(None, "", False), BUILT)
    body = content.body_html(report)
    return _html(P.module(report, body, with_title=report.uid % 4 != 0,
                          nav=site_hanweb.year_tabs(portal, key[0], key[1])), modified(report))


def article_page(site: Site, portal: Portal, item, base: str = "") -> Response:
    url = f"{base or portal.base}{article_path(item)}"
    col = portal.columns.get(item.column_id)
    crumb = col.breadcrumb if col else ""
    charset = "UTF-8"
    if isinstance(item, Report):
        links = "".join(P.attachment_link(f, s) for f, s in getattr(item, "attachments", []))
        links += site.faults.body_links(portal, item)
        if item.form in ("docx", "pdf", "doc"):
            text = f"<p>{P.E(item.title)}详见附件。</p>" + links
        else:
            text = content.body_html(item, extra_links=links)
            if item.spec.layout.gbk:  # a legacy page honestly declared GBK (portals.md §7)
                charset = "GBK"
        source = item.agency.name
    else:
        text = item.body or f"<p>{P.E(item.title)}。</p><p>（正文略）</p>"
        source = portal.title
    meta = ""
    if portal.name == "weihai" and isinstance(item, Report):
        meta = P.meta_table(item.agency.area, item.article_id % 10000, item.agency.name, item.year,
                            item.published)
    elif portal.name == "weihai" and getattr(item, "year", None):  # a decoy with a year class
        meta = P.meta_table("11371000004172203P", item.article_id % 10000, portal.title, item.year,
                            item.published)
    page = P.article(portal.title, portal.domain, portal.name, col.name if col else "", crumb,
                     item.title, item.published, source, text, meta, url, charset=charset)
    page = site.faults.count_visit(url, page)
    faulty = site.faults.article_response(portal, item, page)
    if faulty is not None:
        return faulty
    if charset == "GBK":
        return Response(body=page.encode("gb18030"), content_type="text/html; charset=GBK",
                        mtime=modified(item))
    return _html(page, modified(item))
