"""Recovery: when a shopper goes astray (a search finds nothing, a product is sold out, an entry is wrong, they go
back), does the shop help them back onto the path? Judges the checks a stage declares under `recovery:`, from
what the walker saw as that stage ended."""

from __future__ import annotations

from typing import Any

from ...results import Finding
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, finding
from ..draw import annotate
from ..stage_picture import on_screen

META = DetectorMeta(
    id="recovery",
    title="The shopper is not helped back onto the path",
    description="A stage's recovery checks: a search without results still suggests products, a sold-out product "
                "offers an alternative, the message about a wrong entry sits next to its field, going back keeps "
                "the cart.",
    reads=("stage:recovery",),
    defaults={"min_suggestions": 2, "max_error_distance_px": 150},
)


def detect(journey: JourneyEvidence, config: DetectorConfig) -> list[Finding]:
    found: list[Finding] = []
    for _, stage, evidence in journey.walked_stages():
        for check in evidence.get("recovery", []):
            judge = JUDGES[check["check"]]
            found.extend(judge(journey, config, stage, check))
    return found


def _picture(journey: JourneyEvidence, stage, boxes: list[dict], severity: str) -> str | None:
    """The stage's last screenshot, with the boxes drawn where they are on it."""
    viewport = journey.record.device.viewport
    shown = [box for box in boxes if on_screen(box, viewport)]
    return annotate(journey, stage.screenshot, shown, severity) if stage.status == "passed" else stage.screenshot


def _could_not_look(stage, check: dict) -> list[Finding]:
    return [finding(META, "info", stage.name, title=f"The “{check['check']}” check could not look",
                    insight=f"The recovery check could not read the page: {check['error']}. Check the locator "
                            "in the scenario.", url=check.get("url"), selector=check.get("where"))]


def suggestions(journey: JourneyEvidence, config: DetectorConfig, stage, check: dict) -> list[Finding]:
    if "error" in check:
        return _could_not_look(stage, check)
    links, wanted = check.get("links", []), config.get("min_suggestions", stage.name)
    if len(links) >= wanted:
        return []
    offered = f"only {len(links)} way on" if links else "nothing to click"
    return [finding(
        META, "major", stage.name, title="A search without results is a dead end",
        insight=f"The search found nothing and the page offers {offered} ({', '.join(_names(links)) or 'no links'}). "
                "A shopper who misspelt a word or used another name for it gives up here: suggest products, "
                "popular categories or a corrected spelling on the no-results page.",
        url=check.get("url"), selector=check.get("where"), value=len(links), threshold=wanted, unit="links",
        screenshot=_picture(journey, stage, [], "major"), details=_names(links),
    )]


def alternative(journey: JourneyEvidence, config: DetectorConfig, stage, check: dict) -> list[Finding]:
    if "error" in check:
        return _could_not_look(stage, check)
    links = check.get("links", [])
    if any(link.get("first_screen") for link in links):
        return []
    where = "further down the page" if links else "anywhere on the page"
    return [finding(
        META, "major", stage.name, title="A sold-out product offers no alternative",
        insight=f"The product is sold out and the first screen offers no other product to look at (links only "
                f"{where}). Show a similar product that is in stock, or let the shopper ask to be told when it is "
                "back, next to the “sold out” message.",
        url=check.get("url"), selector=check.get("where"), value=sum(1 for link in links if link.get("first_screen")),
        threshold=1, unit="links", screenshot=_picture(journey, stage, [], "major"), details=_names(links),
    )]


def error_near_field(journey: JourneyEvidence, config: DetectorConfig, stage, check: dict) -> list[Finding]:
    if "error" in check:
        return _could_not_look(stage, check)
    limit, found = config.get("max_error_distance_px", stage.name), []
    for field in check.get("fields", []):
        messages = field.get("messages", [])
        nearest = messages[0] if messages else None
        if nearest is not None and nearest["distance_px"] <= limit:
            continue
        name = field.get("field", "the field")
        if nearest is None:
            title = "Nothing tells the shopper what is wrong"
            insight = (f"The page refused the entry in “{name}” without a message the shopper can see. Say what is "
                       "wrong and how to fix it, right under the field.")
            boxes = [field["box"]]
        else:
            title = "The error message is far from the field"
            insight = (f"The message about “{name}” (“{nearest['text'][:80]}”) is {nearest['distance_px']} px away "
                       f"from the field, so a shopper looking at the field does not see it. Put the message right "
                       "under the field, mark the field as invalid and link the two (aria-describedby).")
            boxes = [field["box"], nearest["box"]]
        found.append(finding(
            META, "major", stage.name, title=title, insight=insight, url=check.get("url"), selector=check.get("where"),
            box=field["box"], value=nearest["distance_px"] if nearest else "no message", threshold=limit, unit="px",
            screenshot=_picture(journey, stage, boxes, "major"),
            details=[f"field: {name}", *(f"message {m['distance_px']} px away: {m['text'][:80]}" for m in messages)],
        ))
    return found


def cart_kept(journey: JourneyEvidence, config: DetectorConfig, stage, check: dict) -> list[Finding]:
    if "error" in check:
        return _could_not_look(stage, check)
    before, after = check.get("before"), check.get("after")
    if not before or (after is not None and after >= before):
        return []
    now = f"shows {after}" if after is not None else "no longer shows a count"
    return [finding(
        META, "major", stage.name, title="Going back empties the cart",
        insight=f"The cart held {before} item(s) when this stage began and {now} as it ended, although the shopper "
                "only went back. Keep the cart when shoppers go back to change something; a shopper who must "
                "start again often leaves.",
        url=check.get("url"), selector=check.get("where"), value=after if after is not None else "none",
        threshold=before, unit="items", screenshot=_picture(journey, stage, [], "major"),
    )]


def _names(links: list[dict[str, Any]]) -> list[str]:
    return [link.get("text") or link.get("href", "") for link in links][:6]


JUDGES = {
    "suggestions-on-no-results": suggestions,
    "alternative-when-sold-out": alternative,
    "error-next-to-field": error_near_field,
    "cart-kept": cart_kept,
}
