"""What the page does on its own: console, errors, requests, navigations and DOM changes, tagged by step.

The walker reads these to tell whether a click did anything; the friction detectors read the log.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from playwright.async_api import ConsoleMessage, Frame, Page, Request, Response

from ..gather import probe
from ..safety import BLOCKED_FAILURE

# Counts DOM changes in every document, so a click that changes nothing can be told apart.
MUTATION_COUNTER = """
(() => {
  window.__wtMutations = 0;
  const start = () => new MutationObserver((records) => { window.__wtMutations += records.length; })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
  // Event Timing: how long after an interaction the next frame was painted (what the shopper sees).
  window.__wtEvents = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.interactionId) window.__wtEvents.push({name: e.name, duration: e.duration, start: e.startTime});
      }
    }).observe({type: 'event', durationThreshold: 16, buffered: true});
  } catch (error) { /* a browser without Event Timing: no paint times */ }
})();
"""
CLICK_RESPONSE_WINDOW_MS = 1000
PAINT_WAIT_MS = 300  # Event Timing entries arrive a frame or two after the paint


class PageSignals:
    """Listens to one page for the whole journey; `step` says which step events belong to."""

    def __init__(self, page: Page, clock_start: float) -> None:
        self.page = page
        self.clock_start = clock_start
        self.step: tuple[int, int] | None = None
        self.requests = 0
        self.navigations = 0
        self.log: dict[str, list[dict[str, Any]]] = {
            "console": [], "page_errors": [], "failed_requests": [], "http_errors": []
        }
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        page.on("framenavigated", self._on_navigated)

    def _now(self) -> float:
        return round((time.perf_counter() - self.clock_start) * 1000, 1)

    def _record(self, kind: str, entry: dict[str, Any]) -> None:
        stage, step = self.step if self.step else (None, None)
        self.log[kind].append({**entry, "stage": stage, "step": step, "t_ms": self._now()})

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            location = message.location or {}
            self._record("console", {"type": message.type, "text": message.text[:2000],
                                     "url": location.get("url"), "line": location.get("lineNumber")})

    def _on_page_error(self, error: Exception) -> None:
        self._record("page_errors", {"message": str(error)[:2000]})

    def _on_request(self, request: Request) -> None:
        self.requests += 1

    def _on_request_failed(self, request: Request) -> None:
        if request.failure == BLOCKED_FAILURE:
            return  # a tracker the walk blocked on purpose, kept under `safety` in the evidence
        self._record("failed_requests", {"url": request.url, "method": request.method,
                                         "resource_type": request.resource_type, "failure": request.failure})

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            request = response.request
            self._record("http_errors", {"url": response.url, "method": request.method, "status": response.status,
                                         "resource_type": request.resource_type})

    def _on_navigated(self, frame: Frame) -> None:
        if frame == self.page.main_frame:
            self.navigations += 1

    async def _mutations(self) -> int | None:
        try:
            return await probe.evaluate(self.page, "window.__wtMutations || 0")
        except Exception:
            return None  # the document is being replaced: a navigation is under way

    async def paint_after_click(self) -> float | None:
        """The longest Event Timing duration of the click's pointer events: input to next paint, in ms."""
        deadline = time.perf_counter() + PAINT_WAIT_MS / 1000
        while time.perf_counter() < deadline:
            try:
                entries = await probe.evaluate(self.page, "(window.__wtEvents || []).splice(0)")
            except Exception:
                return None  # the click led to another page: its speed is page speed's business
            durations = [e["duration"] for e in entries if e["name"] in ("pointerdown", "pointerup", "click")]
            if durations:
                return round(max(durations), 1)
            await asyncio.sleep(0.05)
        return None

    async def paint_after_click_reset(self) -> None:
        """Forget interactions before this click (hover, earlier fills) so only the click's paint is read."""
        try:
            await probe.evaluate(self.page, "(window.__wtEvents || []).splice(0)")
        except Exception:
            pass

    async def snapshot(self) -> tuple[int, int, int | None]:
        return self.requests, self.navigations, await self._mutations()

    async def wait_for_response(self, before: tuple[int, int, int | None]) -> dict[str, Any] | None:
        """Whether the page visibly reacted within a second (navigation, request or DOM change), and how fast."""
        requests, navigations, mutations = before
        started = time.perf_counter()
        while (elapsed := (time.perf_counter() - started) * 1000) <= CLICK_RESPONSE_WINDOW_MS:
            if self.navigations != navigations:
                return {"kind": "navigation", "after_ms": round(elapsed, 1)}
            if self.requests != requests:
                return {"kind": "request", "after_ms": round(elapsed, 1)}
            now = await self._mutations()
            if now is None:
                return {"kind": "navigation", "after_ms": round(elapsed, 1)}
            if mutations is not None and now != mutations:
                return {"kind": "dom", "after_ms": round(elapsed, 1)}
            await asyncio.sleep(0.05)
        return None
