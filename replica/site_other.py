"""The replica's portals on other platforms than Hanweb JCMS: pages, paths and routing.

- ``trs``: a TRS WCM bureau sub-site (tjj.weihai.gov.cn, served over https with a self-signed
  certificate; its links name the ``:8443`` alias). Lists `/xxgk/ndbg/index.html`,
  `index_1.html`… paged by ``createPageHTML(countPage, currentPage, "index", "html")``; articles
  `./YYYYMM/tYYYYMMDD_id.html` with ArticleTitle/ColumnName/PubDate metas and a `TRS_Editor`
  body; attachments in the article's folder (`P0…….wps|.docx|.pdf`). [assumed: the common TRS
  WCM 6/7 templates]
- ``aspx``: an ASP.NET site nobody wrote a spider for (www.eweihai.gov.cn): `news_list.aspx?t=77
  &page=N` lists with 首页/上一页/下一页/尾页 links, `news_show.aspx?id=N` articles, uploads under
  `/UploadFiles/`, a `sitemap.xml`. [assumed layout]

Word originals converted to .doc are published as `.wps` on both (WPS Office saves, the way
many small agencies publish): the same OLE bytes under the name and type WPS gives them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from replica import content, site_pages as P
from replica.corpus import Report
from replica.site_model import BUILT, Column, Portal, Request, Response, _not_found, modified

if TYPE_CHECKING:
    from replica.site import Site

E = P.E
TRS_PER_PAGE, ASPX_PER_PAGE = 20, 15
#: what these servers send for a WPS file (the rest as on the Hanweb portals)
MIME = {"wps": "application/kswps"}


def attachment_path(portal: Portal, item: Report, name: str, ext: str) -> tuple[str, str]:
    ext = "wps" if ext == "doc" else ext
    d = item.published
    if portal.mechanism == "trs":
        return f"/xxgk/ndbg/{d:%Y%m}/P0{d:%Y%m%d}{item.uid:06d}{name[:6]}.{ext}", ext
    return f"/UploadFiles/{d:%Y%m}/{name[:16]}.{ext}", ext


def route(site: Site, portal: Portal, req: Request) -> Response:
    path = req.path
    if path == "/robots.txt":
        return Response(body=b"User-agent: *\nDisallow: /admin/\n", content_type="text/plain", mtime=BUILT)
    if path in portal.files:
        data, ctype = portal.files[path]
        return Response(body=data, content_type=ctype, mtime=BUILT)
    col = next(iter(portal.columns.values()), None)
    if portal.mechanism == "trs":
        return _trs(site, portal, col, path)
    return _aspx(site, portal, col, req)


def _html(text: str, mtime) -> Response:
    return Response(body=text.encode("utf-8"), mtime=mtime)


def _page(title: str, head: str, body: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{E(title)}</title>{head}'
            f"</head><body>{body}</body></html>")


# --- TRS WCM -------------------------------------------------------------------------------------

def _trs(site: Site, portal: Portal, col: Column | None, path: str) -> Response:
    alias = f"https://{portal.domain}:8443"  # how the site's own templates link itself
    if path in ("/", "/index.html"):
        body = (f'<div class="nav"><a href="{alias}/index.html">首页</a> '
                f'<a href="{alias}/xxgk/">政府信息公开</a> <a href="{alias}/tjsj/">统计数据</a></div>')
        return _html(_page(portal.title, '<meta name="SiteName" content="威海市统计局">', body), BUILT)
    if path in ("/xxgk/", "/xxgk/index.html"):
        body = ('<div class="xxgk-nav"><a href="./zn/">政府信息公开指南</a> '
                '<a href="./ndbg/">政府信息公开年度报告</a> <a href="./fdzdgk/">法定主动公开内容</a></div>')
        return _html(_page(f"政府信息公开_{portal.title}", "", body), BUILT)
    if path in ("/xxgk/zn/", "/xxgk/zn/index.html"):
        body = f"<h2>{E(portal.title)}政府信息公开指南</h2><p>（正文略）</p>"
        return _html(_page(f"政府信息公开指南_{portal.title}", "", body), BUILT)
    items = col.items if col else []
    pages = max(1, -(-len(items) // TRS_PER_PAGE))
    if path in ("/xxgk/ndbg/", "/xxgk/ndbg/index.html") or path.startswith("/xxgk/ndbg/index_"):
        n = 0
        if path.startswith("/xxgk/ndbg/index_"):
            try:
                n = int(path.rsplit("_", 1)[1].split(".")[0])
            except ValueError:
                return _not_found()
            if not 0 < n < pages:
                return _not_found()
        return _trs_list(portal, col, items[n * TRS_PER_PAGE:(n + 1) * TRS_PER_PAGE], pages, n)
    item = portal.articles.get(path)
    if item is None:
        return _not_found()
    return _trs_article(site, portal, col, item)


def _trs_list(portal: Portal, col: Column | None, items: list, pages: int, n: int) -> Response:
    rows = []
    for item in items:
        d = item.published
        href = f"./{d:%Y%m}/t{d:%Y%m%d}_{item.article_id}.html"
        rows.append(f'<li><a href="{href}" title="{E(item.title)}" target="_blank">{E(item.title)}</a>'
                    f"<span>{d:%Y-%m-%d}</span></li>")
    body = (f'<div class="list"><ul>{"".join(rows)}</ul></div><div class="page"><script>'
            f'createPageHTML({pages}, {n}, "index", "html");</script></div>')
    mtime = col.mtime() if col else BUILT
    return _html(_page(f"政府信息公开年度报告_{portal.title}",
                       '<meta name="ColumnName" content="政府信息公开年度报告">', body), mtime)


def _article_text(item) -> str:
    """An article's text: a report published as an attachment says so; other items are stubs."""
    if isinstance(item, Report) and item.form in ("docx", "pdf", "doc"):
        return f"<p>{E(item.title)}详见附件。</p>"
    return content.body_html(item) if isinstance(item, Report) else "<p>（正文略）</p>"


def _trs_article(site: Site, portal: Portal, col: Column | None, item) -> Response:
    links = "".join(f'<p><a href="./{path.rsplit("/", 1)[1]}">{E(show)}</a></p>'
                    for path, show in getattr(item, "attachments", []))
    text = _article_text(item)
    head = (f'<meta name="ArticleTitle" content="{E(item.title)}">'
            '<meta name="ColumnName" content="政府信息公开年度报告">'
            f'<meta name="PubDate" content="{item.published:%Y-%m-%d %H:%M}">'
            f'<meta name="ContentSource" content="{E(portal.title)}">')
    body = (f'<div class="article"><h2>{E(item.title)}</h2><div class="info">发布日期：'
            f'{item.published:%Y-%m-%d}</div><div class="TRS_Editor">{text}</div>'
            f'<div class="fj">{links}</div></div>')
    return _html(_page(f"{item.title}_{portal.title}", head, body), modified(item))


# --- ASP.NET -------------------------------------------------------------------------------------

def _aspx(site: Site, portal: Portal, col: Column | None, req: Request) -> Response:
    path = req.path
    if path in ("/", "/index.html", "/default.aspx"):
        return Response(body=P.eweihai_home().encode(), mtime=BUILT)
    items = col.items if col else []
    pages = max(1, -(-len(items) // ASPX_PER_PAGE))
    if path == "/sitemap.xml":
        locs = [f"http://{portal.domain}/news_list.aspx?t=77&amp;page={n}" for n in range(1, pages + 1)]
        xml = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
               'schemas/sitemap/0.9">' + "".join(f"<url><loc>{u}</loc></url>" for u in locs)
               + "</urlset>")
        return Response(body=xml.encode(), content_type="application/xml", mtime=BUILT)
    if path == "/news_list.aspx":
        if req.arg("t") != "77":
            return _html(_page("威海经济技术开发区", "", "<p>暂无信息</p>"), BUILT)
        try:
            n = int(req.arg("page", "1"))
        except ValueError:
            n = 1
        n = min(max(n, 1), pages)
        return _aspx_list(portal, col, items[(n - 1) * ASPX_PER_PAGE:n * ASPX_PER_PAGE], pages, n)
    if path == "/xxgk/news_show.aspx":
        item = portal.articles.get(f"{path}?id={req.arg('id')}")
        if item is not None:
            return _aspx_article(portal, item)
    return _not_found()


def _aspx_list(portal: Portal, col: Column | None, items: list, pages: int, n: int) -> Response:
    rows = "".join(
        f'<tr><td><a href="xxgk/news_show.aspx?id={i.article_id}" target="_blank">{E(i.title)}</a>'
        f"</td><td>[{i.published:%Y-%m-%d}]</td></tr>" for i in items)
    link = "news_list.aspx?t=77&amp;page={}"
    nav = [f'<a href="{link.format(1)}">首页</a>']
    if n > 1:
        nav.append(f'<a href="{link.format(n - 1)}">上一页</a>')
    nav += [f'<a href="{link.format(k)}">{k}</a>' for k in range(max(1, n - 2), min(pages, n + 2) + 1)
            if k != n]
    if n < pages:
        nav.append(f'<a href="{link.format(n + 1)}">下一页</a>')
    nav.append(f'<a href="{link.format(pages)}">尾页</a>')
    body = (f'<form id="form1" method="post" action="./news_list.aspx?t=77&amp;page={n}">'
            '<input type="hidden" name="__VIEWSTATE" value="dDwtMTI3OTMzNDM4NDs7Pg==">'
            f'<div class="lm">政府信息公开年度报告</div><table class="newslist">{rows}</table>'
            f'<div class="pager">共{len(col.items) if col else 0}条 第{n}/{pages}页 {" ".join(nav)}</div></form>')
    mtime = col.mtime() if col else BUILT
    return _html(_page("信息公开_威海经济技术开发区", '<meta name="generator" content="ASP.NET">', body), mtime)


def _aspx_article(portal: Portal, item) -> Response:
    links = "".join(f'<p>附件：<a href="{path}">{E(show)}</a></p>'
                    for path, show in getattr(item, "attachments", []))
    text = _article_text(item)
    body = (f'<h1 class="news_title">{E(item.title)}</h1><div class="news_info">发布时间：'
            f'{item.published:%Y-%m-%d %H:%M} 来源：{E(portal.title)}</div>'
            f'<div id="news_content">{text}{links}</div>')
    return _html(_page(f"{item.title}-威海经济技术开发区", "", body), modified(item))
