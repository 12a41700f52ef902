"""Dialogs: a browser alert, confirm or prompt the page raised in answer to a shopper's action.

Such a box stops the page until it is answered and is often debugging left in (“Sorting by price-asc”). The walker
dismisses it and records its words and the step that raised it; this detector turns that into friction: minor, and
major where it stands between the shopper and the order (a checkout or confirmation stage). A "leave this page?"
box (beforeunload) on the way through the journey is friction too: the shopper is asked whether to go on.
"""

from __future__ import annotations

from typing import Any

from ...results import Finding
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, Judgement, finding
from ..steps import stage_name, step_of
from ..thresholds import Severity, Strings

META = DetectorMeta(
    id="dialogs",
    title="A pop-up box interrupts the shopper",
    description="A browser alert, confirm, prompt or “leave this page?” box raised by the shopper's action, with "
                "its words and the step that raised it; major on the checkout and confirmation stages.",
    reads=("signals:dialogs",),
    thresholds={"severity": Severity("minor"), "checkout_severity": Severity("major"),
                "checkout_phases": Strings(["purchase", "post-purchase"])},
)
KIND_WORDS = {"alert": "An alert", "confirm": "A confirmation box", "prompt": "A prompt",
              "beforeunload": "A “leave this page?” box"}


def _judge(journey: JourneyEvidence, dialog: dict[str, Any], config: DetectorConfig) -> Finding | None:
    stage = stage_name(journey, dialog.get("stage"))
    if stage is not None and not config.enabled_for(stage):
        return None
    record = journey.record.stages[dialog["stage"]] if stage is not None else None
    step = step_of(journey, dialog.get("stage"), dialog.get("step"))
    kind, message = dialog.get("type", "alert"), " ".join((dialog.get("message") or "").split())
    checkout = record is not None and record.phase in config.get("checkout_phases", stage)
    severity = config.get("checkout_severity" if checkout else "severity", stage)
    said = f"“{message[:160]}”" if message else "no words"
    raised = f"after “{step.label}”" if step else "as the page opened"
    title = f"{KIND_WORDS.get(kind, 'A pop-up box')} pops up {raised}"
    if kind == "beforeunload":
        insight = (f"Leaving the page {raised} asked the shopper whether to leave it. On the way to the order such a "
                   "question makes shoppers doubt their cart is kept: ask only where typed input would be lost.")
    else:
        where = " on the way to the order, where every interruption costs orders" if checkout else ""
        insight = (f"{KIND_WORDS.get(kind, 'A pop-up box')} saying {said} stopped the page {raised}{where}; the "
                   f"shopper had to dismiss it to go on. Remove it (often debugging left in), or show the message "
                   "on the page.")
    return finding(META, severity, stage, insight=insight, title=title, cause=f"{kind}|{message}",
                   step=step.index if step else None, url=dialog.get("url") or (record.url if record else None),
                   screenshot=step.screenshot if step else None, value=message or kind, details=[f"{kind}: {said}"])


def detect(journey: JourneyEvidence, config: DetectorConfig) -> Judgement:
    found = [f for f in (_judge(journey, d, config) for d in journey.signals("dialogs")) if f is not None]
    return Judgement(found)
