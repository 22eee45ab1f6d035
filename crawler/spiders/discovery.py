"""Portal discovery (portals.md §2): addresses named in a report's opening, within the allowlist.

Seed 000 names www.eweihai.gov.cn, a portal missing from the initial config. Its home page is
probed for its CMS and the `portals` row (source "discovered") is written with the probe's
outcome, never before: a run killed in between leaves no row, or one whose probe is not "ok",
and either is probed again (issue 17 case 6). A portal whose CMS has a spider is handed to the
run (the `PORTAL_FOUND` signal, crawler/run.py), which crawls it in the same run.
"""

from __future__ import annotations

from parsel import Selector

from crawler.listing import cms_of

#: sent with ``portal=<[[portals]]-like dict>`` when a probe found a crawlable portal
PORTAL_FOUND = object()
#: CMS families a spider exists for (crawler/spiders/__init__.py maps them)
CRAWLABLE = ("hanweb", "trs", "unknown")


class DiscoveryMixin:
    def _discover(self, domain: str, source: str):
        if domain == self.domain or domain in self.configured or domain in self.discovered:
            return
        self.discovered.add(domain)
        if not self.hostmap.allowed_domain(domain):
            self.stat("errors/off-allowlist")
            return
        if not self.archive.needs_probe(domain):
            return
        request = self._probe(domain, source)
        if request:
            yield request

    def _probe(self, domain: str, source: str):
        return self.req(f"http://{domain}/", self.parse_probe, "probe",
                        meta={"xxgk_probe": domain, "xxgk_probe_source": source})

    def start_probes(self):
        """Probes for the discovered portals the run found unprobed (``portal["reprobe"]``)."""
        for domain, source in self.portal.get("reprobe") or []:
            self.discovered.add(domain)
            request = self._probe(domain, source or "")
            if request:
                yield request

    def parse_probe(self, response):
        domain = response.meta["xxgk_probe"]
        if response.status != 200:
            self.probe_failed(response.request, f"http-{response.status}")
            return
        text = response.text
        cms = cms_of(text)
        base_url = self.hostmap.transport(f"http://{domain}")
        self.stat("discovered_portals")
        self.archive.record_probe(domain, base_url=base_url, cms=cms, status="ok",
                                  source_url=response.meta.get("xxgk_probe_source", ""),
                                  title=Selector(text=text or "<p/>").css("title::text").get())
        if cms not in CRAWLABLE:
            self.stat("errors/unsupported-cms")
            self.logger.warning("%s: %s portal, no spider for it: recorded, not crawled", domain, cms)
            return
        self.crawler.signals.send_catch_log(
            signal=PORTAL_FOUND, portal={"name": domain, "domain": domain, "base_url": base_url,
                                         "cms": cms, "source": "discovered"})

    def probe_failed(self, request, kind: str) -> None:
        domain = request.meta["xxgk_probe"]
        self.archive.record_probe(domain, base_url=self.hostmap.transport(f"http://{domain}"),
                                  cms=None, title=None, status=kind,
                                  source_url=request.meta.get("xxgk_probe_source", ""))
        self.logger.warning("%s: probe failed (%s); probed again next run", domain, kind)
