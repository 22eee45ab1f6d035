"""The layers of docs/architecture.md hold: import-linter's contracts in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_pipeline_root_holds_only_its_entry_modules():
    modules = sorted(p.name for p in (REPO / "pipeline").glob("*.py"))
    assert modules == ["__init__.py", "document.py", "evidence.py", "model.py", "template.py"]
