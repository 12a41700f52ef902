"""Frustration signals, as analytics tools define them for real users, applied to each scripted click.

- dead click: no navigation, no DOM change and no request within a second, even after a second try;
- rage-click risk: the click did something only on the second try;
- error click: a script error right after a click that stayed on the page;
- slow response: the next paint after the click came late (Event Timing; good ≤ 200 ms, poor > 500 ms).
"""

from __future__ import annotations

from ...results import Finding
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, Judgement, finding
from ..steps import WalkedStep, walked_steps
from ..thresholds import Duration

META = DetectorMeta(
    id="frustration",
    title="A click frustrates the shopper",
    description="Dead clicks, clicks that work only on a second try, clicks followed by a script error, and "
                "clicks whose visible response comes late.",
    reads=("step:click", "signals:page_errors", "signals:console"),
    thresholds={"paint_ms": Duration(200), "paint_poor_ms": Duration(500), "error_window_ms": Duration(1000)},
)


def _errors_after(journey: JourneyEvidence, walked: WalkedStep, window_ms: float) -> list[str]:
    start = walked.step.offset_ms or 0
    messages = []
    for kind in ("page_errors", "console"):
        for entry in journey.signals(kind):
            if kind == "console" and (entry.get("type") != "error" or entry.get("text", "").startswith("Failed to load resource")):
                continue
            same_step = (entry.get("stage"), entry.get("step")) == (walked.stage_index, walked.step.index)
            if same_step and entry.get("t_ms", 0) - start <= (walked.step.duration_ms or 0) + window_ms:
                messages.append(entry.get("message") or entry.get("text", ""))
    return messages


def _judge_click(journey: JourneyEvidence, walked: WalkedStep, config: DetectorConfig) -> list[Finding]:
    click, step, stage = walked.evidence.get("click") or {}, walked.step, walked.stage.name
    common = {"step": step.index, "selector": step.target, "url": step.url, "screenshot": step.screenshot}
    found = []
    if click.get("retried") and not click.get("retry_response"):
        found.append(finding(
            META, "major", stage, title=f"Dead click on “{step.label}”",
            insight=f"Clicking “{step.label}” did nothing: no new page, no change on the page, no request — not even on "
                    "a second click. Shoppers think the shop is broken. Make the control work (is its script loaded, "
                    "is it a real link or button?) or remove it.",
            **common, value="no response in 1 s, twice",
        ))
    elif click.get("retried"):
        found.append(finding(
            META, "minor", stage, title=f"“{step.label}” works only on a second click",
            insight=f"The first click on “{step.label}” did nothing; the second one worked. Real shoppers start "
                    "rage-clicking here. Make the control respond to the first click (often a script that is not "
                    "ready yet when the button is shown).",
            **common, value="responded on the second click",
        ))
    navigated = (click.get("response") or click.get("retry_response") or {}).get("kind") == "navigation"
    errors = [] if navigated else _errors_after(journey, walked, config.get("error_window_ms", stage))
    if errors:  # an error on a page the click led to belongs to that page (see errors), not to the click
        found.append(finding(
            META, "major", stage, title=f"Script error after clicking “{step.label}”",
            insight=f"Right after the click on “{step.label}” the page raised a script error (“{errors[0][:120]}”). "
                    "What the shopper expected may silently not have happened. Fix the error.",
            **common, value=len(errors), details=errors[:5],
        ))
    paint = click.get("paint_ms")
    if paint is not None and paint > config.get("paint_ms", stage):
        poor = paint > config.get("paint_poor_ms", stage)
        found.append(finding(
            META, "major" if poor else "minor", stage, title=f"Slow response to “{step.label}”",
            insight=f"The page took {paint:.0f} ms to show any response to the click on “{step.label}” "
                    f"({'poor' if poor else 'needs improvement'}: good is under {config.get('paint_ms', stage)} ms). "
                    "Give immediate feedback (a pressed state, a spinner) and move heavy work off the click.",
            **common, value=round(paint), threshold=config.get("paint_ms", stage), unit="ms",
        ))
    return found


def detect(journey: JourneyEvidence, config: DetectorConfig) -> Judgement:
    clicks = [walked for walked in walked_steps(journey) if walked.step.verb == "click"]
    clicked = {walked.stage.name for walked in clicks}
    return Judgement([f for walked in clicks for f in _judge_click(journey, walked, config)], not_applicable={
        stage.name: "no click on this stage" for _, stage, _ in journey.walked_stages() if stage.name not in clicked})
