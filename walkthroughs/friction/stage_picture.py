"""Draw a page finding's element on the screenshot its stage ended with, when the element is on that screen.

Page-reading detectors measure at the stage's end, on the screen the stage's last screenshot shows, so
their boxes (CSS px of the viewport) fall on it. A failed stage's picture is a full-page shot and is left alone.
"""

from __future__ import annotations

from ..results import Finding
from .base import JourneyEvidence
from .draw import annotate


def on_screen(box: dict | None, viewport: dict | None) -> bool:
    if not box or not viewport:
        return False
    return box["y"] + box["height"] > 0 and box["y"] < viewport["height"] and box["x"] < viewport["width"]


def draw_on_stage_pictures(journey: JourneyEvidence, findings: list[Finding]) -> list[Finding]:
    stages = {stage.name: stage for stage in journey.record.stages}
    for found in findings:
        stage = stages.get(found.stage or "")
        box = found.evidence.box
        if stage and stage.status == "passed" and on_screen(box, journey.record.device.viewport):
            found.evidence.screenshot = annotate(journey, stage.screenshot, [box], found.severity)
    return findings
