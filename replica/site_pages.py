"""HTML/XML of the replica's Hanweb JCMS pages (portals.md §4–§5, §11).

Layouts marked [assumed] are replica choices where portals.md says [unknown].
"""

from __future__ import annotations

import html
from datetime import datetime
from urllib.parse import quote

from replica.corpus import Report

E = html.escape

#: the 政府网站发展指引 meta set (portals.md §5.1)
_META = ('<meta name="SiteName" content="{site}"><meta name="SiteDomain" content="{domain}">'
         '<meta name="SiteIDCode" content="3710000001"><meta name="ColumnName" content="{column}">'
         '<meta name="ColumnType" content="{column}">')


def page(title: str, head: str, body: str, charset: str = "UTF-8") -> str:
    return (f'<!DOCTYPE html>\n<html><head><meta charset="{charset}">'
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{E(title)}</title>{head}</head>\n<body>\n{body}\n"
            '<script src="/module/jslib/jquery/jquery.js"></script></body></html>')


def home(site_title: str, domain: str, nav: list[tuple[str, str]], extra: str = "") -> str:
    links = "\n".join(f'<li><a href="{href}" target="_blank">{E(text)}</a></li>' for href, text in nav)
    head = _META.format(site=site_title, domain=domain, column="首页")
    return page(site_title, head, f'<div class="header"><h1>{E(site_title)}</h1></div>\n'
                f'<ul class="nav">\n{links}\n</ul>\n{extra}'
                f'<div class="footer">{E(site_title)} 主办 <span>网站标识码3710000001</span></div>')


def catalogue(site_title: str, domain: str, sections: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """The 信息公开 catalogue page: a tree of columns and agency catalogues. [assumed layout]"""
    head = _META.format(site=site_title, domain=domain, column="政府信息公开")
    blocks = []
    for heading, links in sections:
        items = "\n".join(f'<li><a href="{h}" title="{E(t)}">{E(t)}</a></li>' for h, t in links)
        blocks.append(f'<div class="xxgk-node"><h3>{E(heading)}</h3><ul>\n{items}\n</ul></div>')
    return page(f"政府信息公开_{site_title}", head, "\n".join(blocks))


def record(shape: int, href: str, title: str, date: datetime, base: str) -> str:
    """One jpage record in one of the four shapes of portals.md §4.3."""
    text = title if len(title) <= 24 else title[:23] + "…"
    day = date.strftime("%Y-%m-%d")
    if shape == 1:  # rsj: single quotes, bracketed date
        return f"<li><a href='{href}' title='{E(title)}' target='_blank'>{E(text)}</a><span>[{day}]</span></li>"
    if shape == 2:  # no date
        return f'<li class="cf"><a target="_blank" href="{href}" title="{E(title)}">{E(text)}</a></li>'
    if shape == 3:  # absolute URL, date in <i>
        return (f'<li><a href="{base}{href}" title="{E(title)}"><span>{E(text)}</span>'
                f"<i>{day}</i></a></li>")
    return f"<li><a href='{href}' title='{E(title)}' target=\"_blank\">{E(text)}</a><span>{day}</span></li>"


def datastore(records: list[str], total: int, perpage: int, next_href: str | None) -> str:
    pages = max(1, -(-total // perpage))
    nxt = f'<nextgroup><![CDATA[<a href="{next_href}"></a>]]></nextgroup>' if next_href else "<nextgroup><![CDATA[]]></nextgroup>"
    recs = "\n".join(f"<record><![CDATA[{r}]]></record>" for r in records)
    return (f"<datastore>\n{nxt}\n<recordset>\n{recs}\n</recordset>\n"
            f"<totalrecord>{total}</totalrecord>\n<totalpage>{pages}</totalpage>\n</datastore>")


def column(site_title: str, domain: str, name: str, breadcrumb: str, col_id: int, unit: int,
           webid: int, island: str, total: int, prerendered: str, siblings: list[tuple[str, str]]) -> str:
    head = _META.format(site=site_title, domain=domain, column=name)
    side = "\n".join(f'<li><a href="{h}">{E(t)}</a></li>' for h, t in siblings)
    call = (f"<script>$(document).ready(function(){{$('#{unit}').jpage({{dataStore:dataStore,"
            f"proxyUrl:'/module/web/jpage/dataproxy.jsp',perPage:15,groupSize:3,totalRecord:{total},"
            f"ajaxParam:{{col:1,appid:1,webid:{webid},path:'/',columnid:{col_id},sourceContentType:1,"
            f"unitid:{unit},webname:'{quote(site_title)}',permissiontype:0}}}});}});</script>")
    body = (f'<div class="bread">当前位置：<a href="/index.html">首页</a>{E(breadcrumb)}</div>\n'
            f'<ul class="side">\n{side}\n</ul>\n<div id="{unit}">'
            f'<script type="text/xml">\n{island}\n</script></div>\n{call}\n{prerendered}')
    return page(f"{name}_{site_title}", head, body)


def meta_table(area: str, seq: int, publisher: str, year: int, written: datetime) -> str:
    """The 4-row 索引号 table of weihai articles (portals.md §5.3)."""
    return ('<table class="xxgk_table"><tbody>'
            f"<tr><td>索引号:</td><td>{area}/{written.year}-{seq:05d}</td><td>发布单位:</td><td>{E(publisher)}</td></tr>"
            f"<tr><td>内容分类:</td><td>{year}年</td><td>成文日期:</td><td>{written:%Y-%m-%d}</td></tr>"
            "<tr><td>公开方式:</td><td>主动公开</td><td>公开范围:</td><td>面向社会</td></tr>"
            "<tr><td>有效性/截止日期:</td><td></td><td>文号:</td><td></td></tr></tbody></table>")


def date_lines(portal: str, when: datetime, source: str) -> str:
    """Per-portal title/date/source lines (portals.md §5.4)."""
    if portal == "wendeng":
        return f'<div class="fbrq">发布日期:{when:%Y-%m-%d %H:%M:%S}</div>'
    if portal == "rushan":
        return (f'<ul class="xx"><li>发布日期:{when:%Y-%m-%d %H:%M:%S}</li>'
                f"<li>文章来源:{E(source)}</li><li>点击次数:<span id='c'></span></li></ul>")
    if portal == "rongcheng":
        return f"<div>时间:{when:%Y年%m月%d日 %H:%M} 来源:{E(source)} 浏览次数:</div>"
    if portal == "wip":
        return (f"<div>发布时间:{when:%Y年%m月%d日 %H:%M} 信息来源:{E(source)} 浏览次数:</div>")
    return f"<div>时间: {when:%Y-%m-%d %H:%M} 点击次数:<span id='c'></span></div>"


def article(site_title: str, domain: str, portal: str, column_name: str, breadcrumb: str,
            title: str, when: datetime, source: str, content: str, meta_block: str = "",
            url: str = "", charset: str = "UTF-8") -> str:
    head = (_META.format(site=site_title, domain=domain, column=column_name)
            + f'<meta name="ArticleTitle" content="{E(title)}"><meta name="PubDate" '
              f'content="{when:%Y-%m-%d %H:%M}"><meta name="ContentSource" content="{E(source)}">'
              f'<meta name="Url" content="{url}">')
    if portal == "wendeng":  # td.bt_content > div.art_con (portals.md §5.5)
        body_block = (f'<table><tr><td class="bt_content"><div class="art_con">{content}</div>'
                      "</td></tr></table>")
    else:  # classic #zoom with the Hanweb content markers
        body_block = ('<div id="zoom"><!--<$[信息内容]>begin--><!--ZJEG_RSS.content.begin-->'
                      f'<meta name="ContentStart">{content}<meta name="ContentEnd">'
                      "<!--ZJEG_RSS.content.end--><!--<$[信息内容]>end--></div>")
    body = (f'<div class="bread">当前位置：<a href="/index.html">首页</a>{E(breadcrumb)}</div>\n'
            f'{meta_block}\n<div class="title"><h2>{E(title)}</h2></div>\n'
            f"{date_lines(portal, when, source)}\n{body_block}")
    return page(f"{title}_{site_title}", head, body, charset=charset)


def attachment_link(filename: str, showname: str) -> str:
    return (f'<p>附件：<a href="/module/download/downfile.jsp?classid=0&amp;showname={quote(showname)}'
            f'&amp;filename={filename}">{E(showname)}</a></p>')


def module(report: Report | None, content: str, with_title: bool, nav: str = "") -> str:
    """`xxgkAnnualReport.jsp`: title + 发布时间 + body; empty page for unknown pairs."""
    if report is None:
        return page("", "", "")
    head = ""
    if with_title:
        head = (f'<div class="title">{E(report.title)}</div>'
                f'<div class="fbsj">发布时间:{report.published:%Y-%m-%d %H:%M:%S}</div>')
    return page(report.title, "", f'{head}{nav}<div class="xxgk_content">{content}</div>')


def agency_catalogue(site_title: str, agency: str, area: str, links: list[tuple[str, str]]) -> str:
    """Agency catalogue shell `?vc_xxgkarea=` with a 年报 node linking the module. [assumed layout]"""
    items = "\n".join(f'<li><a href="{h}" target="_blank">{E(t)}</a></li>' for h, t in links)
    body = (f'<div class="xxgk-head">{E(agency)}</div>'
            f'<iframe src="/module/xxgk/tree.jsp?area={area}&amp;divid=div1" style="display:none"></iframe>'
            f"<script>loadDynamic('/module/xxgk/search.jsp?infotypeId=&area={area}', 'div1');</script>"
            f'<div class="xxgk-nb"><h3>政府信息公开年报</h3><ul>\n{items}\n</ul></div>')
    return page(f"{agency}_{site_title}", "", body)


def challenge() -> str:
    """A "412 style" anti-bot page (portals.md §8): a script that would set a cookie."""
    return ('<html><head><meta charset="utf-8"></head><body><script>'
            'var _0x=["cookie","__jsl_clearance="];document[_0x[0]]=_0x[1]+(+new Date());'
            "location.reload();</script></body></html>")


def eweihai_home() -> str:
    """A non-Hanweb portal (ASP.NET style, portals.md §2): nothing a Hanweb spider can list."""
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>威海经济技术开发区</title>'
            '<meta name="generator" content="ASP.NET"></head><body><form id="form1" '
            'action="./default.aspx" method="post"><input type="hidden" name="__VIEWSTATE" '
            'value="dDwtMTI3OTMzNDM4NDs7Pg=="><div id="newsquery"><a href="news_list.aspx?t=77">'
            "信息公开</a></div></form></body></html>")
