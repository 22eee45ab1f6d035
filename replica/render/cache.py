"""Where rendered files are cached between runs (``$XXGK_REPLICA_CACHE``): LibreOffice
conversions and Chromium prints cost seconds each, so the replica and the tests reuse them."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    return Path(os.environ.get("XXGK_REPLICA_CACHE", Path.home() / ".cache" / "xxgk-archive" / "replica"))
