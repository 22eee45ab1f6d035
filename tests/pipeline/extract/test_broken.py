"""End to end through ``extract_bytes``: every deliberately broken document-level identity of
generated reports is reported as ``fail`` with the right id and scope, and nothing else fails.
Cross-year checks (X-*) need the archive and are left to the database stage."""

from __future__ import annotations

from pipeline.extract import extract_bytes
from replica.generate import generate_reports
from replica.render.docx import render_docx
from replica.render.page import render_html_page
from replica.render.text import render_text

FAMILIES = ("CELL-", "T2-", "T3-", "T4-")


def _render(i: int, spec) -> bytes:
    kind = i % 3
    if kind == 0:
        return render_text(spec).encode()
    if kind == 1:
        page = render_html_page(spec)
        return page if isinstance(page, bytes) else page.encode()
    return render_docx(spec)


def test_broken_identities_fail_with_id_and_scope_and_nothing_else():
    specs = generate_reports(150, seed=3, broken_share=0.3)
    broken_seen = 0
    mismatches = []
    for i, spec in enumerate(specs):
        report = extract_bytes(_render(i, spec), path=spec.slug, ocr=False)
        fails = {(c.id, c.scope) for c in report.checks
                 if c.status == "fail" and c.id.startswith(FAMILIES)}
        wanted = {(cid, scope) for cid, scope in spec.truth.broken if cid.startswith(FAMILIES)}
        broken_seen += len(wanted)
        if fails != wanted:
            mismatches.append((spec.slug, sorted(wanted - fails), sorted(fails - wanted)))
    assert broken_seen >= 20
    assert mismatches == []
