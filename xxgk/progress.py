"""Progress of a long step, seen by everyone: a bar on a terminal, and otherwise (the demo,
systemd's journal, a log file) one line every few seconds with done/total, rate and ETA."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    """``progress(done, total)``, called as work finishes; ``close()`` prints the last line."""

    def __init__(self, label: str, *, interval: float = 5.0, stream: TextIO | None = None,
                 unit: str = "documents", bar: bool | None = None) -> None:
        self.label, self.interval, self.unit = label, interval, unit
        self.stream = stream or sys.stderr
        self.bar = self.stream.isatty() if bar is None else bar
        self.started = time.monotonic()
        self.last_line = self.started
        self.done = self.total = 0
        self._tqdm = None

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if self.bar:
            self._draw_bar()
        elif self.interval and time.monotonic() - self.last_line >= self.interval:
            self._line()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        eta = f", ETA {duration(left)}" if self.done < self.total and rate else ""
        return (f"{self.label}: {self.done}/{self.total} {self.unit}, {rate:.1f}/s, "
                f"{duration(elapsed)} elapsed{eta}")

    def _line(self) -> None:
        self.last_line = time.monotonic()
        print(self.line(), file=self.stream, flush=True)

    def _draw_bar(self) -> None:
        from tqdm import tqdm

        if self._tqdm is None:
            self._tqdm = tqdm(total=self.total, desc=self.label, unit=" " + self.unit,
                              file=self.stream, dynamic_ncols=True)
        self._tqdm.total = self.total
        self._tqdm.update(self.done - self._tqdm.n)

    def close(self) -> None:
        if self._tqdm is not None:
            self._tqdm.close()
        elif not self.bar and self.total:
            self._line()
