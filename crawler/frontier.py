"""A crawl frontier shared by several `xxgk crawl` processes, on one machine or several.

Built on scrapy-redis (its Redis scheduler and duplicate filter), switched on by
``[crawl.frontier] redis_url``. Every node runs the same spiders; a request any node yields goes
into one Redis priority queue per portal and is fetched by whichever node pops it, and a request
whose canonical method + URL + body was queued once by any node is never queued again. Each node
writes its own WARC files, bodies and `captures` rows into its own data folder; `xxgk archive
merge` folds the node folders into the main archive afterwards (archive/merge.py).

What scrapy-redis does not know about and this module adds:

- the spiders de-duplicate by themselves and mark their requests ``dont_filter``; here their
  requests are handed to the shared filter instead (retries and redirect hops still pass it, as
  they do in a single crawl);
- an attachment's `captures.parent_capture_id` names the article page's row, which may be in
  another node's database: such a link is kept as (origin node, its capture id) in the node
  table ``frontier_parents`` for the merge to resolve;
- a node whose queue is momentarily empty while other nodes still fetch would close early; it
  waits while any node announces it is busy (a key with a short expiry, refreshed per request);
- scrapy-redis keeps a job's queue and filter for ever (``SCHEDULER_PERSIST``, so that the nodes
  still crawling, and a killed job's resume, keep them): a node that finishes its crawl gives
  them an expiry of ``keep_hours`` (0: deletes them), refreshed by every node that finishes.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from datetime import UTC, datetime
from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, ScrapyDeprecationWarning
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.dupefilter import RFPDupeFilter

from archive.nodes import node_id, record_foreign_parent

# scrapy-redis 0.9.1 still passes ``spider=`` to the stats and calls Spider.log(), which
# Scrapy 2.19 deprecates; both still work, and its queue and filter are otherwise unchanged
warnings.filterwarnings("ignore", category=ScrapyDeprecationWarning, module=r"scrapy_redis\.")

#: seconds a node counts as busy after its last request or response
BUSY_SECONDS = 30
#: hours a finished job's keys stay in Redis: a node of the same job started late still finds
#: what the others fetched, and tomorrow's job (another date) never sees them
KEEP_HOURS = 24.0


class FrontierUnavailable(ValueError):
    """The configured Redis cannot be reached: said in one line before any spider starts."""


def check_redis(url: str) -> None:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
        client.ping()
        client.close()
    except (redis.RedisError, ValueError, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FrontierUnavailable(f"[crawl.frontier] redis_url {url}: cannot reach Redis: "
                                  f"{reason}") from None


def frontier_settings(frontier: dict[str, Any]) -> dict[str, Any]:
    """Scrapy settings for a shared frontier, or {} when ``redis_url`` is not set."""
    url = (frontier or {}).get("redis_url")
    if not url:
        return {}
    check_redis(url)
    # one job = one crawl of all nodes; nightly runs on several machines meet under the date
    job = frontier.get("job") or datetime.now(UTC).strftime("%Y-%m-%d")
    prefix = f"{frontier.get('key_prefix', 'xxgk')}:{job}"
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": f"{prefix}:%(spider)s:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:%(spider)s:dupefilter",
        "DUPEFILTER_CLASS": "crawler.frontier.CanonicalDupeFilter",
        "SCHEDULER_SERIALIZER": "scrapy_redis.picklecompat",
        # a node that finishes must not wipe the queue and filter the others still use
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,  # a blocking pop would stall the reactor
        "REDIS_URL": url,
        "XXGK_FRONTIER_PREFIX": prefix,
        "XXGK_FRONTIER_KEEP_HOURS": float(frontier.get("keep_hours", KEEP_HOURS)),
    }


def frontier_components() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """(spider middlewares, downloader middlewares, extensions) a frontier node adds."""
    return ({"crawler.frontier.SharedRequests": 50},
            {"crawler.frontier.ForeignParents": 940},
            {"crawler.frontier.WaitForOtherNodes": 510})


def _node_of(crawler) -> str:
    spider = crawler.spider
    if not hasattr(spider, "xxgk_node"):
        spider.xxgk_node = node_id(spider.store.db)
    return spider.xxgk_node


class CanonicalDupeFilter(RFPDupeFilter):
    """scrapy-redis's filter, keyed by the canonical URL (crawler.urls) rather than the
    transport URL, so nodes with different host maps agree on what was seen."""

    def request_seen(self, request: Request) -> bool:
        if request.meta.get("redirect_times"):
            return False  # a hop of a redirect chain: fetched whenever its origin was
        return super().request_seen(request)

    def request_fingerprint(self, request: Request) -> str:
        data = {"method": request.method, "url": request.meta.get("xxgk_url") or request.url,
                "body": (request.body or b"").hex()}
        return hashlib.sha1(json.dumps(data, sort_keys=True).encode()).hexdigest()


class SharedRequests:
    """Spider middleware: the spiders' requests go through the shared filter, and remember the
    node that made them (whose database their parent capture id belongs to)."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _share(self, item):
        if isinstance(item, Request):
            item.dont_filter = False
            item.meta.setdefault("xxgk_origin", _node_of(self.crawler))
        return item

    async def process_start(self, start):
        async for item in start:
            yield self._share(item)

    async def process_spider_output(self, response, result):
        async for item in result:
            yield self._share(item)


class ForeignParents:
    """Downloader middleware next to WarcMiddleware: a parent capture id made by another node is
    taken off the request before it is archived, and recorded beside the new capture."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.server = get_redis_from_settings(crawler.settings)
        self.prefix = crawler.settings.get("XXGK_FRONTIER_PREFIX")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _busy(self) -> None:
        spider = self.crawler.spider
        self.server.set(f"{self.prefix}:{spider.name}:busy:{_node_of(self.crawler)}", 1,
                        ex=BUSY_SECONDS)

    def process_request(self, request: Request):
        self._busy()
        origin = request.meta.get("xxgk_origin")
        parent = request.meta.get("xxgk_parent")
        if parent is not None and origin and origin != _node_of(self.crawler):
            request.meta["xxgk_foreign_parent"] = [origin, parent]
            request.meta["xxgk_parent"] = None
        return None

    def process_response(self, request: Request, response):
        self._busy()
        foreign = request.meta.get("xxgk_foreign_parent")
        capture_id = request.meta.get("xxgk_capture_id")
        if foreign and capture_id and request.meta.get("xxgk_capture_created"):
            record_foreign_parent(self.crawler.spider.store.db, capture_id, *foreign)
        return response


class WaitForOtherNodes:
    """Extension: an idle node stays open while another node is busy, since that node's pages
    may still add requests to the queue; the last node to go idle closes last."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.server = get_redis_from_settings(crawler.settings)
        self.prefix = crawler.settings.get("XXGK_FRONTIER_PREFIX")
        self.keep_hours = crawler.settings.getfloat("XXGK_FRONTIER_KEEP_HOURS", KEEP_HOURS)
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _own_key(self, spider) -> str:
        return f"{self.prefix}:{spider.name}:busy:{_node_of(self.crawler)}"

    def idle(self, spider) -> None:
        self.server.delete(self._own_key(spider))
        others = list(self.server.scan_iter(f"{self.prefix}:{spider.name}:busy:*"))
        if others:
            raise DontCloseSpider  # asked again every few seconds by the engine

    def closed(self, spider, reason: str = "finished") -> None:
        self.server.delete(self._own_key(spider))
        if reason != "finished":
            return  # stopped or killed: the job's queue and filter are what its resume needs
        # a busy key is another node's own: it expires by itself within BUSY_SECONDS
        keys = [key for key in self.server.scan_iter(f"{self.prefix}:{spider.name}:*")
                if b":busy:" not in key]
        if not keys:
            return
        if self.keep_hours <= 0:
            self.server.delete(*keys)
            return
        with self.server.pipeline() as pipe:
            for key in keys:
                pipe.expire(key, int(self.keep_hours * 3600))
            pipe.execute()
