"""What one journey measures about speed: Web Vitals in every page, the device's network and CPU conditions,
and Lighthouse audits of the pages the scenario marks, in the state the journey left them.

The journey calls `start` once its page exists, `stage_ended` as each stage ends and `finish` last.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any, Callable, Sequence

from playwright.async_api import Browser, BrowserContext, CDPSession, Page

from ..errors import one_line
from ..evidence import vitals_summary
from ..gather.vitals import VitalsRecorder
from ..lighthouse.runner import LighthouseRunner, StageAudit, form_factor
from ..lighthouse.worker import load_wait_s
from ..results import JourneyRecord, LighthouseRecord, StageRecord
from ..scenario import model as m
from ..scenario.devices import DeviceProfile
from .deadlines import Deadlines
from .signals import PageSignals
from .throttling import apply_throttling, device_throttling


class JourneyPageSpeed:
    def __init__(self, browser: Browser, scenario: m.Scenario, device: DeviceProfile, record: JourneyRecord,
                 relative: Callable[[Path], str], on_update: Callable[[JourneyRecord, StageRecord | None], None],
                 lighthouse: LighthouseRunner | None = None, vitals: bool = True, blocked_urls: Sequence[str] = (),
                 deadlines: Deadlines = Deadlines(10)) -> None:
        self.browser, self.scenario, self.device, self.record = browser, scenario, device, record
        self.deadlines = deadlines
        self.waited_s = 0.0  # how long the journey waited for its audits (the journey's watchdog leaves it out)
        self.blocked_urls = list(blocked_urls)
        self.relative, self.on_update, self.lighthouse = relative, on_update, lighthouse
        self.recorder = VitalsRecorder() if vitals else None
        self.audits: list[asyncio.Task] = []
        self._throttling_session: CDPSession | None = None

    async def start(self, context: BrowserContext, page: Page, signals: PageSignals) -> None:
        """Measure every page from here on, under the device's conditions (before the first step)."""
        if self.recorder:
            self.recorder.position = lambda: signals.step
            await self.recorder.start(context, page)
        conditions = device_throttling(self.scenario.throttling, self.device.name, self.device.device_class)
        self.record.device.throttling = conditions
        if conditions:
            self._throttling_session = await apply_throttling(context, page, conditions)

    def stage_began(self, index: int) -> None:
        """From now on what the pages do is this stage's (a single-page app's client-side renders too)."""
        if self.recorder:
            self.recorder.stage_began(index)

    async def stage_ended(self, page: Page, index: int, stage: m.Stage, stage_record: StageRecord,
                          stage_evidence: dict[str, Any], folder: Path) -> None:
        """Keep the stage's vitals; audit its page with Lighthouse if asked, walking on once the page is measured."""
        if self.recorder:
            stage_evidence["vitals"] = self.recorder.stage_evidence(index)
            stage_record.vitals = vitals_summary(stage_evidence["vitals"])
        plan = self.lighthouse.audits(self.scenario.name, stage.name) if self.lighthouse else None
        if plan is None or stage_record.status != "passed":
            return
        try:
            cookies = await asyncio.wait_for(page.context.cookies(), self.deadlines.browser_s)
        except Exception as error:  # the browser did not answer: no audit of this page, the walk goes on
            stage_record.lighthouse = LighthouseRecord(form_factor=form_factor(self.device.device_class),
                                                       error=f"the page was not audited: {one_line(error)}")
            return
        audit = StageAudit(url=page.url, cookies=cookies, form_factor=form_factor(self.device.device_class),
                           folder=folder, plan=plan, relative=self.relative, blocked_urls=self.blocked_urls,
                           load_wait_s=load_wait_s(self.deadlines.step_s))
        gathered = asyncio.Event()
        task = asyncio.create_task(self._audit(audit, gathered, stage_record, stage_evidence))
        self.audits.append(task)
        waiting = asyncio.create_task(gathered.wait())
        started = time.perf_counter()
        async with self.lighthouse.lend_slot():
            await asyncio.wait([task, waiting], return_when=asyncio.FIRST_COMPLETED)
        waiting.cancel()
        self.waited_s += time.perf_counter() - started
        stage_evidence["lighthouse_wait_ms"] = round((time.perf_counter() - started) * 1000)

    async def _audit(self, audit: StageAudit, gathered: asyncio.Event, stage_record: StageRecord,
                     stage_evidence: dict[str, Any]) -> None:
        assert self.lighthouse is not None
        stage_record.lighthouse, stage_evidence["lighthouse"] = await self.lighthouse.audit(
            self.browser, self.scenario.name, audit, gathered)
        self.on_update(self.record, None)

    async def finish(self, interrupted: bool = False) -> None:
        """Wait for the journey's audits (or drop them when the run was interrupted); settle late vitals."""
        if interrupted:
            for task in self.audits:
                task.cancel()
        await asyncio.gather(*self.audits, return_exceptions=True)
        if self.recorder:
            for index, stage_record in enumerate(self.record.stages):
                if index in self.recorder.stages:
                    stage_record.vitals = vitals_summary(self.recorder.stage_evidence(index))
