"""Keep a walk's pages inside its policy, through Chromium's DevTools protocol rather than Playwright routes,
which would switch the HTTP cache off and make every page look slower than a shopper sees it.

Trackers and `block:` entries: Network.setBlockedURLs, so a blocked request never leaves the browser.
`allowed_hosts`: Fetch pauses main-frame document requests; one off the list is answered with 204 No
Content, so the browser stays on the page it was on, and the attempt is kept as evidence.
Production: Fetch also pauses the requests that can carry an order (documents, fetch/XHR, beacons), in the
page and in its cross-site frames (a payment provider's card form is one); the commit guard decides, and a
committing one is answered with 204 (a form post: the page stays) or failed as blocked (a script's request).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Callable

from playwright.async_api import (
    Browser,
    BrowserContext,
    CDPSession,
    Frame,
    Page,
    Request,
)

from .. import __version__
from .commit_guard import SAFE_METHODS, CommitGuard, body_of
from .policy import SafetyPolicy, host_of

SYNTHETIC_HEADER = "X-Walkthroughs-Synthetic"
USER_AGENT_SUFFIX = f"Walkthroughs/{__version__} (synthetic)"
BLOCKED_FAILURE = "inspector"  # what Playwright reports for a request Network.setBlockedURLs stopped
# The requests that can send an order: pictures, styles, scripts and fonts are only ever fetched (GET).
COMMIT_RESOURCE_TYPES = ("Document", "XHR", "Fetch", "Ping", "Other")


async def synthetic_context_args(browser: Browser, context_args: dict[str, Any]) -> dict[str, Any]:
    """The device's context settings plus the marks of synthetic traffic: a header and a user-agent suffix."""
    args = dict(context_args)
    args["extra_http_headers"] = {**args.get("extra_http_headers", {}), SYNTHETIC_HEADER: "1"}
    user_agent = args.get("user_agent")
    if not user_agent:
        try:
            session = await browser.new_browser_cdp_session()
            user_agent = (await session.send("Browser.getVersion"))["userAgent"]
            await session.detach()
        except Exception:
            user_agent = None  # a browser without the DevTools protocol: the header alone marks the walk
    if user_agent:
        args["user_agent"] = f"{user_agent} {USER_AGENT_SUFFIX}"
    return args


def asked_method(request: dict[str, Any]) -> str:
    """The method a request stands for: a CORS preflight (OPTIONS, which our synthetic header brings on for every
    cross-site script request) stands for the request it asks leave for, so holding it holds that one."""
    method = request["method"].upper()
    if method == "OPTIONS":
        headers = {name.lower(): value for name, value in (request.get("headers") or {}).items()}
        return headers.get("access-control-request-method", method).upper()
    return method


class PageGuard:
    """Applies the policy to every page of one browser context and records what it stopped, with the
    (stage, step) `where()` names, so the evidence says when the shop tried it."""

    def __init__(self, policy: SafetyPolicy, clock_start: float, commits: CommitGuard | None = None) -> None:
        self.policy, self.clock_start, self.commits = policy, clock_start, commits
        self.where: Callable[[], tuple[int, int] | None] = lambda: None
        self.log: dict[str, list[dict[str, Any]]] = {"blocked_requests": [], "off_site_navigations": []}
        self._tasks: set[asyncio.Task] = set()
        self._frames: set[str] = set()  # cross-site frames (and the host they show) guarded in a session of their own

    def _record(self, kind: str, entry: dict[str, Any]) -> None:
        stage, step = self.where() or (None, None)
        self.log[kind].append({**entry, "stage": stage, "step": step,
                               "t_ms": round((time.perf_counter() - self.clock_start) * 1000, 1)})

    def watch_context(self, context: BrowserContext) -> None:
        """Guard the pages the context opens from now on (pop-ups, new tabs); call `guard_page` for the first one."""
        context.on("page", lambda page: self._spawn(self.guard_page(page)))

    def _spawn(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _patterns(self) -> list[dict[str, str]]:
        types = set(COMMIT_RESOURCE_TYPES) if self.commits else set()
        if self.policy.allowed_hosts:
            types.add("Document")
        return [{"urlPattern": "*", "resourceType": kind, "requestStage": "Request"} for kind in sorted(types)]

    async def guard_page(self, page: Page) -> None:
        session = await page.context.new_cdp_session(page)
        await session.send("Network.enable")
        await session.send("Network.setBlockedURLs", {"urls": self.policy.blocked.patterns})
        page.on("requestfailed", self._on_request_failed)
        patterns = self._patterns()
        if patterns:
            main_frame = (await session.send("Page.getFrameTree"))["frameTree"]["frame"]["id"]
            session.on("Fetch.requestPaused", lambda event: self._spawn(self._decide(session, main_frame, event)))
            await session.send("Fetch.enable", {"patterns": patterns})
        if self.commits:
            page.on("frameattached", lambda frame: self._spawn(self._guard_frame(page, frame)))
            page.on("framenavigated", lambda frame: self._spawn(self._guard_frame(page, frame)))

    async def _guard_frame(self, page: Page, frame: Frame) -> None:
        """A cross-site frame (a payment provider's card form) has its own DevTools target: guard it there too.
        A same-site frame has none (Playwright refuses the session) and is guarded with its page."""
        if frame == page.main_frame or frame.is_detached():
            return
        try:
            session = await page.context.new_cdp_session(frame)
        except Exception:
            return
        key = f"{id(frame)} {host_of(frame.url)}"  # a frame that goes to another site gets another target
        if key in self._frames:
            await session.detach()
            return
        self._frames.add(key)
        try:
            session.on("Fetch.requestPaused", lambda event: self._spawn(self._decide(session, None, event)))
            await session.send("Fetch.enable", {"patterns": self._patterns()})
        except Exception:
            pass  # the frame went away meanwhile

    def _on_request_failed(self, request: Request) -> None:
        if request.failure == BLOCKED_FAILURE:
            self._record("blocked_requests", {"url": request.url[:500], "host": host_of(request.url),
                                              "resource_type": request.resource_type})

    async def _decide(self, session: CDPSession, main_frame: str | None, event: dict[str, Any]) -> None:
        request, request_id = event["request"], event["requestId"]
        url, kind = request["url"], event.get("resourceType", "Other")
        try:
            if kind == "Document" and event.get("frameId") == main_frame and not self.policy.may_navigate(url):
                self._record("off_site_navigations", {"url": url[:500], "host": host_of(url)})
                await self._stay(session, request_id)
                return
            method = asked_method(request)
            hold = self.commits.hold_for(method, url, body_of(request), kind) if self.commits else None
            if hold is None:
                await session.send("Fetch.continueRequest", {"requestId": request_id})
                if self.commits and method not in SAFE_METHODS and request["method"] != "OPTIONS":
                    self.commits.record(method, url, kind, None, held=False)
                return
            held = False
            try:
                if kind == "Document":
                    await self._stay(session, request_id)  # a form post: the browser stays on the page
                else:
                    await session.send("Fetch.failRequest", {"requestId": request_id, "errorReason": "BlockedByClient"})
                held = True
            finally:
                self.commits.record(method, url, kind, hold, held=held)
        except Exception:
            pass  # the page or the context closed while the request waited

    async def _stay(self, session: CDPSession, request_id: str) -> None:
        await session.send("Fetch.fulfillRequest", {"requestId": request_id, "responseCode": 204,
                                                    "responseHeaders": [], "body": ""})

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
