"""Generated reports with deliberately broken identities (``replica.generate``): the checks,
run inside a real extraction of the rendered report, must fail exactly the instances the
generator recorded in ``truth.broken`` (T3/T4), warn on the wrong prose claim (N-01), and the
cross-year rule X-01 must fail exactly where the generator broke the carry-over."""

from __future__ import annotations

import pytest

from pipeline.checks.cross import cross_year_checks
from pipeline.extract import extract_bytes
from replica.generate import generate_reports
from replica.render import render_html_page, render_text


@pytest.fixture(scope="module")
def generated():
    specs = generate_reports(36, seed=11, broken_share=0.35)
    out = []
    for i, spec in enumerate(specs):
        data = render_text(spec) if i % 2 else render_html_page(spec)
        data = data.encode() if isinstance(data, str) else data
        report = extract_bytes(data, path=f"{spec.slug}.{'txt' if i % 2 else 'html'}", ocr=False,
                               agency_context={"level": spec.agency.level})
        out.append((spec, report))
    return out


def test_generator_breaks_something(generated):
    assert sum(bool(spec.truth.broken) for spec, _ in generated) >= 5


def test_identity_failures_are_exactly_the_broken_ones(generated):
    for spec, report in generated:
        if spec.layout.tables_as_images:
            continue
        fails = {(c.id, c.scope) for c in report.checks
                 if c.status == "fail" and c.id[:2] in ("T3", "T4")}
        truth = {t for t in spec.truth.broken if t[0][:2] in ("T3", "T4")}
        assert fails == truth, spec.slug


def test_wrong_prose_claims_warn(generated):
    for spec, report in generated:
        warned = {(c.id, c.scope) for c in report.checks if c.id == "N-01" and c.status == "warn"}
        assert warned == {t for t in spec.truth.broken if t[0] == "N-01"}, spec.slug


def test_cross_year_carry_over(generated):
    by_year = {(spec.agency.name, spec.year): (spec, report) for spec, report in generated}
    pairs = 0
    for (name, year), (spec, cur) in by_year.items():
        if (name, year - 1) not in by_year or spec.layout.tables_as_images \
                or by_year[(name, year - 1)][0].layout.tables_as_images:
            continue
        pairs += 1
        prev = by_year[(name, year - 1)][1]
        fails = {(c.id, c.scope) for c in cross_year_checks(prev, cur) if c.status == "fail"}
        assert fails == {t for t in spec.truth.broken if t[0] == "X-01"}, spec.slug
    assert pairs >= 10


def test_every_generated_claim_is_read():
    from pipeline.prose import read_prose
    from pipeline.readers.text import read_text
    for spec in generate_reports(40, seed=2, broken_share=0.2):
        text = render_text(spec)
        prose = read_prose(read_text(text.encode() if isinstance(text, str) else text))
        got = {(c.key, c.value) for c in prose.claims}
        assert set(spec.truth.claims) <= got, spec.slug
