"""URL identity, the host map and the allowlist.

Every URL is stored under its *canonical* form: ``http://<real domain><path>?<query>``. The
host map (real domain -> base URL actually connected to) works like a hosts-file entry: requests
keep the real domain in their URL, Host header and SNI, and only the connection goes to the
mapped address (crawler.resolve). It is the only way a loopback or private address is ever
contacted: such an address found in a document is refused unless it is the configured base of
an allowlisted domain (portals.md §9).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

ARTICLE = re.compile(r"^/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html$")
COLUMN = re.compile(r"^/col/col(\d+)/index\.html$")
MODULE = "/module/xxgk/xxgkAnnualReport.jsp"
DATAPROXY = "/module/web/jpage/dataproxy.jsp"
DOWNFILE = "/module/download/downfile.jsp"
#: file types a report is published as (attachments wherever they live on a non-Hanweb site)
_ATTACHMENT_EXT = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".ofd", ".zip", ".rar", ".txt")
_IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".bmp")
_DEFAULT_PORTS = {":80", ":443", ":8443"}  # :8443 is an alias of the https origin (§1.3)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return host in ("localhost",)


class HostMap:
    def __init__(self, mapping: dict[str, str], allowed: list[str]) -> None:
        self.base = {d.lower(): b.rstrip("/") for d, b in mapping.items()}
        self.domain_of_netloc = {urlsplit(b).netloc.lower(): d for d, b in self.base.items()}
        self.allowed = [a.lower().lstrip(".") for a in allowed]

    def domain(self, url: str) -> str | None:
        """The real domain a URL stands for; None for unmapped IP/loopback hosts."""
        parts = urlsplit(url)
        netloc = parts.netloc.lower()
        if netloc in self.domain_of_netloc:
            return self.domain_of_netloc[netloc]
        host = (parts.hostname or "").lower()
        if not host or _is_ip(host):
            return None
        return host

    def canonical(self, url: str, base: str | None = None) -> str | None:
        absolute = urljoin(base, url.strip()) if base else url.strip()
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https"):
            return None
        domain = self.domain(absolute)
        if domain is None:
            return None
        return urlunsplit(("http", domain, parts.path or "/", parts.query, ""))

    def allowed_domain(self, domain: str | None) -> bool:
        if not domain:
            return False
        return any(domain == a or domain.endswith("." + a) for a in self.allowed)

    def transport(self, canonical: str) -> str:
        """The URL to request: the real domain, with the scheme of its configured base (a
        portal mapped to an https base is asked over https, with its own name as SNI)."""
        parts = urlsplit(canonical)
        base = self.base.get(parts.hostname or "")
        if base is None:
            return canonical
        return urlunsplit((urlsplit(base).scheme or "http", parts.netloc, parts.path or "/",
                           parts.query, ""))

    def fetched_from(self, url: str) -> str | None:
        """The mapped address a request for ``url`` really connected to (provenance), or None
        when the map sends it to its own domain."""
        parts = urlsplit(url)
        base = self.base.get((parts.hostname or "").lower())
        if base is None or urlsplit(base).hostname == parts.hostname:
            return None
        return base + (parts.path or "/") + ("?" + parts.query if parts.query else "")

    def pins(self) -> dict[tuple[str, int | None], tuple[str, int | None]]:
        """(domain, port) -> (address, port) for the resolver. The default port of the base's
        scheme goes to the base's port (``--connect-to``); any other port of the domain goes to
        the same port at the base's address (a plain hosts-file entry)."""
        out: dict[tuple[str, int | None], tuple[str, int | None]] = {}
        for domain, base in self.base.items():
            parts = urlsplit(base)
            if not parts.hostname or parts.hostname == domain:
                continue
            default = 443 if parts.scheme == "https" else 80
            out[(domain, default)] = (parts.hostname, parts.port or default)
            out[(domain, None)] = (parts.hostname, None)
        return out


def kind_of(canonical: str) -> str:
    parts = urlsplit(canonical)
    path = parts.path
    if ARTICLE.match(path):
        return "article"
    if COLUMN.match(path):
        return "catalogue" if "vc_xxgkarea=" in parts.query else "column"
    if path == MODULE:
        return "module"
    if path == DATAPROXY:
        return "list"
    if path == DOWNFILE or path.startswith("/attach/"):
        return "attachment"
    if path.startswith("/picture/"):
        return "image"
    lower = path.lower()
    if lower.endswith(_ATTACHMENT_EXT):
        return "attachment"
    if lower.endswith(_IMAGE_EXT):
        return "image"
    if path in ("/", "/index.html", "/index.htm"):
        return "home"
    return "other"
