"""What the page does on its own: console, errors, requests, dialogs, navigations and what changed on screen, tagged
by step.

The walker reads these to tell whether a click did anything a shopper notices, whether the page keeps redirecting and
whether the server answered the page it asked for; the friction detectors read the log. Dialogs (alert, confirm,
prompt, beforeunload) are recorded with their words and answered so the walk goes on. The log keeps at most
MAX_ENTRIES of each kind and counts the rest under `dropped`, so a page that logs without end cannot grow the evidence
without end.
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
MAX_ENTRIES = 500
# A redirect loop, HTTP or JavaScript: this many page loads of the main frame within this long, to at most half as
# many addresses (A → B → A → B…, or A → A…).
LOOP_LOADS = 6
LOOP_WINDOW_S = 3.0


class PageSignals:
    """Listens to one page for the whole journey; `step` says which step events belong to."""

    def __init__(self, page: Page, clock_start: float) -> None:
        self.page = page
        self.clock_start = clock_start
        self.step: tuple[int, int] | None = None
        self.requests = 0
        self.navigations = 0
        self._recent: deque[tuple[int, dict[str, str]]] = deque(maxlen=64)  # (count, request) of the latest requests
        self.log: dict[str, Any] = {
            "console": [], "page_errors": [], "failed_requests": [], "http_errors": [], "dialogs": [], "loaded": [],
            "redirect_loops": [], "dropped": {},
        }
        self._loads: deque[tuple[float, str, tuple[int, int] | None]] = deque(maxlen=64)  # the main frame's page loads
        self._loop: dict[str, Any] | None = None  # the latest redirect loop, an entry of log["redirect_loops"]
        self._loop_began = self._loop_last = 0.0
        self._document: Request | None = None  # the page the main frame asked for last
        self._document_answered = True
        self._document_asked = 0.0
        self._loaded: Request | None = None  # the last page the main frame asked for whose load event came
        self._document_failed = False  # the page the main frame asked for last failed (refused, aborted…)
        page.on("console", self._on_console)
        page.on("load", self._on_load)
        page.on("pageerror", self._on_page_error)
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        page.on("framenavigated", self._on_navigated)
        page.on("dialog", self._on_dialog)

    def _now(self) -> float:
        return round((time.perf_counter() - self.clock_start) * 1000, 1)

    def _record(self, kind: str, entry: dict[str, Any]) -> None:
        if len(self.log[kind]) >= MAX_ENTRIES:
            self.log["dropped"][kind] = self.log["dropped"].get(kind, 0) + 1
            return
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
        try:
            loads_page = request.is_navigation_request() and request.frame == self.page.main_frame
        except Exception:  # a request without a frame (a service worker's)
            loads_page = False
        if loads_page:
            self._document, self._document_answered, self._document_asked = request, False, time.perf_counter()
            self._document_failed = False
            self._loads.append((self._document_asked, request.url, self.step))
            self._follow_loop()

    def _follow_loop(self) -> None:
        """Keep the redirect loop under way, if the latest page loads make one, as evidence: where it began (the
        step during which its first load was asked for), the addresses it goes round and how often."""
        now = self._loads[-1][0]
        recent = [url for t, url, _ in self._loads if now - t <= LOOP_WINDOW_S]
        again = {url for url in recent if recent.count(url) > 1}  # the addresses it comes back to
        going_round = [url for url in recent if url in again]
        if len(going_round) < LOOP_LOADS or len(again) * 2 > len(going_round):
            return
        if self._loop is not None and now - self._loop_last <= LOOP_WINDOW_S:
            self._loop["loads"] += 1
            self._loop["urls"] = list(dict.fromkeys(self._loop["urls"] + going_round))[:5]
            self._loop_last = now
            self._loop["over_ms"] = round((now - self._loop_began) * 1000, 1)
            return
        self._begin_loop(self._first_of_circle(again, len(self._loads) - 1))

    def _first_of_circle(self, again: set[str], last: int) -> int:
        """Where the loop began: going back from `last`, the first of the page loads that all go to addresses it
        comes back to (`again`)."""
        while last > 0 and self._loads[last][1] not in again:
            last -= 1
        first = last
        while first > 0 and self._loads[first - 1][1] in again:
            first -= 1
        return first

    def _begin_loop(self, first: int) -> dict[str, Any]:
        """Record a redirect loop made of the page loads from `first` (an index into the recent loads) on."""
        loads = list(self._loads)[first:]
        if self._loop is not None and loads[0][0] <= self._loop_last:  # the same loop, after a pause: one entry
            new_loads = sum(1 for t, _, _ in loads if t > self._loop_last)
            self._loop_last = loads[-1][0]
            self._loop.update(urls=list(dict.fromkeys(self._loop["urls"] + [url for _, url, _ in loads]))[:5],
                              loads=self._loop["loads"] + new_loads,
                              over_ms=round((self._loop_last - self._loop_began) * 1000, 1))
            return self._loop
        self._loop_began, _, where = loads[0]
        self._loop_last = loads[-1][0]
        stage, step = where if where else (None, None)
        self._loop = {"urls": list(dict.fromkeys(url for _, url, _ in loads))[:5], "loads": len(loads), "stage": stage,
                      "step": step, "t_ms": round((self._loop_began - self.clock_start) * 1000, 1),
                      "over_ms": round((self._loop_last - self._loop_began) * 1000, 1)}
        self.log["redirect_loops"].append(self._loop)
        return self._loop

    def circling_since(self, since: float) -> dict[str, Any] | None:
        """A slower loop than `redirect_loop` sees, for a page that would not settle: since `since` (a perf_counter
        time) the main frame asked for three pages or more and one address came back. Recorded as a redirect loop."""
        first = next((i for i, load in enumerate(self._loads) if load[0] >= since), None)
        if first is None:
            return None
        urls = [url for _, url, _ in list(self._loads)[first:]]
        again = {url for url in urls if urls.count(url) > 1}
        if len(urls) < 3 or not again:
            return None
        if self._loop is not None and self._loop_began >= since:
            return self._loop
        while self._loads[first][1] not in again:
            first += 1
        return self._begin_loop(first)

    def loads_since(self, since: float) -> int:
        """How many pages the main frame asked for since `since` (a perf_counter time)."""
        return sum(1 for t, _, _ in self._loads if t >= since)

    def load_gaps(self, since: float) -> float:
        """The longest time between two page loads asked for since `since` (0 with fewer than two)."""
        times = [t for t, _, _ in self._loads if t >= since]
        return max((b - a for a, b in zip(times, times[1:])), default=0.0)

    @property
    def latest_loop(self) -> dict[str, Any] | None:
        """The last redirect loop seen, over or not."""
        return self._loop

    def redirect_loop(self, within_s: float = LOOP_WINDOW_S) -> dict[str, Any] | None:
        """The redirect loop going on (a page load of it less than `within_s` ago), if there is one."""
        if self._loop is not None and time.perf_counter() - self._loop_last <= within_s:
            return self._loop
        return None

    def last_load_age(self) -> float:
        """Seconds since the main frame last asked for a page (infinity: never)."""
        return time.perf_counter() - self._loads[-1][0] if self._loads else float("inf")

    def _on_load(self, page: Page) -> None:
        self._loaded = self._document

    def page_finished(self) -> bool:
        """Whether the page the main frame asked for last has finished: its load event came, or it failed. A page
        whose script sends the shopper on before it loads (a JavaScript redirect) never finishes."""
        return self._document is None or self._loaded is self._document or self._document_failed

    def unloaded_page(self, since: float) -> str | None:
        """The page the main frame asked for after `since` (a perf_counter time) that answered but never finished
        loading, if there is one."""
        if self._document is None or self._document_asked < since or not self._document_answered:
            return None
        return None if self._loaded is self._document else self._document.url

    def unanswered_page(self) -> tuple[str, float] | None:
        """The page the main frame asked for last, and for how many seconds, when no answer (not even the
        response's headers) has come back."""
        if self._document is None or self._document_answered:
            return None
        return self._document.url, time.perf_counter() - self._document_asked

    def _on_dialog(self, dialog: Dialog) -> None:
        """Answered at once, as a shopper would to get on — an alert, confirm or prompt dismissed, a "leave this
        page?" accepted — and recorded, since the page stood still until it was."""
        leaving = dialog.type == "beforeunload"
        self._record("dialogs", {"type": dialog.type, "message": dialog.message[:2000], "url": self.page.url,
                                 "answer": "accepted" if leaving else "dismissed"})
        answered = dialog.accept() if leaving else dialog.dismiss()
        asyncio.ensure_future(answered).add_done_callback(lambda done: done.exception())  # a closed page: no matter

    def _on_request_failed(self, request: Request) -> None:
        if request is self._document:
            self._document_answered = self._document_failed = True  # in its own words (refused, too many redirects)
        if request.failure == BLOCKED_FAILURE:
            return  # a tracker the walk blocked on purpose, kept under `safety` in the evidence
        self._record("failed_requests", {"url": request.url, "method": request.method,
                                         "resource_type": request.resource_type, "failure": request.failure})

    def _on_response(self, response: Response) -> None:
        request = response.request
        if request is self._document:
            self._document_answered = True
        if response.status >= 400:
            self._record("http_errors", {"url": response.url, "method": request.method, "status": response.status,
                                         "resource_type": request.resource_type})
        elif request.resource_type in LOADED_KINDS:
            self._record("loaded", {"url": response.url[:500], "resource_type": request.resource_type})

    def _on_navigated(self, frame: Frame) -> None:
        if frame == self.page.main_frame:
            self.navigations += 1

    async def _view(self, forget_interactions: bool = False) -> dict[str, Any] | None:
        """What the shopper sees of the page; None while the document is being replaced (a navigation is under way)
        or when the page is too busy to answer within the click's response window. `forget_interactions`: in the
        same call, forget the interactions so far (hover, earlier fills), so only the coming click's paint is read."""
        view = "window.__wtView ? window.__wtView() : null"
        try:
            return await probe.evaluate(self.page, f"((window.__wtEvents || []).splice(0), {view})"
                                        if forget_interactions else view, timeout_s=CLICK_RESPONSE_WINDOW_MS / 1000)
        except Exception:
            return None

    async def paint_after_click(self) -> float | None:
        """The longest Event Timing duration of the click's pointer events: input to next paint, in ms."""
        deadline = time.perf_counter() + PAINT_WAIT_MS / 1000
        while time.perf_counter() < deadline:
            try:
                entries = await probe.evaluate(self.page, "(window.__wtEvents || []).splice(0)",
                                               timeout_s=PAINT_WAIT_MS / 1000)
            except Exception:
                return None  # the click led to another page (its speed is page speed's business), or no paint came
            durations = [e["duration"] for e in entries if e["name"] in ("pointerdown", "pointerup", "click")]
            if durations:
                return round(max(durations), 1)
            await asyncio.sleep(0.05)
        return None

    async def snapshot(self, forget_interactions: bool = False) -> tuple[int, int, dict[str, Any] | None]:
        """Where the page stands before an action: requests and navigations so far, and what the shopper sees (and,
        `forget_interactions`, the interactions before it are forgotten: see `_view`)."""
        return self.requests, self.navigations, await self._view(forget_interactions)

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
                                                         ": ['navigation', 0]", view,
                                              timeout_s=CLICK_RESPONSE_WINDOW_MS / 1000) if view is not None else None
            except probe.ProbeTimeout:
                change = None  # a page too busy to answer has not visibly reacted yet
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
