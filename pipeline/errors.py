"""The one exception the extraction stages raise for expected bad input."""

from __future__ import annotations


class ExtractError(Exception):
    """A file that cannot be read for a known reason. ``str(exc)`` is a one-line message naming
    the file and the reason; callers print it instead of a traceback and go on with the next file."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}" if name else reason)
