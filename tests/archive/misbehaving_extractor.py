"""An extractor module (importable by worker processes) whose documents misbehave the ways
real readers and libraries do: CPU without end, an exception swallowed by a C library, memory
without end, a crash of the process. Any other body is read like tests.archive.conftest's JSON."""

from __future__ import annotations

import os
import signal
import time

from tests.archive.conftest import ExtractError, json_extractor

EXTRACTOR_VERSION = "misbehaving-1"
_json = json_extractor(EXTRACTOR_VERSION)


def _burn(seconds: float) -> None:
    end = time.process_time() + seconds
    x = 0
    while time.process_time() < end:
        x += 1


def extract_bytes(data: bytes, **kw):
    if data.startswith(b"BURN"):
        _burn(600)
    elif data.startswith(b"SWALLOW"):  # like a library that catches every exception
        end = time.monotonic() + 120
        while time.monotonic() < end:
            try:
                _burn(600)
            except BaseException:  # noqa: BLE001
                continue
    elif data.startswith(b"HOG"):
        hoard = []
        for _ in range(60):  # 3 GB at most: the worker must be stopped long before
            hoard.append(bytearray(b"x" * (50 * 2**20)))
            time.sleep(0.1)
    elif data.startswith(b"CRASH"):
        os.kill(os.getpid(), signal.SIGSEGV)
    elif data.startswith(b"RAISE"):
        import zlib

        zlib.decompress(b"not deflate")
    return _json.extract_bytes(data, **{k: v for k, v in kw.items()
                                        if k in ("url", "page_meta", "image_resolver",
                                                 "agency_context")})


__all__ = ["EXTRACTOR_VERSION", "ExtractError", "extract_bytes"]
