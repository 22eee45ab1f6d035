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
