"""Lighthouse on the page the shopper really has: audits run in the walk's own browser, one at a time.

Lighthouse attaches to the browser through its remote-debugging port and opens its tab in the browser's
default context; the journey's cookies are copied there first, so a cart still holds its items. The
journey waits only until Lighthouse has loaded and measured the page (its state may change after
that); the audit's analysis, the reports and `lhci assert` finish while the journeys walk on.
"""

from __future__ import annotations

import asyncio
import json
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, AsyncIterator, Callable

from playwright.async_api import Browser, CDPSession

from ..results import LighthouseOpportunity, LighthouseRecord
from ..safety.routing import SYNTHETIC_HEADER, USER_AGENT_SUFFIX
from .lhci import LhciFailed, assert_reports, upload_reports
from .settings import LighthousePlan
from .summary import category_scores, key_metrics, median_run, top_opportunities
from .tools import NodeTools
from .worker import LOAD_WAIT_S, LighthouseFailed, LighthouseWorker

BROWSER_CALL_S = 15  # one DevTools call to the browser (its cookies)


@dataclass
class StageAudit:
    """One stage's page to audit, in the state its journey is in now."""

    url: str
    cookies: list[dict[str, Any]]
    form_factor: str  # mobile (phones and tablets) or desktop
    folder: Path  # the stage's evidence folder; the reports go in here
    plan: LighthousePlan
    relative: Callable[[Path], str]  # a path as results.json names it
    blocked_urls: list[str] = field(default_factory=list)  # the walk's blocked trackers, blocked in the audit too
    load_wait_s: float = LOAD_WAIT_S  # how long Lighthouse waits for the page to load (from the walk's step timeout)


def form_factor(device_class: str) -> str:
    return "desktop" if device_class == "desktop" else "mobile"


def _cdp_cookie(cookie: dict[str, Any]) -> dict[str, Any]:
    converted = {key: cookie[key] for key in ("name", "value", "domain", "path", "httpOnly", "secure") if key in cookie}
    if cookie.get("expires", -1) > 0:
        converted["expires"] = cookie["expires"]
    if cookie.get("sameSite") in ("Strict", "Lax", "None"):
        converted["sameSite"] = cookie["sameSite"]
    return converted


class LighthouseRunner:
    """Audits stages' pages for a whole run; `plans` says which stages of which scenario."""

    def __init__(self, tools: NodeTools, port: int, plans: dict[str, LighthousePlan]) -> None:
        self.tools, self.port, self.plans = tools, port, plans
        self.worker = LighthouseWorker(tools)
        self.lock = asyncio.Lock()  # one audit at a time: they measure the machine's speed
        self.reports: dict[str, list[Path]] = {}  # scenario → every report, for `lhci upload`
        self.journey_slots: asyncio.Semaphore | None = None  # the run's limit on journeys walked at once
        self._session: CDPSession | None = None
        self._session_browser: Browser | None = None

    @asynccontextmanager
    async def lend_slot(self) -> AsyncIterator[None]:
        """While a journey waits for its audit, another journey may walk in its slot: the audits stay fed."""
        if self.journey_slots is None:
            yield
            return
        self.journey_slots.release()
        try:
            yield
        finally:
            await self.journey_slots.acquire()

    def audits(self, scenario: str, stage: str) -> LighthousePlan | None:
        plan = self.plans.get(scenario)
        return plan if plan is not None and stage in plan.stages else None

    async def audit(self, browser: Browser, scenario: str, audit: StageAudit,
                    gathered: asyncio.Event) -> tuple[LighthouseRecord, dict[str, Any]]:
        """Audit the stage's page; `gathered` is set as soon as the page's state no longer matters."""
        record = LighthouseRecord(form_factor=audit.form_factor)
        evidence: dict[str, Any] = {"reports": [], "assertions": []}
        try:
            reports = await self._run(browser, audit, gathered, evidence)
        except LighthouseFailed as error:
            record.error = evidence["error"] = str(error)
            return record, evidence
        finally:
            gathered.set()
        self.reports.setdefault(scenario, []).extend(json_path for json_path, _ in reports)
        lhrs = [json.loads(json_path.read_text(encoding="utf-8")) for json_path, _ in reports]
        best = median_run(lhrs)
        lhr, (json_path, html_path) = lhrs[best], reports[best]
        record.url = lhr.get("finalDisplayedUrl") or lhr.get("finalUrl")
        record.runs = len(lhrs)
        record.scores, record.metrics = category_scores(lhr), key_metrics(lhr)
        record.opportunities = [LighthouseOpportunity(**item) for item in top_opportunities(lhr)]
        record.report_json, record.report_html = audit.relative(json_path), audit.relative(html_path)
        if lhr.get("runtimeError"):
            record.error = lhr["runtimeError"].get("message") or lhr["runtimeError"].get("code")
        evidence["reports"] = [audit.relative(json_path) for json_path, _ in reports]
        evidence["median_run"] = best
        if audit.plan.assert_config:
            try:
                evidence["assertions"] = await assert_reports(self.tools, [path for path, _ in reports],
                                                              audit.plan.assert_config)
            except LhciFailed as error:
                evidence["assertion_error"] = str(error)
        return record, evidence

    async def _run(self, browser: Browser, audit: StageAudit, gathered: asyncio.Event,
                   evidence: dict[str, Any]) -> list[tuple[Path, Path]]:
        reports = []
        queued = time.perf_counter()
        async with self.lock:
            started = time.perf_counter()
            evidence["queued_ms"] = round((started - queued) * 1000)
            await self._use_cookies(browser, audit.cookies)
            for run in range(audit.plan.runs):
                output = audit.folder / (f"lighthouse-{run + 1}" if audit.plan.runs > 1 else "lighthouse")
                last = run == audit.plan.runs - 1
                marks = {"blocked_urls": audit.blocked_urls, "headers": {SYNTHETIC_HEADER: "1"},
                         "user_agent_suffix": USER_AGENT_SUFFIX}
                done = await self.worker.audit(audit.url, self.port, audit.form_factor, output, marks,
                                               on_gathered=gathered.set if last else None, load_wait=audit.load_wait_s)
                reports.append((Path(done["json"]), Path(done["html"])))
            evidence["audit_ms"] = round((time.perf_counter() - started) * 1000)
        return reports

    async def _use_cookies(self, browser: Browser, cookies: list[dict[str, Any]]) -> None:
        """Give the default context (where Lighthouse opens its tab) exactly this journey's cookies."""
        try:
            if self._session is None or self._session_browser is not browser:  # a browser started again after a crash
                self._session = await asyncio.wait_for(browser.new_browser_cdp_session(), BROWSER_CALL_S)
                self._session_browser = browser
            await asyncio.wait_for(self._session.send("Storage.clearCookies"), BROWSER_CALL_S)
            if cookies:
                await asyncio.wait_for(self._session.send("Storage.setCookies", {
                    "cookies": [_cdp_cookie(c) for c in cookies]}), BROWSER_CALL_S)
        except asyncio.TimeoutError:
            self._session = None
            raise LighthouseFailed(f"the browser did not take the journey's cookies within {BROWSER_CALL_S} s") from None
        except Exception as error:  # the browser went away (it crashed, or the run is ending)
            self._session = None
            raise LighthouseFailed(f"the journey's cookies could not be given to Lighthouse: {error}") from None

    async def upload(self, run_id: str) -> list[str]:
        """Send each scenario's reports where its `upload` says; returns what could not be sent, in words."""
        failed = []
        for scenario, plan in self.plans.items():
            if plan.upload and self.reports.get(scenario):
                try:
                    await upload_reports(self.tools, self.reports[scenario], plan.upload, run_id)
                except LhciFailed as error:
                    failed.append(f"the Lighthouse reports of {scenario!r} were not uploaded: {error}")
        return failed

    async def close(self) -> None:
        await self.worker.close()
