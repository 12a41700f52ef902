"""A run: every scenario on every device, concurrently, into one folder whose results.json grows as it goes."""

from __future__ import annotations

import asyncio
import os
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Protocol

from playwright.async_api import Browser, async_playwright

from .. import __version__
from ..assess import assess_journey, assess_repeats
from ..friction.base import JourneyEvidence
from ..lighthouse import LighthouseChoice, LighthouseRunner, lighthouse_plans, prepare_lighthouse
from ..results import JourneyRecord, RunResult, ScenarioInfo, ScenarioStage, StageRecord, save_results
from ..scenario import model as m
from ..scenario.devices import DeviceProfile, filter_devices, resolve_devices
from .browser import RemoteBrowser, start_browser
from .journey import JourneyWalker, WalkSettings
from .personas import SignInFailed, sign_in
from .variants import Walks, variant_journey, variants


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


def new_run_id() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(2)


def point_latest(out_dir: Path, run_dir: Path) -> None:
    """`reports/latest` names the newest run: a symlink, or a text file where links are not allowed."""
    latest = out_dir / "latest"
    try:
        if latest.is_symlink() or latest.is_file():
            latest.unlink()
        latest.symlink_to(run_dir.name, target_is_directory=True)
    except OSError:
        latest.write_text(run_dir.name + "\n", encoding="utf-8")


def scenario_info(scenario: m.Scenario, base_url: str | None) -> ScenarioInfo:
    source = getattr(scenario, "source", None)
    return ScenarioInfo(
        name=scenario.name, file=str(source) if source else None, goal=scenario.goal,
        base_url=base_url or scenario.base_url, detectors=scenario.detectors,
        stages=[ScenarioStage(name=s.name, phase=s.phase, needs=s.need_texts, detectors=s.detectors)
                for s in scenario.stages],
        paths={name: path.goal for name, path in scenario.as_written.paths.items()},
    )


class RunFolder:
    """The run's folder and its results.json, saved every time a journey reports progress."""

    def __init__(self, out_dir: Path, options: dict) -> None:
        self.run_id = new_run_id()
        self.path = out_dir / self.run_id
        self.path.mkdir(parents=True, exist_ok=True)
        point_latest(out_dir, self.path)
        self.result = RunResult(run_id=self.run_id, tool_version=__version__, options=options,
                                started_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))

    @property
    def results_path(self) -> Path:
        return self.path / "results.json"

    def save(self) -> None:
        save_results(self.result, self.results_path)

    def add_scenario(self, scenario: m.Scenario, base_url: str | None) -> ScenarioInfo:
        """The scenario's entry in results.json, added the first time one of its journeys is walked; a journey on
        one of its paths adds the stages only that path walks."""
        known = next((s for s in self.result.scenarios if s.name == scenario.name), None)
        if known is None:
            known = scenario_info(scenario, base_url)
            self.result.scenarios.append(known)
        else:
            names = {stage.name for stage in known.stages}
            known.stages += [stage for stage in scenario_info(scenario, base_url).stages if stage.name not in names]
        return known

    def finish(self, interrupted: bool = False) -> None:
        journeys = self.result.journeys
        if interrupted:
            self.result.status = "interrupted"
            for journey in journeys:
                if journey.status in ("pending", "running"):
                    journey.status = "interrupted"
        else:
            self.result.status = "completed" if all(j.status == "completed" for j in journeys) else "broken"
        self.result.finished_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.save()


def plan_journeys(scenarios: list[m.Scenario], descriptors: dict, only_devices: list[str] | None,
                  walks: Walks | None = None) -> list[Plan]:
    """Every scenario × path × persona × device (× repeat) to walk; raises the scenario module's UnknownDevice
    before anything starts. Without `walks`, each scenario's main journey once per device."""
    walks = walks or Walks()
    plans: list[Plan] = []
    for scenario in scenarios:
        devices = resolve_devices(scenario.devices, descriptors)
        if only_devices:
            devices = filter_devices(devices, only_devices)
        for device in devices:
            for variant in variants(scenario, walks):
                signs_in = variant.persona if variant.persona and scenario.personas[variant.persona].sign_in else None
                walked, walked_device, record = variant_journey(scenario, device, variant, walks.seed)
                plans.append(Plan(walked, walked_device, record, sign_in=signs_in))
    return plans


async def walk_run(plans: list[Plan], folder: RunFolder, options: RunOptions, progress: Progress) -> RunResult:
    """Walk every planned journey; one journey failing never stops the others."""
    settings = options.settings
    for plan in plans:
        folder.add_scenario(plan.scenario, settings.base_url)
    folder.result.journeys = [plan.record for plan in plans]
    scenarios = list({id(plan.scenario): plan.scenario for plan in plans}.values())
    lighthouse, folder.result.page_speed_note = prepare_lighthouse(lighthouse_plans(scenarios, options.lighthouse),
                                                                   remote_browser=options.connect is not None)
    async with async_playwright() as playwright:
        # Lighthouse attaches to this same browser, to audit the pages in the journeys' state.
        debugging = {"args": [f"--remote-debugging-port={lighthouse.port}"]} if lighthouse else None
        started = await start_browser(playwright, options.headed, options.connect, debugging)
        browser = started.browser
        folder.result.browser = started.info
        progress.browser_chosen(started.description)
        folder.save()

        def on_update(journey: JourneyRecord, stage: StageRecord | None) -> None:
            folder.save()
            progress.journey_update(journey, stage)

        limit = asyncio.Semaphore(max(1, options.workers))
        if lighthouse:
            lighthouse.journey_slots = limit

        async def walk_one(plan: Plan) -> None:
            async with limit:
                try:
                    await sign_in_first(browser, plan, folder, settings)
                except SignInFailed as error:
                    plan.record.status, plan.record.error = "error", str(error)
                    on_update(plan.record, None)
                    return
                evidence = await walk_journey(browser, plan, folder, settings, on_update, lighthouse)
            if options.assess:
                assess_plan(plan, evidence, folder)
                on_update(plan.record, None)

        try:
            await asyncio.gather(*(walk_one(plan) for plan in plans))
            if options.assess:
                assess_repeats(folder.result)
                folder.save()
            if lighthouse:
                failed_uploads = await lighthouse.upload(folder.run_id)
                folder.result.page_speed_note = "; ".join(failed_uploads) or None
        finally:
            if lighthouse:
                await lighthouse.close()
            await browser.close()
    return folder.result


async def sign_in_first(browser: Browser, plan: Plan, folder: RunFolder, settings: WalkSettings) -> None:
    """A persona with a sign-in stage: walk it, and start the journey with the storage state it leaves."""
    if plan.sign_in is not None:
        state = await sign_in(browser, plan.scenario, plan.sign_in, plan.device, plan.record, folder.path, settings)
        plan.device = replace(plan.device, context_args={**plan.device.context_args, "storage_state": state})


async def walk_journey(browser: Browser, plan: Plan, folder: RunFolder, settings: WalkSettings,
                       on_update: Callable[[JourneyRecord, StageRecord | None], None],
                       lighthouse: LighthouseRunner | None = None) -> dict:
    """Walk one planned journey into the run folder in its own browser context; returns its evidence."""
    walker = JourneyWalker(browser, plan.scenario, plan.device, plan.record, folder.path, settings, on_update,
                           cookies=plan.cookies, lighthouse=lighthouse)
    await walker.walk()
    return walker.evidence


def assess_plan(plan: Plan, evidence: dict, folder: RunFolder) -> None:
    """Run the friction detectors over a walked journey (its scenario must be in the folder's results)."""
    info = next(s for s in folder.result.scenarios if s.name == plan.scenario.name)
    assess_journey(JourneyEvidence(plan.record, evidence, info, folder.path))
