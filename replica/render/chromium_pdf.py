"""Reports printed to PDF by headless Chromium: a producer nobody on this team wrote.

Skia lays the PDF out: its own line breaking inside CSS table cells, subset CID fonts with
ToUnicode maps (WenQuanYi Zen Hei stands in for 宋体/仿宋 here, as fontconfig picks it), borders
drawn as filled rectangles, text in the order Chromium paints it. Two sources are printed, as
people make them:

- ``page``: the whole portal article page (``render_html_page``), as a user saves it with the
  browser's Print → Save as PDF: header (date, title) and footer (URL, ``1/3``) on every page,
  the site's navigation, sidebar and footer around the report.
- the report fragment (``render_html_fragment``) under a stylesheet real HTML exports have
  (``STYLES``): every cell ruled, no borders, every cell centred without borders, a narrow page
  that wraps labels and headers, a page narrower than table 三 (Chromium clips what stands
  past the page edge: those cells are not in the PDF at all), landscape, and tall rows that break tables over pages with the
  header rows in a ``<thead>`` (Chromium repeats it) or not.

Every file is printed in one Chromium process (DevTools protocol over ``--remote-debugging-pipe``,
``Page.printToPDF``): a browser start costs about a second, a page a fraction of that. PDFs are
cached on disk by HTML, style and Chromium version (``$XXGK_REPLICA_CACHE``).
"""

from __future__ import annotations

import base64
import fcntl
import functools
import hashlib
import json
import os
import select
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from replica.render.cache import cache_dir
from replica.render.html import render_html_fragment
from replica.render.page import PORTALS, render_html_page
from replica.spec import ReportSpec

CHROMIUM = "/usr/bin/chromium"
#: seconds to wait for one DevTools reply (a page load, a print) before giving up
REPLY_TIMEOUT = 180


@dataclass(frozen=True)
class Style:
    """One way of printing: the CSS over the fragment (None: the whole portal page) and the
    print settings."""

    css: str | None
    landscape: bool = False
    paper: tuple[float, float] = (8.27, 11.69)  # inches, A4
    header_footer: bool = False
    thead: bool = False


_RULED = "table{border-collapse:collapse}td,th{border:1px solid #000 !important}"
_BARE = "table{border:none !important}td,th{border:none !important}"
_BODY = "body{font-family:'SimSun',serif;margin:0}"
_TALL = "tr{height:34pt}td{font-size:12pt}"

STYLES: dict[str, Style] = {
    "page": Style(None, header_footer=True),
    "ruled": Style(_BODY + _RULED),
    "unruled": Style(_BODY + _BARE),
    "centred": Style(_BODY + _BARE + "td,td p,th{text-align:center !important}"),
    "narrow": Style(_BODY + _RULED + "td p span{font-size:10.5pt !important}",
                    paper=(5.83, 8.27)),  # A5: labels and headers wrap
    # A6: table 三 is wider than the page and Chromium cuts off what stands past its edge
    "clipped": Style(_BODY + _RULED + "td p span{font-size:10.5pt !important}",
                     paper=(4.13, 5.83)),
    "landscape": Style(_BODY + _RULED, landscape=True),
    "breaks": Style(_BODY + _RULED + _TALL),
    "breaks-thead": Style(_BODY + _RULED + _TALL, thead=True),
}


class ChromiumError(RuntimeError):
    pass


@functools.lru_cache(maxsize=1)
def chromium_version() -> str:
    if not Path(CHROMIUM).exists():
        raise ChromiumError(f"{CHROMIUM} is not installed (Debian package chromium)")
    done = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=60)
    return done.stdout.strip()


def style_html(spec: ReportSpec, style: str) -> bytes:
    """The HTML Chromium prints for ``spec`` in ``style``."""
    chosen = STYLES[style]
    if chosen.css is None:
        return render_html_page(spec, portal_style=_portal_style(spec))
    body = render_html_fragment(spec, thead=chosen.thead)
    title = spec.title.replace("\n", "")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<style>{chosen.css}</style></head><body>\n{body}</body></html>").encode("utf-8")


def article_url(spec: ReportSpec) -> str:
    """Where the user saved the page from (printed in the browser's footer)."""
    host = PORTALS.get(spec.agency.portal, PORTALS["weihai"])[1]
    day = spec.published or None
    path = f"{day.year}/{day.month}/{day.day}" if day else f"{spec.year + 1}/1/20"
    digest = int(hashlib.sha1(spec.slug.encode()).hexdigest()[:6], 16)
    return f"http://{host}/art/{path}/art_{digest % 9000 + 1000}_{digest}.html"


def render_chromium_pdfs(jobs: list[tuple[ReportSpec, str]]) -> list[bytes]:
    """A PDF per (spec, style), in order; every uncached one printed in one Chromium process."""
    unknown = [s for _, s in jobs if s not in STYLES]
    if unknown:
        raise ValueError(f"unknown Chromium style {unknown[0]!r} (one of {', '.join(STYLES)})")
    version = chromium_version()
    out: list[bytes | None] = []
    todo: list[tuple[int, bytes, Style, str, str, Path]] = []
    for n, (spec, style) in enumerate(jobs):
        html = style_html(spec, style)
        url = article_url(spec)
        key = hashlib.sha256(html + repr((STYLES[style], url, version)).encode()).hexdigest()
        cached = _cache_dir() / f"{key}.pdf"
        out.append(cached.read_bytes() if cached.exists() else None)
        if out[-1] is None:
            todo.append((n, html, STYLES[style], url, _saved_on(spec), cached))
    if todo:
        with _Browser() as browser:
            for n, html, style, url, saved, cached in todo:
                out[n] = browser.print(html, style, url, saved)
                cached.parent.mkdir(parents=True, exist_ok=True)
                tmp = cached.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_bytes(out[n])
                os.replace(tmp, cached)
    return out  # type: ignore[return-value]


def render_chromium_pdf(spec: ReportSpec, style: str = "ruled") -> bytes:
    return render_chromium_pdfs([(spec, style)])[0]


def _cache_dir() -> Path:
    return cache_dir() / "chromium"


def _portal_style(spec: ReportSpec) -> str:
    from replica.render import PORTAL_STYLES
    return PORTAL_STYLES.get(spec.agency.portal, "module")


def _saved_on(spec: ReportSpec) -> str:
    """The browser header's date: a fixed day after publication, so output is deterministic."""
    day = spec.published
    return f"{day.month}/{day.day}/{day.year % 100}, 10:24 AM" if day else \
        f"3/2/{(spec.year + 1) % 100}, 10:24 AM"


def _header_footer(url: str, saved: str) -> tuple[str, str]:
    # the layout of Chromium's own header and footer (date | title, URL | n/m), with the date
    # and URL written in so that a fixture does not change with the day it was printed
    cell = "font-size:8px;font-family:sans-serif;"
    header = (f"<div style='{cell}width:100%;display:flex;padding:0 24px'>"
              f"<span style='flex:1'>{saved}</span><span class='title' "
              "style='flex:3;text-align:center'></span><span style='flex:1'></span></div>")
    footer = (f"<div style='{cell}width:100%;display:flex;padding:0 24px'>"
              f"<span style='flex:1'>{url}</span><span style='text-align:right'>"
              "<span class='pageNumber'></span>/<span class='totalPages'></span></span></div>")
    return header, footer


class _Browser:
    """One headless Chromium driven over the DevTools pipe (fd 3 commands, fd 4 replies)."""

    def __enter__(self) -> "_Browser":
        self._tmp = tempfile.TemporaryDirectory(prefix="xxgk-chromium-")
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()

        def fds() -> None:  # in the child: the pipe ends as fds 3 and 4, whatever they were
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser, from_browser)]
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self._proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-extensions", "--dns-prefetch-disable",
             "--remote-debugging-pipe", f"--user-data-dir={self._tmp.name}/profile",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, pass_fds=(3, 4))
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next = 0
        self._events: list[dict] = []
        return self

    def __exit__(self, kind, *_) -> None:
        if kind is None:
            try:
                self._call("Browser.close")
            except ChromiumError:
                self._proc.kill()
        else:  # a browser that failed is not asked to close: it may not answer
            self._proc.kill()
        os.close(self._write)
        os.close(self._read)
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._tmp.cleanup()

    def print(self, html: bytes, style: Style, url: str, saved: str) -> bytes:
        page = Path(self._tmp.name) / f"p{self._next}.html"
        page.write_bytes(html)
        target = self._call("Target.createTarget", url="about:blank")["targetId"]
        session = self._call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self._call("Page.enable", session=session)
        self._call("Page.navigate", session=session, url=page.as_uri())
        self._wait_event("Page.loadEventFired", session)
        width, height = style.paper
        options = dict(landscape=style.landscape, printBackground=False, paperWidth=width,
                       paperHeight=height, displayHeaderFooter=style.header_footer)
        if style.header_footer:
            options["headerTemplate"], options["footerTemplate"] = _header_footer(url, saved)
        else:
            options.update(marginTop=0.4, marginBottom=0.4, marginLeft=0.4, marginRight=0.4)
        data = self._call("Page.printToPDF", session=session, **options)["data"]
        self._call("Target.closeTarget", targetId=target)
        page.unlink()
        return base64.b64decode(data)

    def _send(self, method: str, session: str | None, params: dict) -> int:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        return self._next

    def _messages(self):
        while True:
            while b"\0" not in self._buffer:
                if not select.select([self._read], [], [], REPLY_TIMEOUT)[0]:
                    raise ChromiumError(f"{CHROMIUM} did not answer within {REPLY_TIMEOUT} s")
                chunk = os.read(self._read, 1 << 20)
                if not chunk:
                    raise ChromiumError(f"{CHROMIUM} closed its DevTools pipe "
                                        f"(exit {self._proc.poll()})")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            yield json.loads(raw)

    def _call(self, method: str, session: str | None = None, **params) -> dict:
        wanted = self._send(method, session, params)
        for message in self._messages():
            if message.get("id") == wanted:
                if "error" in message:
                    raise ChromiumError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            self._events.append(message)

    def _wait_event(self, name: str, session: str) -> None:
        seen = [e for e in self._events if e.get("method") == name
                and e.get("sessionId") == session]
        self._events.clear()  # a page's other events are of no use once it has loaded
        if seen:
            return
        for message in self._messages():
            if message.get("method") == name and message.get("sessionId") == session:
                return
