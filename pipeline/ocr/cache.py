"""The OCR cache: what a picture reads as, by the picture's sha256, its place in the document
(the locator prefix) and the OCR version (engine, models, our code).

Kept in memory for this process and, once ``configure_cache(dir)`` is called (``xxgk
process``), as one small pickle a picture under ``<cache_dir>/ocr/``, written by rename so
parallel workers never see half a file. A damaged entry is read again from the picture.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from collections import OrderedDict
from pathlib import Path
from typing import Callable

from pipeline.readers.cachefile import store

MEMORY_ENTRIES = 256
_memory: OrderedDict[str, tuple] = OrderedDict()
_dir: list[Path] = []


def configure_cache(cache_dir: str | os.PathLike | None) -> None:
    _dir.clear()
    if cache_dir:
        _dir.append(Path(cache_dir) / "ocr")


@functools.lru_cache(maxsize=1)
def engine_version() -> str:
    try:
        from importlib.metadata import version

        return f"rapidocr-{version('rapidocr')}/onnxruntime-{version('onnxruntime')}"
    except Exception:  # noqa: BLE001 - an unknown version only makes the key more specific
        return "unknown"


def cache_key(data: bytes, prefix: str, ocr_version: str) -> str:
    h = hashlib.sha256(data)
    h.update(f"\0{prefix}\0{ocr_version}\0{engine_version()}".encode())
    return h.hexdigest()


def cached(data: bytes, prefix: str, ocr_version: str, read: Callable[[], tuple]) -> tuple:
    key = cache_key(data, prefix, ocr_version)
    if key in _memory:
        _memory.move_to_end(key)
        return pickle.loads(_memory[key])
    path = _dir[0] / key[:2] / f"{key}.pickle" if _dir else None
    blob = _load(path)
    if blob is None:
        blob = pickle.dumps(read(), protocol=pickle.HIGHEST_PROTOCOL)
        if path is not None:
            store(path, blob)
    _memory[key] = blob
    while len(_memory) > MEMORY_ENTRIES:
        _memory.popitem(last=False)
    return pickle.loads(blob)  # a fresh copy: callers change the blocks (dash folding)


def _load(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        blob = path.read_bytes()
        pickle.loads(blob)
        return blob
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None


