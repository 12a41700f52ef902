"""The fault suite's helpers: a scenario in which each fault has a phone of its own that meets it in the second stage
while desktop walks on, and the real `walkthrough run` in a subprocess, timed.

The steps that set the scene (and everything desktop does) have a generous time limit of their own, so a loaded
machine cannot fail them; only the faulty steps walk with the run's short `--timeout`.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from fault_shop import FaultShop

ROOT = Path(__file__).parents[2]
STEP_TIMEOUT_S = 3  # the run's --timeout: what the faulty steps get
SCENE_TIMEOUT = "30s"  # the scene-setting steps' own limit
ENDS_AFTER_S = 10  # what a fault may cost beyond the time limit of the step that met it, to the end of the journey


def fault_device(name: str) -> dict:
    """A phone named after the fault it meets, so one scenario can send each fault to a journey of its own."""
    return {"name": name, "class": "mobile", "viewport": {"width": 412, "height": 839}, "has_touch": True,
            "is_mobile": True}


def fault_scenario(folder: Path, shop: FaultShop, faults: dict[str, list[dict]], name: str = "faults") -> Path:
    """Stage `start` opens the shop on every device; in stage `fault` each fault's device does its steps (with the
    run's short timeout) while desktop goes on to a fine page; stage `after` is where the faulty ones never get."""
    scene = {"only": ["desktop"], "timeout": SCENE_TIMEOUT}
    scenario = {
        "name": name, "base_url": shop.url, "devices": ["desktop", *(fault_device(fault) for fault in faults)],
        # a fault met by a check (the page never shows what it should) ends the journey there, as one met by a step
        "on_failure": "stop",
        "stages": [
            {"name": "start", "steps": [
                {"goto": "/", "timeout": SCENE_TIMEOUT},
                {"expect": {"visible": {"role": "heading", "name": "Fault shop"}}, "timeout": SCENE_TIMEOUT}]},
            {"name": "fault", "steps": [
                *({**step, "only": [fault]} for fault, steps in faults.items() for step in steps),
                {"click": {"text": "Go on"}, **scene},
                {"expect": {"visible": {"role": "heading", "name": "Fine"}}, **scene}]},
            {"name": "after", "steps": [{"goto": "/fine", "timeout": SCENE_TIMEOUT}]},
        ],
    }
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@dataclass
class Walk:
    """A finished `walkthrough run`: its exit code, output, wall time, run folder and the scenario it walked."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    out: Path
    scenario: dict

    def step_timeout_s(self, stage: str, index: int) -> float:
        """The time limit of a step of the scenario: its own `timeout`, or the run's."""
        step = next(s for s in self.scenario["stages"] if s["name"] == stage)["steps"][index]
        return float(step["timeout"].removesuffix("s")) if "timeout" in step else STEP_TIMEOUT_S

    @property
    def run_dir(self) -> Path:
        return self.out / "latest"

    @property
    def results(self) -> dict:
        return json.loads((self.run_dir / "results.json").read_text(encoding="utf-8"))

    def journey(self, device: str) -> dict:
        return next(j for j in self.results["journeys"] if j["device"]["name"] == device)

    def evidence(self, device: str) -> dict:
        return json.loads((self.run_dir / self.journey(device)["evidence"]).read_text(encoding="utf-8"))

    def report(self) -> str:
        return (self.run_dir / "report" / "index.html").read_text(encoding="utf-8")


def walk(scenario: Path, out: Path, *args: str, timeout_s: float = 600) -> Walk:
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-m", "walkthroughs", "run", str(scenario), "--out", str(out), "--timeout",
         f"{STEP_TIMEOUT_S}s", *args],
        capture_output=True, text=True, timeout=timeout_s, cwd=ROOT)
    for name, text in (("stdout", completed.stdout), ("stderr", completed.stderr)):  # to read when a test fails
        try:
            (out.parent / f"{out.name}.{name}.txt").write_text(text, encoding="utf-8")
        except OSError:
            pass  # the disk the test filled or made read-only
    return Walk(completed.returncode, completed.stdout, completed.stderr, time.monotonic() - started, out,
                yaml.safe_load(scenario.read_text(encoding="utf-8")))


def failed_step(journey: dict, stage: str = "fault") -> dict:
    steps = next(s for s in journey["stages"] if s["name"] == stage)["steps"]
    return next(step for step in steps if step["status"] == "failed")


def fault_time_s(journey: dict, stage: str = "fault") -> float:
    """Seconds from the start of the step that failed to the end of the journey: what the fault cost."""
    return (journey["duration_ms"] - failed_step(journey, stage)["offset_ms"]) / 1000


def assert_fault_contained(run: Walk, device: str, stage: str = "fault") -> dict:
    """`device`'s journey failed at `stage` in bounded time, keeping the stage before it; desktop was unaffected;
    results.json and the report are complete. Returns the failed step."""
    assert "Traceback" not in run.stderr, run.stderr
    faulty, desktop = run.journey(device), run.journey("desktop")
    assert desktop["status"] == "completed", run.stdout
    assert all(s["status"] == "passed" for s in desktop["stages"])
    assert faulty["status"] == "broken", run.stdout
    statuses = {s["name"]: s["status"] for s in faulty["stages"]}
    assert statuses[stage] == "failed" and statuses["after"] == "not_reached", statuses
    first = faulty["stages"][0]
    assert first["status"] == "passed" and first["duration_ms"] > 0 and (run.run_dir / first["screenshot"]).exists()
    step = failed_step(faulty, stage)
    allowed = run.step_timeout_s(stage, step["index"]) + ENDS_AFTER_S
    assert fault_time_s(faulty, stage) <= allowed, (fault_time_s(faulty, stage), allowed, run.stdout)
    assert (run.run_dir / faulty["evidence"]).exists()
    report = run.report()
    assert "Could not generate the report" not in report
    assert html.escape(step["error"]["message"].split(" (")[0], quote=False) in report
    return step
