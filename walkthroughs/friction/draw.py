"""Draw a finding's evidence on a copy of its screenshot, so QA sees at once what is meant."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image, ImageDraw

from .base import JourneyEvidence

COLOURS = {"blocker": (200, 30, 45), "major": (225, 90, 20), "minor": (200, 150, 0), "info": (40, 110, 200)}


def annotate(journey: JourneyEvidence, screenshot: str | None, boxes: list[dict], severity: str) -> str | None:
    """A copy of `screenshot` (relative to the run folder) with `boxes` (CSS px) outlined; the original if it cannot."""
    if not screenshot or not boxes or journey.run_dir is None:
        return screenshot
    source = Path(journey.run_dir) / screenshot
    if not source.exists():
        return screenshot
    key = hashlib.sha1(repr((sorted(map(str, boxes)), severity)).encode()).hexdigest()[:8]
    target = source.with_name(f"{source.stem}-annotated-{key}.jpg")
    if not target.exists():
        with Image.open(source) as image:
            image = image.convert("RGB")
            viewport = journey.record.device.viewport or {"width": image.width}
            scale = image.width / max(1, viewport["width"])
            pen = ImageDraw.Draw(image)
            colour = COLOURS.get(severity, COLOURS["major"])
            width = max(3, round(2 * scale))
            for box in boxes:
                left, top = box["x"] * scale, box["y"] * scale
                right, bottom = left + box["width"] * scale, top + box["height"] * scale
                pen.rectangle([left - width, top - width, right + width, bottom + width], outline=colour, width=width)
            image.save(target, "JPEG", quality=75)
    return target.relative_to(journey.run_dir).as_posix()
