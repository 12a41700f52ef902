"""Visual regression: the screen each stage ended on against the same stage of a baseline run, the changed regions
boxed.

A run-scope detector: it reads the two runs' screenshots, no browser, once every walk is done (`run --baseline`,
`report --baseline`; calibration compares each switched walk with the clean one). Only stages that passed in both
runs are compared: a failed stage's picture is of the whole page. The finding names the after picture and the
before one; the report draws the boxes over both.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ...results import Box, JourneyRecord, StageRecord
from ..base import DetectorConfig, DetectorMeta, Judgement, RunEvidence, finding
from ..screen_diff import ScreenDiff, compare_screens
from ..thresholds import Number

META = DetectorMeta(
    id="visual-regression",
    title="The page looks different from the baseline run",
    description="Compares the screen each stage ended on with the same stage of a baseline run (`--baseline`) and "
                "boxes the regions that changed: colours further apart than the tolerance, beyond a one-pixel shift "
                "(anti-aliasing, JPEG noise) and outside masked secrets, in regions of at least `min_region_px`.",
    scope="run",
    thresholds={
        "tolerance": Number(40, maximum=255, integer=True, unit="of 255 per colour channel"),
        "min_region_px": Number(2500, unit="CSS px²"),
    },
)
NO_BASELINE = "no baseline run to compare with: walk with --baseline PATH (or re-render with report --baseline PATH)"
NOT_IN_BASELINE = "the baseline run has no walk of this journey to compare it with"
MOST_BOXES = 8


def _picture(root: Path, relative: str) -> Image.Image:
    with Image.open(root / relative) as image:
        return image.convert("RGB")


def _why_not_compared(stage: StageRecord, before: StageRecord | None) -> str | None:
    if stage.status != "passed" or not stage.screenshot:
        return "the stage did not pass, so its picture is not the screen it ended on"
    if before is None or before.status != "passed" or not before.screenshot:
        return "the baseline run has no picture of this stage's end (it did not pass there)"
    return None


def _finding(stage: StageRecord, earlier: JourneyRecord, diff: ScreenDiff, kept: str, config: DetectorConfig):
    regions = diff.regions[:MOST_BOXES]
    width, height = diff.size
    shown = sum(r.area for r in regions) / (width * height)
    parts = "one part" if len(diff.regions) == 1 else f"{len(diff.regions)} parts"
    return finding(
        META, "minor", stage.name,
        insight=f"{parts[0].upper()}{parts[1:]} of the screen this stage ended on changed since the baseline run "
                f"({shown:.0%} of the screen boxed). Compare before and after: a change nobody meant is a visual "
                "regression; if it was meant, walk a new baseline.",
        boxes=[Box(x=r.x, y=r.y, width=r.width, height=r.height, role="changed") for r in regions],
        screenshot=stage.screenshot, baseline_screenshot=kept, url=stage.url,
        value=round(shown * 100, 1), unit="% of the screen",
        details=[f"{r.width}×{r.height} px at ({r.x}, {r.y}): {r.changed_px} px changed" for r in regions]
        + [f"baseline walk: {earlier.id}"],
    )


def judge_journey(journey: JourneyRecord, earlier: JourneyRecord, root: Path, baseline_root: Path, kept,
                  config: DetectorConfig) -> Judgement:
    judgement = Judgement()
    if journey.device.viewport != earlier.device.viewport:
        judgement.not_applicable[None] = "the baseline walked this journey on another screen size"
        return judgement
    for stage in (s for s in journey.stages if s.reached):
        before = next((s for s in earlier.stages if s.name == stage.name), None)
        why = _why_not_compared(stage, before)
        if why:
            judgement.not_applicable[stage.name] = why
            continue
        try:
            if (root / stage.screenshot).read_bytes() == (baseline_root / before.screenshot).read_bytes():
                continue  # the same picture, byte for byte
            diff = compare_screens(_picture(baseline_root, before.screenshot), _picture(root, stage.screenshot),
                                   config.get("tolerance", stage.name), config.get("min_region_px", stage.name))
        except (OSError, UnidentifiedImageError) as error:
            judgement.could_not_judge[stage.name] = f"a screenshot cannot be read: {error}"
            continue
        if diff.regions:
            judgement.findings.append(_finding(stage, earlier, diff, kept(before.screenshot), config))
    return judgement


def detect(run: RunEvidence, config: DetectorConfig) -> dict[str, Judgement]:
    baseline = run.baseline
    if baseline is None or run.root is None:
        return {journey.id: Judgement(not_applicable={None: NO_BASELINE}) for journey in run.journeys}
    judged = {}
    for journey in run.journeys:
        earlier = baseline.journey(journey.id)
        if earlier is None:
            judged[journey.id] = Judgement(not_applicable={None: NOT_IN_BASELINE})
            continue
        judged[journey.id] = judge_journey(journey, earlier, run.root, baseline.root, baseline.kept, config)
    return judged
