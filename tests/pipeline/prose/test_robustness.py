"""read_prose and run_checks never raise on odd documents: empty, pictures only, shuffled seed
lines, arbitrary text (bad input yields warnings and not_assessable, not tracebacks)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.checks import run_checks
from pipeline.document import Document, ImageBlock
from pipeline.evidence import Evidence
from pipeline.model import Report, Source
from pipeline.prose import read_prose
from tests.pipeline.prose.conftest import paragraphs


def check_all(doc: Document) -> Report:
    prose = read_prose(doc)
    report = Report(Source("0" * 64, "text/plain"), agency=prose.agency, year=prose.year,
                    period=prose.period, claims=prose.claims)
    report.checks = run_checks(report, Evidence(doc, prose.sections, [], {}, prose))
    return report


def test_empty_and_picture_only_documents():
    for doc in (Document([], "text/plain", "text"),
                Document([ImageBlock("p1.png"), ImageBlock("p2.png")], "application/pdf", "pdf")):
        report = check_all(doc)
        assert {c.status for c in report.checks if c.id == "S-01"} == {"fail"}
        assert {c.status for c in report.checks if c.id == "S-05"} == {"not_assessable"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_shuffled_seed_lines(seed_paths, data):
    lines = [line for p in seed_paths for line in p.read_text(encoding="utf-8").split("\n")
             if line.strip()]
    chosen = data.draw(st.lists(st.sampled_from(lines), max_size=40))
    report = check_all(paragraphs(*chosen))
    assert all(c.status in ("pass", "fail", "warn", "not_assessable", "info")
               for c in report.checks)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="一二三四五六、.，。年月日申请件条共其中0123456789 \t收到受理无行政复议%",
                        max_size=60), max_size=12))
def test_arbitrary_text(lines):
    check_all(paragraphs(*lines))
