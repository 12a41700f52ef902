"""Hidden costs: the price on the product page against the cart, checkout and final totals, stage by stage.

Extra costs are the most cited reason for abandoned carts (48% of shoppers, Baymard). A total that grows
on the last step, after the shopper committed, is the worst case; a cost that first shows at checkout,
without having been announced earlier, is a smaller one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...results import StageRecord
from ..base import (
    DetectorConfig,
    DetectorMeta,
    JourneyEvidence,
    Judgement,
    box,
    finding,
)
from ..money import currency_of, format_amount, parse_amount
from ..pages import gathered, stages_on_their_own_page
from ..stage_picture import on_stage_pictures
from ..thresholds import Number

META = DetectorMeta(
    id="hidden-costs",
    title="Costs appear late",
    description="Compares the product price the shopper saw with the cart, checkout and final totals, and finds "
                "costs (shipping, fees) that appear only at a late step.",
    reads=("page_text", "step:remembered"),
    thresholds={"tolerance": Number(0.01)},
)
COST_WORDS = ("shipping", "delivery", "postage", "fee", "surcharge", "handling", "tax", "service")


@dataclass
class Amount:
    stage: StageRecord
    amount: float
    text: str
    source: str  # the remembered variable or the page's label
    box: dict[str, Any] | None = None


def _remembered(stage_evidence: dict[str, Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    for step in stage_evidence.get("steps", []):
        values.update(step.get("remembered") or {})
    return values


def _page_total(stage: StageRecord, page: dict[str, Any] | None) -> Amount | None:
    """The last amount the page labels as a total ("Total €93.95", "Total paid …")."""
    totals = [p for p in (page or {}).get("prices", []) if p["label"].lower().startswith("total")]
    if not totals:
        return None
    last = totals[-1]
    amount = parse_amount(last["text"])
    return Amount(stage, amount, last["text"], f"“{last['label']}” on the page", last.get("box")) if amount is not None else None


def price_trail(journey: JourneyEvidence) -> list[Amount]:
    """The product price, then each later stage's total: what the shopper was told the order costs, in order."""
    trail: list[Amount] = []
    for _, stage, evidence in stages_on_their_own_page(journey):
        remembered = _remembered(evidence)
        page = gathered(evidence, "page_text")
        price = next((n for n in remembered if "price" in n.lower() and "total" not in n.lower()), None)
        total = next((n for n in reversed(list(remembered)) if "total" in n.lower()), None)
        name = total or (price if not trail else None)
        amount = parse_amount(remembered[name]) if name else None
        if amount is not None:
            box = next((p.get("box") for p in (page or {}).get("prices", []) if p["text"] == remembered[name]), None)
            trail.append(Amount(stage, amount, remembered[name], f"${{{name}}}", box))
        elif on_page := _page_total(stage, page):
            trail.append(on_page)
    return trail


def _shown_before(amount: float, journey: JourneyEvidence, before: int) -> bool:
    for _, _, evidence in stages_on_their_own_page(journey)[:before]:
        page = gathered(evidence, "page_text") or {}
        if any(abs((parse_amount(p["text"]) or -1) - amount) < 0.005 for p in page.get("prices", [])):
            return True
    return False


def _named_cost(amount: float, page: dict[str, Any] | None) -> str:
    for price in (page or {}).get("prices", []):
        label = price["label"].lower()
        if abs((parse_amount(price["text"]) or -1) - amount) < 0.005 and any(w in label for w in COST_WORDS):
            return f" (“{price['label']}”)"
    return ""


def _multiple(amount: float, of: float, tolerance: float) -> int | None:
    """2 where `amount` is twice `of` (a total counted twice), any whole multiple from 2; else None."""
    if of <= 0:
        return None
    times = round(amount / of)
    return times if times >= 2 and abs(amount - times * of) <= tolerance * times else None


def detect(journey: JourneyEvidence, config: DetectorConfig) -> Judgement:
    trail = price_trail(journey)
    if len(trail) < 2:
        return Judgement(not_applicable={None: "the journey shows fewer than two prices or totals to compare"})
    pages = stages_on_their_own_page(journey)
    last_stage = pages[-1][1].name
    story = [f"{a.stage.name}: {a.text} ({a.source})" for a in trail]
    found = []
    for earlier, later in zip(trail, trail[1:]):
        stage = later.stage
        extra = later.amount - earlier.amount
        if extra <= config.get("tolerance", stage.name):
            continue
        currency = currency_of(later.text) or currency_of(earlier.text)
        position = next(i for i, (_, s, _) in enumerate(pages) if s is stage)
        named = _named_cost(extra, gathered(pages[position][2], "page_text"))
        extra_text = format_amount(extra, currency)
        if stage.name == last_stage or stage.phase == "post-purchase":
            severity, title = "major", "Extra costs appear only at the last step"
            times = _multiple(later.amount, earlier.amount, config.get("tolerance", stage.name))
            if times and not named:  # nothing on the page explains it: the order counted again
                title = "The total doubles on the last step" if times == 2 else \
                    f"The total is {times} times larger on the last step"
                insight = (f"The last step shows {later.text}, {'twice' if times == 2 else f'{times} times'} the "
                           f"{earlier.text} “{earlier.stage.name}” "
                           "showed, and names no cost that explains it: the order's total is counted again. Shoppers "
                           "who see a total they did not agree to call their bank or the shop; show the total they "
                           "were charged.")
            else:
                insight = (f"The total grew by {extra_text}{named} on the last step, from {earlier.text} at "
                           f"“{earlier.stage.name}” to {later.text}. Show shipping costs in the cart: 48% of shoppers "
                           "abandon when extra costs appear late (Baymard), and those who only see them after "
                           "ordering feel tricked.")
        elif not _shown_before(extra, journey, position) and stage.phase == "purchase":
            severity, title = "minor", "Extra costs first appear at checkout"
            insight = (f"{extra_text}{named} is added at “{stage.name}”, and was not shown on any earlier page. "
                       "Show shipping costs on the product page and in the cart: 48% of shoppers abandon when "
                       "extra costs appear late (Baymard).")
        else:
            continue
        found.append(finding(
            META, severity, stage.name, title=title, insight=insight, boxes=[box(later.box)], url=stage.url,
            value=later.amount, threshold=earlier.amount, unit=currency or None, details=story,
        ))
    return Judgement(on_stage_pictures(journey, found))
