"""Recovery: when a shopper goes astray (a search finds nothing, a product is sold out, an entry is wrong, they go
back), does the shop help them back onto the path? Judges the checks a stage declares under `recovery:`, from
what the walker saw as that stage ended."""

from __future__ import annotations

from typing import Any

from ...results import Finding
from ..base import (
    DetectorConfig,
    DetectorMeta,
    JourneyEvidence,
    Judgement,
    box,
    finding,
)
from ..stage_picture import shown_on
from ..thresholds import Number

META = DetectorMeta(
    id="recovery",
    title="The shopper is not helped back onto the path",
    description="A stage's recovery checks: a search without results still suggests products, a sold-out product "
                "offers an alternative, the message about a wrong entry sits next to its field, going back keeps "
                "the cart.",
    reads=("recovery",),
    thresholds={"min_suggestions": Number(2, integer=True, unit="links"),
                "max_error_distance_px": Number(150, unit="px")},
)


def detect(journey: JourneyEvidence, config: DetectorConfig) -> Judgement:
    judgement = Judgement()
    for _, stage, evidence in journey.walked_stages():
        if "recovery" not in evidence:
            judgement.not_applicable[stage.name] = "the scenario sets no recovery checks for this stage"
        for check in evidence.get("recovery", []):
            judge = JUDGES[check["check"]]
            judgement.findings.extend(judge(journey, config, stage, check))
    return judgement


def _picture(journey: JourneyEvidence, stage, boxes: list) -> dict[str, Any]:
    """The stage's picture and the boxes on it: its last screenshot where it shows the screen the check read."""
    screenshot, shown = shown_on(stage, [b for b in boxes if b is not None], journey.record.device.viewport)
    return {"screenshot": screenshot or stage.screenshot, "boxes": shown}


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
        details=_names(links), **_picture(journey, stage, []),
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
        threshold=1, unit="links", details=_names(links), **_picture(journey, stage, []),
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
            boxes = [box(field["box"])]
        else:
            title = "The error message is far from the field"
            insight = (f"The message about “{name}” (“{nearest['text'][:80]}”) is {nearest['distance_px']} px away "
                       f"from the field, so a shopper looking at the field does not see it. Put the message right "
                       "under the field, mark the field as invalid and link the two (aria-describedby).")
            boxes = [box(field["box"]), box(nearest["box"], "message")]
        found.append(finding(
            META, "major", stage.name, title=title, insight=insight, url=check.get("url"), selector=check.get("where"),
            value=nearest["distance_px"] if nearest else "no message", threshold=limit, unit="px",
            **_picture(journey, stage, boxes),
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
        threshold=before, unit="items", **_picture(journey, stage, []),
    )]


def _names(links: list[dict[str, Any]]) -> list[str]:
    return [link.get("text") or link.get("href", "") for link in links][:6]


JUDGES = {
    "suggestions-on-no-results": suggestions,
    "alternative-when-sold-out": alternative,
    "error-next-to-field": error_near_field,
    "cart-kept": cart_kept,
}
