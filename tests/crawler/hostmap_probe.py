"""Run in a subprocess by test_host_map.py (a Twisted reactor starts once per process).

``python hostmap_probe.py HOSTMAP_JSON URL…`` fetches each URL with the crawl's settings
(host map resolver included) and prints one JSON line per response: url, status, body.
"""

from __future__ import annotations

import json
import sys

import scrapy
from scrapy.crawler import CrawlerProcess


class Probe(scrapy.Spider):
    name = "probe"

    def __init__(self, urls: list[str], out: list, **kwargs) -> None:
        super().__init__(**kwargs)
        self.urls, self.out = urls, out

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed, dont_filter=True)

    def parse(self, response):
        self.out.append({"url": response.url, "status": response.status, "body": response.text})

    def failed(self, failure):
        self.out.append({"url": failure.request.url, "error": repr(failure.value)})


def main() -> None:
    host_map, urls = json.loads(sys.argv[1]), sys.argv[2:]
    out: list = []
    process = CrawlerProcess({"TWISTED_DNS_RESOLVER": "crawler.resolve.HostMapResolver",
                              "XXGK_HOST_MAP": host_map, "LOG_LEVEL": "ERROR",
                              "ROBOTSTXT_OBEY": False, "TELNETCONSOLE_ENABLED": False,
                              "DOWNLOAD_TIMEOUT": 20, "RETRY_ENABLED": False})
    process.crawl(Probe, urls=urls, out=out)
    process.start()
    for row in out:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
