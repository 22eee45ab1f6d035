"""Recognise annual reports and read article metadata (title, dates, 索引号 table).

No statistics are parsed here: the crawler only decides "is this page a report?" from its
title and metadata (portals.md §5), and finds portal addresses named in a report's opening.
"""

from __future__ import annotations

import re
from datetime import datetime

from parsel import Selector

_REPORT_TITLE = re.compile(
    r"(19|20)\d\d\s*年度?\s*(政府)?信息公开\s*(工作)?\s*(年度)?\s*(情况的)?报告$")
#: titles that talk *about* reports without being one
_NOT_REPORT = re.compile(r"^关于|的通知$|的公告$|解读$|培训|会议|召开|要点$|指南$|说明$")
#: explainers of a report (a picture or a video of it, not the report): anywhere in the title
_EXPLAINER = re.compile(r"图解|一图(读懂|看懂|了解|速览)|图说|图读|长图|漫画|动漫|视频|H5|动画|解读")
#: other kinds of annual report or return that share the words 年度报告 / 工作报告 (agency
#: names such as 审计局 or 统计局 appear in real report titles, so only kinds of report here)
_OTHER_KIND = re.compile(r"法治政府建设|网站工作年度|年度报表|工作要点|工作总结|述职报告")
#: the six sections of the national template (国办公开办函〔2021〕30号), as their headings say them
_SECTIONS = ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
             "政府信息公开行政复议", "存在的主要问题及改进情况", "其他需要报告的事项")
#: labels only the statistics tables carry
_TABLE_LABELS = ("本年收到申请数", "上年结转政府信息公开申请数", "第二十条第", "本年新制作数量")
_DATE_PATTERNS = [
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})"), "%Y-%m-%d %H:%M:%S"),
    (re.compile(r"(\d{4})年(\d{2})月(\d{2})日\s*(\d{2}):(\d{2})"), "%Y年%m月%d日 %H:%M"),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})\s+(\d{2}):(\d{2})"), "%Y-%m-%d %H:%M"),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), "%Y-%m-%d"),
]
_DATE_LABEL = re.compile(r"(发布时间|发布日期|时间|成文日期)\s*[:：]\s*([^\s<][^<]{0,24})")
_PATH_DATE = re.compile(r"/art/(\d{4})/(\d{1,2})/(\d{1,2})/")
_ADDRESS = re.compile(r"https?://([a-z0-9][a-z0-9.-]*\.[a-z]{2,})(?::\d+)?", re.I)
_CONTENT = ["div.art_con", "#zoom", ".TRS_Editor", "#ivs_content", ".Custom_UnionStyle",
            "#webeditorview", ".xxgk_content"]


def clean(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def is_report_title(title: str) -> bool:
    title = clean(title)
    return bool(_REPORT_TITLE.search(title)) and not is_decoy_title(title)


def is_decoy_title(title: str) -> bool:
    """A title about a report, explaining one, or naming another kind of annual report."""
    title = clean(title)
    return bool(_NOT_REPORT.search(title) or _EXPLAINER.search(title) or _OTHER_KIND.search(title))


def has_report_structure(text: str) -> bool:
    """The body reads like the national template: most of its six sections, or its tables."""
    text = clean(text)
    sections = sum(1 for heading in _SECTIONS if heading in text)
    return sections >= 4 or sum(1 for label in _TABLE_LABELS if label in text) >= 2


def metadata(sel: Selector) -> dict[str, str]:
    """The 索引号 label/value table (portals.md §5.3) as a dict, labels without colons."""
    # only the table holding 索引号: report tables can have hundreds of cells
    table = sel.xpath('(//table[.//td[starts-with(normalize-space(.), "索引号")]])[last()]')
    cells = [clean(td.xpath("normalize-space(.)").get()) for td in table.xpath(".//td")]
    out = {}
    for label, value in zip(cells, cells[1:]):
        if label.endswith((":", "：")) and label[:-1] in ("索引号", "发布单位", "内容分类", "成文日期", "文号"):
            out[label[:-1]] = value
    return out


def title_of(sel: Selector) -> str:
    for query in ('meta[name="ArticleTitle"]::attr(content)', "div.title ::text", "h1::text",
                  "h2::text", "title::text"):
        text = clean(" ".join(sel.css(query).getall()))
        if text:
            return re.split(r"_", text)[0] if query == "title::text" else text
    return ""


def parse_date(text: str) -> str | None:
    for pattern, fmt in _DATE_PATTERNS:
        m = pattern.search(text)
        if m:
            try:
                return datetime.strptime(m.group(0).replace("  ", " "), fmt).isoformat(sep=" ")
            except ValueError:
                continue
    return None


def published(sel: Selector, url: str) -> str | None:
    """The date shown on the page; falls back to the article path date (portals.md §5.4)."""
    meta = sel.css('meta[name="PubDate"]::attr(content)').get()
    if meta and parse_date(meta):
        return parse_date(meta)
    for _label, value in _DATE_LABEL.findall(sel.get()):
        found = parse_date(value)
        if found:
            return found
    m = _PATH_DATE.search(url)
    if m:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def body_text(sel: Selector) -> str:
    for query in _CONTENT:
        node = sel.css(query)
        if node:
            return " ".join(node.css("::text").getall())
    return " ".join(sel.css("body ::text").getall())


def recognise(sel: Selector, url: str) -> dict:
    """{'title', 'published', 'is_report', 'meta'} for an article or module page."""
    title = title_of(sel)
    meta = metadata(sel)
    report = is_report_title(title)
    # the 内容分类 of a weihai 信息公开 article repeats the reporting year of a report (§5.3);
    # that and "报告" in an unusual title are not enough: other annual reports carry both, so
    # the body must read like the template too
    if not report and re.fullmatch(r"\d{4}年", meta.get("内容分类", "")) and "报告" in title:
        report = (not is_decoy_title(title) and "信息公开" in title
                  and has_report_structure(body_text(sel)))
    return {"title": title, "published": published(sel, url), "is_report": report, "meta": meta}


def named_addresses(text: str, limit: int = 3000) -> list[str]:
    """Domains named in the opening of a report ("报告电子版可在…（http://…）查阅")."""
    seen: list[str] = []
    for domain in _ADDRESS.findall(text[:limit]):
        domain = domain.lower().rstrip(".")
        if domain not in seen:
            seen.append(domain)
    return seen
