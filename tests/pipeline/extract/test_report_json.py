"""``Report.to_json`` copies the records field by field; it must give what
``dataclasses.asdict`` gives, key order included (``xxgk extract --json`` prints it)."""

from __future__ import annotations

import json
from dataclasses import asdict

from pipeline.extract import extract_bytes
from pipeline.model import SCHEMA_VERSION


def reference_json(report) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "source": asdict(report.source),
        "title": report.title, "agency": report.agency, "year": report.year,
        "published_date": report.published_date, "period": report.period,
        "format": report.format, "applications_variant": report.applications_variant,
        "portal_urls": list(report.portal_urls),
        "sections": [asdict(s) for s in report.sections],
        "tables": {tid: {r: {c: asdict(cell) for c, cell in cols.items()}
                         for r, cols in t.items()} for tid, t in report.tables.items()},
        "claims": [{k: v for k, v in asdict(c).items() if k != "section"}
                   for c in report.claims],
        "checks": [asdict(c) for c in report.checks],
        "warnings": list(report.warnings),
    }


def test_to_json_is_asdict_key_for_key():
    from replica.generate import generate_reports
    from replica.render.docx import render_docx
    from replica.render.page import render_html_page

    compared = 0
    for spec in generate_reports(4, seed=11):
        page = render_html_page(spec)
        for data in (page if isinstance(page, bytes) else page.encode(), render_docx(spec)):
            report = extract_bytes(data, path="r", ocr=False)
            assert report.tables and report.checks and report.sections
            got = json.dumps(report.to_json(), ensure_ascii=False)
            assert got == json.dumps(reference_json(report), ensure_ascii=False)
            compared += 1
    assert compared == 8
