"""Reading Hanweb jpage lists: the inline `text/xml` island, `dataproxy.jsp` XML, page links."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from parsel import Selector

from crawler.recognise import parse_date

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_PARAM = {name: re.compile(rf"\b{name}\s*:\s*'?(\d+)") for name in ("columnid", "unitid", "webid")}
_TOTAL = re.compile(r"totalRecord\s*:\s*(\d+)|<totalrecord>\s*(\d+)\s*</totalrecord>")
_JPAAS = re.compile(r"jpaas-publish-server|queryData\s*=|/api-gateway/")
_TRS = re.compile(r"createPageHTML\s*\(|TRS_Editor|<meta[^>]+(?:TRS|拓尔思)|/t\d{8}_\d+\.html", re.I)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[\s*<a href=\"([^\"]+)\"")


def records(text: str, base: str) -> list[tuple[str, str, str]]:
    """(href, title, date) of every `<record>`, in list order; the title attribute beats the
    anchor text, which may be truncated with … (portals.md §4.3); the date is whatever the
    record prints beside it (``[2024-01-29]``, ``<i>2024-01-29</i>``…), "" when it has none."""
    out = []
    for fragment in _RECORD.findall(text):
        sel = Selector(text=fragment)
        anchor = sel.css("a")
        if not anchor:
            continue
        href = anchor[0].attrib.get("href", "").strip()
        title = anchor[0].attrib.get("title") or "".join(anchor[0].css("::text").getall())
        date = parse_date(" ".join(sel.css("::text").getall())) or ""
        if href:
            out.append((href, title.strip(), date[:10]))
    return out


def jpage_params(text: str) -> dict[str, int]:
    """columnid/unitid/webid/total from the jpage call, else from the `<nextgroup>` href."""
    if "dataproxy.jsp" not in text:
        return {}
    params: dict[str, int] = {}
    for name, pattern in _PARAM.items():
        m = pattern.search(text)
        if m:
            params[name] = int(m.group(1))
    m = _NEXTGROUP.search(text)
    if m:
        query = parse_qs(urlsplit(m.group(1).replace("&amp;", "&")).query)
        for name in ("columnid", "unitid", "webid"):
            if name not in params and query.get(name):
                params[name] = int(query[name][0])
    totals = [int(a or b) for a, b in _TOTAL.findall(text)]
    params["total"] = max(totals) if totals else 0
    return params if "columnid" in params and "unitid" in params else {}


def page_links(response) -> list[tuple[str, str]]:
    """(href, visible text or title) of the page's anchors (records inside scripts excluded)."""
    out = []
    for a in response.css("a"):
        href = (a.attrib.get("href") or "").strip()
        if href and not href.startswith(("javascript:", "#", "mailto:")):
            text = a.attrib.get("title") or "".join(a.css("::text").getall())
            out.append((href, text.strip()))
    return out


def cms_of(text: str) -> str:
    """"hanweb" (classic JCMS: jpage lists, /col/ columns, /module/), "jpaas" (the newer Hanweb
    platform, portals.md §4.6: detected, not crawled), "trs" (TRS WCM: `createPageHTML` paging,
    `./YYYYMM/tYYYYMMDD_id.html` articles, `TRS_Editor` bodies) or "unknown" (crawled by the
    generic spider)."""
    if _JPAAS.search(text) and "dataproxy.jsp" not in text:
        return "jpaas"
    if "dataproxy.jsp" in text or ("/col/col" in text and "/module/" in text):
        return "hanweb"
    if _TRS.search(text):
        return "trs"
    return "unknown"
