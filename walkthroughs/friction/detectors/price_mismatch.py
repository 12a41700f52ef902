"""Price mismatch: an item's price in a list (the catalogue, search results) against what the cart and checkout charge
for it.

An item is known by its heading on a page that lists several items with their prices (product cards); its *list
price* is the price beside its name there, its *charged price* the price beside its name on the later pages (cart,
checkout, confirmation) other than its own page (the product page, whose first heading is its name, and which the
shopper may never have reached: a wrong link and a detour). Prices are read from whole element texts (`$` and
`29.99` rendered apart are one price) and parsed by `friction.money` (`25,90 €` is 25.90); only prices of one
currency are compared, struck-through was-prices and totals never, and a line showing several of the item
(2 × $27.50 = $55.00) is the same price. A cart that charges more than the list promised is the shop changing its
price after the shopper chose: major. Less is minor.
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
    description="Compares the price of each item a list showed beside its name with the price the cart, checkout "
                "and confirmation charge for it.",
    reads=("page_text",),
    thresholds={"tolerance": Number(0.01, minimum=0), "most_of_one_item": Number(10, minimum=1)},
)
TOTAL_WORDS = ("total", "sum")  # a label that says more than one item's price


@dataclass
class Seen:
    stage: StageRecord
    amount: float
    text: str
    currency: str
    box: dict[str, Any] | None


def _headings(page: dict[str, Any]) -> list[str]:
    return [text for h in page.get("headings", []) if (text := " ".join(h.get("text", "").split()))]


def _lists(journey: JourneyEvidence) -> list[tuple[int, str]]:
    """(position, name) of each item a list shows: a heading of a page on which two headings or more name a price
    (product cards), at the first such page."""
    listed: dict[str, int] = {}
    for position, (_, _, evidence) in enumerate(stages_on_their_own_page(journey)):
        page = gathered(evidence, "page_text") or {}
        labels = [p.get("label", "").casefold() for p in page.get("prices", [])]
        priced = [h for h in _headings(page) if any(h.casefold() in label for label in labels)]
        if len(priced) >= 2:
            for name in priced:
                listed.setdefault(name, position)
    return sorted(((position, name) for name, position in listed.items()), key=lambda item: item[0])


def _prices_of(name: str, stage: StageRecord, page: dict[str, Any]) -> list[Seen]:
    seen = []
    for price in page.get("prices", []):
        label = price.get("label", "").casefold()
        if price.get("struck") or name.casefold() not in label or any(word in label for word in TOTAL_WORDS):
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
    listed_items = _lists(journey)
    if not listed_items:
        return Judgement(not_applicable={None: "no page listed items with their prices (two headings or more, each "
                                               "beside a price)"})
    found = []
    for position, name in listed_items:
        _, list_stage, list_evidence = pages[position]
        listed = _prices_of(name, list_stage, gathered(list_evidence, "page_text") or {})
        if not listed or len({round(s.amount, 2) for s in listed}) > 1:
            continue  # listed at several prices (names that contain each other): nothing sure to say
        shown, own = listed[0], None
        for _, stage, evidence in pages[position + 1:]:
            page = gathered(evidence, "page_text") or {}
            charged = [s for s in _prices_of(name, stage, page) if s.currency == shown.currency]
            if charged and (_headings(page) or [""])[0].casefold() == name.casefold():
                own = own or charged[0]  # the item's own page: what it says, not what is charged
                continue
            if not config.enabled_for(stage.name):
                continue
            tolerance, most = config.get("tolerance", stage.name), config.get("most_of_one_item", stage.name)
            if not charged or any(_same(s.amount, shown.amount, tolerance, most) for s in charged):
                continue
            found.append(_finding(name, shown, own, stage, charged[0]))
            break  # the first page that charges a different price says it; the later ones repeat it
    return Judgement(found)


def _finding(name: str, shown: Seen, own: Seen | None, stage: StageRecord, line: Seen):
    more = line.amount > shown.amount
    product = f" and “{own.stage.name}” says {own.text}" if own and own.amount == line.amount else ""
    insight = (f"“{name}” was listed at {shown.text} on “{shown.stage.name}”, but “{stage.name}” charges "
               f"{line.text}{product}. " + (
                   "Shoppers who chose it at the listed price feel tricked and leave; prices shown must be what the "
                   "cart charges (a stale catalogue feed or cache is the usual cause)." if more else
                   "The shopper pays less than listed, but a price that changes on the way makes shoppers doubt the "
                   "others; show one price everywhere (a stale catalogue feed or cache is the usual cause)."))
    return finding(
        META, "major" if more else "minor", stage.name, insight=insight,
        title=f"“{name}” costs {'more' if more else 'less'} in the {stage.name} than in the list",
        boxes=[box(line.box)], cause=f"{name}|{shown.amount:.2f}|{line.amount:.2f}", url=stage.url,
        value=line.amount, threshold=shown.amount, unit=shown.currency or None,
        details=[f"listed: {shown.text} on “{shown.stage.name}”",
                 *([f"its page: {own.text} on “{own.stage.name}”"] if own else []),
                 f"charged: {line.text} on “{stage.name}” (a difference of "
                 f"{format_amount(abs(line.amount - shown.amount), shown.currency)})"],
    )
