"""Why a step ran out of time when the element was not the reason: the page stopped responding (a script kept its
main thread busy), the server took the request and sent nothing back, or the page kept redirecting.

The walker records the cause as the step's error, in words, with a kind the detectors group on; it judges nothing.
"""

from __future__ import annotations

import asyncio
import os
import time
from urllib.parse import urlsplit

from playwright.async_api import Page

from ..gather import probe
from ..results import StepError
from .deadlines import UNRESPONSIVE_S, Budget
from .signals import PageSignals

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy")


class PageHealth:
    """Whether the page's main thread still answers. One trivial read is out at a time, and how long it has been
    out counts: a read sent during a screenshot that timed out still counts when the next step asks."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self._read: asyncio.Task | None = None
        self._sent = 0.0

    def stuck_for(self) -> float:
        """Seconds the page has left a trivial read unanswered (0 when it answered the last one)."""
        return time.perf_counter() - self._sent if self._read is not None and not self._read.done() else 0.0

    @property
    def stuck(self) -> bool:
        return self.stuck_for() >= UNRESPONSIVE_S

    async def responds(self, within_s: float = UNRESPONSIVE_S) -> bool:
        """False when the page has not answered a trivial read `within_s` seconds after it was sent. A page that
        is navigating or closed answers with an error, which counts as an answer: it is not busy."""
        if self._read is None or self._read.done():
            self._read = asyncio.ensure_future(probe.evaluate(self.page, "1", timeout_s=60))
            self._read.add_done_callback(lambda task: task.cancelled() or task.exception())  # read, never raised
            self._sent = time.perf_counter()
        left = within_s - (time.perf_counter() - self._sent)
        if left > 0:
            await asyncio.wait({self._read}, timeout=left)
        return self._read.done()

    def close(self) -> None:
        if self._read is not None:
            self._read.cancel()


def _place(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _loop_words(loop: dict) -> str:
    places = [_place(url) for url in loop["urls"]]
    circle = " → ".join(places + [places[0]]) if len(places) > 1 else f"{places[0]} → {places[0]}"
    over = loop.get("over_ms") or 0
    return (f"the page kept redirecting, {circle} … ({loop['loads']} page loads in {over / 1000:.1f} s): a redirect "
            "loop, the shopper never gets a page")


def redirect_loop_error(loop: dict) -> StepError:
    return StepError(kind="redirect_loop", message=_loop_words(loop),
                     detail="addresses: " + ", ".join(loop["urls"]))


def unresponsive_error(seconds: float) -> StepError:
    return StepError(kind="unresponsive", message="the page stopped responding: a script or its rendering kept the "
                                                  f"main thread busy (no answer for {seconds:.0f} s)")


async def _accepts_connections(url: str) -> bool | None:
    """Whether the server takes a TCP connection (None: cannot tell from here, e.g. through a proxy)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or any(os.environ.get(name) for name in PROXY_VARIABLES):
        return None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(parts.hostname, port), 1.5)
    except (OSError, asyncio.TimeoutError):
        return False
    writer.close()
    return True


async def no_answer_error(url: str, seconds: float) -> StepError:
    accepts = await _accepts_connections(url)
    host = urlsplit(url).netloc
    if accepts:
        message = f"the server accepted the connection and sent nothing for {seconds:.0f} s"
    elif accepts is False:
        message = f"the server at {host} could not be reached for {seconds:.0f} s"
    else:
        message = f"the server sent nothing for {seconds:.0f} s"
    return StepError(kind="no_answer", message=f"{message} (asked for {_place(url)})", detail=f"address: {url}")


async def why_stuck(signals: PageSignals, health: PageHealth, step_started: float, timeout_s: float,
                    budget: Budget) -> StepError | None:
    """The cause of a failed step, when it is one of these, found within `budget`; None leaves it to the element's
    diagnosis."""
    loop = signals.redirect_loop()
    if loop is not None:
        return redirect_loop_error(loop)
    waiting = signals.unanswered_page()
    if waiting is not None and waiting[1] >= 1.0:
        return await no_answer_error(*waiting)
    if not await health.responds(min(UNRESPONSIVE_S, budget.left())) and health.stuck:
        return unresponsive_error(health.stuck_for())  # only a page silent for UNRESPONSIVE_S is said to be stuck
    loading = signals.unloaded_page(step_started)
    if loading is not None and time.perf_counter() - step_started >= timeout_s:
        return StepError(kind="navigation", message=f"the page {_place(loading)} did not finish loading within "
                                                    f"{timeout_s:g} s", detail=f"address: {loading}")
    return None
