"""robots.txt, obeyed as Scrapy does, but re-used from the archive while fresh.

RFC 9309 §2.4 lets crawlers cache robots.txt for up to 24 hours; a nightly re-crawl within
``XXGK_ROBOTS_MAX_AGE_HOURS`` of the last fetch reads the archived copy instead of asking again.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler


class CachedRobotsTxtMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.max_age = timedelta(hours=crawler.settings.getfloat("XXGK_ROBOTS_MAX_AGE_HOURS"))

    async def robot_parser(self, request):
        netloc = urlparse_cached(request).netloc
        spider = self.crawler.spider
        if netloc not in self._parsers and getattr(spider, "store", None) is not None:
            url = spider.hostmap.canonical(f"{urlparse_cached(request).scheme}://{netloc}/robots.txt")
            last = spider.store.last_capture(url) if url else None
            if last and self._fresh(last["fetched_at"]):
                body = spider.store.read_body(last["sha256"])
                self._parsers[netloc] = build_from_crawler(self._parserimpl, self.crawler, body)
                self.crawler.stats.inc_value("xxgk/robots_cached")
        return await super().robot_parser(request)

    def _fresh(self, fetched_at: str | None) -> bool:
        try:
            when = datetime.fromisoformat(fetched_at)
        except (TypeError, ValueError):
            return False
        return datetime.now(timezone.utc) - when < self.max_age
