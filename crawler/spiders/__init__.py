"""One spider module per CMS family; a portal's spider comes from its `cms` (configured, or
what the discovery probe detected). Adding a CMS: a module here and an entry below."""

from __future__ import annotations


def spider_for(cms: str | None):
    """The spider class for a portal's ``cms``; None for a CMS known to have no spider (JPAAS)."""
    from crawler.spiders.generic import GenericSpider
    from crawler.spiders.hanweb import HanwebSpider
    from crawler.spiders.trs import TrsSpider

    spiders = {"hanweb": HanwebSpider, "trs": TrsSpider, "generic": GenericSpider,
               "unknown": GenericSpider}
    return spiders.get((cms or "hanweb").lower())
