"""Fixtures of the prose/checks area: the five seeds read by the text reader, and Reports
whose tables come from the fixtures engineer's seed oracle (``replica.seeds.load_seed``), so
every number under test is read from the seeds, never typed here."""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass

import pytest

from pipeline.checks import run_checks
from pipeline.document import Document, Paragraph
from pipeline.evidence import Evidence
from pipeline.model import Cell, Check, Report, Section, Source
from pipeline.prose import Prose, read_prose
from pipeline.readers.text import read_text
from pipeline.tables import find_tables
from replica.seeds import load_seed


@dataclass
class Seed:
    key: str
    doc: Document
    prose: Prose
    report: Report
    evidence: Evidence

    def checks(self) -> list[Check]:
        return run_checks(self.report, self.evidence)


def oracle_tables(spec) -> dict:
    return {t: {r: {c: Cell(v, None if v is None else str(v), s, f"oracle:{t}.{r}.{c}")
                    for c, (v, s) in cols.items()} for r, cols in rows.items()}
            for t, rows in spec.expected_tables().items()}


def build_seed(path) -> Seed:
    doc = read_text(path.read_bytes(), path=str(path))
    prose = read_prose(doc)
    spec = load_seed(path)
    tables = oracle_tables(spec)
    rows = tables.get("applications", {})
    variant = ("2019" if "other_handling" in rows else
               "2021" if "other_no_correction" in rows else None)
    report = Report(
        source=Source(hashlib.sha256(path.read_bytes()).hexdigest(), "text/plain", str(path)), format=spec.format,
        title=prose.title, agency=prose.agency, year=prose.year,
        published_date=prose.published_date, period=prose.period,
        applications_variant=variant, portal_urls=prose.portal_urls,
        sections=[Section(s.number, s.heading, s.present) for s in prose.sections],
        tables=tables, claims=prose.claims, warnings=prose.warnings,
    )
    evidence = Evidence(doc, prose.sections, find_tables(doc), {"level": spec.agency.level},
                        prose)
    return Seed(path.name[:3], doc, prose, report, evidence)


@pytest.fixture(scope="session")
def seeds(seed_paths) -> dict[str, Seed]:
    return {p.name[:3]: build_seed(p) for p in seed_paths}


@pytest.fixture
def fresh(seeds):
    """A deep copy of one seed's report and evidence, free to break."""
    def make(key: str) -> tuple[Report, Evidence]:
        seed = seeds[key]
        return copy.deepcopy(seed.report), Evidence(
            seed.doc, seed.prose.sections, copy.deepcopy(seed.evidence.tables),
            dict(seed.evidence.agency_context), seed.prose)
    return make


def paragraphs(*lines: str) -> Document:
    """A tiny document of one paragraph per line (synthetic prose cases)."""
    return Document([Paragraph(line, f"text:line{i + 1}") for i, line in enumerate(lines)],
                    "text/plain", "text")


def by_id(checks: list[Check], check_id: str) -> list[Check]:
    return [c for c in checks if c.id == check_id]


def statuses(checks: list[Check], check_id: str) -> set[str]:
    return {c.status for c in by_id(checks, check_id)}
