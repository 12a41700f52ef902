"""Walk one scenario on one device: stages in order, every step timed, evidence kept as it arrives.

The walker never judges: it records what happened (timings, outcomes, screenshots, what the page
did) and leaves findings to the friction detectors.

Keep walking: a check that fails (`expect`, a `remember` pattern) is recorded on its step and the walk goes on with
the next step; a step that cannot be done (its element missing, hidden, covered or disabled, a page that does not
load) breaks its stage. A broken stage's `resume:` steps — the way a shopper gets past it — are then walked, and the
next stage is reached by a detour; without them the journey ends there. `on_failure: stop` (scenario or stage) and
`run --strict` end the journey at the first failure, check or not, as CI gates may want.

Timings are the shop's: each step runs on a clock (`clock.StepClock`) that is paused while the tool works — the
commit check, hit tests, the probes around a click and the wait for its response beyond the response itself, the
read-back of typed values, the page-state check, failure explanations — and screenshots, gatherers, axe, Lighthouse
and the banner check run between steps, off every clock. A step's `duration_ms` is its shop time; a stage's is the sum
of its own steps that were done (not a failed step's wait for what never came, nor the detour past it), which is what
its budget is judged against. The tool's time
inside each step is kept in the evidence (`steps[].tool_ms`).
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from playwright.async_api import Browser, Page

from ..errors import one_line
from ..evidence import new_evidence, save_evidence
from ..formatting import slug
from ..gather import gather_stage, probe
from ..gather.form_state import BannerWatch
from ..gather.recovery import RecoveryWatch
from ..lighthouse.runner import LighthouseRunner
from ..results import (
    FailureEvidence,
    JourneyRecord,
    JourneySafetyRecord,
    StageRecord,
    StepRecord,
)
from ..safety import STOPPED_BEFORE, JourneySafety, policy_for
from ..scenario import model as m
from ..scenario.devices import DeviceProfile
from ..scenario.variables import expand as expand_variables
from .clock import StepClock
from .describe import step_label, step_target
from .failures import explain_step
from .needs import look_for_needs
from .page_speed import JourneyPageSpeed
from .signals import PAGE_WATCH, PageSignals
from .steps import PERFORM, StepContext, ready


@dataclass(frozen=True)
class WalkSettings:
    """How to walk, shared by every journey of a run."""

    screenshots: str = "step"  # step | stage | failure
    trace: str = "retain-on-failure"  # on | off | retain-on-failure
    timeout_ms: float = 10_000
    base_url: str | None = None
    gather: bool = True  # gatherers at every stage end and Web Vitals (off: `run --no-detectors`)
    environment: str | None = None  # staging | production; None: the scenario's
    strict: bool = False  # `run --strict`: the first failure, a check's too, ends the journey (on_failure: stop)


# Steps that only look: when one leaves the page as the last screenshot showed it, that screenshot is its own.
CHECK_VERBS = frozenset({"expect", "remember"})


async def _page_state(page: Page) -> tuple | None:
    """What a screenshot would show, cheaply: address, loading, images loaded, DOM changes so far, scroll position
    (None: unknown)."""
    try:
        return tuple(await probe.evaluate(page, """[location.href, document.readyState, window.__wtMutations ?? null, scrollX,
            scrollY, Array.prototype.filter.call(document.images, (image) => image.complete).length]"""))
    except Exception:
        return None


@dataclass
class StageWalk:
    """How a stage's walk went: `broke` where a step could not be done (or a check failed under on_failure: stop),
    `resumed` where its resume steps then got the shopper past it."""

    broke: bool = False
    resumed: bool = False

    @property
    def walk_on(self) -> bool:
        return not self.broke or self.resumed


def stage_duration(stage_record: StageRecord) -> float:
    """The shop's time in the stage: the sum of its own steps that were done. A step that failed ran into its time
    limit waiting for what never came — that is the failure, recorded on the step, not the shop being slow."""
    return round(sum(s.duration_ms or 0 for s in stage_record.steps if s.status in ("passed", "stopped")
                     and not s.resume), 1)


def runs_on(step: m._StepBase, device: DeviceProfile) -> bool:
    if not step.only:
        return True
    return any(device.matches(name) for name in step.only)


def new_journey_record(scenario: m.Scenario, device: DeviceProfile) -> JourneyRecord:
    from ..results import DeviceInfo

    args = device.context_args
    return JourneyRecord(
        id=f"{slug(scenario.name)}--{slug(device.name)}",
        scenario=scenario.name,
        device=DeviceInfo(
            name=device.name,
            device_class=device.device_class,
            viewport=args.get("viewport"),
            user_agent=args.get("user_agent"),
            is_mobile=bool(args.get("is_mobile")),
            has_touch=bool(args.get("has_touch")),
        ),
        stages=[
            StageRecord(
                name=stage.name,
                phase=stage.phase,
                budget_ms=stage.budget,
                line=stage.line,
                steps=[
                    StepRecord(index=i, verb=m.step_verb(step), label=step_label(step, scenario.variables),
                               target=(t.describe() if (t := step_target(step)) else None), line=step.line)
                    for i, step in enumerate(stage.steps)
                ],
            )
            for stage in scenario.stages
        ],
    )


class Storyboard:
    """The stage's pictures, one per step (`--screenshots step`), or where a step failed (`stage`, and for a failed
    check with any setting); a check that changed nothing on the page shares the previous step's picture."""

    def __init__(self, walker: JourneyWalker, page: Page, folder: Path) -> None:
        self.walker, self.page, self.folder = walker, page, folder
        self.last_shot: str | None = None
        self._shows: tuple | None = None  # the page state last_shot shows

    async def shoot(self, step_record: StepRecord, step_evidence: dict[str, Any], ok: bool) -> None:
        mode = self.walker.settings.screenshots
        path = self.folder / f"step-{step_record.index + 1:02d}.jpg"
        if step_record.verb == "screenshot":
            named = step_evidence.get("named_screenshot", {})
            if await self.walker._screenshot(self.page, path, full_page=named.get("full_page", False)):
                step_record.screenshot = self.last_shot = self.walker._relative(path)
            self._shows = None
            return
        if not (mode == "step" or (not ok and (mode == "stage" or step_record.failed_check))):
            return
        if (ok and step_record.verb in CHECK_VERBS and self.last_shot is not None and self._shows is not None
                and await _page_state(self.page) == self._shows):
            step_record.screenshot = self.last_shot  # a check that changed nothing: the page looks as it did
        elif await self.walker._screenshot(self.page, path):
            step_record.screenshot = self.last_shot = self.walker._relative(path)
            self._shows = await _page_state(self.page)  # taking it touches the DOM (caret, masks)


class JourneyWalker:
    """Walks one journey; `on_update` is called whenever the record changed enough to be saved."""

    def __init__(self, browser: Browser, scenario: m.Scenario, device: DeviceProfile, record: JourneyRecord,
                 run_dir: Path, settings: WalkSettings, on_update: Callable[[JourneyRecord, StageRecord | None], None],
                  cookies: list[dict] | None = None, lighthouse: LighthouseRunner | None = None,
                 save_storage_state: Path | None = None):
        self.browser, self.scenario, self.device, self.record = browser, scenario, device, record
        self.save_storage_state = save_storage_state  # a persona's sign-in: keep the cookies and storage it leaves
        self.rng = random.Random(f"{record.seed}:{record.id}")  # `pick: random`: the same seed replays the same picks
        self.cookies = cookies or []
        self.run_dir, self.settings, self._report_update = run_dir, settings, on_update
        self.folder = run_dir / "journeys" / record.id
        self.values: dict[str, str] = {**os.environ, **scenario.variables}
        self.evidence: dict[str, Any] = new_evidence(record.id, device.name, device.device_class)
        self.clock = time.perf_counter()
        policy = policy_for(scenario, settings.environment, settings.base_url)
        self.safety = JourneySafety(policy, self.folder, settings.trace, self.clock)
        self.page_speed = JourneyPageSpeed(browser, scenario, device, record, self._relative, on_update, lighthouse,
                                           vitals=settings.gather, blocked_urls=policy.blocked.patterns)

    def on_update(self, journey: JourneyRecord, stage: StageRecord | None) -> None:
        self.safety.scrub(journey)  # nothing typed as a secret reaches results.json or the screen
        self._report_update(journey, stage)

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.run_dir).as_posix()

    def _ms_since_start(self) -> float:
        return round((time.perf_counter() - self.clock) * 1000, 1)

    async def walk(self) -> JourneyRecord:
        record = self.record
        self.folder.mkdir(parents=True, exist_ok=True)
        record.status, record.started_at = "running", datetime.now(timezone.utc).isoformat(timespec="seconds")
        record.evidence = self._relative(self.folder / "evidence.json")
        self.on_update(record, None)
        context = await self.browser.new_context(**await self.safety.context_args(self.browser, self.device.context_args))
        if self.cookies:
            await context.add_cookies(self.cookies)
        broken = False
        try:
            await self.safety.start_trace(context)
            await context.add_init_script(PAGE_WATCH)
            page = await context.new_page()
            signals = PageSignals(page, self.clock)
            self.evidence["signals"] = signals.log
            await self.safety.guard(context, page, lambda: signals.step)
            self.evidence["safety"] = self.safety.evidence()
            await self.page_speed.start(context, page, signals)
            banners = BannerWatch(page)
            detour_from: str | None = None
            for stage_index, (stage, stage_record) in enumerate(zip(self.scenario.stages, record.stages)):
                stage_record.detour_from, detour_from = detour_from, None
                walked = await self._walk_stage(page, signals, banners, stage_index, stage, stage_record)
                self._save_evidence()
                self.on_update(record, stage_record)
                broken = broken or walked.broke
                if not walked.walk_on:
                    break
                if record.stopped_before:
                    for later in record.stages[stage_index + 1:]:
                        later.status = "stopped"
                    break
                if walked.broke:
                    detour_from = stage.name
            record.status = "broken" if broken else "checks_failed" if record.failed_checks() else "completed"
        except asyncio.CancelledError:
            record.status = "interrupted"
            raise
        except Exception as error:  # the browser itself failed: say so, keep what was measured
            record.status, record.error = "error", one_line(error, 300)
        finally:
            for stage_record in record.stages:
                if stage_record.status == "running":
                    stage_record.status = "failed" if record.status != "interrupted" else "not_reached"
            record.duration_ms = self._ms_since_start()
            record.safety = JourneySafetyRecord(**self.safety.summary())
            try:
                trace_parts = await self.safety.close(broken or bool(record.failed_checks()))
                failed = next((s for s in record.stages if s.failure), None)
                if trace_parts and failed:
                    failed.failure.trace = self._relative(trace_parts[-1])
                if self.save_storage_state and record.status == "completed":
                    await context.storage_state(path=self.save_storage_state)
                await context.close()
            finally:
                await self.page_speed.finish(interrupted=record.status == "interrupted")
                self._save_evidence()
                self.on_update(record, None)
        return record

    def _stops_on_failure(self, stage: m.Stage) -> bool:
        """`run --strict`, or `on_failure: stop` on the stage (else on the scenario): the first failure ends the walk."""
        return self.settings.strict or (stage.on_failure or self.scenario.on_failure) == "stop"

    async def _walk_stage(self, page: Page, signals: PageSignals, banners: BannerWatch, stage_index: int,
                          stage: m.Stage, stage_record: StageRecord) -> StageWalk:
        stage_folder = self.folder / f"{stage_index + 1:02d}-{slug(stage.name)}"
        stage_folder.mkdir(parents=True, exist_ok=True)
        stage_evidence: dict[str, Any] = {"name": stage.name, "steps": []}
        self.evidence["stages"].append(stage_evidence)
        stage_record.status, stage_record.offset_ms = "running", self._ms_since_start()
        self.on_update(self.record, stage_record)
        recovery = RecoveryWatch(page, stage.recovery, lambda text: expand_variables(text, self.values))
        await recovery.stage_began()
        stops = self._stops_on_failure(stage)
        storyboard = Storyboard(self, page, stage_folder)
        self.page_speed.stage_began(stage_index)
        walked = StageWalk()
        for step_index, (step, step_record) in enumerate(zip(stage.steps, stage_record.steps)):
            step_evidence: dict[str, Any] = {}
            stage_evidence["steps"].append(step_evidence)
            if not runs_on(step, self.device):
                step_record.status = "skipped"
                continue
            await self._walk_and_record(page, signals, banners, storyboard, stage_index, step_index, step,
                                        step_record, step_evidence)
            if step_record.status == "failed" and (stops or not step_record.failed_check):
                walked.broke = True
                await self._capture_failure(page, stage_folder, stage_record)
                break
            if step_record.status == "stopped":
                break
        stage_record.duration_ms = stage_duration(stage_record)
        signals.step = None
        if self.settings.gather:
            stage_evidence.update(await gather_stage(page, self.device.device_class))
            stage_evidence["needs"] = await look_for_needs(page, stage.needs, lambda text: expand_variables(text, self.values))
        if recovery.checks:
            stage_evidence["recovery"] = await recovery.stage_ended()
        stage_record.url = page.url
        try:
            stage_record.title = await page.title()
        except Exception:
            stage_record.title = None
        if not walked.broke:
            if storyboard.last_shot is None or stage_record.steps[-1].screenshot is None:
                path = stage_folder / "stage.jpg"
                if await self._screenshot(page, path):
                    storyboard.last_shot = self._relative(path)
            stage_record.screenshot = storyboard.last_shot
            walked_any = any(s.status == "passed" or s.failed_check for s in stage_record.steps)
            stage_record.status = "passed" if walked_any or not self.record.stopped_before else "stopped"
        else:
            stage_record.screenshot = stage_record.failure.screenshot if stage_record.failure else storyboard.last_shot
            stage_record.status = "failed"
        await self.page_speed.stage_ended(page, stage_index, stage, stage_record, stage_evidence, stage_folder)
        if walked.broke and stage.resume and not stops and not self.record.stopped_before:
            walked.resumed = await self._walk_resume(page, signals, banners, storyboard, stage_index, stage,
                                                     stage_record, stage_evidence)
        signals.step = None
        return walked

    async def _walk_resume(self, page: Page, signals: PageSignals, banners: BannerWatch, storyboard: Storyboard,
                           stage_index: int, stage: m.Stage, stage_record: StageRecord,
                           stage_evidence: dict[str, Any]) -> bool:
        """The detour past a broken stage: its `resume:` steps, recorded after its own steps; False when one of them
        fails too (then the shopper is lost here)."""
        for step in stage.resume:
            if not runs_on(step, self.device):
                continue
            step_index = len(stage_record.steps)
            step_record = StepRecord(index=step_index, verb=m.step_verb(step),
                                     label=step_label(step, self.scenario.variables),
                                     target=(t.describe() if (t := step_target(step)) else None), line=step.line,
                                     resume=True)
            stage_record.steps.append(step_record)
            step_evidence: dict[str, Any] = {"resume": True}
            stage_evidence["steps"].append(step_evidence)
            await self._walk_and_record(page, signals, banners, storyboard, stage_index, step_index, step,
                                        step_record, step_evidence)
            self.on_update(self.record, None)
            if step_record.status == "stopped" or self.record.stopped_before:
                return True
            if step_record.status == "failed":
                return False
        return True

    async def _walk_and_record(self, page: Page, signals: PageSignals, banners: BannerWatch, storyboard: Storyboard,
                               stage_index: int, step_index: int, step: m._StepBase, step_record: StepRecord,
                               step_evidence: dict[str, Any]) -> None:
        """One step, then what the tool does after it, off the step's clock: the guard's look, the form banners the
        step brought up, the storyboard's picture."""
        signals.step = (stage_index, step_index)
        await self.safety.before_step(step)
        ok = await self._walk_step(page, signals, step, step_record, step_evidence)
        await self.safety.after_step(page)
        if ok and step_record.status == "passed":
            self._held_by_guard(step, stage_index, step_index, step_record, step_evidence)
        if step_record.verb != "screenshot":
            new_banners = await banners.new_after_step()
            if new_banners:
                step_evidence["form_errors"] = new_banners
        await storyboard.shoot(step_record, step_evidence, ok)

    async def _walk_step(self, page: Page, signals: PageSignals, step: m._StepBase, step_record: StepRecord,
                         step_evidence: dict[str, Any]) -> bool:
        """Do the step, or — production, a step that would commit — only check it could be done, and stop there."""
        timeout = step.timeout if step.timeout is not None else self.settings.timeout_ms
        clock = StepClock()
        context = StepContext(page=page, base_url=self.settings.base_url or self.scenario.base_url, values=self.values,
                              expand=lambda text: expand_variables(text, self.values), timeout_ms=timeout,
                              signals=signals, evidence=step_evidence, before_fill=self.safety.before_fill,
                              rng=self.rng, clock=clock)
        step_record.offset_ms = self._ms_since_start()
        try:
            target = step_target(step)
            with clock.tool():  # reading the page for the commit check: the tool's time, not the shop's
                check = await self.safety.before_action(step, page, context.locate(target) if target else None,
                                                        timeout)
            if check.evidence():
                step_evidence["commit"] = check.evidence()
            if check.hold:
                await ready(step, context)
                self._stop_before(check.hold.kind, step_record, step_evidence["commit"])
            else:
                await PERFORM[step_record.verb](step, context)
                step_record.status = "passed"
        except asyncio.CancelledError:
            raise
        except Exception as error:
            step_record.duration_ms = clock.shop_ms  # before the tool reads the page to explain the failure
            step_record.error = await explain_step(error, step, context, self.scenario.variables,
                                                   self.scenario.as_written.source)
            step_record.status = "failed"
        if step_record.duration_ms is None:
            step_record.duration_ms = clock.shop_ms
        step_evidence["tool_ms"] = clock.tool_ms
        step_record.url = page.url
        return step_record.status in ("passed", "stopped")

    def _stop_before(self, kind: str, step_record: StepRecord, why: dict[str, Any]) -> None:
        """The journey ends here, complete as far as a production walk may go; the network guard holds the rest."""
        step_record.status = "stopped"
        self.record.stopped_before = STOPPED_BEFORE[kind]
        self.safety.stopped(kind, why)

    def _held_by_guard(self, step: m._StepBase, stage_index: int, step_index: int, step_record: StepRecord,
                       step_evidence: dict[str, Any]) -> None:
        """A step the words did not catch, whose request the network guard held: it would have committed."""
        held = self.safety.held_during(step, stage_index, step_index)
        if held:
            first = held[0]
            step_evidence["commit"] = {"held": True, "kind": first["kind"], "by": "the network guard",
                                       "reason": f"{first['method']} {first['url']}: {first['reason']}"}
            self._stop_before(first["kind"], step_record, step_evidence["commit"])

    async def _screenshot(self, page: Page, path: Path, full_page: bool = False) -> bool:
        try:
            await page.screenshot(path=path, type="jpeg", quality=70, full_page=full_page, timeout=5000, scale="css",
                                  mask=self.safety.masks)
            return True
        except Exception:
            return False  # a screenshot is evidence, never a reason to lose the walk

    async def _capture_failure(self, page: Page, stage_folder: Path, stage_record: StageRecord) -> None:
        failure = FailureEvidence(url=page.url)
        shot = stage_folder / "failure.jpg"
        if await self._screenshot(page, shot, full_page=True):
            failure.screenshot = self._relative(shot)
        try:
            html = stage_folder / "failure.html"
            html.write_text(self.safety.redact(await page.content()), encoding="utf-8")
            failure.html = self._relative(html)
        except Exception:
            pass
        stage_record.failure = failure

    def _save_evidence(self) -> None:
        self.safety.scrub(self.evidence)
        save_evidence(self.evidence, self.folder / "evidence.json")
