"""Small pages on 127.0.0.1 and a walk of a scenario over them in-process, for the gatherers' tests: each test reads
the evidence the walker recorded, as the detectors will."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from walkthroughs.evidence import checked
from walkthroughs.pipeline import load_scenario, plan_journeys
from walkthroughs.results import JourneyRecord
from walkthroughs.walk.browser import playwright_devices
from walkthroughs.walk.journey import WalkSettings
from walkthroughs.walk.run import RunOptions, walk_plans

PAGES = Path(__file__).parent / "pages"


@pytest.fixture(scope="module")
def pages_url(serve_folder):
    """The base URL of tests/gather/pages, served on a free loopback port until the module's tests are done."""
    with serve_folder(PAGES) as url:
        yield url


class _Quiet:
    def browser_started(self, info, description) -> None: ...
    def journey_update(self, journey, stage) -> None: ...
    def page_speed_note(self, note) -> None: ...


def walk(scenario_text: str, base_url: str, folder: Path, devices: tuple[str, ...] = ("desktop",),
         **settings: Any) -> list[tuple[JourneyRecord, dict[str, Any]]]:
    """Walk the scenario (YAML text) on the devices, in one browser; each journey's record and checked evidence."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "scenario.yaml"
    path.write_text(scenario_text, encoding="utf-8")
    scenario = load_scenario(path)
    plans = plan_journeys([scenario], playwright_devices(), list(devices))
    options = RunOptions(out_dir=folder, workers=1,
                         settings=WalkSettings(**{"screenshots": "failure", "trace": "off", "base_url": base_url,
                                                  "timeout_ms": 5000, **settings}))
    walked: list[tuple[JourneyRecord, dict[str, Any]]] = []
    asyncio.run(walk_plans(plans, folder, options, _Quiet(), lambda plan, evidence: walked.append(
        (plan.record, checked(evidence)))))
    return walked


@pytest.fixture(scope="session")
def walk_pages():
    return walk
