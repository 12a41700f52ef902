"""What the page does on its own: console, errors, requests, dialogs, navigations and what changed on screen, tagged
by step.

The walker reads these to tell whether a click did anything a shopper notices; the friction detectors read the log.
Dialogs (alert, confirm, prompt, beforeunload) are recorded with their words and answered so the walk goes on.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from importlib import resources
from typing import Any

from playwright.async_api import ConsoleMessage, Dialog, Frame, Page, Request, Response

from ..gather import probe
from ..safety import BLOCKED_FAILURE

# What the walker watches in every document: DOM changes, what the shopper sees of the page, Event Timing.
PAGE_WATCH = resources.files(__package__).joinpath("js/page_watch.js").read_text(encoding="utf-8")
CLICK_RESPONSE_WINDOW_MS = 1000
LOADED_KINDS = ("script", "stylesheet", "font")  # files received, so a page that fell back to its own copy shows
PAINT_WAIT_MS = 300  # Event Timing entries arrive a frame or two after the paint


class PageSignals:
    """Listens to one page for the whole journey; `step` says which step events belong to."""

    def __init__(self, page: Page, clock_start: float) -> None:
        self.page = page
        self.clock_start = clock_start
        self.step: tuple[int, int] | None = None
        self.requests = 0
        self.navigations = 0
        self._recent: deque[tuple[int, dict[str, str]]] = deque(maxlen=64)  # (count, request) of the latest requests
        self.log: dict[str, list[dict[str, Any]]] = {
            "console": [], "page_errors": [], "failed_requests": [], "http_errors": [], "dialogs": [], "loaded": []
        }
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        page.on("framenavigated", self._on_navigated)
        page.on("dialog", self._on_dialog)

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
        self._recent.append((self.requests, {"url": request.url[:500], "method": request.method,
                                             "resource_type": request.resource_type}))

    def _on_dialog(self, dialog: Dialog) -> None:
        """Answered at once, as a shopper would to get on — an alert, confirm or prompt dismissed, a "leave this
        page?" accepted — and recorded, since the page stood still until it was."""
        leaving = dialog.type == "beforeunload"
        self._record("dialogs", {"type": dialog.type, "message": dialog.message[:2000], "url": self.page.url,
                                 "answer": "accepted" if leaving else "dismissed"})
        answered = dialog.accept() if leaving else dialog.dismiss()
        asyncio.ensure_future(answered).add_done_callback(lambda done: done.exception())  # a closed page: no matter

    def _on_request_failed(self, request: Request) -> None:
        if request.failure == BLOCKED_FAILURE:
            return  # a tracker the walk blocked on purpose, kept under `safety` in the evidence
        self._record("failed_requests", {"url": request.url, "method": request.method,
                                         "resource_type": request.resource_type, "failure": request.failure})

    def _on_response(self, response: Response) -> None:
        request = response.request
        if response.status >= 400:
            self._record("http_errors", {"url": response.url, "method": request.method, "status": response.status,
                                         "resource_type": request.resource_type})
        elif request.resource_type in LOADED_KINDS:
            self._record("loaded", {"url": response.url[:500], "resource_type": request.resource_type})

    def _on_navigated(self, frame: Frame) -> None:
        if frame == self.page.main_frame:
            self.navigations += 1

    async def _view(self) -> dict[str, Any] | None:
        try:
            return await probe.evaluate(self.page, "window.__wtView ? window.__wtView() : null")
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

    async def snapshot(self) -> tuple[int, int, dict[str, Any] | None]:
        """Where the page stands before an action: requests and navigations so far, and what the shopper sees."""
        return self.requests, self.navigations, await self._view()

    def _first_request_since(self, count: int) -> dict[str, str] | None:
        return next((request for seen, request in self._recent if seen > count), None)

    async def wait_for_response(self, before: tuple[int, int, dict[str, Any] | None]) -> dict[str, Any] | None:
        """How the page answered within a second, by what a shopper notices: a new page, or visible text, elements
        shown or hidden, boxes moved, the focus or the scroll position; a request alone (nothing visible followed
        within the window) is `request`; None: nothing at all. Returned at the first visible change."""
        requests, navigations, view = before
        started = time.perf_counter()
        request: dict[str, Any] | None = None
        while (elapsed := (time.perf_counter() - started) * 1000) <= CLICK_RESPONSE_WINDOW_MS:
            if self.navigations != navigations:
                return self._response("navigation", elapsed, request or self._first_request_since(requests))
            if request is None and self.requests != requests:
                request = {"after_ms": round(elapsed, 1), **(self._first_request_since(requests) or {})}
            try:
                change = await probe.evaluate(self.page, "(before) => window.__wtChanged ? window.__wtChanged(before) "
                                                         ": ['navigation', 0]", view) if view is not None else None
            except Exception:
                change = ["navigation", 0]  # the document went away under the probe
            if change:
                kind, ago_ms = change
                # when the change happened, not when the poll saw it: the polling's own delay is the tool's
                after = max(0.0, (time.perf_counter() - started) * 1000 - ago_ms)
                return self._response(kind, after, request)
            await asyncio.sleep(0.05)
        if request is not None:
            return self._response("request", request.pop("after_ms"), request)
        return None

    @staticmethod
    def _response(kind: str, after_ms: float, request: dict[str, Any] | None) -> dict[str, Any]:
        response: dict[str, Any] = {"kind": kind, "after_ms": round(after_ms, 1)}
        if request and request.get("url"):
            response["request"] = {key: request[key] for key in ("url", "method", "resource_type")}
        return response
