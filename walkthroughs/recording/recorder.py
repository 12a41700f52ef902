"""`walkthrough record`: a person walks the shop in a browser window and a scenario is written as they go — a stage
at each page reached, led by the click that reached it, each element found the way `locator_choice` prefers.

The page works out, at the moment of each action, the element's role and accessible name from Chrome's
accessibility tree and how many elements each way of finding it matches (js/recorder.js): asked afterwards over
CDP, a page being left answers nothing — a held navigation freezes it for CDP and Playwright alike. The first way,
in the order of `locator_choice`, that finds the element alone is written; matched whole (`exact`) where a part
matches more; `nth` only when nothing finds it alone.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit, urlunsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from ..errors import RunError, one_line
from .draft import (
    SECRET_COMMENT,
    DraftScenario,
    DraftStep,
    address,
    looks_changing,
    origin,
    url_expectation,
)
from .locator_choice import Candidate, literal, role_name
from .scenario_text import DraftInvalid, checked_scenario, scenario_text

SCRIPT = (Path(__file__).parent / "js" / "recorder.js").read_text(encoding="utf-8")
BINDING = "__walkthroughsRecord"
# Chrome tells a page its elements' roles and accessible names (`computedRole`, `computedName`) with this feature.
BROWSER_ARGS = ["--enable-blink-features=ComputedAccessibilityInfo"]
ACTIONS = ("click", "check", "select", "fill", "press")
LEADS_WITHIN_S = 10  # an action this recent led to the page that opens next; an older one did not
SCRIPTED = ("scriptInitiated", "metaTagRefresh", "httpHeaderRefresh")  # CDP's reasons a page sends itself on
DEADLINE_S = 5  # for a question to the browser about its history


class NoDisplay(RunError):
    """No screen to open the recording window on."""


def no_display_reason() -> str | None:
    """Why a headed browser cannot open here, or None."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return ("no display to open a browser window on (DISPLAY and WAYLAND_DISPLAY are not set); record the journey "
                "in Chrome's DevTools Recorder instead, export it as JSON and run `walkthrough import recording.json`")
    return None


class Recorder:
    """Writes a scenario from what happens on one page: `await attach(page)`, let the person (or a test) act,
    then `await finish()` for the scenario's text."""

    def __init__(self, start_url: str, name: str | None = None, devices: list[str] | None = None,
                 device_class: str = "desktop", on_change: Callable[[str], None] | None = None) -> None:
        parts = urlsplit(start_url)
        self.start_url = start_url
        self.origin = origin(start_url)
        self.draft = DraftScenario(name=name or f"journey recorded on {parts.hostname or start_url}",
                                   base_url=self.origin)
        if devices:
            self.draft.devices = devices
        self.draft.devices_comment = f"recorded on {device_class}; each device listed is walked"
        self.draft.header = [f"Recorded by `walkthrough record {start_url}`.",
                             "Give each stage its phase and needs, then walk it with `walkthrough run`."]
        self.on_change = on_change
        self.queue: asyncio.Queue = asyncio.Queue()
        self.cdp: Any = None
        self.worker: asyncio.Task | None = None
        self.last_action: tuple[DraftStep, float] | None = None
        self.requested: str | None = None  # why the page asked for the navigation under way, if it did
        self.said: set[str] = set()
        self.found: dict[str, dict | str] = {}  # how each element was found, by the id its page gave it

    # ---- set-up and end -------------------------------------------------------------------------------------------

    async def attach(self, page: Page) -> None:
        """Start recording on `page` and open the start address as the first stage."""
        self.page = page
        self.cdp = self.history_cdp = await page.context.new_cdp_session(page)
        # Kept on, Chrome's accessibility tree lives on between questions: the page can ask it about every
        # element at once (a few milliseconds, against tens for each element asked alone).
        await self.cdp.send("Accessibility.enable")
        await page.expose_binding(BINDING, self._told)
        await page.add_init_script(script=SCRIPT)
        # Navigations are followed over the same CDP session, so why one was asked for (a link, a form, a script;
        # nothing at all for an address typed or Back) arrives in order with where it went.
        await self.cdp.send("Page.enable")
        main = (await self.cdp.send("Page.getFrameTree"))["frameTree"]["frame"]["id"]
        self.cdp.on("Page.frameRequestedNavigation",
                    lambda event: event["frameId"] == main and self._enqueue("requested", event["reason"]))
        self.cdp.on("Page.frameNavigated", lambda event: not event["frame"].get("parentId") and self._arrived(
            event["frame"]["url"], "document"))
        self.cdp.on("Page.navigatedWithinDocument",
                    lambda event: event["frameId"] == main and self._arrived(event["url"], "within"))
        page.on("popup", lambda popup: self._enqueue("note", "a new tab or window opened here; the recording and "
                                                             "the walk stay in the first one"))
        self.worker = asyncio.create_task(self._work())
        await page.goto(self.start_url)

    async def finish(self, deadline_s: float = 10) -> str:
        """Write what is still waiting (within `deadline_s`), stop, and return the scenario's text."""
        if self.worker is not None:
            try:
                await asyncio.wait_for(self.queue.join(), deadline_s)
            except asyncio.TimeoutError:
                self.draft.note("the recording ended before its last actions could be written")
            self.worker.cancel()
            self.worker = None
        return self.text()

    def text(self) -> str:
        text = scenario_text(self.draft)
        checked_scenario(text, self.start_url, self.draft.secrets)
        return text

    # ---- what the page says ---------------------------------------------------------------------------------------

    def _told(self, source: dict, payload: dict) -> None:
        if payload.get("inFrame"):
            self._enqueue("note", "an action inside a frame of the page was not recorded: a scenario cannot reach "
                                  "into frames yet")
        else:
            self._enqueue("event", payload)

    def _arrived(self, url: str, how: str) -> None:
        # Where the page stands in its history is asked now: by the time the step is written, Back may have been
        # pressed already.
        self._enqueue("navigated", (url, how, asyncio.ensure_future(self._went_back())))

    def _enqueue(self, kind: str, payload: Any) -> None:
        self.queue.put_nowait((kind, payload, time.monotonic()))

    async def _work(self) -> None:
        while True:
            kind, payload, at = await self.queue.get()
            try:
                if kind == "event":
                    await self._act(payload, at)
                elif kind == "requested":
                    self.requested = payload
                elif kind == "navigated":
                    await self._navigated(*payload, at)
                elif kind == "note" and payload not in self.said:
                    self.said.add(payload)
                    self.draft.note(payload)
            except Exception as error:  # one action that cannot be written must not end the recording
                self.draft.note(f"an action could not be recorded: {one_line(error)}")
            finally:
                self.queue.task_done()
            if self.on_change is not None and self.draft.stages:
                try:
                    self.on_change(self.text())
                except DraftInvalid:
                    pass  # kept as it was last written; `finish` says what is wrong

    # ---- pages ----------------------------------------------------------------------------------------------------

    async def _navigated(self, url: str, how: str, went_back_answer: asyncio.Future, at: float) -> None:
        """A new page: led by the action that reached it, else a `goto` (an address typed) or `back`; a script that
        sends the shopper on at once is a redirect, and the stage keeps going."""
        url = urlunsplit(urlsplit(url)._replace(fragment=""))
        requested, self.requested = self.requested, None
        stage = self.draft.current
        went_back = await went_back_answer
        if stage is None:
            self.draft.open_stage(url).steps.append(DraftStep("goto", address(url, self.origin)))
            return
        if url == stage.url:
            return  # a jump within the page, or the same address again (a form sent back with its errors)
        leading = None
        if self.last_action is not None and at - self.last_action[1] <= LEADS_WITHIN_S:
            leading = self.last_action[0] if self.last_action[0].verb != "fill" else None
        if how == "within":  # a single-page shop's own route, or the page changing its address
            if leading is not None and urlsplit(url).path != urlsplit(stage.url).path:
                self.draft.arrive(url, leading)
            elif leading is None and went_back:
                self.draft.arrive(url, DraftStep("back", None))
            else:
                stage.url = url  # a sort, a filter, a tab: the same page
                return
            self.last_action = None
            return
        self.last_action = None
        if requested is None:  # the browser itself: an address typed, Back, a bookmark
            if went_back:
                self.draft.arrive(url, DraftStep("back", None))
            else:
                self.draft.open_stage(url).steps.append(DraftStep("goto", address(url, self.origin)))
        elif leading is not None:
            self.draft.arrive(url, leading)
        elif requested in SCRIPTED and not any(step.verb in ACTIONS for step in stage.steps[1:]):
            stage.url = url  # sent on at once by a script: the same stage, checking where it ended
            for step in stage.steps:
                if step.verb == "expect" and isinstance(step.value, dict) and "url" in step.value:
                    replacement = url_expectation(url)
                    step.value = replacement.value if replacement else step.value
        else:
            self.draft.open_stage(url).steps.append(DraftStep("goto", address(url, self.origin)))

    async def _went_back(self) -> bool:
        """Whether the page went back in its history: a new page is always the history's last entry (the entries
        after it are dropped), a page reached by Back has entries after it. Asked of the history as it stands, with
        nothing remembered between pages, so one answer lost on a busy machine cannot spoil the next. After an
        address typed, Chrome may move the page into a new renderer, and the session the recording listens on stops
        answering about history ("Not attached to an active page") while its events still arrive: the question then
        goes over a session of its own, once the new renderer has settled."""
        for attempt in range(3):
            try:
                if attempt:
                    await asyncio.sleep(0.1 * attempt)
                    self.history_cdp = await asyncio.wait_for(
                        self.page.context.new_cdp_session(self.page), DEADLINE_S)
                history = await asyncio.wait_for(self.history_cdp.send("Page.getNavigationHistory"), DEADLINE_S)
                return int(history["currentIndex"]) < len(history["entries"]) - 1
            except PlaywrightError:
                continue
            except (asyncio.TimeoutError, KeyError, ValueError):
                return False
        return False

    # ---- actions --------------------------------------------------------------------------------------------------

    async def _act(self, event: dict, at: float) -> None:
        kind, element_id = event["kind"], str(event["id"])
        if self.draft.current is None:
            return
        locator = self._locator(event)
        if locator is None:
            self.draft.note(f"a {kind} on an element that could not be found again was not recorded")
            return
        step: DraftStep | None
        if kind == "click":
            step = self._add(DraftStep("click", locator, key=element_id))
        elif kind in ("fill", "select"):
            step = self._field(kind, locator, event, element_id)
        elif kind == "check":
            step = self._check(locator, bool(event.get("checked")), element_id, event.get("group") or None)
        else:
            key = event.get("key", "Enter")
            step = self._add(DraftStep("press", key if event.get("bare") else {"key": key, **_mapping(locator)}))
        if step is not None:
            self.last_action = (step, at)

    def _field(self, kind: str, locator: dict | str, event: dict, element_id: str) -> DraftStep:
        """A field is written once per stage, with the value it has last: typing updates the step, not adds one."""
        if event.get("secret"):
            value, comment = self.draft.secret(event.get("label") or "password"), SECRET_COMMENT
        else:
            value, comment = str(event.get("value" if kind == "fill" else "option", "")).replace("${", "$${"), None
        verb, field = ("fill", "value") if kind == "fill" else ("select", "option")
        earlier = self._earlier(element_id, (verb,))
        if earlier is not None:
            earlier.value[field] = value
            return earlier
        return self._add(DraftStep(verb, {**_mapping(locator), field: value}, comment=comment, key=element_id))

    def _check(self, locator: dict | str, checked: bool, element_id: str, group: str | None) -> DraftStep | None:
        """A box is written once per stage, as it was left; of a group of radio buttons, the one chosen last."""
        earlier = self._earlier(element_id, ("check", "click"))
        if group is not None:
            earlier = next((s for s in self.draft.current.steps if s.key == ("radio", group)), earlier)
            element_id = ("radio", group)
        if earlier is not None:
            self.draft.current.steps.remove(earlier)
            if earlier.verb == "check" and not checked:
                return None  # ticked and unticked again: nothing to walk
        if checked:
            return self._add(DraftStep("check", locator, key=element_id))
        return self._add(DraftStep("click", locator, comment="unticked in the recording", key=element_id))

    def _earlier(self, element_id: Any, verbs: tuple[str, ...]) -> DraftStep | None:
        stage = self.draft.current
        return next((s for s in stage.steps if s.key == element_id and s.verb in verbs), None) if stage else None

    def _add(self, step: DraftStep) -> DraftStep:
        self.draft.add(step)
        return step

    # ---- finding the element again ----------------------------------------------------------------------------------

    def _locator(self, event: dict) -> dict | str | None:
        """The first way of finding the element, in the order of `locator_choice`, that finds it alone on the page:
        as a part of its name, else as the whole; failing all, the first that finds it at all, with its place."""
        if event.get("candidates") is None:  # a field typed into again: found as it was at the first key
            return self.found.get(str(event["id"]))
        if not event.get("rolesKnown") and "roles" not in self.said:
            self.said.add("roles")
            self.draft.note("this browser does not tell the page its elements' roles, so no step finds its element "
                            "by role and name: start it with " + " ".join(BROWSER_ARGS))
        options = []
        for found in event["candidates"]:
            locator = dict(found["locator"])
            if found["kind"] == "role":
                role = role_name(locator["role"])
                if role is None:
                    continue
                locator["role"] = role
            text = locator.get("name") or locator.get("label") or locator.get("text") or ""
            changing = looks_changing(text) if found["kind"] in ("role", "label", "text") else False
            fragile = changing or ":nth-of-type" in str(locator.get("css", ""))
            written = {key: literal(value) if key in ("name", "label", "text") else value
                       for key, value in locator.items()}
            options.append((Candidate(found["kind"], written, fragile=fragile), found))
        chosen = fallback = None
        for candidate, found in sorted(options, key=lambda option: option[0].rank):
            if found["index"] >= 0 and found["count"] == 1:
                chosen = candidate.locator
            elif found.get("exactIndex", -1) >= 0 and found.get("exactCount") == 1:
                chosen = {**candidate.locator, "exact": True}
            elif fallback is None and found["index"] >= 0:
                fallback = {**candidate.locator, "nth": found["index"]}
            if chosen is not None:
                break
        locator = _compact(chosen or fallback) if (chosen or fallback) else None
        if locator is not None:
            self.found[str(event["id"])] = locator
        return locator


def _mapping(locator: dict | str) -> dict:
    return {"css": locator} if isinstance(locator, str) else dict(locator)


def _compact(locator: dict) -> dict | str:
    return locator["css"] if set(locator) == {"css"} else locator



async def record_in_window(url: str, device: str, name: str | None, devices: list[str] | None,
                           on_change: Callable[[str], None]) -> None:
    """Record in a browser window on `device` until the person closes it (or Ctrl-C); `on_change` gets the
    scenario's text after every step and at the end."""
    from playwright.async_api import async_playwright

    from ..scenario.devices import resolve_device
    from ..walk.browser import start_browser

    asyncio.get_running_loop().set_exception_handler(_quiet_when_interrupted)
    async with async_playwright() as playwright:
        profile = resolve_device(device, playwright.devices)
        started = await start_browser(playwright, headed=True, launch_args={"args": BROWSER_ARGS})
        recorder = Recorder(url, name, devices, profile.device_class, on_change)
        closed = asyncio.Event()
        started.browser.on("disconnected", lambda _: closed.set())
        try:
            page = await (await started.browser.new_context(**profile.context_args)).new_page()
            page.on("close", lambda _: closed.set())
            await recorder.attach(page)
            await closed.wait()
        finally:
            on_change(await recorder.finish())
            try:
                await started.browser.close()
            except PlaywrightError:
                pass  # closed already, with its window


def _quiet_when_interrupted(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    """Ctrl-C stops Playwright's driver with the recorder (one process group): its calls still under way then fail
    with a closed connection, which says nothing to the person who pressed it."""
    if "Connection closed" not in str(context.get("exception", "")):
        loop.default_exception_handler(context)
