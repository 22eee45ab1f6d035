"""Optional misbehaviour of the replica (portals.md §8), all off by default.

Each fault is switched on by name (config ``replica.faults`` or ``xxgk replica --faults``):

- ``5xx``: some article pages answer 503 twice before succeeding (a burst);
- ``slow``: some article pages answer after ``SLOW_SECONDS`` the first time (timeouts);
- ``truncated``: some article pages send fewer bytes than Content-Length the first time;
- ``antibot``: one report page answers a "412 style" JS challenge, always;
- ``redirect_loop``: a column link on every home and catalogue page redirects in a circle;
- ``gbk``: one report page is GB18030 bytes while header and meta say UTF-8;
- ``oversized``: one report attachment is 12 MiB (above the tests' download cap);
- ``trap``: news lists claim 99 999 records and repeat the same rows for ever (calendar style);
- ``copycat``: home pages and some reports link to the copycat host;
- ``robots``: wendeng's robots.txt forbids its news column;
- ``module404``: unknown area/fbtime pairs give 404 instead of an empty 200 page (variant);
- ``counter``: rongcheng's and wip's article pages print their 浏览次数 server-side, one more
  at every request (as Hanweb installs without the counter script do): new bytes at every
  fetch, the report unchanged. Not part of ``all``: the crawl scenarios of ``all`` expect a
  page re-served unchanged to be unchanged bytes.
"""

from __future__ import annotations

import re

ALL = ("5xx", "slow", "truncated", "antibot", "redirect_loop", "gbk", "oversized", "trap",
       "copycat", "robots", "module404")
#: switched on by name only
OPTIONAL = ("counter",)
SLOW_SECONDS = 3.0
OVERSIZED_BYTES = 12 * 1024 * 1024
LOOP = ("/col/col99001/index.html", "/col/col99002/index.html")
_ART_ID = re.compile(r"^/art/.*_(\d+)\.html$")


def parse_faults(value) -> frozenset[str]:
    """'all', a comma list or a list of names -> validated set."""
    if isinstance(value, str):
        value = [v for v in value.replace(" ", "").split(",") if v]
    names = set(value or [])
    if "all" in names:
        return frozenset(ALL)
    unknown = names - set(ALL) - set(OPTIONAL)
    if unknown:
        raise ValueError(f"unknown replica fault(s): {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(ALL + OPTIONAL)})")
    return frozenset(names)


class FaultPlan:
    def __init__(self, names: frozenset[str], site) -> None:
        self.names = frozenset(names)
        self.site = site
        self.visits: dict[str, int] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.names

    # --- chosen victims (deterministic: the first matching report by uid) -----------------------

    def _first(self, predicate):
        reports = sorted(self.site.corpus.reports, key=lambda r: r.uid)
        return next((r for r in reports if predicate(r)), None)

    def antibot_victim(self):
        return self._first(lambda r: r.portal == "weihai" and r.channel == "column" and r.seed is None)

    def gbk_victim(self):
        return self._first(lambda r: r.portal == "wendeng" and r.form == "html" and r.seed is None
                           and not r.spec.layout.gbk)

    def oversized_victim(self):
        return self._first(lambda r: r.form == "html+docx" and r.seed is None)

    # --- hooks used by the site ------------------------------------------------------------------

    def intercept(self, req):
        from replica import site_pages
        from replica.site_model import Response

        m = _ART_ID.match(req.path)
        art_id = int(m.group(1)) if m else None
        if "redirect_loop" in self and req.path in LOOP:
            other = LOOP[1 - LOOP.index(req.path)]
            return Response(302, b"", headers={"Location": other})
        if "5xx" in self and art_id is not None and art_id % 7 == 0 and req.attempt <= 2:
            return Response(503, b"<html><body>503 Service Temporarily Unavailable</body></html>")
        if "antibot" in self and art_id is not None:
            victim = self.antibot_victim()
            if victim is not None and victim.article_id == art_id:
                return Response(412, site_pages.challenge().encode())
        return None

    def mutate(self, req, resp):
        m = _ART_ID.match(req.path)
        if m and resp.status == 200 and req.attempt == 1:
            art_id = int(m.group(1))
            if "slow" in self and art_id % 11 == 1:
                resp.delay = SLOW_SECONDS
            if "truncated" in self and art_id % 13 == 2:
                resp.truncate = True
        return resp

    def robots(self, portal) -> str:
        text = "User-agent: *\nDisallow: /module/jslib/\n"
        if "robots" in self and portal.name == "wendeng":
            text += f"Disallow: /col/col{portal.news_col}/\n"
        return text

    def nav_links(self, portal) -> list[tuple[str, str]]:
        return [(LOOP[0], "政府信息公开专题")] if "redirect_loop" in self else []

    def body_links(self, portal, report) -> str:
        if "copycat" not in self or report.uid % 10:
            return ""
        from replica.corpus import COPYCAT
        from replica.site_model import article_path

        path = article_path(report)
        return (f'<p><a href="{self.site.base(COPYCAT[1])}{path}">繁體版</a> '
                f'<a href="http://{COPYCAT[1]}{path}">镜像</a></p>')

    def attachment(self, report, data: bytes) -> bytes:
        if "oversized" in self and report is self.oversized_victim():
            return data + b"\0" * OVERSIZED_BYTES
        return data

    def count_visit(self, path: str, page: str) -> str:
        """The page with its visit counter filled in (``counter``)."""
        if "counter" not in self or "浏览次数:" not in page:
            return page
        self.visits[path] = self.visits.get(path, 0) + 1
        return page.replace("浏览次数:", f"浏览次数:{self.visits[path]}", 1)

    def article_response(self, portal, item, page: str):
        if "gbk" in self and item is self.gbk_victim():
            from replica.site_model import Response, modified

            page = page.replace("</h2>", "</h2><p>地址：镕城路1号</p>", 1)
            # header and meta both claim UTF-8, the bytes are GB18030 (portals.md §7)
            return Response(body=page.encode("gb18030"), mtime=modified(item))
        return None
