"""Format readers: bytes → ``pipeline.document.Document``; ``detect`` picks one by content."""

from __future__ import annotations


class ReadError(Exception):
    """The content cannot be read; ``str(e)`` is a one-line reason (no file name)."""
