"""Scrapy's retry, with exponential backoff between attempts (``XXGK_RETRY_BACKOFF`` seconds
times 2**n). 412/521 challenge pages are not in ``RETRY_HTTP_CODES``: never retried."""

from __future__ import annotations

import asyncio

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.backoff = settings.getfloat("XXGK_RETRY_BACKOFF")

    async def _pause(self, result):
        if isinstance(result, Request) and self.backoff > 0:
            times = result.meta.get("retry_times", 1)
            await asyncio.sleep(self.backoff * 2 ** (times - 1))
        return result

    async def process_response(self, request, response, spider=None):
        return await self._pause(super().process_response(request, response))

    async def process_exception(self, request, exception, spider=None):
        return await self._pause(super().process_exception(request, exception))
