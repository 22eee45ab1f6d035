"""Files of the extraction caches (OCR results, LibreOffice conversions), keyed by content.

Written then renamed, so a reader never sees half a file and parallel workers never clash; a
cache that cannot be written only costs the work again next time, never the document.
"""

from __future__ import annotations

import os
from pathlib import Path


def store(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass
