"""A whole article page as a Weihai Hanweb portal publishes it (portals.md §5).

``wrap_page`` is the chrome (head with the government meta set, navigation, scripts, sidebars,
layout tables, breadcrumb, the per-portal date/source lines) around any body HTML, so the
replica server can reuse it with its own bodies; ``render_html_page`` wraps a spec's body.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from replica.render.html import render_html_fragment
from replica.spec import ReportSpec

PORTALS = {
    # slug: (site name, host, site id code)
    "weihai": ("威海市人民政府", "www.weihai.gov.cn", "3710000002"),
    "wendeng": ("威海市文登区人民政府", "www.wendeng.gov.cn", "3710810001"),
    "wip": ("威海临港经济技术开发区", "www.wip.gov.cn", "3710000041"),
    "rongcheng": ("荣成市人民政府", "www.rongcheng.gov.cn", "3710820001"),
    "rushan": ("乳山市人民政府", "www.rushan.gov.cn", "3710830001"),
    "huancui": ("威海市环翠区人民政府", "www.huancui.gov.cn", "3710020001"),
    "whctp": ("威海火炬高技术产业开发区", "www.whctp.gov.cn", "3710000042"),
    "eweihai": ("威海经济技术开发区", "www.eweihai.gov.cn", "3710000043"),
    "tjj": ("威海市统计局", "tjj.weihai.gov.cn", "3710000010"),
}
STYLES = ("wendeng", "wip", "weihai", "module", "rushan", "rongcheng")
#: outside GBK, inside GB18030: a GBK-declared page holding it decodes only as GB18030
GB18030_ONLY = "𬭚"
SCRIPTS = ("<script type=\"text/javascript\" src=\"/script/0/jquery.min.js\"></script>\n"
           "<script type=\"text/javascript\" src=\"/script/0/common.js\"></script>\n"
           "<script>var _hmt = _hmt || []; function zoom(n){document.getElementById('zoom')"
           ".style.fontSize = n + 'px';}</script>")


def render_html_page(spec: ReportSpec, *, portal_style: str = "wendeng",
                     charset: str = "utf-8", image_base: str = "/picture/0/") -> bytes:
    title = spec.title.replace("\n", "")
    return wrap_page(
        render_html_fragment(spec, image_base=image_base), title=title, published=spec.published,
        portal=spec.agency.portal, portal_style=portal_style, source=spec.agency.short_name,
        area_code=spec.agency.area_code, year=spec.year, charset=charset,
        title_lines=spec.title_lines())


def wrap_page(body: str, *, title: str, published: datetime | None, portal: str = "weihai",
              portal_style: str = "wendeng", source: str = "", area_code: str = "",
              year: int | None = None, charset: str = "utf-8",
              title_lines: list[str] | None = None) -> bytes:
    if portal_style not in STYLES:
        raise ValueError(f"unknown portal style {portal_style!r} (one of {', '.join(STYLES)})")
    site, host, site_code = PORTALS.get(portal, PORTALS["weihai"])
    pub = published.strftime("%Y-%m-%d %H:%M") if published else ""
    meta = {"SiteName": site, "SiteDomain": host, "SiteIDCode": site_code,
            "ColumnName": "信息公开年报", "ColumnDescription": "政府信息公开工作年度报告",
            "ColumnKeywords": "年度报告", "ColumnType": "政务公开", "ArticleTitle": title,
            "PubDate": pub, "ContentSource": source, "Keywords": "政府信息公开,年度报告",
            "Description": title, "Url": f"http://{host}/"}
    metas = "\n".join(f'<meta name="{k}" content="{escape(v)}">' for k, v in meta.items())
    head = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{escape(title)}</title>
{metas}
{SCRIPTS}
</head>
<body>
<div class="header"><div class="top"><a href="/">{site}</a> <a href="/col/col1/index.html">政务公开</a> <a href="/col/col2/index.html">政务服务</a> <a href="/col/col3/index.html">互动交流</a></div>
<form action="/jrobot/search.do" method="get"><input type="hidden" name="webid" value="1"><input name="q" type="text"></form></div>
"""
    lines = title_lines or [title]
    builders = {"wendeng": _wendeng, "wip": _wip, "weihai": _weihai, "module": _module,
                "rushan": _rushan, "rongcheng": _rongcheng}
    main = builders[portal_style](body, title=title, lines=lines, published=published,
                                  source=source, area_code=area_code, year=year)
    foot = f"""<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center"><tr>
<td class="footer">主办单位：{site}办公室　网站标识码：{site_code}　技术支持：大汉网络{GB18030_ONLY if charset.lower() in ('gbk', 'gb2312', 'gb18030') else ''}</td></tr></table>
<script type="text/javascript">document.write('<span id="artcount"></span>');</script>
</body>
</html>
"""
    page = head + main + foot
    codec = "gb18030" if charset.lower() in ("gbk", "gb2312", "gb18030") else charset
    return page.encode(codec)


def _sidebar() -> str:
    return ("<td width=\"240\" valign=\"top\" class=\"sidebar\"><div class=\"lmbt\">信息公开</div>"
            "<ul><li><a href=\"/col/col10/index.html\">信息公开指南</a></li>"
            "<li><a href=\"/col/col11/index.html\">信息公开制度</a></li>"
            "<li><a href=\"/col/col12/index.html\">法定主动公开内容</a></li>"
            "<li><a href=\"/col/col13/index.html\">信息公开年报</a></li></ul></td>")


def _zoom(body: str) -> str:
    return ("<div id=\"zoom\">\n<!--<$[信息内容]>begin--><!--ZJEG_RSS.content.begin-->"
            "<meta name=\"ContentStart\">\n" + body +
            "<meta name=\"ContentEnd\"><!--ZJEG_RSS.content.end--><!--<$[信息内容]>end-->\n</div>")


def _wendeng(body, *, lines, published, **_) -> str:
    date = published.strftime("%Y-%m-%d %H:%M:%S") if published else ""
    title = "<br/>".join(escape(x) for x in lines)
    return (f"<table width=\"1000\" align=\"center\"><tr>{_sidebar()}<td valign=\"top\">"
            f"<div class=\"dqwz\">当前位置：<a href=\"/\">首页</a> &gt; 信息公开年报</div>\n"
            f"<table width=\"100%\"><tr><td class=\"title\">{title}</td></tr>\n"
            f"<tr><td class=\"fbrq\">发布日期:{date}</td></tr>\n"
            f"<tr><td class=\"bt_content\"><div class=\"art_con\">\n{body}</div></td></tr></table>"
            f"</td></tr></table>\n")


def _wip(body, *, title, published, source, year, **_) -> str:
    date = published.strftime("%Y年%m月%d日 %H:%M") if published else ""
    return (f"<div class=\"main\"><div class=\"position\"><a href=\"/\">首页</a>"
            f"&gt;政府信息公开&gt;信息公开目录&gt;管委信息公开&gt;信息公开年报&gt;{year or ''}年</div>\n"
            f"<table width=\"1000\" align=\"center\"><tr><td valign=\"top\">"
            f"<div class=\"art_title\">{escape(title)}</div>\n"
            f"<div class=\"art_info\"><span>发布时间:{date}</span> <span>信息来源:{escape(source)}</span>"
            f" <span>浏览次数:<span id=\"hits\"></span></span></div>\n"
            f"{_zoom(body)}</td>{_sidebar()}</tr></table></div>\n")


def _weihai(body, *, lines, published, source, area_code, year, **_) -> str:
    written = published.strftime("%Y-%m-%d") if published else ""
    time = published.strftime("%Y-%m-%d %H:%M") if published else ""
    seq = f"{(published.year if published else (year or 0) + 1)}-00{len(body) % 1000:03d}"
    title = "<br/>".join(escape(x) for x in lines)
    return (f"<div class=\"dqwz\">当前位置 : <a href=\"/\">首页</a> &gt; 政府信息公开 &gt; 法定主动公开内容"
            f" &gt; 政务公开专题 &gt; 年度报告 &gt; {year or ''}年</div>\n"
            f"<table class=\"xxgk_table\" width=\"1000\" align=\"center\">\n"
            f"<tr><td>索引号:</td><td>{area_code}/{seq}</td><td>发布单位:</td><td>{escape(source)}</td></tr>\n"
            f"<tr><td>内容分类:</td><td>{year or ''}年</td><td>成文日期:</td><td>{written}</td></tr>\n"
            f"<tr><td>公开方式:</td><td>主动公开</td><td>公开范围:</td><td>面向社会</td></tr>\n"
            f"<tr><td>有效性/截止日期:</td><td></td><td>文号:</td><td></td></tr></table>\n"
            f"<table width=\"1000\" align=\"center\"><tr><td><div class=\"art_title\">{title}</div>\n"
            f"<div class=\"art_time\">时间: {time} 点击次数:<span id=\"artcount\"></span></div>\n"
            f"{_zoom(body)}</td></tr></table>\n")


def _module(body, *, title, published, **_) -> str:
    date = published.strftime("%Y-%m-%d %H:%M:%S") if published else ""
    return (f"<div class=\"annual\"><div class=\"title\">{escape(title)}</div>\n"
            f"<div class=\"time\">发布时间:{date}</div>\n<div class=\"content\">\n{body}</div></div>\n")


def _rushan(body, *, title, published, source, **_) -> str:
    date = published.strftime("%Y-%m-%d %H:%M:%S") if published else ""
    return (f"<table width=\"1000\" align=\"center\"><tr>{_sidebar()}<td valign=\"top\">"
            f"<h1 class=\"art_title\">{escape(title)}</h1>\n<ul class=\"art_info\">"
            f"<li>发布日期:{date}</li><li>文章来源:{escape(source)}</li><li>点击次数:"
            f"<span id=\"hits\"></span></li></ul>\n{_zoom(body)}</td></tr></table>\n")


def _rongcheng(body, *, title, published, source, **_) -> str:
    date = published.strftime("%Y年%m月%d日 %H:%M") if published else ""
    return (f"<div class=\"position\"><a href=\"/\">首页</a>&gt;辅助栏目&gt;信息公开年报</div>\n"
            f"<table width=\"1000\" align=\"center\"><tr><td valign=\"top\">"
            f"<div class=\"art_title\">{escape(title)}</div>\n"
            f"<div class=\"art_info\">时间:{date} 来源:{escape(source)} 浏览次数:"
            f"<span id=\"hits\"></span></div>\n{_zoom(body)}</td></tr></table>\n")
