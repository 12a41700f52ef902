"""How well the detectors see: walk each demo shop's journey with each friction switch alone, and on the clean shop.

Every switch of a demo shop reproduces one real defect and names the detectors that should find it, on which stage
(`Friction.stage_for`) and devices (the shop's `FRICTIONS`). One run per shop walks them all against one running
shop, each journey's browser carrying its switch in the `wt_frictions` cookie, then compares what the detectors
found with what was expected. Each switched walk's screens are compared with the clean walk on the same device
(the run's own baseline), so visual-regression is calibrated too.

Counting, per (detector, stage, device) cell: a finding is *new* when the clean shop's journey on that
device has no finding with the same detector, stage, cause and severity (a measured value may differ: "Total
Blocking Time 823 ms (poor)" on the clean shop is the same finding at 790 ms), and it is not `info`. A new
finding is a true positive when its detector is expected for that switch on that stage and device; any
other new finding is a false positive, and so is a major or blocker finding on the clean shop.
Recall = expected cells found / expected cells; precision = true positive cells / all cells found.
"""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..formatting import slug
from ..friction.registry import detector_ids
from ..pipeline import load_scenarios, plan_journeys, walk_run
from ..results import SEVERITIES, BaselineInfo, Finding, JourneyRecord, at_or_above, write_json_atomic
from ..run_folder import RunFolder
from ..walk.journey import WalkSettings
from ..walk.run import Plan, Progress, RunOptions
from .frictions import COOKIE_NAME, Friction
from .shops import DEFAULT_SHOP, DEMO_SHOPS, DemoShopKind

CLEAN = "clean"
# Detectors whose findings on a clean shop are the shop's own, true defects, not a detector's mistake: the bundled
# shops carry real accessibility violations on purpose (the single-page shop's sort box has no label, as on many
# shops). Calibration lists them apart and does not fail on them.
SHOPS_OWN = frozenset({"accessibility"})
REPOSITORY = Path(__file__).resolve().parents[2]  # where a checkout keeps each shop's scenario (`scenarios/`)
STEP_TIMEOUT_MS = 15_000  # a step's limit: never reached by a healthy page on a busy machine; slow-step judges speed


@dataclass(frozen=True)
class Cell:
    detector: str
    stage: str | None
    device: str


@dataclass
class Expectation:
    """One expected cell of a switch, and the strongest new finding there (None when missed)."""

    cell: Cell
    found: Finding | None = None

    @property
    def severity(self) -> str | None:
        return self.found.severity if self.found else None


@dataclass
class SwitchResult:
    friction: Friction
    devices: list[str]  # the devices walked
    expected: list[Expectation]
    unexpected: list[tuple[Cell, Finding]]
    journeys: dict[str, str]  # device → journey status

    @property
    def missed(self) -> list[Expectation]:
        return [e for e in self.expected if e.found is None]


@dataclass
class DetectorScore:
    detector: str
    expected: int = 0
    true_positives: int = 0
    false_positives: int = 0

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.expected if self.expected else None

    @property
    def precision(self) -> float | None:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else None


@dataclass
class Calibration:
    run_dir: Path
    switches: list[SwitchResult]
    clean_problems: list[tuple[Cell, Finding]]  # major or blocker findings on the clean shop
    scores: dict[str, DetectorScore] = field(default_factory=dict)
    shop: str = DEFAULT_SHOP
    clean_own: list[tuple[Cell, Finding]] = field(default_factory=list)  # the clean shop's own true defects (SHOPS_OWN)

    @property
    def missed(self) -> list[tuple[Friction, Expectation]]:
        return [(s.friction, e) for s in self.switches for e in s.missed]

    @property
    def passed(self) -> bool:
        return not self.missed and not self.clean_problems

    def as_dict(self) -> dict:
        def finding(f: Finding | None) -> dict | None:
            return f and {"severity": f.severity, "title": f.title}

        return {
            "shop": self.shop,
            "run": str(self.run_dir),
            "switches": [{
                "id": s.friction.id, "stage": s.friction.stage, "devices": s.devices, "journeys": s.journeys,
                "expected": [{"detector": e.cell.detector, "device": e.cell.device, "found": finding(e.found)}
                             for e in s.expected],
                "unexpected": [{"detector": c.detector, "stage": c.stage, "device": c.device, **finding(f)}
                               for c, f in s.unexpected],
            } for s in self.switches],
            "clean_problems": [{"detector": c.detector, "stage": c.stage, "device": c.device, **finding(f)}
                               for c, f in self.clean_problems],
            "clean_own": [{"detector": c.detector, "stage": c.stage, "device": c.device, **finding(f)}
                          for c, f in self.clean_own],
            "detectors": {d: {"expected": s.expected, "true_positives": s.true_positives,
                              "false_positives": s.false_positives, "precision": s.precision, "recall": s.recall}
                          for d, s in self.scores.items()},
        }


def _rank(finding: Finding) -> int:
    return len(SEVERITIES) - SEVERITIES.index(finding.severity)


def _key(finding: Finding) -> tuple:
    return finding.detector, finding.stage, finding.cause, finding.severity


def new_findings(journey: JourneyRecord, clean: JourneyRecord | None) -> list[Finding]:
    """The journey's findings the clean shop's journey on the same device does not have (info left out)."""
    baseline = {_key(f) for f in clean.findings} if clean else set()
    return [f for f in journey.findings if f.severity != "info" and _key(f) not in baseline]


def judge(frictions: Iterable[Friction], journeys: dict[tuple[str, str], JourneyRecord], run_dir: Path,
          detectors: Iterable[str]) -> Calibration:
    """Compare the findings of each (switch, device) journey with the switch's expectations."""
    devices = sorted({device for _, device in journeys}, key=["desktop", "tablet", "mobile"].index)
    scores = {d: DetectorScore(d) for d in detectors}
    switches = []
    for friction in frictions:
        walked = [d for d in devices if (friction.id, d) in journeys]
        expected, unexpected, statuses = [], [], {}
        for device in walked:
            journey = journeys[(friction.id, device)]
            statuses[device] = journey.status
            found = new_findings(journey, journeys.get((CLEAN, device)))
            wanted = {Cell(d, friction.stage_for(d), device) for d in friction.expected} if device in friction.devices else set()
            for cell in sorted(wanted, key=lambda c: friction.expected.index(c.detector)):
                hits = [f for f in found if Cell(f.detector, f.stage, device) == cell]
                expected.append(Expectation(cell, max(hits, key=_rank) if hits else None))
            strays: dict[Cell, Finding] = {}
            for f in found:
                cell = Cell(f.detector, f.stage, device)
                if (f.detector, f.stage) in friction.also:
                    continue  # right, though not required
                if cell not in wanted and (cell not in strays or _rank(f) > _rank(strays[cell])):
                    strays[cell] = f
            unexpected.extend(strays.items())
        switches.append(SwitchResult(friction, walked, expected, unexpected, statuses))
    serious = [(Cell(f.detector, f.stage, device), f) for (label, device), journey in journeys.items()
               if label == CLEAN for f in journey.findings if at_or_above(f.severity, "major")]
    clean_problems = [(cell, f) for cell, f in serious if f.detector not in SHOPS_OWN]
    for switch in switches:
        for expectation in switch.expected:
            score = scores.setdefault(expectation.cell.detector, DetectorScore(expectation.cell.detector))
            score.expected += 1
            score.true_positives += expectation.found is not None
        for cell, _ in switch.unexpected:
            scores.setdefault(cell.detector, DetectorScore(cell.detector)).false_positives += 1
    for cell, _ in clean_problems:
        scores.setdefault(cell.detector, DetectorScore(cell.detector)).false_positives += 1
    return Calibration(run_dir, switches, clean_problems, scores,
                       clean_own=[(cell, f) for cell, f in serious if f.detector in SHOPS_OWN])


def default_workers() -> int:
    """Journeys walked at once: one per core the rest of the machine leaves idle (its load average), at least one.
    Walks compete for the processor with each other and with everything else, and a step slowed by that is the
    machine's time, not the shop's."""
    cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except OSError:
        busy = 0.0
    return max(1, min(cores, round(cores - busy)))


def shop_scenario(shop: DemoShopKind, cwd: Path | None = None) -> Path | None:
    """The scenario that walks a bundled shop: `scenarios/…` from where the command runs, else in this checkout."""
    for root in (cwd or Path.cwd(), REPOSITORY):
        if (root / shop.scenario).is_file():
            return root / shop.scenario
    return None


class _Quiet:
    def browser_chosen(self, description: str) -> None: ...
    def journey_update(self, journey: JourneyRecord, stage) -> None: ...


def plan_calibration(scenario_file: Path, shop_url: str, descriptors: dict, devices: list[str] | None,
                     frictions: Iterable[Friction]) -> tuple[list[Plan], dict[str, tuple[str, str]]]:
    """One plan per (clean or switch) × device, each journey named `<switch>--<device>` with its cookie."""
    scenarios = load_scenarios([scenario_file])
    plans, labels = [], {}
    for label in [CLEAN, *(f.id for f in frictions)]:
        for plan in plan_journeys(scenarios, descriptors, devices):
            plan.record.id = f"{slug(label)}--{slug(plan.device.name)}"
            if label != CLEAN:
                plan.cookies = [{"name": COOKIE_NAME, "value": label, "url": shop_url}]
            labels[plan.record.id] = (label, plan.device.device_class)
            plans.append(plan)
    return plans, labels


def calibrate(scenario_file: Path, out_dir: Path, descriptors: dict, devices: list[str] | None = None,
              only: Iterable[str] | None = None, workers: int | None = None, timeout_ms: float = STEP_TIMEOUT_MS,
              progress: Progress | None = None, shop: DemoShopKind = DEMO_SHOPS[DEFAULT_SHOP]) -> Calibration:
    """Walk the demo journey on the clean shop and with each switch alone (or those in `only`), and judge it.

    `shop` is the bundled shop walked (the classic one by default), with its own switches; `workers` defaults to
    what the machine has to spare (`default_workers`)."""
    workers = workers or default_workers()
    # A switch met only on a detour path or across repeated walks is left out: one walk of the main journey never
    # meets it (tests/detours walks those on their paths, and with --repeat).
    frictions = [f for f in shop.frictions if f.on_one_main_walk and (only is None or f.id in set(only))]
    with shop.start(port=0) as running:
        plans, labels = plan_calibration(scenario_file, running.url, descriptors, devices, frictions)
        settings = WalkSettings(screenshots="failure", trace="off", timeout_ms=timeout_ms, base_url=running.url)
        options = RunOptions(out_dir=out_dir, devices=devices, workers=workers, settings=settings)
        folder = RunFolder(out_dir, {"calibration": True, "workers": workers, "base_url": running.url,
                                     "devices": devices, "switches": [f.id for f in frictions],
                                     "shop": shop.name, "timeout_ms": timeout_ms})
        # Each switched walk's screens against the clean walk on the same device, in this same run.
        clean = {device: journey for journey, (label, device) in labels.items() if label == CLEAN}
        folder.result.baseline = BaselineInfo(run=".", journeys={
            journey: clean[device] for journey, (label, device) in labels.items()
            if label != CLEAN and device in clean})
        try:
            asyncio.run(walk_run(plans, folder, options, progress or _Quiet()))
        finally:
            folder.finish()
    journeys = {labels[j.id]: j for j in folder.result.journeys}
    calibration = judge(frictions, journeys, folder.path, detector_ids())
    calibration.shop = shop.name
    write_json_atomic(folder.path / "calibration.json", json.dumps(calibration.as_dict(), indent=1))
    return calibration
