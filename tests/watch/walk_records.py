"""Runs built in code, as results.json would hold them, to feed the history without a browser."""

from __future__ import annotations

from tests.run_records import run_of, scenario_info
from walkthroughs.results import (
    DeviceInfo,
    Finding,
    JourneyRecord,
    RunResult,
    StageRecord,
    StepError,
    StepRecord,
)

STAGES = ("landing", "product", "checkout")


def run_result(run_id: str, durations: dict[str, float] | None = None, broken_at: str | None = None,
               findings: list[tuple[str, str, str]] = (), device: str = "desktop", lcp: float = 1200,
               started_at: str | None = None, error: str = "“Pay now” (button) was not reachable") -> RunResult:
    """One journey of scenario `shop` on `device`; `findings` are (stage, severity, title); a broken stage's step
    fails with `error`."""
    durations = {**{name: 1000.0 for name in STAGES}, **(durations or {})}
    stages, reached = [], True
    for name in STAGES:
        status = "not_reached" if not reached else "failed" if name == broken_at else "passed"
        reached = reached and name != broken_at
        failure = StepError(kind="covered", message=error)
        step = StepRecord(index=0, verb="click", label="Pay", status="failed", error=failure)
        steps = [step] if status == "failed" else []
        stages.append(StageRecord(name=name, status=status, duration_ms=durations[name] if status != "not_reached" else None,
                                  vitals={"lcp_ms": lcp} if status == "passed" else None, steps=steps))
    journey = JourneyRecord(
        id=f"shop--{device}", scenario="shop", device=DeviceInfo(name=device, device_class="desktop"),
        status="broken" if broken_at else "completed", duration_ms=sum(s.duration_ms or 0 for s in stages), score=90,
        stages=stages, findings=[Finding(detector="demo", title=title, severity=severity, stage=stage, insight="-")
                                 for stage, severity, title in findings])
    started_at = started_at or f"2026-01-01T00:00:{len(run_id):02d}+00:00"
    return run_of([journey], scenario_info("shop", STAGES), run_id, started_at, "2026-01-01T00:01:00+00:00",
                  tool_version="test")
