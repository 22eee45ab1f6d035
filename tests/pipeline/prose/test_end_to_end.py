"""The checks inside a real extraction: ``extract_bytes`` on the seed files must give the same
check statuses as the oracle-table run (tables read by label, not by position)."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_bytes


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_extracted_checks_agree_with_the_oracle_run(seeds, seed_paths, key):
    path = next(p for p in seed_paths if p.name.startswith(key))
    seed = seeds[key]
    report = extract_bytes(path.read_bytes(), path=str(path), ocr=False,
                           agency_context=dict(seed.evidence.agency_context))
    def table(checks):
        return {(c.id, c.scope, c.status) for c in checks
                if c.id.startswith(("T3", "T4", "N-", "S-0"))}
    assert table(report.checks) == table(seed.checks())
    assert [c.key for c in report.claims] == [c.key for c in seed.prose.claims]


@pytest.mark.parametrize("kind", ["html", "docx"])
@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_html_and_docx_renderings_read_like_the_text(seed_paths, key, kind):
    from replica.render import render_docx, render_html_page
    from replica.seeds import load_seed
    path = next(p for p in seed_paths if p.name.startswith(key))
    spec = load_seed(path)
    data = render_docx(spec) if kind == "docx" else render_html_page(spec)
    data = data.encode() if isinstance(data, str) else data
    text = extract_bytes(path.read_bytes(), path=str(path), ocr=False)
    other = extract_bytes(data, path=f"{key}.{kind}", ocr=False)
    for field in ("title", "agency", "year", "period", "portal_urls"):
        assert getattr(other, field) == getattr(text, field), field
    assert [(c.key, c.value) for c in other.claims] == [(c.key, c.value) for c in text.claims]
    def results(report):
        return {(c.id, c.scope, c.status) for c in report.checks
                if c.id.startswith(("N-", "S-01", "S-02", "S-04", "S-05", "S-07", "S-09"))}
    assert results(other) == results(text)
