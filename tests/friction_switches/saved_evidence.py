"""Journeys saved from real walks of the demo shop (tests/data/evidence), for detector tests without a browser."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from walkthroughs.friction.assess import assess_journey
from walkthroughs.friction.base import JourneyEvidence
from walkthroughs.results import Finding, JourneyRecord, ScenarioInfo

EVIDENCE = Path(__file__).parents[1] / "data" / "evidence"


def load_journey(name: str) -> JourneyEvidence:
    saved = json.loads((EVIDENCE / f"{name}.json").read_text(encoding="utf-8"))
    return JourneyEvidence(JourneyRecord.model_validate(saved["record"]), copy.deepcopy(saved["evidence"]),
                           ScenarioInfo.model_validate(saved["scenario"]))


def stage(journey: JourneyEvidence, name: str) -> dict[str, Any]:
    """The saved evidence of the named stage, to change before judging it."""
    return next(s for s in journey.evidence["stages"] if s["name"] == name)


def findings(journey: JourneyEvidence, detector: str, overrides: dict | None = None) -> list[Finding]:
    """What one detector finds on the journey, through the same path a walk takes (device classes, settings)."""
    return assess_journey(journey, {detector: overrides} if overrides else None, only={detector}).findings


def titles(found: list[Finding], at_least: str = "minor") -> list[tuple[str, str | None, str]]:
    order = ["info", "minor", "major", "blocker"]
    return sorted((f.severity, f.stage, f.title) for f in found if order.index(f.severity) >= order.index(at_least))
