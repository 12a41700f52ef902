"""Runs built in code, as results.json would hold them: the run and scenario builders that the hand-made runs of
tests/pipeline (saved_runs), tests/report and tests/watch (walk_records) share.

Imported as `tests.run_records` (the repository root is on the path through its conftest)."""

from __future__ import annotations

from walkthroughs.results import JourneyRecord, RunResult, ScenarioInfo, ScenarioStage


def scenario_info(name: str, stages: tuple[str, ...], phase: str | None = None, **fields) -> ScenarioInfo:
    """A scenario of these stage names (each in `phase`, where given); `fields` are the other ScenarioInfo fields."""
    return ScenarioInfo(name=name, stages=[ScenarioStage(name=stage, phase=phase) for stage in stages], **fields)


def run_of(journeys: list[JourneyRecord], scenario: ScenarioInfo, run_id: str, started_at: str, finished_at: str,
           tool_version: str = "0.1.0", status: str | None = None, **fields) -> RunResult:
    """A finished run of `journeys`; its status, unless given, is completed when every journey completed."""
    if status is None:
        status = "completed" if all(j.status == "completed" for j in journeys) else "broken"
    return RunResult(run_id=run_id, tool_version=tool_version, status=status, started_at=started_at,
                     finished_at=finished_at, scenarios=[scenario], journeys=journeys, **fields)
