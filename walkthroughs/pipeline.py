"""The one place that calls the layers in order: load → plan → walk → assess → save.

Every front door (the CLI, the pytest plugin, calibration, the watch through the CLI) walks through here, so
a journey is judged the same way whichever door it came in by.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from playwright.async_api import Browser

from .baseline import adopt_baseline, remembered_baseline
from .friction.assess import assess_across_walks, assess_journey
from .friction.base import JourneyEvidence
from .friction.registry import detector_infos, known_detectors
from .lighthouse import check_scenarios as check_lighthouse_scenarios
from .results import BrowserInfo, JourneyRecord, RunResult, StageRecord, load_results, save_results
from .run_folder import RunFolder
from .scenario import loader
from .scenario import model as m
from .scenario.devices import filter_devices, resolve_devices
from .walk.journey import WalkSettings
from .walk.run import Plan, Progress, RunOptions, walk_journey, walk_plans
from .walk.variants import Walks, variant_journey, variants


def load_scenarios(paths: Iterable[str | Path], *, environ: Mapping[str, str] | None = None,
                   device_descriptors: Mapping[str, dict] | None = None) -> list[m.Scenario]:
    """Scenario files (a folder means its YAML files) read and checked — `detectors:` settings against the known
    detectors, built-in and installed, and Lighthouse CI assertions against the installed Lighthouse; raises
    ScenarioError with every problem at its file:line:col."""
    scenarios = loader.load_scenarios(paths, environ=environ, device_descriptors=device_descriptors,
                                      detectors=known_detectors())
    check_lighthouse_scenarios(scenarios)
    return scenarios


def load_scenario(path: str | Path, *, environ: Mapping[str, str] | None = None,
                  device_descriptors: Mapping[str, dict] | None = None) -> m.Scenario:
    """One scenario file, checked as `load_scenarios` checks them."""
    scenario = loader.load_scenario(path, environ=environ, device_descriptors=device_descriptors,
                                    detectors=known_detectors())
    check_lighthouse_scenarios([scenario])
    return scenario


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


class _FolderEvents:
    """What the walk reports goes into the run folder's results.json, and on to the progress display."""

    def __init__(self, folder: RunFolder, progress: Progress) -> None:
        self.folder, self.progress = folder, progress

    def browser_started(self, info: BrowserInfo, description: str) -> None:
        self.folder.result.browser = info
        self.progress.browser_chosen(description)
        self.folder.save()

    def journey_update(self, journey: JourneyRecord, stage: StageRecord | None) -> None:
        self.folder.save()
        self.progress.journey_update(journey, stage)

    def page_speed_note(self, note: str | None) -> None:
        self.folder.result.page_speed_note = note


async def walk_run(plans: list[Plan], folder: RunFolder, options: RunOptions, progress: Progress,
                   baseline: Path | None = None) -> RunResult:
    """Walk every planned journey into the folder, judging each as it ends and the walks together at the end —
    their screens against `baseline` (an earlier run's folder), or against the walks `folder.result.baseline`
    already names (calibration). Raises BaselineError before walking when the baseline cannot be read."""
    for plan in plans:
        folder.add_scenario(plan.scenario, options.settings.base_url)
    folder.result.journeys = [plan.record for plan in plans]
    if baseline is not None:
        folder.result.baseline = adopt_baseline(baseline, folder.result, folder.path).info(folder.path)
    events = _FolderEvents(folder, progress)

    def journey_walked(plan: Plan, evidence: dict) -> None:
        if options.assess:
            assess_plan(plan, evidence, folder)
            events.journey_update(plan.record, None)

    if options.assess:
        folder.result.detectors = detector_infos()
    await walk_plans(plans, folder.path, options, events, journey_walked)
    if options.assess:
        assess_across_walks(folder.result, root=folder.path, baseline=remembered_baseline(folder.path, folder.result))
        folder.save()
    return folder.result


def compare_with_baseline(run_dir: Path, baseline: Path) -> RunResult:
    """Compare a saved run's screens with an earlier run's (`report --baseline`) and rewrite its results.json: the
    judges across walks run again, with that baseline. Raises BaselineError."""
    path = Path(run_dir) / "results.json"
    result = load_results(path)
    result.baseline = adopt_baseline(baseline, result, run_dir).info(run_dir)
    if result.detectors_ran:
        assess_across_walks(result, root=Path(run_dir), baseline=remembered_baseline(run_dir, result))
    save_results(result, path)
    return result


async def walk_one(browser: Browser, plan: Plan, folder: RunFolder, settings: WalkSettings) -> None:
    """Walk one journey in a browser someone else started (the pytest plugin's), judge it and save it."""
    folder.add_scenario(plan.scenario, settings.base_url)
    folder.result.journeys.append(plan.record)
    folder.result.detectors = detector_infos()
    evidence = await walk_journey(browser, plan, folder.path, settings, lambda journey, stage: folder.save())
    assess_plan(plan, evidence, folder)
    assess_across_walks(folder.result)
    folder.save()


def assess_plan(plan: Plan, evidence: dict, folder: RunFolder) -> None:
    """Run the journey-scope detectors over a walked journey (its scenario must be in the folder's results)."""
    assess_journey(JourneyEvidence(plan.record, evidence, folder.scenario(plan.scenario.name)))
