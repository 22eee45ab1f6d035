"""A live progress line per portal on stderr: pages, captures, errors, requests in flight."""

from __future__ import annotations

import sys
import time

from scrapy import signals
from twisted.internet import task


class ProgressExtension:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.interval = crawler.settings.getfloat("XXGK_PROGRESS_INTERVAL")
        self.loop = None
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def line(self, spider) -> str:
        stats = self.crawler.stats
        errors = sum(v for k, v in stats.get_stats().items() if k.startswith("xxgk/errors/"))
        engine = self.crawler.engine
        downloader = engine.downloader if engine else None
        # "live": requests on the wire now (the downloader also holds ones waiting for a slot)
        live = sum(len(s.transferring) for s in downloader.slots.values()) if downloader else 0
        return (f"[crawl {spider.name}] {time.monotonic() - self.started:5.0f}s "
                f"pages={stats.get_value('xxgk/pages', 0)} "
                f"captures={stats.get_value('xxgk/new_captures', 0)} "
                f"errors={errors} live={live}")

    def opened(self, spider) -> None:
        if self.interval > 0:
            self.loop = task.LoopingCall(lambda: print(self.line(spider), file=sys.stderr, flush=True))
            self.loop.start(self.interval, now=False)

    def closed(self, spider, reason) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
