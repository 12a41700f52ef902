"""Step by step: the durations walkthroughs recorded against the plain script's own timing of the same actions.

The plain script (plain_journey.py --timings) writes each device's step durations per stage; the tool's come from
its results.json. Steps are paired by device class, stage and position, so the two must walk the same scenario.

The two cut a step from the next one at different points: a plain `click` returns once Playwright has clicked, and
the page it opens loads during the next check (`to_have_url`), while the tool's click waits for the response to the
click it caused. So an action is compared together with the checks that follow it, up to the next action — a
*segment*: the same work on both sides, whichever step each charges it to. Steps are compared one by one too, for
the reader; the target reads the segments.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from pathlib import Path

from targets import step_within

from walkthroughs.walk.journey import CHECK_VERBS

StepKey = tuple[str, int, int]  # device class, stage index, step index (of a segment: of its action)


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


def tool_steps(results_file: Path) -> tuple[dict[StepKey, float], dict[StepKey, str], dict[StepKey, str]]:
    """The main journey's step durations per device class, where each step is in words, and its verb."""
    results = json.loads(results_file.read_text(encoding="utf-8"))
    durations, names, verbs = {}, {}, {}
    for journey in results["journeys"]:
        if journey.get("path") or journey.get("persona"):
            continue
        device = journey["device"]["device_class"]
        for s, stage in enumerate(journey["stages"]):
            for i, step in enumerate(stage["steps"]):
                if step.get("duration_ms") is not None:
                    durations[(device, s, i)] = step["duration_ms"]
                    names[(device, s, i)] = f"{device} · {stage['name']} · {step['label']}"
                    verbs[(device, s, i)] = step["verb"]
    return durations, names, verbs


def segments(keys: list[StepKey], verbs: dict[StepKey, str]) -> dict[StepKey, list[StepKey]]:
    """Each action with the checks after it, up to the next action, keyed by the action's step (a stage's checks
    before its first action make a segment of their own)."""
    found: dict[StepKey, list[StepKey]] = {}
    start: StepKey | None = None
    for key in sorted(keys):
        if start is None or start[:2] != key[:2] or verbs[key] not in CHECK_VERBS:
            start = key
        found.setdefault(start, []).append(key)
    return found


def summed(durations: dict[StepKey, float], parts: dict[StepKey, list[StepKey]]) -> dict[StepKey, float]:
    """Each segment's duration: the sum of its steps'."""
    return {start: sum(durations[key] for key in keys) for start, keys in parts.items()}


def compare_steps(rounds: list[tuple[Path, Path]], by_segment: bool = False) -> list[StepComparison]:
    """rounds: (plain timings file, tool results.json) of the same round, in order; step by step, or `by_segment`:
    each action with the checks that follow it."""
    differences: dict[StepKey, list[float]] = {}
    plain: dict[StepKey, list[float]] = {}
    names: dict[StepKey, str] = {}
    for timings_file, results_file in rounds:
        plain_ms = plain_steps(timings_file)
        tool_ms, names_here, verbs = tool_steps(results_file)
        if set(plain_ms) != set(tool_ms):
            missing = sorted(set(plain_ms) ^ set(tool_ms))[:3]
            raise StepsDoNotPair(f"{results_file}: the tool's steps and bench/plain_journey.py's differ at "
                                 f"(device, stage, step) {missing}; keep STAGES in step with the scenario")
        if by_segment:
            parts = segments(list(plain_ms), verbs)
            plain_ms, tool_ms = summed(plain_ms, parts), summed(tool_ms, parts)
            names_here = {start: names_here[start] + (f" + {len(keys) - 1} check{'s' * (len(keys) > 2)} after it"
                                                      if len(keys) > 1 else "") for start, keys in parts.items()}
        names.update(names_here)
        for key, ms in plain_ms.items():
            plain.setdefault(key, []).append(ms)
            differences.setdefault(key, []).append(tool_ms[key] - ms)
    return [StepComparison(key, names[key], statistics.median(plain[key]), statistics.median(differences[key]))
            for key in sorted(plain)]


def plain_against_itself(rounds: list[tuple[Path, Path]]) -> tuple[int, int] | None:
    """The noise floor: how many segments the plain script's own consecutive rounds differ by more than the
    tolerance (the worst pair of rounds), and how many were compared; None with fewer than two rounds."""
    if len(rounds) < 2:
        return None
    _, _, verbs = tool_steps(rounds[0][1])
    walked = []
    for timings_file, _ in rounds:
        ms = plain_steps(timings_file)
        walked.append(summed(ms, segments(list(ms), verbs)))
    worst = max(sum(not step_within(later[key], earlier[key]) for key in earlier)
                for earlier, later in zip(walked, walked[1:]))
    return worst, len(walked[0])
