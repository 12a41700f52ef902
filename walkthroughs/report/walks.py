"""How the report tells walks apart: one journey map per scenario path, a row label per device, persona and
repeat, and — with `--repeat N` — each stage's median and 95th-percentile time over the walks."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from .. import formatting as fmt
from ..results import JourneyRecord, ScenarioInfo


def walk_label(journey: JourneyRecord, with_path: bool = True) -> str:
    """`mobile`, `mobile · de-slow-phone`, `desktop · search · walk 2`: who walked what, in a few words."""
    parts = [journey.device.name, journey.path if with_path else None, journey.persona,
             f"walk {journey.repeat}" if journey.repeat else None]
    return " · ".join(part for part in parts if part)


def map_key(journey: JourneyRecord) -> tuple[str, str | None]:
    """Journeys on one map walk the same stages: the same scenario and path."""
    return journey.scenario, journey.path


def map_name(scenario: str, path: str | None) -> str:
    return f"{scenario} · {path}" if path else scenario


def map_anchor(scenario: str, path: str | None) -> str:
    return "map-" + fmt.slug(scenario) + (f"--{fmt.slug(path)}" if path else "")


def map_goal(scenario: ScenarioInfo | None, path: str | None) -> str | None:
    if scenario is None:
        return None
    return scenario.paths.get(path) or scenario.goal if path else scenario.goal


@dataclass
class RepeatCell:
    median: str
    p95: str
    failures: str | None  # "1 of 3 failed", None when every walk passed


@dataclass
class RepeatRow:
    label: str
    walks: int
    cells: list[RepeatCell | None]  # None: no walk reached the stage


@dataclass
class RepeatTable:
    stages: list[str]
    rows: list[RepeatRow]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value at least `share` of the values do not exceed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def repeat_table(stage_names: list[str], journeys: list[JourneyRecord]) -> RepeatTable | None:
    """Median and p95 time per stage over the walks of each device and persona; None without repeats."""
    groups: dict[str, list[JourneyRecord]] = {}
    for journey in journeys:
        if journey.repeat is not None:
            groups.setdefault(walk_label(journey.model_copy(update={"repeat": None}), with_path=False), []).append(journey)
    if not groups:
        return None
    rows = []
    for label, walks in groups.items():
        cells: list[RepeatCell | None] = []
        for index in range(len(stage_names)):
            reached = [w.stages[index] for w in walks if index < len(w.stages) and w.stages[index].reached]
            times = [stage.duration_ms for stage in reached if stage.duration_ms is not None]
            if not times:
                cells.append(None)
                continue
            failed = sum(stage.went_wrong for stage in reached)
            cells.append(RepeatCell(fmt.duration(statistics.median(times)), fmt.duration(percentile(times, 0.95)),
                                    f"{failed} of {len(reached)} failed" if failed else None))
        rows.append(RepeatRow(label, len(walks), cells))
    return RepeatTable(stage_names, rows)
