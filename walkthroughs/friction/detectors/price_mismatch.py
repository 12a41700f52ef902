"""Price mismatch: an item's price in a list (the catalogue, search results, an ad) against what the cart and checkout
charge for it.

Each item is known by the heading of its own page (the product page the walk opened). Its *list price* is the price
beside its name on a page before that, its *charged price* the price beside its name on the pages after it (cart,
checkout, confirmation). Prices are read from whole element texts (`$` and `29.99` rendered apart are one price) and
parsed by `friction.money` (`25,90 €` is 25.90); only prices of one currency are compared, struck-through was-prices
never, and a line showing several of the item (2 × $27.50 = $55.00) is the same price. A cart that charges more than
the list promised is the shop changing its price after the shopper chose: major. Less is minor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...results import StageRecord
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, Judgement, box, finding
from ..money import currency_of, format_amount, parse_amount
from ..pages import gathered, stages_on_their_own_page
from ..thresholds import Number

META = DetectorMeta(
    id="price-mismatch",
    title="The price changes between the list and the cart",
    description="Compares the price of each item the shopper opened, as the list showed it beside the item's name, "
                "with the price the cart, checkout and confirmation charge for it.",
    reads=("page_text",),
    thresholds={"tolerance": Number(0.01, minimum=0), "most_of_one_item": Number(10, minimum=1)},
)
TOTAL_WORDS = ("total", "subtotal", "sum")


@dataclass
class Seen:
    stage: StageRecord
    amount: float
    text: str
    currency: str
    box: dict[str, Any] | None


def _names(journey: JourneyEvidence) -> list[tuple[int, str]]:
    """(position, name) of each item page: a stage whose first heading names a price on its own page."""
    named = []
    for position, (_, _, evidence) in enumerate(stages_on_their_own_page(journey)):
        page = gathered(evidence, "page_text") or {}
        heading = next((h["text"].strip() for h in page.get("headings", []) if h.get("text", "").strip()), "")
        if heading and any(heading.casefold() in p.get("label", "").casefold() for p in page.get("prices", [])):
            named.append((position, heading))
    return named


def _prices_of(name: str, stage: StageRecord, page: dict[str, Any]) -> list[Seen]:
    seen = []
    for price in page.get("prices", []):
        label = price.get("label", "").casefold()
        if price.get("struck") or name.casefold() not in label or any(label.startswith(w) for w in TOTAL_WORDS):
            continue
        amount = parse_amount(price.get("text"))
        if amount is not None:
            seen.append(Seen(stage, amount, price["text"], currency_of(price["text"]), price.get("box")))
    return seen


def _same(amount: float, unit: float, tolerance: float, most: float) -> bool:
    """The unit price itself, or a whole number of the item at it (a line of several)."""
    if unit <= 0:
        return abs(amount - unit) <= tolerance
    count = round(amount / unit)
    return 1 <= count <= most and abs(amount - count * unit) <= tolerance * count


def detect(journey: JourneyEvidence, config: DetectorConfig) -> Judgement:
    pages = stages_on_their_own_page(journey)
    names = _names(journey)
    if not names:
        return Judgement(not_applicable={None: "no stage opened an item's own page (a heading with its price)"})
    found, listed_somewhere = [], False
    for position, name in names:
        before = [(s, gathered(e, "page_text") or {}) for _, s, e in pages[:position]]
        listed = [seen for stage, page in before for seen in _prices_of(name, stage, page)]
        if not listed or len({round(s.amount, 2) for s in listed}) > 1:
            continue  # not listed, or listed at several prices (names that contain each other): nothing sure to say
        listed_somewhere = True
        shown = listed[0]
        _, own_stage, own_evidence = pages[position]
        own = next(iter(_prices_of(name, own_stage, gathered(own_evidence, "page_text") or {})), None)
        for _, stage, evidence in pages[position + 1:]:
            if not config.enabled_for(stage.name):
                continue
            tolerance, most = config.get("tolerance", stage.name), config.get("most_of_one_item", stage.name)
            charged = [s for s in _prices_of(name, stage, gathered(evidence, "page_text") or {})
                       if s.currency == shown.currency]
            if not charged or any(_same(s.amount, shown.amount, tolerance, most) for s in charged):
                continue
            line = charged[0]
            more = line.amount > shown.amount
            product = f" and “{own.stage.name}” says {own.text}" if own and own.amount == line.amount else ""
            insight = (f"“{name}” was listed at {shown.text} on “{shown.stage.name}”, but “{stage.name}” charges "
                       f"{line.text}{product}. " + (
                           "Shoppers who chose it at the listed price feel tricked and leave; prices shown must be "
                           "what the cart charges (a stale catalogue feed or cache is the usual cause)." if more else
                           "The shopper pays less than listed, but a price that changes on the way makes shoppers "
                           "doubt the others; show one price everywhere (a stale catalogue feed or cache is the "
                           "usual cause)."))
            found.append(finding(
                META, "major" if more else "minor", stage.name, insight=insight,
                title=f"“{name}” costs {'more' if more else 'less'} in the {stage.name} than in the list",
                boxes=[box(line.box)], cause=f"{name}|{shown.amount:.2f}|{line.amount:.2f}", url=stage.url,
                value=line.amount, threshold=shown.amount, unit=shown.currency or None,
                details=[f"listed: {shown.text} on “{shown.stage.name}”",
                         *([f"its page: {own.text} on “{own.stage.name}”"] if own else []),
                         f"charged: {line.text} on “{stage.name}” (a difference of "
                         f"{format_amount(abs(line.amount - shown.amount), shown.currency)})"],
            ))
            break  # the first page that charges a different price says it; the later ones repeat it
    if not listed_somewhere:
        return Judgement(found, not_applicable={None: "no item the walk opened was listed with a price before"})
    return Judgement(found)
