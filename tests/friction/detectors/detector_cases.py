"""Journeys written inline for the detector tests, as Lighthouse tests its audits on inline artifacts: the walk's
record and only the evidence parts a case needs. Judged through the real runner (`assess_journey`), so device
classes, settings, what a detector reads and its result on every stage are the walk's own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from walkthroughs.friction.assess import assess_journey
from walkthroughs.friction.base import JourneyEvidence
from walkthroughs.results import (
    DetectorResult,
    DeviceInfo,
    FailureEvidence,
    Finding,
    JourneyRecord,
    ScenarioInfo,
    ScenarioStage,
    StageRecord,
    StepError,
    StepRecord,
)

VIEWPORTS = {"desktop": {"width": 1280, "height": 720}, "tablet": {"width": 820, "height": 1180},
             "mobile": {"width": 412, "height": 839}}


def step(label: str = "Click “Buy”", verb: str = "click", status: str = "passed", duration_ms: float = 300,
         error: str | None = None, kind: str = "missing", **fields: Any) -> StepRecord:
    return StepRecord(index=fields.pop("index", 0), verb=verb, label=label, status=status, duration_ms=duration_ms,
                      error=StepError(kind=kind, message=error) if error else None, **fields)


def stage(name: str, *steps: StepRecord, status: str = "passed", **fields: Any) -> StageRecord:
    numbered = [s.model_copy(update={"index": i}) for i, s in enumerate(steps or [step()])]
    if status == "failed" and "failure" not in fields:
        fields["failure"] = FailureEvidence(url=fields.get("url"), screenshot=f"journeys/x/{name}/failure.jpg")
    return StageRecord(name=name, status=status, steps=numbered, **fields)


def journey(*stages: StageRecord, device_class: str = "desktop", status: str | None = None, **fields: Any
            ) -> JourneyRecord:
    broken = any(s.status == "failed" for s in stages)
    return JourneyRecord(id=f"shop--{device_class}", scenario="shop",
                         status=status or ("broken" if broken else "completed"),
                         device=DeviceInfo(name=device_class, device_class=device_class,
                                           viewport=VIEWPORTS[device_class]), stages=list(stages), **fields)


def evidence(record: JourneyRecord, parts: dict[str, dict[str, Any]] | None = None,
             steps: dict[tuple[str, int], dict[str, Any]] | None = None, signals: dict[str, list] | None = None,
             safety: dict[str, Any] | None = None) -> dict[str, Any]:
    """Evidence as the walker saves it, with `parts` per stage name, step evidence by (stage, index), `signals`."""
    stages = []
    for s in (s for s in record.stages if s.reached):
        stages.append({"name": s.name, **(parts or {}).get(s.name, {}),
                       "steps": [dict((steps or {}).get((s.name, i), {})) for i in range(len(s.steps))]})
    found = {"evidence_version": "2.0", "journey": record.id, "device": record.device.name,
             "device_class": record.device.device_class, "stages": stages,
             "signals": {"console": [], "page_errors": [], "failed_requests": [], "http_errors": [], **(signals or {})}}
    if safety is not None:
        found["safety"] = safety
    return found


def scenario(record: JourneyRecord, detectors: dict | None = None, needs: dict[str, list[str]] | None = None,
             stage_detectors: dict[str, dict] | None = None, landing: str | None = None,
             base_url: str | None = None) -> ScenarioInfo:
    """`landing`: the stage marked `landing: ad`."""
    return ScenarioInfo(name=record.scenario, detectors=detectors or {}, base_url=base_url, stages=[
        ScenarioStage(name=s.name, phase=s.phase, needs=(needs or {}).get(s.name, []),
                      landing="ad" if s.name == landing else None,
                      detectors=(stage_detectors or {}).get(s.name, {})) for s in record.stages])


@dataclass
class Judged:
    findings: list[Finding]
    results: list[DetectorResult]

    def result(self, stage: str | None) -> DetectorResult:
        return next(r for r in self.results if r.stage == stage)

    def statuses(self) -> dict[str | None, str]:
        return {r.stage: r.status for r in self.results}


def judge(detector: str, record: JourneyRecord, found: dict[str, Any] | None, info: ScenarioInfo | None = None,
          overrides: dict | None = None) -> Judged:
    """What one detector makes of the journey, through the runner a walk uses."""
    assess_journey(JourneyEvidence(record, found or {}, info), {detector: overrides} if overrides else None,
                   only={detector})
    return Judged([f for f in record.findings if f.detector == detector],
                  [r for r in record.detector_results if r.detector == detector])
