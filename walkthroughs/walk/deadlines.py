"""How long the walker waits for anything, derived from the step timeout: every wait on the page or the browser has
a deadline, so a page or a browser that hangs costs a bounded time, and the walk goes on with what it has.

Playwright's own timeouts are not enough: a screenshot asked to take 3 s gives up after 9 s on a busy page, an
`expect` on a page whose main thread never comes back waits for ever, and `page.content()` waits for a document
that a server which never answers will never send. So the walker puts its own deadline around each of them.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Awaitable, TypeVar

T = TypeVar("T")

STEP_GRACE_S = 5.0  # a step's own work past its timeout: a cover dismissed, the click's response window and one retry
UNRESPONSIVE_S = 5.0  # a page that has not answered a trivial read for this long is stuck (its main thread is busy)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


@dataclass(frozen=True)
class Deadlines:
    """The waits of one journey, in seconds, from its default step timeout (a step's own `timeout` sets its limit)."""

    step_s: float

    @classmethod
    def for_timeout_ms(cls, timeout_ms: float) -> "Deadlines":
        return cls(timeout_ms / 1000)

    def step_limit_s(self, timeout_s: float) -> float:
        """A step still running this long after it began is stopped, whatever it waits for."""
        return timeout_s + STEP_GRACE_S

    @property
    def read_s(self) -> float:
        """One of the walker's own reads of the page: its title, its state, whether a secret shows."""
        return _clamp(self.step_s / 2, 1.5, 5)

    @property
    def capture_s(self) -> float:
        """A screenshot, or the page's HTML."""
        return _clamp(self.step_s / 2, 2, 5)

    @property
    def gather_s(self) -> float:
        """Every gatherer of a stage that passed, together (axe-core, layout, forms…)."""
        return _clamp(self.step_s, 5, 20)

    @property
    def failure_s(self) -> float:
        """Everything read after a step failed, together: why it failed, its picture, the page's HTML, the
        gatherers. Whatever the step timeout: long enough to tell a stuck page, short enough that a failed step's
        stage ends within its timeout + 10 s."""
        return UNRESPONSIVE_S + 0.5

    def after_failure_s(self, timeout_s: float, took_s: float) -> float:
        """What is left for reading after a failed step that took `took_s`: `failure_s`, less what the step ran
        past its timeout (a page that slow gives little more), and at least a second."""
        return max(1.0, self.failure_s - max(0.0, took_s - timeout_s))

    @property
    def browser_s(self) -> float:
        """One call to the browser itself: opening a context, stopping the trace, closing the context (on a busy
        machine these take seconds; only a browser that no longer answers takes this long)."""
        return _clamp(2 * self.step_s, 10, 30)


class Budget:
    """Time shared by several waits: each gets what is left, at most its own limit."""

    def __init__(self, seconds: float) -> None:
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        return max(0.0, self.ends - time.monotonic())

    async def run(self, awaitable: Awaitable[T], limit_s: float | None = None) -> T:
        """Await within what is left (and `limit_s`); raises asyncio.TimeoutError when the time is up."""
        seconds = self.left() if limit_s is None else min(limit_s, self.left())
        if seconds <= 0:
            if asyncio.iscoroutine(awaitable):
                awaitable.close()  # never started: nothing to cancel
            raise asyncio.TimeoutError
        return await asyncio.wait_for(awaitable, seconds)
