"""A progress bar on stderr for long reports: histories replayed, of how many, how fast."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30
EVERY_SECONDS = 0.2


class Progress:
    """Draws `[#####.....] 45% 4,500/10,000 histories, 1,234/s` on one line, redrawn at most
    every `EVERY_SECONDS`; silent when `enabled` is false (stderr is not a terminal)."""

    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None) -> None:
        self.total = total
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.done = 0
        self._started = time.monotonic()
        self._drawn = 0.0

    def advance(self, histories: int) -> None:
        self.done += histories
        now = time.monotonic()
        if self.enabled and now - self._drawn >= EVERY_SECONDS:
            self._drawn = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        share = min(1.0, self.done / self.total) if self.total else 1.0
        filled = round(share * WIDTH)
        rate = self.done / max(now - self._started, 1e-9)
        self.stream.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {share:4.0%} "
                          f"{self.done:,}/{self.total:,} histories, {rate:,.0f}/s")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()
