"""The backstops: the stage's and the journey's watchdogs stop a walk that outlives its allowance, say so, and keep
what was measured. Every wait has its own deadline, so they should never fire; here their allowance is cut to a
second to watch them do it, on a page that takes 4 s to come."""

from __future__ import annotations

import asyncio

import pytest
import yaml
from fault_walks import SCENE_TIMEOUT

from walkthroughs.pipeline import plan_journeys, walk_one
from walkthroughs.run_folder import RunFolder
from walkthroughs.scenario import load_scenarios
from walkthroughs.walk.browser import playwright_devices, start_browser
from walkthroughs.walk.journey import JourneyWalker, WalkSettings

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def descriptors():
    return playwright_devices()


def walk_slow_page(tmp_path, shop, descriptors):
    path = tmp_path / "slow.yaml"
    path.write_text(yaml.safe_dump({"name": "slow", "base_url": shop.url, "devices": ["desktop"], "stages": [
        {"name": "start", "steps": [{"goto": "/", "timeout": SCENE_TIMEOUT}]},
        {"name": "slow", "steps": [{"goto": "/slow", "timeout": SCENE_TIMEOUT}]}]}), encoding="utf-8")
    (plan,) = plan_journeys(load_scenarios([path]), descriptors, None)
    folder = RunFolder(tmp_path / "out", {})

    async def walk() -> None:
        from playwright.async_api import async_playwright

        async with async_playwright() as playwright:
            started = await start_browser(playwright)
            try:
                await walk_one(started.browser, plan, folder, WalkSettings(timeout_ms=3000, trace="off"))
            finally:
                await started.browser.close()

    asyncio.run(walk())
    return plan.record


def test_the_stage_watchdog_fails_a_stage_that_outlives_its_allowance(tmp_path, fault_shop, descriptors, monkeypatch):
    monkeypatch.setattr(JourneyWalker, "_stage_allowance_s", lambda self, stage: 1.0 if stage.name == "slow" else 60.0)
    record = walk_slow_page(tmp_path, fault_shop, descriptors)
    assert record.status == "broken"
    start, slow = record.stages
    assert start.status == "passed" and start.screenshot
    assert slow.status == "failed" and slow.duration_ms < 3000
    assert slow.steps[0].error.message == "the walk stopped this stage after 1 s: it did not finish in time"


def test_the_journey_watchdog_stops_a_journey_that_outlives_its_allowance(tmp_path, fault_shop, descriptors,
                                                                          monkeypatch):
    monkeypatch.setattr(JourneyWalker, "_journey_allowance_s", lambda self: 1.0)
    record = walk_slow_page(tmp_path, fault_shop, descriptors)
    assert record.status == "error" and record.error == "the walk of this journey went over its 1 s"
    assert {stage.status for stage in record.stages} <= {"passed", "failed", "not_reached"}  # none left running
    assert record.duration_ms < 30_000
