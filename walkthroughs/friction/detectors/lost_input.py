"""Lost input: what the shopper typed that the shop threw away, wrote into another field, or then asked for again.

The walker reads each field back after typing into it (`step:input`) and notes form-level error banners a step
brought up with the fields they name (`step:form_errors`). A field that no longer holds what was typed — empty,
changed, or its text moved into another field — or a banner naming a field the walk filled and the page emptied,
is input the shopper loses and has to type again, if they notice at all. A value an input mask only reformatted
(`4242424242424242` shown as `4242 4242 4242 4242`) is kept. One finding per field, on the stage it was typed on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...results import Finding, StageRecord, StepRecord
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, Judgement, finding
from ..steps import WalkedStep, walked_steps
from ..thresholds import Severity, Strings

META = DetectorMeta(
    id="lost-input",
    title="The shop loses what the shopper typed",
    description="A field that does not keep what was typed into it (emptied, changed, or written into another "
                "field), and a form-level error asking again for what the shopper had typed; major at checkout.",
    reads=("step:input", "step:form_errors"),
    thresholds={"severity": Severity("minor"), "checkout_severity": Severity("major"),
                "checkout_phases": Strings(["purchase", "post-purchase"]), "ignore_fields": Strings([])},
)
SECRET = "[secret]"  # what the walker writes for a password's or card's value
_MARK = re.compile(r"[\W_]+")


def _bare(text: str) -> str:
    return _MARK.sub("", text).casefold()


def _same(typed: str, value: str) -> bool:
    """Equal but for spaces, punctuation and case: an input mask's reformatting keeps the shopper's input."""
    return _bare(typed) == _bare(value)


@dataclass
class Loss:
    """What happened to one field's input, in the order the walk saw it."""

    stage: StageRecord  # where it was typed (else where a banner asked for it)
    step: StepRecord | None
    selector: str
    label: str
    typed: str | None = None
    what: list[str] = field(default_factory=list)
    written_into: str | None = None
    refused_on: StageRecord | None = None  # the stage whose step a banner refused for this field


def _typed_loss(walked: WalkedStep, read: dict[str, Any]) -> Loss | None:
    typed, value = read.get("typed", ""), read.get("value", "")
    if read.get("kept", True) or SECRET in (typed, value) or _same(typed, value):
        return None
    label = read.get("label") or read.get("selector", "")
    loss = Loss(walked.stage, walked.step, read.get("selector", ""), label, typed)
    changed = read.get("others_changed", [])
    into = next((c for c in changed if _bare(typed) and _bare(typed) in _bare(c.get("after", ""))), None)
    if into is not None:
        loss.written_into = into.get("label") or into.get("selector")
        loss.what.append(f"typing “{typed}” into {label} wrote it into {loss.written_into} (which held "
                         f"“{into.get('before', '')}”)")
    if not value:
        loss.what.append(f"{label} is empty after typing “{typed}” into it")
    elif typed.startswith(value):
        loss.what.append(f"{label} kept only “{value}” of “{typed}”")
    else:
        loss.what.append(f"{label} shows “{value}” after typing “{typed}” into it")
    return loss


def _losses(journey: JourneyEvidence, ignored: set[str]) -> list[Loss]:
    losses: dict[str, Loss] = {}  # by the field's selector, in the order first seen
    typed_at: dict[str, WalkedStep] = {}
    for walked in walked_steps(journey):
        read = walked.evidence.get("input")
        if read:
            typed_at[read.get("selector", "")] = walked
            loss = _typed_loss(walked, read)
            if loss is not None and loss.label not in ignored:
                losses.setdefault(loss.selector, loss)
        for banner in walked.evidence.get("form_errors") or []:
            words = " ".join((banner.get("text") or "").split())[:200]
            for named in banner.get("fields", []):
                label, selector = named.get("label") or named.get("selector", ""), named.get("selector", "")
                if not named.get("filled_by_walk") or label in ignored:
                    continue  # the shopper never filled it in: the form is right to ask
                where = typed_at.get(selector, walked)
                loss = losses.setdefault(selector, Loss(where.stage, where.step, selector, label))
                loss.refused_on = loss.refused_on or walked.stage
                state = "which the shopper had filled in and the page had emptied" if not named.get("filled") \
                    else "which holds what the shopper typed"
                loss.what.append(f"then “{walked.step.label}” was refused: “{words}”, naming {label}, {state}")
    return list(losses.values())


def _finding(loss: Loss, config: DetectorConfig) -> Finding:
    stage = loss.stage.name
    phases = config.get("checkout_phases", stage)
    checkout = loss.stage.phase in phases or (loss.refused_on is not None and loss.refused_on.phase in phases)
    severity = config.get("checkout_severity" if checkout else "severity", stage)
    if loss.written_into:
        title = f"Typing into {loss.label} writes into {loss.written_into}"
        lost = f"What the shopper types into {loss.label} lands in {loss.written_into}"
    elif loss.typed is not None:
        title = f"{loss.label} does not keep what the shopper typed"
        lost = f"{loss.label} did not keep what the shopper typed"
    else:
        title = f"The form refuses {loss.label} the shopper filled in"
        lost = f"The form says {loss.label} is wrong or missing although the shopper filled it in"
    refused = "; the form then refuses to go on for that very field" if loss.refused_on and loss.typed else ""
    insight = (f"{lost} at “{stage}”{refused}. Shoppers rarely notice until the form complains, and many give up "
               "rather than type it twice. Check the field's input handler (which field it writes, what clears or "
               "rewrites it) and the form's validation.")
    step = loss.step
    return finding(META, severity, stage, title=title, insight=insight, cause=loss.selector,
                   step=step.index if step else None, selector=loss.selector, url=step.url if step else loss.stage.url,
                   screenshot=step.screenshot if step else None, value=loss.typed, details=loss.what[:6])


def detect(journey: JourneyEvidence, config: DetectorConfig) -> Judgement:
    losses = _losses(journey, set(config.get("ignore_fields")))
    found = [_finding(loss, config) for loss in losses if config.enabled_for(loss.stage.name)]
    typed_on = {walked.stage.name for walked in walked_steps(journey) if walked.evidence.get("input")
                or walked.evidence.get("form_errors")}
    return Judgement(found, not_applicable={stage.name: "nothing was typed into a field on this stage"
                                            for _, stage, _ in journey.walked_stages()
                                            if stage.name not in typed_on and stage.name not in
                                            {f.stage for f in found}})
