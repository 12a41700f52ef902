"""Journey broken: a step the shopper needed failed, so everything after it was never reached (or only by a detour);
and the checks that failed while the walk went on — the page did not show what the shopper expected."""

from __future__ import annotations

from ...results import Finding
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, finding

META = DetectorMeta(
    id="journey-broken",
    title="Shoppers get lost here",
    description="A step of the journey failed: the element was missing, hidden, covered or disabled, or a page did "
                "not load, so the rest of the journey was not reached (blocker); or a check saw something other than "
                "what the shopper expected while the walk went on (major).",
)

# What to do about each cause, in a shop owner's words.
ADVICE = {
    "missing": "Nothing on this page matches the scenario's locator on this device. If the page calls it "
               "differently, correct the locator (the failure lists what the page offers); if shoppers need it "
               "here, make sure the page shows it on this screen size.",
    "hidden": "It is on the page but not shown on this screen size: make it visible where shoppers need it.",
    "covered": "Something lies on top of it: move or close the covering element so a tap reaches the button.",
    "disabled": "It is disabled: tell the shopper what is missing instead of silently refusing the action.",
    "ambiguous": "Several elements match: give the one the shopper needs a clear, unique name.",
    "navigation": "The page did not load: check the server and the link.",
    "assertion": "The page did not show what the shopper expected at this point: check the content and the "
                 "previous step's effect.",
    "timeout": "Nothing happened in time: check that the page responds to this action.",
    "error": "The step could not be done: see the details.",
    "unresponsive": "A script keeps the page's main thread busy, so the page cannot react to the shopper: find the "
                    "long-running script (the trace shows it) and break its work up or end it.",
    "no_answer": "The server took the request and never answered: check its logs, its time limits and whatever it "
                 "waits for (a database, a payment or stock service).",
    "redirect_loop": "The page keeps sending the shopper on and back again: check the redirects (server rules, and "
                     "scripts that set the location, such as a consent, sign-in or country check).",
    "crashed": "The browser or its tab died here, not necessarily because of the shop: run the walk again, and if it "
               "dies on this page again, check the page's memory use.",
}


def _failed_checks(journey: JourneyEvidence) -> list[Finding]:
    """Checks that saw something else while the walk went on: the shopper met a page other than expected."""
    found = []
    for stage in journey.record.stages:
        for step in stage.failed_checks if stage.reached else []:
            found.append(finding(
                META, "major", stage.name, title="The page does not show what the shopper expects",
                insight=f"“{step.label}” did not hold: {step.error.message}. {ADVICE['assertion']} The walk went on "
                        "from here.",
                step=step.index, selector=step.target, url=step.url, screenshot=step.screenshot, value="assertion",
                details=[line for line in (step.error.detail or "").splitlines()[:6] if line.strip()],
                cause=f"{stage.name}|{step.line if step.line is not None else step.index}|{step.label}",
            ))
    return found


def _after(record, stage) -> str:
    """What the break cost the shopper on this device: the stages never reached, or reached only by a detour."""
    lost = sum(1 for s in record.stages if s.status == "not_reached")
    detoured = sum(1 for s in record.stages if s.reached_by_detour)
    if lost:
        return f" Shoppers on {record.device.name} never reach the {lost} stage(s) after this."
    if detoured:
        return (f" The walk went on by the scenario's detour ({', '.join(s.label for s in stage.resume_steps)}); "
                "a shopper needs to know that way.")
    return ""


def detect(journey: JourneyEvidence, config: DetectorConfig) -> list[Finding]:
    record, found = journey.record, _failed_checks(journey)
    for stage in record.stages:
        failed = stage.failed_step
        if stage.status != "failed" or failed is None:
            continue
        failure = stage.failure
        found.append(finding(
            META, "blocker", stage.name,
            insight=f"“{failed.label}” failed: {failed.error.message}. {ADVICE[failed.error.kind]}"
                    + _after(record, stage),
            step=failed.index, selector=failed.target, url=failure.url if failure else failed.url,
            screenshot=failure.screenshot if failure else failed.screenshot, value=failed.error.kind,
            details=[line for line in (failed.error.detail or "").splitlines()[:6] if line.strip()],
        ))
    if record.status == "error" and record.error and not found:
        stage = next((s for s in record.stages if s.status in ("running", "failed", "not_reached")), None)
        found.append(finding(
            META, "blocker", stage.name if stage else None,
            insight=f"The walk could not go on: {record.error}. The browser or the connection failed, not "
                    "necessarily the shop; run it again to tell the two apart.",
        ))
    return found
