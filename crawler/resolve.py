"""The host map as a hosts-file entry: a name resolver installed on the Twisted reactor.

A request keeps its real URL (``http://www.wendeng.gov.cn/…``), so Scrapy sends the real
``Host`` header and, for https, the real SNI name; only the address the connection goes to
comes from the map, like ``curl --resolve`` / ``--connect-to``. Portals that build absolute
links from the request's Host header (Java CMS front ends) then link to their real domain.

Scrapy installs the class named by ``TWISTED_DNS_RESOLVER`` once per process
(``from_crawler(crawler, reactor)`` then ``install_on_reactor()``); every hostname lookup of
every downloader then passes through :meth:`HostMapResolver.resolveHostName`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IAddress, IHostnameResolver, IHostResolution, IResolutionReceiver
from zope.interface import implementer

from crawler.urls import HostMap


@implementer(IHostResolution)
class _Pinned:
    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:  # the answer is given synchronously: nothing to cancel
        pass


@implementer(IHostnameResolver)
class HostMapResolver:
    def __init__(self, reactor, pins: dict[tuple[str, int | None], tuple[str, int | None]]) -> None:
        self.reactor = reactor
        self.pins = pins
        self.system = reactor.nameResolver  # the resolver in place before ours: real DNS

    @classmethod
    def from_crawler(cls, crawler, reactor) -> "HostMapResolver":
        host_map = HostMap(crawler.settings.getdict("XXGK_HOST_MAP"), [])
        return cls(reactor, host_map.pins())

    def install_on_reactor(self) -> None:
        self.reactor.installNameResolver(self)

    def resolveHostName(self, resolutionReceiver: IResolutionReceiver, hostName: str,
                        portNumber: int = 0, addressTypes: Sequence[type[IAddress]] | None = None,
                        transportSemantics: str = "TCP") -> IHostResolution:
        name = hostName.lower().rstrip(".")
        pin = self.pins.get((name, portNumber)) or self.pins.get((name, None))
        if pin is None:
            return self.system.resolveHostName(resolutionReceiver, hostName, portNumber,
                                               addressTypes, transportSemantics)
        address, port = pin
        port = portNumber if port is None else port
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:  # mapped to another name (a proxy host): resolve that one instead
            return self.system.resolveHostName(resolutionReceiver, address, port,
                                               addressTypes, transportSemantics)
        resolution = _Pinned(hostName)
        resolutionReceiver.resolutionBegan(resolution)
        kind = IPv6Address if ip.version == 6 else IPv4Address
        resolutionReceiver.addressResolved(kind("TCP", str(ip), port))
        resolutionReceiver.resolutionComplete()
        return resolution
