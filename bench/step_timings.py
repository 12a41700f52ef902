"""Step by step: the durations walkthroughs recorded against the plain script's own timing of the same actions.

The plain script (plain_journey.py --timings) writes each device's step durations per stage; the tool's come from
its results.json. Steps are paired by device class, stage and position, so the two must walk the same scenario.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from pathlib import Path

from targets import step_within

StepKey = tuple[str, int, int]  # device class, stage index, step index


class StepsDoNotPair(ValueError):
    """The plain script and the scenario no longer walk the same steps."""


@dataclass(frozen=True)
class StepComparison:
    key: StepKey
    where: str  # "mobile · product · click “Add to cart”"
    plain_ms: float  # median over rounds
    difference_ms: float  # median over rounds of (tool − plain) in the same round

    @property
    def within(self) -> bool:
        return step_within(self.plain_ms + self.difference_ms, self.plain_ms)


def plain_steps(timings_file: Path) -> dict[StepKey, float]:
    devices = json.loads(timings_file.read_text(encoding="utf-8"))["devices"]
    return {(device, s, i): ms for device, stages in devices.items()
            for s, stage in enumerate(stages) for i, ms in enumerate(stage["step_ms"])}


def tool_steps(results_file: Path) -> tuple[dict[StepKey, float], dict[StepKey, str]]:
    """The main journey's step durations per device class, and where each step is, in words."""
    results = json.loads(results_file.read_text(encoding="utf-8"))
    durations, names = {}, {}
    for journey in results["journeys"]:
        if journey.get("path") or journey.get("persona"):
            continue
        device = journey["device"]["device_class"]
        for s, stage in enumerate(journey["stages"]):
            for i, step in enumerate(stage["steps"]):
                if step.get("duration_ms") is not None:
                    durations[(device, s, i)] = step["duration_ms"]
                    names[(device, s, i)] = f"{device} · {stage['name']} · {step['label']}"
    return durations, names


def compare_steps(rounds: list[tuple[Path, Path]]) -> list[StepComparison]:
    """rounds: (plain timings file, tool results.json) of the same round, in order."""
    differences: dict[StepKey, list[float]] = {}
    plain: dict[StepKey, list[float]] = {}
    names: dict[StepKey, str] = {}
    for timings_file, results_file in rounds:
        plain_ms = plain_steps(timings_file)
        tool_ms, names_here = tool_steps(results_file)
        if set(plain_ms) != set(tool_ms):
            missing = sorted(set(plain_ms) ^ set(tool_ms))[:3]
            raise StepsDoNotPair(f"{results_file}: the tool's steps and bench/plain_journey.py's differ at "
                                 f"(device, stage, step) {missing}; keep STAGES in step with the scenario")
        names.update(names_here)
        for key, ms in plain_ms.items():
            plain.setdefault(key, []).append(ms)
            differences.setdefault(key, []).append(tool_ms[key] - ms)
    return [StepComparison(key, names[key], statistics.median(plain[key]), statistics.median(differences[key]))
            for key in sorted(plain)]
