"""Where the report sits in a portal page, and the facts printed around it.

``report_body``: the report's container (portals.md §5.5), else the ContentStart marker's
parent, else <body>. ``page_meta``: title, 发布日期/发布时间/成文日期 (else the PubDate meta
tag), 索引号 and 信息来源 from the page text outside the body.
"""

from __future__ import annotations

import re

from lxml import etree

#: portals.md §5.5, in order: the first of these any element carries holds the report
CONTENT_SELECTORS = (".art_con", "#zoom", ".TRS_Editor", "#ivs_content", ".Custom_UnionStyle",
                     "#webeditorview", ".xxgk_content")
_CONTENT_CLASSES = {name[1:]: i for i, name in enumerate(CONTENT_SELECTORS) if name[0] == "."}
_CONTENT_IDS = {name[1:]: i for i, name in enumerate(CONTENT_SELECTORS) if name[0] == "#"}
#: how a class attribute separates its names (XPath's normalize-space, not str.split's Unicode)
_CLASS_SEPARATOR = re.compile(r"[ \t\r\n]+")

_DATE_RE = re.compile(
    r"(发布日期|发布时间|成文日期|时间)\s*[:：]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_INDEX_RE = re.compile(r"索引号\s*[:：]\s*([0-9A-Za-z/\-_.]+)")
_PUB_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ARTICLE_TITLE = etree.XPath('string(//meta[@name="ArticleTitle"]/@content)')
_PUB_DATE = etree.XPath('string(//meta[@name="PubDate"]/@content)')
_SOURCE_RE = re.compile(r"(?:信息来源|文章来源|来源|发布单位)\s*[:：]\s*([^\s:：|]{2,40})")


def report_body(root):
    """The first element, in document order, of the earliest of CONTENT_SELECTORS any element
    matches; else the parent of the ContentStart marker; else <body>. One pass over the page:
    seven XPath scans cost a module page, whose container is the last name, 3.9 ms (an
    article page 1.4 ms), the whole difference between the two styles."""
    first: dict[int, object] = {}
    start = None
    for el in root.iter(etree.Element):
        classes, ident = el.get("class"), el.get("id")
        if classes:
            for name in _CLASS_SEPARATOR.split(classes):
                rank = _CONTENT_CLASSES.get(name)
                if rank is not None:
                    first.setdefault(rank, el)
        if ident is not None:
            rank = _CONTENT_IDS.get(ident)
            if rank is not None:
                first.setdefault(rank, el)
        if start is None and el.tag == "meta" and el.get("name") == "ContentStart":
            start = el
        if 0 in first:  # nothing can rank before the first selector's first element
            break
    if first:
        return first[min(first)]
    if start is not None:
        return start.getparent()
    body = root.find("body")
    return body if body is not None else root


def page_meta(root, body) -> dict[str, str]:
    meta: dict[str, str] = {}
    title = root.findtext(".//title")
    article_title = _ARTICLE_TITLE(root)
    if article_title or title:
        meta["title"] = (article_title or title).strip()
    outside = _text_outside(root, body)
    match = _DATE_RE.search(outside)
    if match:
        label, y, m, d = match.groups()
        meta["published_date"] = f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
        meta["published_date_source"] = label
    else:
        found = _PUB_DATE_RE.match(_PUB_DATE(root).strip())
        if found:
            y, m, d = found.groups()
            meta["published_date"] = f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
            meta["published_date_source"] = "PubDate"
    index = _INDEX_RE.search(outside)
    if index:
        meta["index_number"] = index.group(1)
    source = _SOURCE_RE.search(outside)
    if source:
        meta["source"] = source.group(1)
    return meta


def _text_outside(root, body) -> str:
    """The page text around the report body (title, date and source lines, 索引号)."""
    parts: list[str] = []

    def walk(el) -> None:
        if el is body:
            return
        if isinstance(el.tag, str):
            parts.append(el.text or "")
            for child in el:
                walk(child)
                parts.append(" ")
        if el.tail:
            parts.append(el.tail)

    body_root = root.find("body")
    if body_root is not None:
        walk(body_root)
    return "".join(parts)
