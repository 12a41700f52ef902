"""Journey broken: a step the shopper needed failed, so everything after it was never reached."""

from __future__ import annotations

from ...results import Finding
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, finding

META = DetectorMeta(
    id="journey-broken",
    title="Shoppers get lost here",
    description="A step of the journey failed: the element was missing, hidden, covered or disabled, a page did "
                "not load, or the page did not show what the shopper expected. The rest of the journey was not reached.",
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


def detect(journey: JourneyEvidence, config: DetectorConfig) -> list[Finding]:
    record, found = journey.record, []
    for stage in record.stages:
        failed = stage.failed_step
        if stage.status != "failed" or failed is None:
            continue
        reached = sum(1 for s in record.stages if s.status != "not_reached")
        lost = len(record.stages) - reached
        failure = stage.failure
        found.append(finding(
            META, "blocker", stage.name,
            insight=f"“{failed.label}” failed: {failed.error.message}. {ADVICE[failed.error.kind]}"
                    + (f" Shoppers on {record.device.name} never reach the {lost} stage(s) after this." if lost else ""),
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
