"""The replica's data model: requests, responses, portals, their columns, and where an article
lives (its path). The site (``replica.site``) and its per-platform routes share it, so the
routes need nothing from the site itself beyond the object they are handed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qs

from replica.corpus import OTHER_PORTALS, PORTALS, Article, Report

BUILT = datetime(2026, 2, 1, 9, 0, 0)
OTHER_PLATFORM_OF = {name: platform for name, _d, _t, platform in OTHER_PORTALS}
OTHER_PLATFORMS = set(OTHER_PLATFORM_OF.values())
WEBID = {name: 60 + i for i, (name, *_r) in enumerate(PORTALS)}


@dataclass
class Request:
    domain: str
    method: str
    path: str
    query: dict[str, list[str]]
    body: bytes
    headers: dict[str, str]  # lower-case names
    attempt: int = 1  # how many times this method+path+query has been asked (faults use it)

    def arg(self, name: str, default: str = "") -> str:
        form = parse_qs(self.body.decode("utf-8", "replace")) if self.method == "POST" else {}
        values = self.query.get(name) or form.get(name)
        return values[0] if values else default


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=UTF-8"
    headers: dict[str, str] = field(default_factory=dict)
    mtime: datetime | None = None
    delay: float = 0.0
    truncate: bool = False  # send a Content-Length larger than the body, then close


@dataclass
class Column:
    id: int
    name: str
    breadcrumb: str
    items: list = field(default_factory=list)  # Report | Article, newest first after sort()
    shape: int = 0
    prerendered: bool = False
    claimed_total: int | None = None  # the calendar trap claims far more than it has
    links: list = field(default_factory=list)  # (href, name) records of columns/catalogues
    hidden: bool = False  # reachable only through a column-record list (replica.site_hanweb)

    def sort(self) -> None:
        self.items.sort(key=lambda x: (x.published, x.article_id), reverse=True)

    def mtime(self) -> datetime:
        return max([BUILT, *(modified(x) for x in self.items)])


def modified(item: Report | Article) -> datetime:
    return getattr(item, "modified", None) or item.published


@dataclass
class Portal:
    name: str
    domain: str
    title: str
    mechanism: str
    unit: int
    base: str = ""
    columns: dict[int, Column] = field(default_factory=dict)
    xxgk_col: int = 0
    catalog_col: int = 0
    news_col: int = 0
    articles: dict[str, Report | Article] = field(default_factory=dict)  # path -> item
    module: dict[tuple[str, int], Report] = field(default_factory=dict)
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # path -> bytes, type
    directory: dict = field(default_factory=dict)  # area -> body name of a 部门信息公开 list


def _not_found() -> Response:
    return Response(404, b"<html><body><h1>404 Not Found</h1></body></html>")


def article_path(item: Report | Article) -> str:
    """Where an article is published on its portal (Hanweb, TRS or the ASP.NET site)."""
    d = item.published
    platform = OTHER_PLATFORM_OF.get(item.portal)
    if platform == "trs":
        return f"/xxgk/ndbg/{d:%Y%m}/t{d:%Y%m%d}_{item.article_id}.html"
    if platform is not None:
        return f"/xxgk/news_show.aspx?id={item.article_id}"
    return f"/art/{d.year}/{d.month}/{d.day}/art_{item.column_id}_{item.article_id}.html"
