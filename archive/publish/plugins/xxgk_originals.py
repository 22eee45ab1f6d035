"""Datasette plugin: serve archived originals safely, and link each report to them.

HTML originals go out with ``Content-Security-Policy: sandbox`` (no allow-scripts): the browser
renders the page in a unique origin with scripts, forms and plugins disabled. Everything else
is a download (``Content-Disposition: attachment``), never rendered inline.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

SHA256 = re.compile(r"^[0-9a-f]{64}$")
EXTENSIONS = {"pdf": ".pdf", "wordprocessingml": ".docx", "msword": ".doc", "html": ".html",
              "text/plain": ".txt", "png": ".png", "jpeg": ".jpg", "wps": ".wps"}


def config(datasette) -> dict:
    return datasette.plugin_config("xxgk-originals") or {}


async def media_type_of(datasette, sha256: str) -> str:
    db = datasette.get_database(config(datasette).get("database"))
    for sql in ("SELECT media_type FROM documents WHERE sha256 = ?",
                "SELECT content_type FROM captures WHERE sha256 = ? LIMIT 1"):
        row = (await db.execute(sql, [sha256])).first()
        if row and row[0]:
            return row[0]
    return "application/octet-stream"


async def original(request, datasette):
    sha256 = request.url_vars["sha256"]
    path = Path(config(datasette).get("files_dir", "")) / sha256[:2] / sha256
    if not SHA256.match(sha256) or not path.is_file():
        return Response.text(f"no archived body {sha256}", status=404)
    media = (await media_type_of(datasette, sha256)).split(";")[0].strip().lower()
    headers = {"Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff",
               "Referrer-Policy": "no-referrer"}
    if "html" in media or media == "text/plain":
        # shown inline, but sandboxed: no script ever runs in the archive's origin
        content_type = "text/html" if "html" in media else "text/plain"
        return Response(path.read_bytes(), content_type=content_type, headers=headers)
    ext = next((e for k, e in EXTENSIONS.items() if k in media), "")
    headers["Content-Disposition"] = f'attachment; filename="{sha256[:16]}{ext}"'
    return Response(path.read_bytes(), content_type=media, headers=headers)


@hookimpl
def register_routes():
    return [(r"^/-/original/(?P<sha256>[^/]+)$", original)]


#: the full text is for search; on a page, its start is enough
TEXT_PREVIEW = 120


@hookimpl
def render_cell(value, column, table, database, datasette):
    if table == "reports" and column == "text" and isinstance(value, str):
        return value if len(value) <= TEXT_PREVIEW else value[:TEXT_PREVIEW] + "…"
    if not isinstance(value, str) or not SHA256.match(value):
        return None
    base = datasette.urls.database(database)
    link = f'<a href="/-/original/{value}">original</a>'
    # any report_id, in a table, a view or a canned query, leads to the report and its parts
    if column in ("report_id", "prev_report_id"):
        q = quote(value)
        return Markup(
            f'<a href="/-/report/{q}">{escape(value[:12])}…</a> '
            f'[{link} · <a href="{base}/cells?report_id={q}">cells</a> · '
            f'<a href="{base}/checks?report_id={q}">checks</a>]')
    if (table, column) in (("documents", "sha256"), ("captures", "sha256")):
        return Markup(f"{escape(value[:12])}… [{link}]")
    return None


@hookimpl
def asgi_wrapper(datasette):
    """The publication is read-only: a request that is not GET or HEAD is answered 405 before
    Datasette sees it (0.65 answers a table POST with an exception). And the total row count is
    skipped on the pages of views and of the big long tables: a count is a full pass (millions
    of cells), and the page would wait for the SQL time limit."""
    def wrap(app):
        async def add_nocount(scope, receive, send):
            if scope.get("type") == "http" and scope.get("method") not in ("GET", "HEAD"):
                await send({"type": "http.response.start", "status": 405,
                            "headers": [(b"allow", b"GET, HEAD"),
                                        (b"content-type", b"text/plain; charset=utf-8")]})
                await send({"type": "http.response.body",
                            "body": "405 此发布只读 the archive is published read-only\n".encode()})
                return
            if scope.get("type") == "http" and scope.get("method") == "GET":
                names = config(datasette).get("nocount", [])
                parts = scope.get("path", "").strip("/").split("/")
                query = scope.get("query_string", b"")
                if (len(parts) == 2 and parts[1].split(".")[0] in names
                        and b"_nocount" not in query):
                    query = (query + b"&" if query else b"") + b"_nocount=1"
                    scope = {**scope, "query_string": query}
            await app(scope, receive, send)
        return add_nocount
    return wrap
