"""The document-level check catalogue: ``run_checks(report, evidence) -> list[Check]``.

One module per family (cells, applications, review, active, narrative, structure); the
cross-document rules are in ``cross.py``. Ids, scopes and statuses follow report-format.md §6.
"""

from __future__ import annotations

from pipeline.checks.active import active_checks
from pipeline.checks.applications import application_checks
from pipeline.checks.catalogue import CATALOGUE, RULE_VERSIONS
from pipeline.checks.cells import cell_checks
from pipeline.checks.narrative import narrative_checks
from pipeline.checks.review import review_checks
from pipeline.checks.structure import structure_checks
from pipeline.evidence import Evidence
from pipeline.model import Check, Report
from pipeline.prose import read_prose

__all__ = ["CATALOGUE", "RULE_VERSIONS", "run_checks"]


def run_checks(report: Report, evidence: Evidence) -> list[Check]:
    """Every check instance that applies to one report; table checks skip legacy reports."""
    prose = evidence.prose if evidence.prose is not None else read_prose(evidence.document)
    checks: list[Check] = []
    if report.format != "legacy":
        for family in (cell_checks, application_checks, review_checks, active_checks):
            checks += family(report, evidence)
        _flag_ocr_reviews(checks, evidence)
    checks += narrative_checks(report, evidence, prose)
    checks += structure_checks(report, evidence, prose)
    return checks


#: the table each arithmetic family reads
_FAMILY_TABLE = {"T3": "applications", "T4": "review_litigation", "T2": "active_disclosure"}


def _flag_ocr_reviews(checks: list[Check], evidence: Evidence) -> None:
    """A failing identity on an OCR'd table is more often a misread digit than a printed error:
    say so in the message (the status stays what the numbers say)."""
    review = {f.table_id for f in evidence.tables if f.needs_review}
    for check in checks:
        if check.status == "fail" and _FAMILY_TABLE.get(check.id[:2]) in review:
            check.message += " (table read by OCR: check the picture)"
