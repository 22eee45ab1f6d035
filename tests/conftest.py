"""Fixtures shared by every test area."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: the team's shared folder sits beside the repository (CI clones it there too)
SHARED = REPO.parent / "shared"
SEEDS_DIR = REPO / "replica" / "seeds"
SCHEMA_PATH = REPO / "pipeline" / "schema" / "extract.schema.json"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def extract_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
