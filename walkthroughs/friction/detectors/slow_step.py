"""Slow step / slow stage: the shopper waited longer than the stage's budget or a step's reasonable time."""

from __future__ import annotations

from ...results import Finding
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, Judgement, finding
from ..steps import walked_steps
from ..thresholds import Duration, Number

META = DetectorMeta(
    id="slow-step",
    title="Shoppers wait too long",
    description="A stage took longer than its time budget, or a single step (a page load, a click's response) "
                "kept the shopper waiting.",
    reads=("step:click",),
    thresholds={"step_ms": Duration(2000), "step_major_ms": Duration(3000),
                "budget_major_ratio": Number(1.5, minimum=1)},
)


def _stage_over_budget(journey: JourneyEvidence, config: DetectorConfig, judgement: Judgement) -> list[Finding]:
    found = []
    for _, stage, _ in journey.walked_stages():
        # A failed stage's time runs until its step gave up (the step timeout), not until the shopper got through:
        # its budget is not judged, and so the report shows no overrun for it.
        if not stage.budget_ms or not stage.duration_ms or stage.status != "passed":
            continue
        ratio = stage.duration_ms / stage.budget_ms
        major = ratio >= config.get("budget_major_ratio", stage.name)
        judgement.ratings[stage.name] = {"budget": "good" if ratio <= 1 else "poor" if major else "needs-improvement"}
        if ratio <= 1:
            continue
        slowest = max((s for s in stage.steps if s.duration_ms), key=lambda s: s.duration_ms, default=None)
        found.append(finding(
            META, "major" if major else "minor", stage.name,
            title=f"“{stage.name}” takes longer than its budget",
            insight=f"The stage took {stage.duration_ms / 1000:.1f} s against a budget of {stage.budget_ms / 1000:.1f} s"
                    + (f"; the slowest step was “{slowest.label}” ({slowest.duration_ms / 1000:.1f} s)" if slowest else "")
                    + ". Every extra second on the way to a purchase loses shoppers: make that step faster.",
            url=stage.url, value=round(stage.duration_ms), threshold=round(stage.budget_ms), unit="ms",
            screenshot=stage.screenshot,
        ))
    return found


def _slow_steps(journey: JourneyEvidence, config: DetectorConfig) -> list[Finding]:
    found = []
    for walked in walked_steps(journey):
        step, stage = walked.step, walked.stage.name
        if step.status != "passed" or not step.duration_ms or step.verb == "screenshot":
            continue
        if (walked.evidence.get("click") or {}).get("retried"):
            continue  # its second click's wait is a frustration signal, reported there
        limit, major = config.get("step_ms", stage), config.get("step_major_ms", stage)
        if step.duration_ms <= limit:
            continue
        found.append(finding(
            META, "major" if step.duration_ms > major else "minor", stage,
            title=f"“{step.label}” is slow",
            insight=f"“{step.label}” kept the shopper waiting {step.duration_ms / 1000:.1f} s (more than "
                    f"{limit / 1000:.1f} s). Speed up the page or the response behind it; show progress if it must wait.",
            step=step.index, selector=step.target, url=step.url, screenshot=step.screenshot,
            value=round(step.duration_ms), threshold=limit, unit="ms",
        ))
    return found


def detect(journey: JourneyEvidence, config: DetectorConfig) -> Judgement:
    """Steps everywhere; budgets of the stages that passed, each rated (`budget`: good, needs-improvement, poor)."""
    judgement = Judgement()
    judgement.findings = _stage_over_budget(journey, config, judgement) + _slow_steps(journey, config)
    return judgement
