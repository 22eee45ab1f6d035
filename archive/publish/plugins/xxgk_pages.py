"""Datasette plugin: the pages a reader uses — a report as it prints, an agency over the years,
one search box — plus where each cell was read and each capture's WARC record.

Read-only like the rest of the publication: reviews are recorded with `xxgk review`."""

from __future__ import annotations

from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup

from archive.publish import provenance
from archive.publish.agency_data import load_agency
from archive.publish.report_data import load_report
from archive.publish.report_view import build_tables, number, year_on_year
from archive.publish.search import search

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
SAFE_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def settings(datasette) -> dict:
    return datasette.plugin_config("xxgk-originals") or {}


def database(datasette):
    return datasette.get_database(settings(datasette).get("database"))


async def page(datasette, request, name: str, context: dict) -> Response:
    # the templates live beside this package, compiled in Datasette's own environment so that
    # they extend its base.html and share its autoescaping
    template = datasette.jinja_env.from_string((TEMPLATES / name).read_text(encoding="utf-8"))
    style = Markup((TEMPLATES / "xxgk_style.html").read_text(encoding="utf-8"))
    html = await datasette.render_template(
        template, {"style": style, "database": settings(datasette).get("database"), **context},
        request=request)
    return Response.html(html)


def not_found(what: str) -> Response:
    return Response.text(f"not in the archive: {what}", status=404)


async def report_page(request, datasette):
    report_id = request.url_vars["report_id"]
    data = await load_report(database(datasette), report_id)
    if data is None:
        return not_found(f"report {report_id}")
    for check in data["checks"]:
        check["expected_text"] = number(check["expected"])
        check["actual_text"] = number(check["actual"])
    return await page(datasette, request, "report.html", {
        "r": data["report"], "captures": data["captures"], "versions": data["versions"],
        "tables": build_tables(data), "yoy": year_on_year(data), "checks": data["checks"],
        "failing": sum(c["status"] == "fail" for c in data["checks"]),
        "warnings": data["warnings"]})


async def agency_page(request, datasette):
    agency_id = request.url_vars["agency_id"]
    data = await load_agency(database(datasette), int(agency_id))
    if data is None:
        return not_found(f"agency {agency_id}")
    data["chart"] = Markup(data["chart"])  # built from numbers and escaped labels only
    return await page(datasette, request, "agency.html", data)


async def search_page(request, datasette):
    q = request.args.get("q", "")
    hits = await search(database(datasette), q)
    return await page(datasette, request, "search.html", {"q": q, "hits": hits})


async def cell_page(request, datasette):
    v = request.url_vars
    db = database(datasette)
    cell = (await db.execute(
        "SELECT c.locator, r.media_type, r.source_capture_id FROM cells c "
        "JOIN reports r ON r.report_id = c.report_id WHERE c.report_id = ? AND c.table_id = ? "
        "AND c.row_key = ? AND c.col_key = ?",
        [v["report_id"], v["table_id"], v["row_key"], v["col_key"]])).first()
    if cell is None:
        return not_found(f"cell {v['table_id']}.{v['row_key']}.{v['col_key']}")
    locator, media, capture_id = cell
    original = f"/-/original/{v['report_id']}"
    path = Path(settings(datasette).get("files_dir", "")) / v["report_id"][:2] / v["report_id"]
    if not path.is_file():
        return Response.redirect(original)
    try:
        if (locator or "").startswith("html:"):
            body = provenance.html_with_cell_marked(path.read_bytes(), locator, media)
            # sandboxed exactly like the original: its scripts never run in our origin
            return Response(body, content_type="text/html; charset=utf-8",
                            headers={"Content-Security-Policy": "sandbox", **SAFE_HEADERS})
        if (locator or "").startswith("pdf:"):
            return Response(provenance.pdf_page_png(path.read_bytes(), locator),
                            content_type="image/png", headers=SAFE_HEADERS)
        index = provenance.ocr_image_index(locator)
        if index is not None:
            picture = await picture_of(datasette, db, capture_id, v["report_id"], index)
            if picture is not None:
                return Response(provenance.picture_crop_png(picture, locator),
                                content_type="image/png", headers=SAFE_HEADERS)
    except (provenance.NotLocatable, ValueError, OSError):
        pass
    return Response.redirect(original)


async def picture_of(datasette, db, capture_id, report_id: str, index: int) -> bytes | None:
    """The index-th picture of the report: its own bytes when the report is a picture, else
    the index-th image captured from its page."""
    files = Path(settings(datasette).get("files_dir", ""))
    media = (await db.execute("SELECT media_type FROM reports WHERE report_id = ?",
                              [report_id])).first()
    if media and media[0] and media[0].startswith("image/") and index == 1:
        return (files / report_id[:2] / report_id).read_bytes()
    rows = (await db.execute(
        "SELECT sha256 FROM captures WHERE parent_capture_id = ? AND kind = 'image' "
        "AND sha256 IS NOT NULL ORDER BY capture_id", [capture_id])).rows
    if 1 <= index <= len(rows):
        path = files / rows[index - 1][0][:2] / rows[index - 1][0]
        return path.read_bytes() if path.is_file() else None
    return None


async def warc_record(request, datasette):
    capture_id = request.url_vars["capture_id"]
    row = (await database(datasette).execute(
        "SELECT warc_file, warc_offset, warc_length FROM captures WHERE capture_id = ?",
        [int(capture_id)])).first()
    warc_dir = Path(settings(datasette).get("warc_dir", ""))
    if row is None or not row[0] or row[1] is None or not row[2]:
        return not_found(f"WARC record of capture {capture_id}")
    path = (warc_dir / row[0]).resolve()
    if warc_dir.resolve() not in path.parents or not path.is_file():
        return not_found(f"WARC file {row[0]}")
    with open(path, "rb") as fh:
        fh.seek(row[1])
        record = fh.read(row[2])
    # each record is a complete gzip member: a valid .warc.gz on its own
    return Response(record, content_type="application/warc", headers={
        "Content-Disposition": f'attachment; filename="capture-{capture_id}.warc.gz"',
        **SAFE_HEADERS})


@hookimpl
def register_routes():
    return [
        (r"^/-/report/(?P<report_id>[0-9a-f]{64})$", report_page),
        (r"^/-/agency/(?P<agency_id>\d{1,18})$", agency_page),
        (r"^/-/search$", search_page),
        (r"^/-/cell/(?P<report_id>[0-9a-f]{64})/(?P<table_id>\w+)/(?P<row_key>\w+)"
         r"/(?P<col_key>\w+)$", cell_page),
        (r"^/-/warc/(?P<capture_id>\d{1,18})$", warc_record),
    ]
