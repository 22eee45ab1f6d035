"""Issue 2 and 5 over the demo replica: the failing checks are exactly what the generator broke.

Every report body the replica serves (article pages, module pages, DOCX/PDF/DOC attachments)
goes through ``extract_bytes`` as ``xxgk process`` would run it (OCR on, the portal title as the
expected agency). A report fails a check other than S-02 exactly when its ground truth
(``spec.truth.broken``) says so, and each S-02 fail is a section the layout really emptied,
pictured or displaced (``ReportSpec.structural_flags``). Pictured reports need OCR (~15 s each),
so only a few of each medium are read; every other report is.
"""

from __future__ import annotations

import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from urllib.parse import parse_qs, urljoin, urlparse

import pytest

from pipeline.extract import ExtractError, extract_bytes
from replica.site import Request, Site

SEED, REPORTS = 20261122, 325  # the demo's config defaults
PICTURED_PER_KIND = 2
#: checks one document cannot decide (X-*: across years, in the archive) or never fail (N-*: warn)
NOT_DOCUMENT_LEVEL = ("X-", "N-")


def _bodies(site: Site) -> list[tuple[int, str, bytes, str, str, dict]]:
    """(uid, kind, body, url, portal title, pictures by path) of every report body served."""
    out = []
    for portal in site.portals.values():
        def get(url_path: str, query: dict | None = None, portal=portal) -> bytes:
            # an ASP.NET article's path holds its query (news_show.aspx?id=N)
            parts = urlparse(url_path)
            query = {**parse_qs(parts.query), **(query or {})}
            return site.handle(Request(portal.domain, "GET", parts.path, query, b"", {})).body
        pictures = {p: b for p, (b, kind) in portal.files.items() if kind == "image/png"}
        for path, item in portal.articles.items():
            if getattr(item, "spec", None) is None:
                continue  # a notice, not a report
            if item.form in ("html", "html+docx"):
                out.append((item.uid, "html", get(path), portal.base + path, item.title, pictures))
            for name, _title in getattr(item, "attachments", []):
                # a Hanweb file name under /attach/0/, or the whole path on other platforms
                path = name if name.startswith("/") else f"/attach/0/{name}"
                out.append((item.uid, name.rsplit(".", 1)[1], portal.files[path][0],
                            portal.base + path, item.title, {}))
        for (area, year), item in portal.module.items():
            path = "/module/xxgk/xxgkAnnualReport.jsp"
            body = get(path, {"area": [area], "fbtime": [str(year)]})
            out.append((item.uid, "module", body, f"{portal.base}{path}?area={area}&fbtime={year}",
                        item.title, pictures))
    return out


def _failures(job) -> tuple[int, str, str, list[tuple[str, str | None]]]:
    uid, kind, body, url, title, pictures = job
    agency = re.match(r"^(.+?)(?:19|20)\d\d年", title)

    def resolve(src: str) -> bytes | None:
        return pictures.get(urlparse(urljoin(url, src)).path)

    try:
        report = extract_bytes(body, url=url, image_resolver=resolve, ocr=True,
                               agency_context={"expected_agency": agency.group(1)} if agency else {})
    except ExtractError as exc:
        return uid, kind, url, [("extract", str(exc))]
    return uid, kind, url, [(c.id, c.scope) for c in report.checks if c.status == "fail"]


@pytest.fixture(scope="module")
def served():
    site = Site(seed=SEED, reports=REPORTS)
    specs = {r.uid: r.spec for r in site.corpus.reports}
    pictured: Counter = Counter()
    jobs = []
    # pictured reports with split table 二 first: their merged header cells are the hard case
    for job in sorted(_bodies(site), key=lambda j: not specs[j[0]].layout.separate_tables):
        spec = specs[job[0]]
        if spec.layout.tables_as_images or spec.truth.image_tables:
            pictured[job[1]] += 1
            if pictured[job[1]] > PICTURED_PER_KIND:
                continue
        jobs.append(job)
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(_failures, jobs))
    return specs, jobs, results


def test_corpus_covers_every_medium_and_layout(served):
    specs, jobs, _results = served
    kinds = Counter(kind for _u, kind, *_ in jobs)
    assert all(kinds[k] for k in ("html", "module", "docx", "pdf", "doc")), kinds
    uids = {u for u, *_ in jobs}
    assert any(specs[u].layout.tables_as_images for u in uids)
    assert any(specs[u].layout.tables_displaced for u in uids)
    assert sum(any(not c.startswith(NOT_DOCUMENT_LEVEL) for c, _ in specs[u].truth.broken)
               for u in uids) >= 3


def test_non_structural_fails_are_exactly_the_broken_reports(served):
    specs, _jobs, results = served
    wrong = []
    for uid, kind, url, fails in results:
        got = {check for check, _scope in fails if check != "S-02"}
        wanted = {check for check, _scope in specs[uid].truth.broken
                  if not check.startswith(NOT_DOCUMENT_LEVEL)}
        if got != wanted:
            wrong.append((url, sorted(wanted - got), sorted(got - wanted)))
    assert wrong == []


def test_each_s02_fail_is_a_section_the_layout_emptied(served):
    specs, _jobs, results = served
    unexplained = []
    for uid, _kind, url, fails in results:
        flagged = {scope for check, scope, *_ in specs[uid].structural_flags() if check == "S-02"}
        unexplained += [(url, scope) for check, scope in fails
                        if check == "S-02" and scope not in flagged]
    assert unexplained == []
