"""Walk one scenario on one device: stages in order, every step timed, evidence kept as it arrives.

The walker never judges: it records what happened (timings, outcomes, screenshots, what the page
did) and leaves findings to the friction detectors. Every wait has a deadline (see `deadlines`): a step is
watched and stopped when its page stops responding or it overruns its time limit, a stage has a watchdog of its
own, and a browser that dies ends the journey with what it measured.

Keep walking: a check that fails (`expect`, a `remember` pattern) is recorded on its step and the walk goes on with
the next step; a step that cannot be done (its element missing, hidden, covered or disabled, a page that does not
load) breaks its stage. A broken stage's `resume:` steps — the way a shopper gets past it — are then walked, and the
next stage is reached by a detour; without them the journey ends there. `on_failure: stop` (scenario or stage) and
`run --strict` end the journey at the first failure, check or not, as CI gates may want.

Timings are the shop's: each step runs on a clock (`clock.StepClock`) that is paused while the tool works — the
commit check, hit tests, the picture of a cover, the probes around a click and the wait for its response beyond the
response itself, the read-back of typed values, the page-state check — and failure explanations, screenshots,
gatherers, axe, Lighthouse and the banner check run after the step's time is taken or between steps. A step's
`duration_ms` is its shop time; a stage's is the sum of its own steps that were done (not a failed step's wait for
what never came, nor the detour past it), which is what its budget is judged against. The tool's time inside each
step is kept in the evidence (`steps[].tool_ms`).
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

from playwright.async_api import Browser, BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

from ..errors import OutputUnwritable, one_line, unwritable
from ..evidence import new_evidence, save_evidence
from ..formatting import slug
from ..gather import STAGE_END, gather_stage, probe
from ..gather.form_state import BannerWatch
from ..gather.recovery import RecoveryWatch
from ..lighthouse.runner import LighthouseRunner
from ..results import (
    FailureEvidence,
    JourneyRecord,
    JourneySafetyRecord,
    StageRecord,
    StepError,
    StepRecord,
)
from ..safety import STOPPED_BEFORE, JourneySafety, policy_for
from ..scenario import model as m
from ..scenario.devices import DeviceProfile
from ..scenario.variables import expand as expand_variables
from . import capture
from .clock import StepClock
from .deadlines import Budget, Deadlines
from .describe import element_name, step_label, step_target
from .failures import explain_step
from .needs import look_for_needs
from .page_speed import JourneyPageSpeed
from .signals import LOOP_WINDOW_S, PAGE_WATCH, PageSignals
from .steps import PERFORM, AssertionFailed, StepContext, ready
from .stuck import PageHealth, redirect_loop_error, unresponsive_error, why_stuck
from .watchdog import StepStopped, settle, watch_step


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


BROWSER_CRASHED = "the browser crashed"


class BrowserGone(Exception):
    """The browser itself died (crashed or was killed): the journey ends, the run goes on in a new one."""


def _uncancel() -> None:
    """Forget a cancellation the walker asked for itself and handled (Python 3.11+ counts them)."""
    task = asyncio.current_task()
    if task is not None and hasattr(task, "uncancel"):
        task.uncancel()


async def _page_state(page: Page, timeout_s: float) -> tuple | None:
    """What a screenshot would show (capture.PAGE_STATE; None: unknown)."""
    try:
        return tuple(await probe.evaluate(page, capture.PAGE_STATE, timeout_s=timeout_s))
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
    check with any setting); a check that changed nothing on the page shares the previous step's picture. None is
    taken of a page that stopped responding."""

    def __init__(self, walker: JourneyWalker, page: Page, folder: Path) -> None:
        self.walker, self.page, self.folder = walker, page, folder
        self.last_shot: str | None = None
        self._shows: tuple | None = None  # the page state last_shot shows

    async def shoot(self, step_record: StepRecord, step_evidence: dict[str, Any], ok: bool,
                    budget: Budget | None = None) -> None:
        """`budget`: after a failed step, the failure's time, which the picture shares."""
        walker = self.walker
        assert walker.health is not None
        mode, read_s = walker.settings.screenshots, walker.deadlines.read_s
        if budget is not None:
            read_s = min(read_s, budget.left())
        path = self.folder / f"step-{step_record.index + 1:02d}.jpg"
        if step_record.verb == "screenshot":
            named = step_evidence.get("named_screenshot", {})
            if await walker._screenshot(self.page, path, full_page=named.get("full_page", False), budget=budget,
                                        evidence=step_evidence) is not None:
                step_record.screenshot = self.last_shot = walker._relative(path)
            self._shows = None
            return
        if not (mode == "step" or (not ok and (mode == "stage" or step_record.failed_check))) or walker.health.stuck:
            return
        if (ok and step_record.verb in CHECK_VERBS and self.last_shot is not None and self._shows is not None
                and await _page_state(self.page, read_s) == self._shows):
            step_record.screenshot = self.last_shot  # a check that changed nothing: the page looks as it did
        elif (taken := await walker._screenshot(self.page, path, budget=budget)) is not None:
            step_record.screenshot = self.last_shot = walker._relative(path)
            # Playwright's way of taking it touches the DOM (caret, masks): then the state is read after it
            self._shows = taken.get("shows") or await _page_state(self.page, read_s)


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
        self.deadlines = Deadlines.for_timeout_ms(settings.timeout_ms)
        self.folder = run_dir / "journeys" / record.id
        self.values: dict[str, str] = {**os.environ, **scenario.variables}
        self.evidence: dict[str, Any] = new_evidence(record.id, device.name, device.device_class)
        self.clock = time.perf_counter()
        policy = policy_for(scenario, settings.environment, settings.base_url)
        self.safety = JourneySafety(policy, self.folder, settings.trace, self.clock,
                                    screencast=settings.screenshots != "step")  # the storyboard is the film
        self.page_speed = JourneyPageSpeed(browser, scenario, device, record, self._relative, on_update, lighthouse,
                                           vitals=settings.gather, blocked_urls=policy.blocked.patterns,
                                           deadlines=self.deadlines)
        self.health: PageHealth | None = None
        self.signals: PageSignals | None = None
        self._walking: tuple[StageRecord, StepRecord | None] | None = None  # where the walk is, for a watchdog
        # Once a step fails, everything read after it (why it failed, its picture and HTML, the gatherers, the
        # title) shares this, so a page that fights back cannot stretch the stage.
        self._after_failure: Budget | None = None
        self.banners: BannerWatch | None = None  # the form-level error banners each step brings up
        self._page_crashed = False
        self._overran: float | None = None  # the allowance the journey went over, when its watchdog stopped it

    def on_update(self, journey: JourneyRecord, stage: StageRecord | None) -> None:
        self.safety.scrub(journey)  # nothing typed as a secret reaches results.json or the screen
        self._report_update(journey, stage)

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.run_dir).as_posix()

    def _ms_since_start(self) -> float:
        return round((time.perf_counter() - self.clock) * 1000, 1)

    def _mkdir(self, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise (unwritable(error, folder) or error) from None

    async def _browser(self, awaitable):
        """One call to the browser itself, within its deadline."""
        try:
            return await asyncio.wait_for(awaitable, self.deadlines.browser_s)
        except asyncio.TimeoutError:
            raise RuntimeError(f"the browser did not answer within {self.deadlines.browser_s:.0f} s") from None

    async def walk(self) -> JourneyRecord:
        record = self.record
        self._mkdir(self.folder)
        record.status, record.started_at = "running", datetime.now(timezone.utc).isoformat(timespec="seconds")
        record.evidence = self._relative(self.folder / "evidence.json")
        self.on_update(record, None)
        context: BrowserContext | None = None
        broken = False
        watchdog = asyncio.ensure_future(self._watch_journey(asyncio.current_task()))
        try:
            context = await self._browser(self.browser.new_context(
                **await self._browser(self.safety.context_args(self.browser, self.device.context_args))))
            page = await self._open(context)
            detour_from: str | None = None
            for stage_index, (stage, stage_record) in enumerate(zip(self.scenario.stages, record.stages)):
                stage_record.detour_from, detour_from = detour_from, None
                walked = await self._walk_stage_watched(page, stage_index, stage, stage_record)
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
            if self._overran is None:
                record.status = "interrupted"
                raise
            _uncancel()  # the journey's own watchdog stopped it: the run goes on
            record.status, record.error = "error", f"the walk of this journey went over its {self._overran:.0f} s"
            self._fail_where_walking(StepError(kind="timeout", message=f"the journey's watchdog stopped the walk "
                                                                       f"after {self._overran:.0f} s"))
        except OutputUnwritable:
            record.status = "interrupted"
            raise
        except BrowserGone as gone:
            record.status, record.error = "error", str(gone)
            self._fail_where_walking(StepError(kind="crashed", message=str(gone)))
        except Exception as error:  # the browser itself failed: say so, keep what was measured
            if not self.browser.is_connected():
                record.status, record.error = "error", BROWSER_CRASHED
                self._fail_where_walking(StepError(kind="crashed", message=BROWSER_CRASHED))
            else:
                record.status, record.error = "error", one_line(error, 300)
        finally:
            watchdog.cancel()
            for stage_record in record.stages:
                if stage_record.status == "running":
                    stage_record.status = "failed" if record.status != "interrupted" else "not_reached"
            record.duration_ms = self._ms_since_start()
            record.safety = JourneySafetyRecord(**self.safety.summary())
            try:
                await self._close(context, broken or record.status == "error" or bool(record.failed_checks()))
            finally:
                await self.page_speed.finish(interrupted=record.status == "interrupted")
                self._save_evidence()
                self.on_update(record, None)
        return record

    def _journey_allowance_s(self) -> float:
        """The most a journey may take besides waiting for Lighthouse: every stage's allowance and its detour's, and
        opening and closing its pages; past it, the journey's watchdog stops it. A backstop: every wait has a
        deadline of its own."""
        stages = sum(self._stage_allowance_s(stage) + self._resume_allowance_s(stage) for stage in self.scenario.stages)
        return stages + 6 * self.deadlines.browser_s + 30

    async def _watch_journey(self, walking: asyncio.Task | None) -> None:
        allowance = self._journey_allowance_s()
        while walking is not None:
            await asyncio.sleep(1)
            if time.perf_counter() - self.clock - self.page_speed.waited_s > allowance:
                self._overran = allowance
                walking.cancel()
                return

    async def _open(self, context: BrowserContext) -> Page:
        """The journey's page, traced, guarded, listened to and measured from its first request."""
        if self.cookies:
            await self._browser(context.add_cookies(self.cookies))
        await self._browser(self.safety.start_trace(context))
        await self._browser(context.add_init_script(PAGE_WATCH))
        page = await self._browser(context.new_page())
        page.on("crash", lambda _: setattr(self, "_page_crashed", True))
        self.signals = signals = PageSignals(page, self.clock)
        self.health = PageHealth(page)
        self.evidence["signals"] = signals.log
        await self._browser(self.safety.guard(context, page, lambda: signals.step))
        self.evidence["safety"] = self.safety.evidence()
        await self._browser(self.page_speed.start(context, page, signals))
        self.banners = BannerWatch(page)
        return page

    async def _close(self, context: BrowserContext | None, broken: bool) -> None:
        """Stop tracing and close the context, each within its deadline; what could not be saved is noted."""
        if self.health:
            self.health.close()
        if context is None:
            return
        if not self.browser.is_connected():
            self._note("the trace was lost with the browser")
            return
        try:
            trace_parts = await asyncio.wait_for(self.safety.close(broken), self.deadlines.browser_s * 2)
            failed = next((s for s in self.record.stages if s.failure), None)
            if trace_parts and failed:
                failed.failure.trace = self._relative(trace_parts[-1])
        except asyncio.TimeoutError:
            self._note(f"the trace could not be saved within {self.deadlines.browser_s * 2:.0f} s and was left out")
        except Exception as error:
            problem = unwritable(error, self.folder)
            if problem:
                raise problem from None
            self._note(f"the trace could not be saved: {one_line(error)}")
        try:
            if self.save_storage_state and self.record.status == "completed":
                await self._browser(context.storage_state(path=self.save_storage_state))
        finally:
            try:
                await asyncio.wait_for(context.close(), self.deadlines.browser_s)
            except (asyncio.TimeoutError, PlaywrightError):
                self._note(f"the browser did not close the journey's pages within {self.deadlines.browser_s:.0f} s")

    def _note(self, text: str) -> None:
        """Something the evidence lacks, and why (a trace that could not be saved)."""
        self.evidence.setdefault("notes", []).append(text)

    def _fail_where_walking(self, error: StepError) -> None:
        """Fail the stage (and step) under way when the walk was stopped from outside the step."""
        if self._walking is None:
            return
        stage_record, step_record = self._walking
        stage_record.status = "failed"
        if step_record is not None and step_record.status in ("not_reached", "passed"):
            step_record.status, step_record.error = "failed", error
        index = self.record.stages.index(stage_record)
        for later in self.record.stages[index + 1:]:
            later.status = "not_reached"
        if index < len(self.evidence["stages"]) and self.settings.gather:  # the detectors say why they cannot judge
            stage_evidence = self.evidence["stages"][index]
            for name in [module.NAME for module in STAGE_END] + ["needs", "vitals"]:
                if name not in stage_evidence:
                    stage_evidence.setdefault("gather_errors", {}).setdefault(name, f"not gathered: {error.message}")

    def _steps_allowance_s(self, steps: list[m._StepBase]) -> float:
        """Every step's limit with its pictures and reads."""
        return sum(self.deadlines.step_limit_s((step.timeout or self.settings.timeout_ms) / 1000)
                   + 2 * self.deadlines.capture_s + 2 * self.deadlines.read_s for step in steps)

    def _stage_allowance_s(self, stage: m.Stage) -> float:
        """The most a stage may take besides Lighthouse: every step's limit with its pictures, the gatherers, what is
        read after a failure and the detour past it, with room to spare; past it, the stage watchdog stops the
        stage."""
        return (self._steps_allowance_s(stage.steps) + self.deadlines.gather_s + self.deadlines.failure_s
                + LOOP_WINDOW_S + 10)

    def _resume_allowance_s(self, stage: m.Stage) -> float:
        """The most the detour past a broken stage (its `resume:` steps) may take."""
        return self._steps_allowance_s(stage.resume) + 10 if stage.resume else 0.0

    def _stops_on_failure(self, stage: m.Stage) -> bool:
        """`run --strict`, or `on_failure: stop` on the stage (else on the scenario): the first failure ends the
        walk."""
        return self.settings.strict or (stage.on_failure or self.scenario.on_failure) == "stop"

    async def _walk_stage_watched(self, page: Page, stage_index: int, stage: m.Stage,
                                  stage_record: StageRecord) -> StageWalk:
        allowance = self._stage_allowance_s(stage)
        stage_evidence: dict[str, Any] = {"name": stage.name, "steps": []}
        self.evidence["stages"].append(stage_evidence)
        folder = self.folder / f"{stage_index + 1:02d}-{slug(stage.name)}"
        try:
            walked = await asyncio.wait_for(self._walk_stage(page, stage_index, stage, stage_record, stage_evidence),
                                            allowance)
        except asyncio.TimeoutError:
            self._fail_where_walking(StepError(kind="timeout", message=f"the walk stopped this stage after "
                                                                       f"{allowance:.0f} s: it did not finish in time"))
            stage_record.duration_ms = round(self._ms_since_start() - (stage_record.offset_ms or 0), 1)
            return StageWalk(broke=True)
        await self.page_speed.stage_ended(page, stage_index, stage, stage_record, stage_evidence, folder)
        if walked.broke and stage.resume and not self._stops_on_failure(stage) and not self.record.stopped_before:
            resume_allowance = self._resume_allowance_s(stage)
            try:
                walked.resumed = await asyncio.wait_for(
                    self._walk_resume(page, stage_index, stage, stage_record, stage_evidence, folder),
                    resume_allowance)
            except asyncio.TimeoutError:
                self._fail_where_walking(StepError(kind="timeout", message=f"the walk stopped the detour past this "
                                                                           f"stage after {resume_allowance:.0f} s"))
            self._walking = None
        assert self.signals is not None
        self.signals.step = None
        return walked

    async def _walk_resume(self, page: Page, stage_index: int, stage: m.Stage, stage_record: StageRecord,
                           stage_evidence: dict[str, Any], stage_folder: Path) -> bool:
        """The detour past a broken stage: its `resume:` steps, recorded after its own steps; False when one of them
        fails too (then the shopper is lost here)."""
        storyboard = Storyboard(self, page, stage_folder)
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
            await self._walk_and_record(page, storyboard, stage_index, step_index, step, step_record, step_evidence,
                                        stage_folder)
            self.on_update(self.record, None)
            if step_record.status == "stopped" or self.record.stopped_before:
                return True
            if step_record.status == "failed":
                return False
        return True

    async def _walk_and_record(self, page: Page, storyboard: Storyboard, stage_index: int, step_index: int,
                               step: m._StepBase, step_record: StepRecord, step_evidence: dict[str, Any],
                               stage_folder: Path) -> bool:
        """One step, then what the tool does after it, off the step's clock: the guard's look, the form banners the
        step brought up, the storyboard's picture. After a failed step these share the failure's time with what
        follows (why it failed was read already), so a slow page cannot stretch the stage past it."""
        assert self.signals is not None and self.health is not None and self.banners is not None
        self.signals.step = (stage_index, step_index)
        self._walking = (self.record.stages[stage_index], step_record)
        await self._evidence_read(self.safety.before_step(step), self.deadlines.browser_s)
        ok = await self._walk_step(page, step, step_record, step_evidence,
                                   stage_folder / f"step-{step_index + 1:02d}-covered.jpg")
        if not self.browser.is_connected():
            raise BrowserGone(BROWSER_CRASHED)
        failed = self._after_failure

        def within(limit_s: float) -> float:
            return min(limit_s, failed.left()) if failed is not None else limit_s

        if not self.health.stuck:
            await self._evidence_read(self.safety.after_step(page), within(self.deadlines.browser_s))
        if ok and step_record.status == "passed":
            self._held_by_guard(step, stage_index, step_index, step_record, step_evidence)
        if step_record.verb != "screenshot" and not self.health.stuck:
            new_banners = await self._evidence_read(self.banners.new_after_step(), within(self.deadlines.read_s))
            if new_banners:
                step_evidence["form_errors"] = new_banners
        await storyboard.shoot(step_record, step_evidence, ok, failed)
        return ok

    async def _walk_stage(self, page: Page, stage_index: int, stage: m.Stage, stage_record: StageRecord,
                          stage_evidence: dict[str, Any]) -> StageWalk:
        assert self.signals is not None and self.health is not None
        signals, health = self.signals, self.health
        stage_folder = self.folder / f"{stage_index + 1:02d}-{slug(stage.name)}"
        self._mkdir(stage_folder)
        stage_record.status, stage_record.offset_ms = "running", self._ms_since_start()
        self._walking = (stage_record, None)
        self.on_update(self.record, stage_record)
        recovery = RecoveryWatch(page, stage.recovery, lambda text: expand_variables(text, self.values))
        await self._evidence_read(recovery.stage_began(), self.deadlines.read_s * 2)
        budget: Budget | None = None  # after a failure, what the failure's capture leaves the gatherers
        last_step = max((i for i, step in enumerate(stage.steps) if runs_on(step, self.device)), default=-1)
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
            step_began = time.perf_counter()
            ok = await self._walk_and_record(page, storyboard, stage_index, step_index, step, step_record,
                                             step_evidence, stage_folder)
            if ok and step_index == last_step and step_record.status == "passed":
                loop = await settle(signals, step_began)  # the walker watching for a loop: not the shop's time
                if loop is not None:
                    self._fail_at_loop_start(stage_index, step_record, loop)
                    ok = False
            if not ok and (stops or not step_record.failed_check):
                walked.broke = True
                budget = self._after_failure or Budget(self.deadlines.failure_s)
                stage_evidence["failure_capture"] = await self._capture_failure(page, stage_folder, stage_record,
                                                                                 budget)
                break
            if step_record.status == "stopped":
                break
        self._walking = (stage_record, None)
        stage_record.duration_ms = stage_duration(stage_record)
        signals.step = None
        await self._stage_evidence(page, stage, stage_evidence, recovery, budget)
        stage_record.url = page.url
        title_s = min(self.deadlines.read_s, budget.left()) if budget else self.deadlines.read_s
        stage_record.title = None if health.stuck else await self._evidence_read(page.title(), title_s)
        if not walked.broke:
            if storyboard.last_shot is None or stage_record.steps[-1].screenshot is None:
                path = stage_folder / "stage.jpg"
                if not health.stuck and await self._screenshot(page, path) is not None:
                    storyboard.last_shot = self._relative(path)
            stage_record.screenshot = storyboard.last_shot
            walked_any = any(s.status == "passed" or s.failed_check for s in stage_record.steps)
            stage_record.status = "passed" if walked_any or not self.record.stopped_before else "stopped"
        else:
            stage_record.screenshot = (stage_record.failure.screenshot if stage_record.failure
                                       else storyboard.last_shot)
            stage_record.status = "failed"
        return walked

    def _fail_at_loop_start(self, stage_index: int, step_record: StepRecord, loop: dict[str, Any]) -> None:
        """A redirect loop the stage led into fails the stage at the step where it began."""
        began = step_record
        if loop["stage"] == stage_index and loop["step"] is not None:
            began = self.record.stages[stage_index].steps[loop["step"]]
        began.status, began.error = "failed", redirect_loop_error(loop)

    def _where_loop_began(self, error: StepError, step_record: StepRecord) -> StepError:
        """A redirect loop that began before the step it failed: say where it began."""
        assert self.signals is not None
        loop = self.signals.latest_loop
        if error.kind != "redirect_loop" or loop is None or loop["stage"] is None:
            return error
        began = self.record.stages[loop["stage"]].steps[loop["step"]]
        if began is step_record:
            return error
        stage = self.record.stages[loop["stage"]].name
        return error.model_copy(update={"message": f"{error.message} (it began with “{began.label}” in {stage})"})

    async def _stage_evidence(self, page: Page, stage: m.Stage, stage_evidence: dict[str, Any], recovery: RecoveryWatch,
                              budget: Budget | None) -> None:
        """The gatherers, the needs and the recovery checks, within `budget` (by default the stage's gathering
        time); skipped, saying why under `gather_errors`, when the page stopped responding or time ran out."""
        assert self.health is not None
        budget = budget or Budget(self.deadlines.gather_s)
        wanted = ([module.NAME for module in STAGE_END] + ["needs"] if self.settings.gather else []) + (
            ["recovery"] if recovery.checks else [])
        if self.health.stuck:
            stage_evidence["gather_errors"] = {name: "not gathered: the page did not respond" for name in wanted}
            return
        if self.settings.gather:
            await self._loaded(page, budget)
            stage_evidence.update(await gather_stage(page, self.device.device_class, budget))
            needs = look_for_needs(page, stage.needs, lambda text: expand_variables(text, self.values))
            await self._gathered(stage_evidence, "needs", needs, budget)
        if recovery.checks:
            await self._gathered(stage_evidence, "recovery", recovery.stage_ended(), budget)

    @staticmethod
    async def _loaded(page: Page, budget: Budget) -> None:
        """The page's load event before the gatherers measure it (at most half their time): a click that opened a
        page returns once it commits, and a stylesheet still on its way leaves buttons at their unstyled size."""
        try:
            await page.wait_for_load_state("load", timeout=max(budget.left() / 2, 0.01) * 1000)
        except Exception:  # not loaded in time, or the page went: the gatherers say what they could read
            pass

    async def _gathered(self, stage_evidence: dict[str, Any], name: str, awaitable, budget: Budget) -> None:
        """One more part of the stage's evidence, or why it is missing."""
        missing = object()
        value = await self._evidence_read(awaitable, budget.left(), missing)
        if value is missing:
            stage_evidence.setdefault("gather_errors", {})[name] = "not gathered: the stage's time for gathering " \
                                                                    "evidence ran out or the page did not answer"
        else:
            stage_evidence[name] = value

    async def _evidence_read(self, awaitable, limit_s: float, default: Any = None) -> Any:
        """A read for the evidence (or the trace's pause and resume): within `limit_s`, never failing the walk."""
        try:
            return await asyncio.wait_for(awaitable, max(limit_s, 0.01))
        except asyncio.TimeoutError:
            return default
        except OutputUnwritable:
            raise
        except Exception as error:
            problem = unwritable(error, self.folder)
            if problem:
                raise problem from None
            return default

    async def _walk_step(self, page: Page, step: m._StepBase, step_record: StepRecord,
                         step_evidence: dict[str, Any], covered_shot: Path | None = None) -> bool:
        """Do the step, or — production, a step that would commit — only check it could be done, and stop there.

        `covered_shot`: where the screenshot of an obstruction goes, taken before it is dismissed (on the step's
        clock as the tool's time)."""
        assert self.signals is not None and self.health is not None
        timeout = step.timeout if step.timeout is not None else self.settings.timeout_ms
        clock = StepClock()

        async def capture() -> str | None:
            taken = covered_shot is not None and await self._screenshot(page, covered_shot) is not None
            return self._relative(covered_shot) if taken else None

        context = StepContext(page=page, base_url=self.settings.base_url or self.scenario.base_url, values=self.values,
                              expand=lambda text: expand_variables(text, self.values), timeout_ms=timeout,
                              signals=self.signals, evidence=step_evidence, before_fill=self.safety.before_fill,
                              rng=self.rng, clock=clock,
                              capture=capture if self.settings.screenshots != "failure" else None)
        step_record.offset_ms = self._ms_since_start()
        started = time.perf_counter()
        self._after_failure = None

        async def act() -> None:
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

        try:
            if self.health.stuck:  # a read sent while the last step was pictured is still unanswered
                raise StepStopped(unresponsive_error(self.health.stuck_for()))
            await watch_step(act(), timeout / 1000, self.deadlines.step_limit_s(timeout / 1000), started,
                             self.signals, self.health)
        except asyncio.CancelledError:
            raise
        except StepStopped as stopped:
            step_record.duration_ms = clock.shop_ms
            self._after_failure = Budget(self.deadlines.after_failure_s(timeout / 1000, time.perf_counter() - started))
            step_record.error, step_record.status = self._where_loop_began(stopped.error, step_record), "failed"
        except Exception as error:
            step_record.duration_ms = clock.shop_ms  # what follows is the walker finding out why: not the shop's time
            self._after_failure = budget = Budget(self.deadlines.after_failure_s(timeout / 1000,
                                                                                 time.perf_counter() - started))
            step_record.error = (await self._crash(error)
                                 or await why_stuck(self.signals, self.health, started, timeout / 1000, budget)
                                 or await self._explain(error, step, context, budget))
            step_record.error = self._where_loop_began(step_record.error, step_record)
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

    async def _crash(self, error: Exception) -> StepError | None:
        """A step that failed because the browser died raises BrowserGone; one whose tab crashed fails in those
        words."""
        if not isinstance(error, PlaywrightError) or not ("closed" in str(error) or "crash" in str(error).lower()):
            return None
        for _ in range(20):  # the browser's disconnection may be told a moment after the failed call
            if not self.browser.is_connected():
                raise BrowserGone(BROWSER_CRASHED)
            await asyncio.sleep(0.05)
        if self._page_crashed:
            return StepError(kind="crashed", message="the page crashed: its browser tab died")
        return None

    async def _explain(self, error: Exception, step: m._StepBase, context: StepContext, budget: Budget) -> StepError:
        """Why the step failed, by looking at the page: within the read deadline, or in Playwright's words."""
        try:
            return await budget.run(explain_step(error, step, context, self.scenario.variables,
                                                 self.scenario.as_written.source), self.deadlines.read_s * 2)
        except asyncio.TimeoutError:  # the page was too slow to be looked at: say what is known
            what = element_name(target, self.scenario.variables) if (target := step_target(step)) else "the step"
            if isinstance(error, AssertionFailed):
                return StepError(kind="assertion", message=f"{what} was not as expected (the page was too slow to be "
                                                           "looked at more closely)", detail=str(error)[:2000])
            return StepError(kind="timeout", message=f"{what}: nothing happened in time", detail=str(error)[:2000])

    async def _screenshot(self, page: Page, path: Path, full_page: bool = False, budget: Budget | None = None,
                          evidence: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """What capture.screenshot says of the picture it saved; None when none was taken."""
        assert self.health is not None
        taken = await capture.screenshot(page, path, budget or Budget(self.deadlines.capture_s),
                                         self.deadlines.capture_s,
                                         self.safety.masks, full_page)
        if taken is None:
            await self.health.responds(0)  # a picture that did not come: is the page still answering?
            return None
        if taken.get("cut") and evidence is not None:
            evidence["picture"] = taken["cut"]
        return taken

    async def _capture_failure(self, page: Page, stage_folder: Path, stage_record: StageRecord,
                               budget: Budget) -> dict[str, Any]:
        """The failure's picture and HTML within `budget` (the gatherers get what is left); what was cut or could
        not be read is said in the returned evidence."""
        assert self.health is not None
        failure = FailureEvidence(url=page.url)
        stage_record.failure = failure
        said: dict[str, Any] = {}
        if self.health.stuck:  # it has not answered a trivial read for UNRESPONSIVE_S: pictures and HTML would not come
            said["not_captured"] = "the page did not respond"
            return said
        shot = stage_folder / "failure.jpg"
        if await self._screenshot(page, shot, full_page=True, budget=budget, evidence=said) is not None:
            failure.screenshot = self._relative(shot)
        read = None if self.health.stuck else await capture.page_html(page, budget, self.deadlines.capture_s)
        if read is None:
            said["html"] = "the page's HTML could not be read in time"
        else:
            html, note = read
            path = stage_folder / "failure.html"
            try:
                path.write_text(self.safety.redact(html), encoding="utf-8")
            except OSError as error:
                raise (unwritable(error, path) or error) from None
            failure.html = self._relative(path)
            if note:
                said["html"] = f"failure.html was {note}"
        return said

    def _save_evidence(self) -> None:
        self.safety.scrub(self.evidence)
        path = self.folder / "evidence.json"
        try:
            save_evidence(self.evidence, path)
        except OSError as error:
            raise (unwritable(error, path) or error) from None
