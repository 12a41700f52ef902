"""The step's watchdog and the stage's last look: a step is stopped once it is past its timeout and its page stops
answering or keeps redirecting, and in any case at its limit; a stage whose last step loaded a page is watched
until the page is quiet, so a redirect loop it led into is caught on that stage."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Awaitable

from ..results import StepError
from .deadlines import Budget
from .signals import LOOP_WINDOW_S, PageSignals
from .stuck import PageHealth, redirect_loop_error, unresponsive_error, why_stuck

LAST_LOOK_S = 1.0  # past its limit, a stopped step's last wait for the page's answer and why it stopped
QUIET_S = 0.75  # a stage whose page loaded another page less than this ago is watched until it is quiet this long


class StepStopped(Exception):
    """The watchdog stopped a step: its page stopped responding, kept redirecting, or the step overran its limit."""

    def __init__(self, error: StepError) -> None:
        super().__init__(error.message)
        self.error = error


async def watch_step(action: Awaitable[Any], timeout_s: float, limit_s: float, started: float, signals: PageSignals,
                     health: PageHealth) -> Any:
    """Run a step's action; once past `timeout_s` it is stopped (StepStopped, with the cause) as soon as the page
    stops answering or keeps redirecting, and in any case `limit_s` after `started` — the last look at why it
    stopped then takes at most LAST_LOOK_S more."""
    task = asyncio.ensure_future(action)
    last_look = started + limit_s + LAST_LOOK_S  # the page's last answer, and why the step stopped, are read by then
    try:
        await asyncio.wait({task}, timeout=timeout_s)
        while not task.done():
            answered = asyncio.ensure_future(health.responds())
            await asyncio.wait({task, answered}, timeout=max(0.0, last_look - time.perf_counter()),
                               return_when=asyncio.FIRST_COMPLETED)
            if task.done():
                answered.cancel()
                break
            if answered.done() and not answered.result():
                raise StepStopped(unresponsive_error(health.stuck_for()))
            loop = signals.redirect_loop()
            if loop is not None:
                raise StepStopped(redirect_loop_error(loop))
            left = limit_s - (time.perf_counter() - started)
            if left <= 0:
                answered.cancel()  # the read itself stays out (PageHealth keeps it): only this wait for it ends
                look = Budget(max(0.0, last_look - time.perf_counter()))
                raise StepStopped(await why_stuck(signals, health, started, timeout_s, look) or
                                  StepError(kind="timeout", message=f"the step did not finish within {limit_s:.0f} s "
                                                                    f"(its time limit is {timeout_s:g} s): the walk "
                                                                    "stopped it"))
            await asyncio.wait({task}, timeout=min(1.0, left))
        return task.result()
    finally:
        if not task.done():
            task.cancel()
            await asyncio.wait({task}, timeout=1)


async def settle(signals: PageSignals, step_began: float) -> dict[str, Any] | None:
    """After a stage's last step, if it loaded a page: wait while the page goes on loading pages, until it is quiet
    (its last page finished loading, and no page load for twice the longest gap between its loads, at least
    QUIET_S). The redirect loop it is in, if it is one — a slow one too: a page still not quiet after LOOP_WINDOW_S
    that came back to an address it had loaded. A page that sends the shopper on before it loads is never quiet,
    however slowly a busy machine gets to its next page."""
    if not signals.loads_since(step_began):
        return None  # the step loaded no page: nothing to settle
    deadline = time.perf_counter() + LOOP_WINDOW_S
    while True:
        loop = signals.redirect_loop()
        if loop is None and time.perf_counter() >= deadline:
            return signals.circling_since(step_began)
        if loop is not None:
            return loop
        if signals.page_finished() and signals.last_load_age() >= max(QUIET_S, 2 * signals.load_gaps(step_began)):
            return None
        await asyncio.sleep(0.1)
