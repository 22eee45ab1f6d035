"""Serve the replica on loopback: one threaded HTTP server (one port) per real host.

``start_replica(cfg) -> Replica`` (``.host_map``, ``.portal_entries()``, ``.publish()``,
``.requests``, ``.stop()``); ``xxgk replica`` serves until Ctrl-C.
"""

from __future__ import annotations

import copy
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from replica.corpus import COPYCAT, OTHER_PORTALS, PORTALS, Agency, Report
from replica.faults import parse_faults
from replica.site import Request, Site

HOSTS = [p[1] for p in PORTALS] + [p[1] for p in OTHER_PORTALS] + [COPYCAT[1]]
#: served over https with a self-signed certificate (replica/tls.py)
HTTPS_HOSTS = {"tjj.weihai.gov.cn"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes
    server_version = "Apache-Coyote/1.1"

    def log_message(self, *args: Any) -> None:  # the replica keeps its own request log
        pass

    def _serve(self) -> None:
        replica: Replica = self.server.replica  # type: ignore[attr-defined]
        domain: str = self.server.domain  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        key = (domain, self.command, self.path, body)
        with replica.lock:
            replica.attempts[key] += 1
            attempt = replica.attempts[key]
        req = Request(domain, self.command, parts.path, parse_qs(parts.query), body,
                      {k.lower(): v for k, v in self.headers.items()}, attempt)
        resp = replica.site.handle(req)
        replica.log(domain, self.command, self.path, self.headers.get("User-Agent", ""), resp.status,
                    self.headers.get("Host", ""))
        if resp.delay:
            time.sleep(resp.delay)
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        for name, value in resp.headers.items():
            self.send_header(name, value)
        payload = resp.body if self.command != "HEAD" else b""
        if resp.truncate:
            self.send_header("Content-Length", str(len(payload) + 1000))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(payload[: len(payload) // 2])
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_HEAD = _serve


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):  # clients hang up (timeouts)
            super().handle_error(request, client_address)


@dataclass
class Replica:
    site: Site
    host: str
    servers: dict[str, ThreadingHTTPServer] = field(default_factory=dict)
    requests: list[dict] = field(default_factory=list)
    attempts: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    threads: list[threading.Thread] = field(default_factory=list)

    @property
    def host_map(self) -> dict[str, str]:
        """Real domain -> loopback base URL."""
        return {d: f"{'https' if d in HTTPS_HOSTS else 'http'}://{self.host}:{s.server_address[1]}"
                for d, s in self.servers.items()}

    def log(self, domain: str, method: str, path: str, ua: str, status: int, host: str = "") -> None:
        with self.lock:
            self.requests.append({"domain": domain, "method": method, "path": path, "ua": ua,
                                  "status": status, "host": host, "time": time.time()})

    def portal_entries(self) -> list[dict[str, Any]]:
        """`[[portals]]` entries for the replica's Hanweb portals and its TRS sub-site
        (eweihai is left to discovery: only seed 000's header names it)."""
        hm = self.host_map
        return [{"name": name, "domain": domain, "base_url": hm[domain], "title": title,
                 "cms": "hanweb",
                 "start_paths": ["/index.html"],  # from the home page, as a new user would
                 "module_areas": [],
                 # both transports of portals.md §4.2 get used
                 "dataproxy_method": "get" if name == "rongcheng" else "post"}
                for name, domain, title, *_r in PORTALS] + [
                {"name": name, "domain": domain, "base_url": hm[domain], "title": title,
                 "cms": platform, "start_paths": ["/"]}
                for name, domain, title, platform in OTHER_PORTALS if platform == "trs"]

    def publish(self, new: int = 2, edit: int = 1, portals: set[str] | None = None) -> dict[str, list[str]]:
        """Change the replica between crawls: publish ``new`` reports the corpus truth had as
        missing (late, on top of their year column) and correct ``edit`` reports (the newest
        report of a column on another portal, re-published: its list record shows the new
        date, its URL stays); ``portals`` limits where. Returns their
        real-domain URLs."""
        done: dict[str, list[str]] = {"new": [], "edited": []}
        site = self.site
        with site.lock:
            targets = {p.name: p for p in site.portals.values() if p.mechanism == "year_columns"
                       and (portals is None or p.name in portals)}
            candidates = [s for s in site.corpus.missing if s.agency.portal in targets]
            for i, spec in enumerate(candidates[:new]):
                portal = targets[spec.agency.portal]
                spec = copy.deepcopy(spec)
                spec.truth.missing, spec.truth.late = False, True
                when = datetime(2026, 3, 2, 10, 0, 0) + timedelta(hours=i)
                report = Report(10**5 + len(site.corpus.reports), portal.name,
                                Agency(portal.name, spec.agency.name, spec.agency.area_code),
                                spec.year, when, "column", "html", late=True, spec=spec)
                report.article_id = site.corpus.ids.article_id(when)
                col = site._year_column(portal, spec.year)
                report.column_id = col.id
                site.corpus.reports.append(report)
                col.items.append(report)
                col.sort()
                portal.articles[Site.article_path(report)] = report
                site.add_files(portal, report)
                done["new"].append(f"http://{portal.domain}{Site.article_path(report)}")
            for portal in site.portals.values():
                if len(done["edited"]) >= edit:
                    break
                if portal.name in {u.split("/")[2] for u in done["new"]}:
                    continue
                for col in portal.columns.values():
                    top = col.items[0] if col.items else None
                    if isinstance(top, Report) and top.form == "html" and top.seed is None:
                        top.edits += 1
                        top.spec = copy.deepcopy(top.spec)
                        top.spec.paragraphs.setdefault(6, []).append(
                            f"（本报告于发布后更正第{top.edits}次：更正了个别文字表述。）")
                        top.modified = datetime(2026, 3, 5, 9, 0, 0) + timedelta(minutes=top.edits)
                        top.listed = top.modified  # re-published: the list shows the new date
                        done["edited"].append(f"http://{portal.domain}{Site.article_path(top)}")
                        break
        return done

    def correct(self, position: int) -> str:
        """Correct, in place, the report at ``position`` (0 = newest) of the replica's longest
        list: same URL, title and date in the list, new bytes (a corrected re-publication that
        no list shows). Returns its real-domain URL."""
        site = self.site
        with site.lock:
            portal, col = max(((p, c) for p in site.portals.values() for c in p.columns.values()),
                              key=lambda pc: len(pc[1].items))
            reports = [i for i in col.items[position:]
                       if isinstance(i, Report) and i.seed is None and i.form != "picture"]
            report = reports[0]
            report.edits += 1
            report.spec = copy.deepcopy(report.spec)
            report.spec.paragraphs.setdefault(6, []).append(
                f"（本报告于发布后更正第{report.edits}次：更正了个别文字表述。）")
            report.modified = datetime(2026, 3, 6, 9, 0, 0) + timedelta(minutes=report.edits)
            if report.form != "html":  # its attachment is corrected too, under a new name
                from replica import content

                docx = content.docx_bytes(report)
                converted = ({report.form: content.convert_all({str(report.uid): docx}, report.form)}
                             if report.form in ("pdf", "doc") else None)
                site.add_files(portal, report, docx, converted)
            return f"http://{portal.domain}{Site.article_path(report)}"

    def stop(self) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()
        for thread in self.threads:
            thread.join(timeout=5)


def start_replica(cfg: Any = None, *, faults: Any = None, reports: int | None = None,
                  port: int | None = None) -> Replica:
    """Start every host of the replica; ``cfg`` is a Config (its ``[replica]`` table) or None."""
    rc = dict((cfg or {}).get("replica", {})) if cfg is not None else {}
    host = rc.get("host", "127.0.0.1")
    base_port = rc.get("base_port", 8701) if port is None else port
    names = parse_faults(faults if faults is not None else rc.get("faults", []))
    servers = {}
    for i, domain in enumerate(HOSTS):
        server = _Server((host, base_port + i if base_port else 0), _Handler)
        server.domain = domain  # type: ignore[attr-defined]
        servers[domain] = server
    for domain in HTTPS_HOSTS & set(servers):
        from replica.tls import wrap_server

        wrap_server(servers[domain], host)
    bases = {d: f"{'https' if d in HTTPS_HOSTS else 'http'}://{host}:{s.server_address[1]}"
             for d, s in servers.items()}
    site = Site(seed=rc.get("seed", 20261122), reports=reports or rc.get("reports", 320),
                faults=names, bases=bases)
    replica = Replica(site, host, servers)
    for server in servers.values():
        server.replica = replica  # type: ignore[attr-defined]
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        replica.threads.append(thread)
    return replica
