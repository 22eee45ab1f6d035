"""Fixtures of the extraction tests: seed specs and their renderings, the CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def seed_specs(seed_paths):
    from replica.seeds import load_seed
    return {p.stem[:3]: (p, load_seed(p)) for p in seed_paths}


@pytest.fixture(scope="session")
def rendered(seed_specs, tmp_path_factory):
    """Every seed as text (the seed file itself), DOCX and HTML page files on disk."""
    from replica.render.docx import render_docx
    from replica.render.page import render_html_page
    out = tmp_path_factory.mktemp("renderings")
    files = {}
    for key, (path, spec) in seed_specs.items():
        html = render_html_page(spec)
        (out / f"{key}.html").write_bytes(html if isinstance(html, bytes) else html.encode())
        (out / f"{key}.docx").write_bytes(render_docx(spec))
        files[key] = {"text": path, "html": out / f"{key}.html", "docx": out / f"{key}.docx"}
    return files


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """``xxgk extract …`` in a subprocess, from this checkout."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "xxgk", "extract", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)
