"""Keep a walk's pages inside its policy, through Chromium's DevTools protocol rather than Playwright routes,
which would switch the HTTP cache off and make every page look slower than a shopper sees it.

Trackers and `block:` entries: Network.setBlockedURLs, so a blocked request never leaves the browser.
`allowed_hosts`: Fetch pauses main-frame document requests; one off the list is answered with 204 No
Content, so the browser stays on the page it was on, and the attempt is kept as evidence.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Callable

from playwright.async_api import Browser, BrowserContext, CDPSession, Page, Request

from .. import __version__
from .policy import SafetyPolicy, host_of

SYNTHETIC_HEADER = "X-Walkthroughs-Synthetic"
USER_AGENT_SUFFIX = f"Walkthroughs/{__version__} (synthetic)"
BLOCKED_FAILURE = "inspector"  # what Playwright reports for a request Network.setBlockedURLs stopped


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


class PageGuard:
    """Applies the policy to every page of one browser context and records what it stopped, with the
    (stage, step) `where()` names, so the evidence says when the shop tried it."""

    def __init__(self, policy: SafetyPolicy, clock_start: float) -> None:
        self.policy, self.clock_start = policy, clock_start
        self.where: Callable[[], tuple[int, int] | None] = lambda: None
        self.log: dict[str, list[dict[str, Any]]] = {"blocked_requests": [], "off_site_navigations": []}
        self._tasks: set[asyncio.Task] = set()

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

    async def guard_page(self, page: Page) -> None:
        session = await page.context.new_cdp_session(page)
        await session.send("Network.enable")
        await session.send("Network.setBlockedURLs", {"urls": self.policy.blocked.patterns})
        page.on("requestfailed", self._on_request_failed)
        if self.policy.allowed_hosts:
            main_frame = (await session.send("Page.getFrameTree"))["frameTree"]["frame"]["id"]
            session.on("Fetch.requestPaused", lambda event: self._spawn(self._decide(session, main_frame, event)))
            await session.send("Fetch.enable", {"patterns": [
                {"urlPattern": "*", "resourceType": "Document", "requestStage": "Request"}]})

    def _on_request_failed(self, request: Request) -> None:
        if request.failure == BLOCKED_FAILURE:
            self._record("blocked_requests", {"url": request.url[:500], "host": host_of(request.url),
                                              "resource_type": request.resource_type})

    async def _decide(self, session: CDPSession, main_frame: str, event: dict[str, Any]) -> None:
        url = event["request"]["url"]
        try:
            if event.get("frameId") == main_frame and not self.policy.may_navigate(url):
                self._record("off_site_navigations", {"url": url[:500], "host": host_of(url)})
                await session.send("Fetch.fulfillRequest", {"requestId": event["requestId"], "responseCode": 204,
                                                            "responseHeaders": [], "body": ""})
            else:
                await session.send("Fetch.continueRequest", {"requestId": event["requestId"]})
        except Exception:
            pass  # the page or the context closed while the request waited

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
