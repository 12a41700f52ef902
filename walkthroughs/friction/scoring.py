"""Friction scores, so runs and devices can be compared.

Stage friction score (0–100): 100 minus a penalty per finding on the stage — blocker 100, major 30,
minor 10, info 0 — never below 0. A stage the shopper never reached has no score.
Journey score (0–100): the mean of its stage scores, counting a stage not reached as 0, because a
shopper lost before it never got its value. A stage a production walk stopped before (so as not to
place an order) is left out.
"""

from __future__ import annotations

from ..results import JourneyRecord

PENALTY = {"blocker": 100, "major": 30, "minor": 10, "info": 0}


def stage_score(severities: list[str]) -> float:
    return float(max(0, 100 - sum(PENALTY[s] for s in severities)))


def score_journey(record: JourneyRecord) -> None:
    """Set every stage's friction_score and the journey's score from its findings."""
    scores = []
    for stage in record.stages:
        if stage.reached:
            stage.friction_score = stage_score([f.severity for f in record.findings if f.stage == stage.name])
            scores.append(stage.friction_score)
        else:
            stage.friction_score = None
            if stage.status != "stopped":
                scores.append(0.0)
    record.score = round(sum(scores) / len(scores), 1) if scores else None
