"""Generated documentation is current: docs/checks.md's catalogue tables come from the code."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COG = str(Path(sys.executable).with_name("cog"))


def test_checks_md_catalogue_is_generated_from_the_code():
    done = subprocess.run([COG, "--check", "docs/checks.md"], cwd=REPO, capture_output=True,
                          text=True)
    assert done.returncode == 0, f"run `cog -r docs/checks.md`: {done.stdout}{done.stderr}"


def test_a_stale_catalogue_table_is_detected(tmp_path):
    stale = tmp_path / "checks.md"
    text = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    shutil.copy(REPO / "docs" / "checks.md", stale)
    stale.write_text(text.replace("| T3-01 |", "| T3-01 (edited by hand) |"), encoding="utf-8")
    done = subprocess.run([COG, "--check", str(stale)], cwd=REPO, capture_output=True, text=True)
    assert done.returncode != 0
