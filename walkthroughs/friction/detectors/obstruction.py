"""Obstruction: something lay on top of the element the shopper needed and had to be dismissed first.

The walker hit-tests every element before it clicks, fills or ticks it; what it found on top, how it
got past it and how long that took is the evidence. A cover that could not be dismissed breaks the
journey (see journey-broken); one that could is still a hurdle every real shopper meets.
"""

from __future__ import annotations

from ...results import Finding
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, box, finding
from ..repeats import OncePerJourney
from ..steps import walked_steps
from ..thresholds import Duration

META = DetectorMeta(
    id="obstruction",
    title="Something covers what the shopper needs",
    description="A cookie banner, pop-up, chat widget, sticky header or other overlay lay on top of the element "
                "the shopper had to use, so a tap would have hit the overlay instead.",
    reads=("step:obstructions",),
    thresholds={"slow_to_clear_ms": Duration(1000)},
)

MINOR_KINDS = {"sticky header"}  # a scroll gets past it; annoying, not blocking

ADVICE = {
    "cookie banner": "Keep the consent banner clear of the page's buttons on small screens (a slim bar, or a "
                     "layout that leaves the main button free), or ask for consent before the shopper has to act.",
    "pop-up": "Do not open pop-ups over a page the shopper is busy with; offer the newsletter after the purchase "
              "or as an inline box.",
    "chat widget": "Move the chat button away from the page's main buttons, or make it smaller on phones.",
    "sticky header": "Leave room under the sticky header (scroll-margin-top) so it does not hide what the "
                     "shopper scrolls to.",
    "overlay": "Make sure nothing is laid over the page's main buttons.",
}


def detect(journey: JourneyEvidence, config: DetectorConfig) -> list[Finding]:
    once = OncePerJourney()
    for walked in walked_steps(journey):
        for record in walked.evidence.get("obstructions", []):
            cover, stage = record["cover"], walked.stage.name
            took = record.get("time_to_clear_ms") or 0
            if not record.get("cleared"):
                severity = "major"
                how = "could not be dismissed, so the shopper could not go on"
            else:
                slow = took > config.get("slow_to_clear_ms", stage)
                severity = "minor" if cover["kind"] in MINOR_KINDS and not slow else "major"
                how = f"had to be dismissed first ({'; '.join(record.get('actions', []))}), which took {took / 1000:.1f} s"
            text = f" (“{cover['text'][:60]}”)" if cover.get("text") else ""
            found = finding(
                META, severity, stage, title=f"A {cover['kind']} covers “{walked.step.label}”",
                insight=f"A {cover['kind']} ({cover['selector']}){text} lay on top of the element for "
                        f"“{walked.step.label}” and {how}. {ADVICE.get(cover['kind'], ADVICE['overlay'])}",
                step=walked.step.index, selector=cover["selector"], url=walked.step.url,
                boxes=[box(cover.get("box"), "cover"), box(record.get("target_box"))],
                screenshot=record.get("screenshot") or walked.step.screenshot, value=round(took),
                threshold=config.get("slow_to_clear_ms", stage), unit="ms",
                details=[f"covered: {walked.step.target}", f"kind: {cover['kind']}", *record.get("actions", [])],
            )
            once.add((stage, cover["selector"]), found)
    return once.findings
