"""Put a page finding on the screenshot its stage ended with, when the element is on that screen.

Page-reading detectors measure at the stage's end, on the screen the stage's last screenshot shows, so their
boxes (CSS px of the viewport) fall on it; the report draws them over it. A failed stage's picture is a full-page
shot where those boxes would be misplaced, so such findings keep their boxes but name no screenshot.
"""

from __future__ import annotations

from ..results import Box, Finding, StageRecord
from .base import JourneyEvidence


def on_screen(box: Box, viewport: dict | None) -> bool:
    if not viewport:
        return False
    return box.y + box.height > 0 and box.y < viewport["height"] and box.x < viewport["width"]


def shown_on(stage: StageRecord, boxes: list[Box], viewport: dict | None) -> tuple[str | None, list[Box]]:
    """The stage's last screenshot and the boxes on it, where it shows the screen the boxes were read on."""
    if stage.status != "passed" or not stage.screenshot:
        return None, []
    return stage.screenshot, [b for b in boxes if on_screen(b, viewport)]


def on_stage_pictures(journey: JourneyEvidence, findings: list[Finding]) -> list[Finding]:
    """Each finding with boxes pinned to its stage's last screenshot, where they are on it."""
    stages = {stage.name: stage for stage in journey.record.stages}
    for found in findings:
        stage = stages.get(found.stage or "")
        if stage is None or not found.evidence.boxes or found.evidence.screenshot:
            continue
        screenshot, shown = shown_on(stage, found.evidence.boxes, journey.record.device.viewport)
        if screenshot and shown:
            found.evidence.screenshot = screenshot
    return findings
