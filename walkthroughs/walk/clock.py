"""A step's stopwatch for the shop's time: it runs while the shopper acts and the page responds, and is paused while
the tool works — probes, hit tests, read-backs, the waits it chooses — so only the shop's time lands in durations and
budgets."""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator


class StepClock:
    """Started as the step begins. `with clock.tool():` marks the tool's own work (nested sections count once);
    `clock.shop_part(ms)` gives back the part of a tool section that was the shop's (a click's response, seen while
    the tool polled for it)."""

    def __init__(self) -> None:
        self._started = time.perf_counter()
        self._tool_s = 0.0
        self._depth = 0
        self._since = 0.0

    @contextmanager
    def tool(self) -> Iterator[None]:
        if self._depth == 0:
            self._since = time.perf_counter()
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._tool_s += time.perf_counter() - self._since

    def shop_part(self, ms: float | None) -> None:
        if ms:
            self._tool_s = max(0.0, self._tool_s - ms / 1000)

    @property
    def tool_ms(self) -> float:
        return round(self._tool_s * 1000, 1)

    @property
    def shop_ms(self) -> float:
        """The time since the step began, less the tool's."""
        return round(max(0.0, time.perf_counter() - self._started - self._tool_s) * 1000, 1)
