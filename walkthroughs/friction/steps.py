"""Walk the recorded steps with their evidence, for detectors that judge interactions one by one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from ..results import StageRecord, StepRecord
from .base import JourneyEvidence


@dataclass
class WalkedStep:
    stage_index: int
    stage: StageRecord
    step: StepRecord
    evidence: dict[str, Any]


def walked_steps(journey: JourneyEvidence) -> Iterator[WalkedStep]:
    """Every step that ran (passed or failed), with what the walker saw during it."""
    for stage_index, stage, stage_evidence in journey.walked_stages():
        steps_evidence = stage_evidence.get("steps", [])
        for step in stage.steps:
            if step.status in ("passed", "failed"):
                evidence = steps_evidence[step.index] if step.index < len(steps_evidence) else {}
                yield WalkedStep(stage_index, stage, step, evidence or {})


def stage_name(journey: JourneyEvidence, index: int | None) -> str | None:
    stages = journey.record.stages
    return stages[index].name if index is not None and 0 <= index < len(stages) else None


def step_of(journey: JourneyEvidence, stage_index: int | None, step_index: int | None) -> StepRecord | None:
    if stage_index is None or step_index is None or not 0 <= stage_index < len(journey.record.stages):
        return None
    steps = journey.record.stages[stage_index].steps
    return steps[step_index] if 0 <= step_index < len(steps) else None
