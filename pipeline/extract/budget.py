"""The CPU-time budget of one extraction.

Measured in CPU time of this process (all its threads, ``ITIMER_PROF``), not wall time: on a
busy machine a document is slowed down, not failed; a hung one is still stopped. The timer
re-fires every CPU second after the first, in case a reader or a C extension (onnxruntime
re-wraps exceptions raised while it runs) swallows the first one; ``fired()`` tells the
extraction boundary that the budget, not the document, ended it.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator


class BudgetExceeded(Exception):
    pass


_fired: list[float] = []


def fired() -> float | None:
    """The budget (seconds) that fired during the running or last extraction, else None."""
    return _fired[-1] if _fired else None


def budget_message(name: str, seconds: float | None) -> str:
    return f"{name}: stopped after {seconds or 0:g} s of CPU time (the extraction time budget)"


@contextlib.contextmanager
def cpu_time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``BudgetExceeded`` once the block used ``seconds`` of CPU time. Only in the main
    thread (signals); elsewhere, and for ``None``/0, unbounded."""
    _fired.clear()
    if not seconds or threading.current_thread() is not threading.main_thread() or \
            not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        if not _fired:
            _fired.append(seconds)
        raise BudgetExceeded(seconds)

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
