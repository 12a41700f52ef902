"""Walk scenarios against one demo shop with the library calls `walkthrough run` uses, each journey's browser
carrying its own friction switches, so one run covers a clean path and a broken one side by side."""

from __future__ import annotations

import asyncio
from pathlib import Path

from walkthroughs.demo_shop import COOKIE_NAME, DemoShop
from walkthroughs.pipeline import plan_journeys, walk_run
from walkthroughs.results import RunResult
from walkthroughs.run_folder import RunFolder
from walkthroughs.scenario import load_scenario
from walkthroughs.walk.browser import playwright_devices
from walkthroughs.walk.journey import WalkSettings
from walkthroughs.walk.run import Plan, RunOptions
from walkthroughs.walk.variants import Walks


class Quiet:
    def browser_chosen(self, description: str) -> None: ...
    def journey_update(self, journey, stage) -> None: ...


def plan(scenario_file: Path, devices: list[str], walks: Walks, switch: str | None = None,
         shop_url: str = "") -> list[Plan]:
    """The journeys of one scenario; with `switch`, their browsers carry it and their ids say so."""
    plans = plan_journeys([load_scenario(scenario_file)], playwright_devices(), devices, walks)
    for each in plans:
        if switch:
            each.record.id = f"{switch}--{each.record.id}"
            each.cookies = [{"name": COOKIE_NAME, "value": switch, "url": shop_url}]
    return plans


def walk(shop: DemoShop, plans: list[Plan], out_dir: Path, workers: int = 2) -> RunResult:
    settings = WalkSettings(screenshots="stage", trace="off", timeout_ms=8000, base_url=shop.url)
    folder = RunFolder(out_dir, {"base_url": shop.url})
    try:
        asyncio.run(walk_run(plans, folder, RunOptions(out_dir=out_dir, workers=workers, settings=settings), Quiet()))
    finally:
        folder.finish()
    return folder.result
