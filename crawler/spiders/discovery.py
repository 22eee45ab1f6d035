"""Portal discovery (portals.md §2): addresses named in a report's opening, within the allowlist.

Seed 000 names www.eweihai.gov.cn, a portal missing from the initial config: it is recorded in
`portals` (source "discovered") and its home page probed for its CMS; a non-Hanweb portal is
recorded, not crawled.
"""

from __future__ import annotations

from parsel import Selector

from archive.rawstore import utcnow
from crawler.listing import cms_of


class DiscoveryMixin:
    def _discover(self, domain: str, source: str):
        if domain == self.domain or domain in self.configured or domain in self.discovered:
            return
        self.discovered.add(domain)
        if not self.hostmap.allowed_domain(domain):
            self.stat("errors/off-allowlist")
            return
        exists = self.store.db.execute("select 1 from portals where domain = ?", [domain]).fetchone()
        if exists:
            return
        self.stat("discovered_portals")
        self.store.db["portals"].upsert(
            {"name": domain, "domain": domain, "base_url": self.hostmap.transport(f"http://{domain}"),
             "cms": "unknown", "source": "discovered", "discovered_from": source,
             "first_seen": utcnow()}, pk="name")
        request = self.req(f"http://{domain}/", self.parse_probe, "probe", meta={"xxgk_probe": domain})
        if request:
            yield request

    def parse_probe(self, response):
        domain = response.meta["xxgk_probe"]
        text = response.text if response.status == 200 else ""
        cms = cms_of(text)
        # upsert: with a shared frontier the node that probes may not be the one that discovered
        self.store.db["portals"].upsert(
            {"name": domain, "domain": domain, "source": "discovered",
             "base_url": self.hostmap.transport(f"http://{domain}"), "cms": cms,
             "title": Selector(text=text or "<p/>").css("title::text").get(),
             "last_crawled": utcnow()}, pk="name")
        if cms != "hanweb":
            self.stat("errors/unsupported-cms")
            self.logger.warning("%s: not a Hanweb JCMS portal (cms=%s): recorded, not crawled", domain, cms)

    def register_portal(self) -> None:
        self.store.db["portals"].upsert(
            {"name": self.portal_name, "domain": self.domain, "base_url": self.portal.get("base_url"),
             "title": self.portal.get("title"), "cms": "hanweb", "source": "config",
             "last_crawled": utcnow()}, pk="name")
        rows = self.store.db.execute("select first_seen from portals where name = ?",
                                     [self.portal_name]).fetchone()
        if rows and not rows[0]:
            self.store.db["portals"].update(self.portal_name, {"first_seen": utcnow()})

