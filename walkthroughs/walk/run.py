"""Walk planned journeys concurrently in one browser; each walked journey's evidence is handed to the caller.

The walker never judges: what happens to a journey once it is walked (the friction detectors, saving) is the
caller's `journey_walked`, so this module knows nothing of friction, reports or CI. A browser that dies fails the
journeys it was walking ("the browser crashed") and is started again for the others; a run folder that cannot be
written stops the run (the journeys under way are marked interrupted) with a run error.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Awaitable, Callable, Protocol

from playwright.async_api import Browser, async_playwright

from ..lighthouse import (
    LighthouseChoice,
    LighthouseRunner,
    lighthouse_plans,
    prepare_lighthouse,
)
from ..results import BrowserInfo, JourneyRecord, StageRecord
from ..scenario import model as m
from ..scenario.devices import DeviceProfile
from .browser import RemoteBrowser, StartedBrowser, start_browser
from .deadlines import Deadlines
from .journey import BROWSER_CRASHED, JourneyWalker, WalkSettings
from .personas import SignInFailed, sign_in


class Progress(Protocol):
    """Told about a run as it happens; the CLI shows it live or as plain lines."""

    def browser_chosen(self, description: str) -> None: ...
    def journey_update(self, journey: JourneyRecord, stage: StageRecord | None) -> None: ...


@dataclass
class RunOptions:
    out_dir: Path = Path("reports")
    devices: list[str] | None = None
    headed: bool = False
    workers: int = field(default_factory=lambda: os.cpu_count() or 2)  # journeys (browser contexts) at once, in one browser
    settings: WalkSettings = field(default_factory=WalkSettings)
    assess: bool = True  # run the friction detectors as each journey ends
    connect: RemoteBrowser | None = None  # walk in a remote browser server instead of a local Chromium
    lighthouse: LighthouseChoice = field(default_factory=LighthouseChoice)  # beyond what the scenarios ask


@dataclass
class Plan:
    scenario: m.Scenario
    device: DeviceProfile
    record: JourneyRecord
    cookies: list[dict] = field(default_factory=list)  # set in the journey's browser context before the first page
    sign_in: str | None = None  # the persona whose sign-in stage is walked first, for its storage state


class WalkEvents(Protocol):
    """What a walk tells the one who asked for it, as it happens."""

    def browser_started(self, info: BrowserInfo, description: str) -> None: ...
    def journey_update(self, journey: JourneyRecord, stage: StageRecord | None) -> None: ...
    def page_speed_note(self, note: str | None) -> None: ...


JourneyWalked = Callable[[Plan, dict], Awaitable[None] | None]


class RunBrowser:
    """The run's one browser: started at the beginning, and again, once per crash, for the journeys still to walk."""

    def __init__(self, playwright, options: RunOptions, events: WalkEvents, launch_args: dict | None) -> None:
        self.playwright, self.options, self.events, self.launch_args = playwright, options, events, launch_args
        self.started: StartedBrowser | None = None
        self.restarts = 0
        self._lock = asyncio.Lock()

    async def start(self) -> Browser:
        self.started = await start_browser(self.playwright, self.options.headed, self.options.connect, self.launch_args)
        self.events.browser_started(self.started.info, self.started.description)
        return self.started.browser

    async def current(self) -> Browser:
        """The browser to walk the next journey in: the running one, or a new one when it died."""
        async with self._lock:
            assert self.started is not None
            if not self.started.browser.is_connected():
                self.restarts += 1
                self.started = await start_browser(self.playwright, self.options.headed, self.options.connect,
                                                   self.launch_args)
                self.events.browser_started(self.started.info, f"{self.started.description} (started again: "
                                                               "the browser crashed)")
            return self.started.browser

    async def close(self, timeout_s: float) -> None:
        if self.started is not None and self.started.browser.is_connected():
            try:
                await asyncio.wait_for(self.started.browser.close(), timeout_s)
            except Exception:
                pass  # a browser that will not close is ended with Playwright's driver


async def walk_plans(plans: list[Plan], run_dir: Path, options: RunOptions, events: WalkEvents,
                     journey_walked: JourneyWalked) -> None:
    """Walk every planned journey into `run_dir`; one journey failing never stops the others. `journey_walked`
    gets each journey's evidence as soon as it is walked (a journey whose persona could not sign in has none)."""
    settings = options.settings
    closing_s = Deadlines.for_timeout_ms(settings.timeout_ms).browser_s * 3  # what a journey's close may take
    scenarios = list({id(plan.scenario): plan.scenario for plan in plans}.values())
    lighthouse, note = prepare_lighthouse(lighthouse_plans(scenarios, options.lighthouse),
                                          remote_browser=options.connect is not None, port=options.lighthouse.port)
    events.page_speed_note(note)
    async with async_playwright() as playwright:
        # Lighthouse attaches to this same browser, to audit the pages in the journeys' state.
        debugging = {"args": [f"--remote-debugging-port={lighthouse.port}"]} if lighthouse else None
        browsers = RunBrowser(playwright, options, events, debugging)
        await browsers.start()
        limit = asyncio.Semaphore(max(1, options.workers))
        if lighthouse:
            lighthouse.journey_slots = limit

        async def walk_one(plan: Plan) -> None:
            async with limit:
                for attempt in (1, 2):
                    browser = await browsers.current()
                    try:
                        await sign_in_first(browser, plan, run_dir, settings)
                    except SignInFailed as error:
                        plan.record.status, plan.record.error = "error", str(error)
                        events.journey_update(plan.record, None)
                        return
                    evidence = await walk_journey(browser, plan, run_dir, settings, events.journey_update, lighthouse)
                    if attempt == 1 and never_began(plan.record):
                        plan.record.status, plan.record.error = "pending", None  # walk it in the new browser
                        continue
                    break
            done = journey_walked(plan, evidence)
            if done is not None:
                await done

        walks = [asyncio.ensure_future(walk_one(plan)) for plan in plans]
        try:
            await first_error(walks)
            if lighthouse:
                failed_uploads = await lighthouse.upload(run_dir.name)
                events.page_speed_note("; ".join(failed_uploads) or None)
        finally:
            for walk in walks:
                walk.cancel()
            if walks:
                await asyncio.wait(walks, timeout=closing_s)  # each journey closes its context within its deadlines
            for walk in walks:
                if walk.done() and not walk.cancelled():
                    walk.exception()  # seen: the first one is raised, the others said the same
            if lighthouse:
                await lighthouse.close()
            await browsers.close(closing_s)


def never_began(record: JourneyRecord) -> bool:
    """A journey the browser's crash stopped before its first stage: it can be walked again in full."""
    return record.error == BROWSER_CRASHED and all(stage.status == "not_reached" for stage in record.stages)


async def first_error(tasks: list[asyncio.Future]) -> None:
    """Wait for every task; the first to raise (a run folder that cannot be written) stops the others, and its
    error is raised."""
    pending = set(tasks)
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            if not task.cancelled() and task.exception() is not None:
                raise task.exception()


async def sign_in_first(browser: Browser, plan: Plan, run_dir: Path, settings: WalkSettings) -> None:
    """A persona with a sign-in stage: walk it, and start the journey with the storage state it leaves."""
    if plan.sign_in is not None:
        state = await sign_in(browser, plan.scenario, plan.sign_in, plan.device, plan.record, run_dir, settings)
        plan.device = replace(plan.device, context_args={**plan.device.context_args, "storage_state": state})


async def walk_journey(browser: Browser, plan: Plan, run_dir: Path, settings: WalkSettings,
                       on_update: Callable[[JourneyRecord, StageRecord | None], None],
                       lighthouse: LighthouseRunner | None = None) -> dict:
    """Walk one planned journey into the run folder in its own browser context; returns its evidence."""
    walker = JourneyWalker(browser, plan.scenario, plan.device, plan.record, run_dir, settings, on_update,
                           cookies=plan.cookies, lighthouse=lighthouse)
    await walker.walk()
    return walker.evidence
