"""Generated reports printed by the real /usr/bin/chromium into a fresh cache, so a test reads
what this Chromium prints now and never a PDF cached by an earlier renderer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from replica.render.chromium_pdf import CHROMIUM, render_chromium_pdfs


def print_in_fresh_cache(jobs: list, folder: Path) -> list[bytes]:
    """The PDFs of ``[(spec, style)]``, in one Chromium process, cached under ``folder``."""
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is required by these tests (Debian package chromium)")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XXGK_REPLICA_CACHE", str(folder))
        return render_chromium_pdfs(jobs)
