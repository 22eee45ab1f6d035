"""The seeds and the JSON schema are copied into the package; the copies must not drift."""

from __future__ import annotations

import pytest

from tests.conftest import SCHEMA_PATH, SEEDS_DIR, SHARED

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="shared/ is not beside the clone")


def test_schema_copy_is_identical():
    assert SCHEMA_PATH.read_bytes() == (SHARED / "spec" / "extract.schema.json").read_bytes()


def test_seed_copies_are_identical():
    shared = sorted((SHARED / "seeds").glob("*.txt"))
    assert [p.name for p in shared] == sorted(p.name for p in SEEDS_DIR.glob("*.txt"))
    for path in shared:
        assert (SEEDS_DIR / path.name).read_bytes() == path.read_bytes()


def test_seed_expectations_copy_matches_the_format_doc():
    """tests/replica/seed_expectations.json is report-format.md §8 as data; refresh it with
    ``python -m tests.replica.format_doc ../shared/docs/report-format.md``."""
    from tests.replica.format_doc import expectations_from_doc, load_expectations

    doc = (SHARED / "docs" / "report-format.md").read_text(encoding="utf-8")
    assert load_expectations() == expectations_from_doc(doc)
