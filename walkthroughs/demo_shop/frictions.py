"""The demo shop's friction switches: one entry per real-world defect, the ground truth detectors are measured against.

A switch is on for a request when the shop was started with it, or when the browser sends it in the
`wt_frictions` cookie (`wt_frictions=slow-product,broken-image`), so one running shop can serve a
different set of defects to each browser context. Templates and handlers test `"id" in frictions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping
from urllib.parse import unquote

COOKIE_NAME = "wt_frictions"

STAGES = ("ad landing", "product", "cart", "checkout", "confirmation",
          # stages of the demo scenario's detours (its `paths:`)
          "search without results", "back to the product", "another size", "postcode typo")
DEVICES = ("desktop", "tablet", "mobile")
DETECTORS = (
    "journey-broken", "obstruction", "slow-step", "frustration", "errors", "failed-requests",
    "mobile-layout", "accessibility", "checkout-form", "hidden-costs", "ad-landing", "unmet-needs",
    "web-vitals", "recovery", "intermittent",
)

ALL_DEVICES = DEVICES
TOUCH_DEVICES = ("tablet", "mobile")


@dataclass(frozen=True)
class Friction:
    """One switchable defect: where it bites, on which devices, and which detector should find it."""

    id: str
    title: str
    stage: str
    devices: tuple[str, ...]
    expected: tuple[str, ...]
    description: str
    # (detector, stage) where an expected detector sees the defect on another stage of the demo journey,
    # e.g. the refused order breaks the journey at the next stage, whose first step is the failing click.
    elsewhere: tuple[tuple[str, str], ...] = ()
    # (detector, stage) where a finding is right too but not required: the defect also shows there on some screens
    # (a changed picture on a product page, where it is on the screen the stage ended on).
    also: tuple[tuple[str, str], ...] = ()
    path: str | None = None  # the demo scenario's path it bites on (`--paths NAME`); None: the main journey
    walks: int = 1  # walks of the same journey it takes to show (`--repeat N`): an intermittent defect needs several

    def stage_for(self, detector: str) -> str:
        return dict(self.elsewhere).get(detector, self.stage)

    @property
    def on_one_main_walk(self) -> bool:
        """Whether one walk of the main journey meets it: what `walkthrough calibrate` walks."""
        return self.path is None and self.walks == 1

    def as_dict(self) -> dict:
        return {
            "id": self.id, "title": self.title, "stage": self.stage, "devices": list(self.devices),
            "expected": list(self.expected), "description": self.description,
            "stages": {detector: self.stage_for(detector) for detector in self.expected},
            "also": [list(cell) for cell in self.also],
            "path": self.path, "walks": self.walks,
        }


_ENTRIES = (
    Friction(
        "cookie-banner-mobile", "Cookie banner covers “Add to cart” on phones", "product", TOUCH_DEVICES,
        ("obstruction",),
        "Below 768px a consent sheet with a backdrop covers the page, including the Add to cart button; "
        "on desktop it is a small corner box that covers nothing.",
        also=(("visual-regression", "product"),),  # the banner (a corner box on desktop) is on the stage's last screen
    ),
    Friction(
        "slow-product", "Product page is slow to respond", "product", ALL_DEVICES, ("slow-step",),
        "The server waits about 3 seconds before answering /product/<slug>.",
    ),
    Friction(
        "cart-script-error", "JavaScript error on the cart page", "cart", ALL_DEVICES, ("errors",),
        "An analytics snippet on /cart throws an uncaught TypeError; the cart itself keeps working.",
    ),
    Friction(
        "cart-api-500", "Recommendations request fails on the cart page", "cart", ALL_DEVICES,
        ("failed-requests",),
        "GET /api/recommendations answers 500; the cart hides 'You may also like' and keeps working.",
        also=(("visual-regression", "cart"),),  # the cart without its recommendations looks different
    ),
    Friction(
        "broken-image", "Product image is missing", "product", ALL_DEVICES, ("failed-requests",),
        "The product page's main image points to a file that answers 404.",
        also=(("visual-regression", "product"),),  # the missing picture is a changed part of the screen
    ),
    Friction(
        "wide-page-mobile", "Size chart makes the product page wider than the screen", "product",
        TOUCH_DEVICES, ("mobile-layout",),
        "A 900px-wide size chart table is not allowed to scroll on its own, so the whole page scrolls sideways "
        "on tablets and phones.",
        also=(("visual-regression", "product"),),  # the wide size chart is on the screen
    ),
    Friction(
        "tiny-buttons-mobile", "Cart buttons too small to tap", "cart", TOUCH_DEVICES, ("mobile-layout",),
        "Below 1024px the quantity −/+ and Remove buttons shrink to 16×16 px.",
        also=(("visual-regression", "cart"),),  # the shrunk buttons are a changed part of the screen
    ),
    Friction(
        "dead-buy-button", "“Shop now” does nothing", "ad landing", ALL_DEVICES,
        ("frustration", "journey-broken"),
        "On the ad landing page 'Shop now' is a button without any action: no navigation, no request, "
        "no change on the page.",
        elsewhere=(("frustration", "product"), ("journey-broken", "product")),  # the click begins the product stage
    ),
    Friction(
        "newsletter-popup", "Newsletter pop-up covers the checkout form", "checkout", ALL_DEVICES,
        ("obstruction",),
        "About 1 second after the checkout page loads, a modal newsletter dialog (close button 'No thanks') "
        "covers the form.",
    ),
    Friction(
        "late-shipping", "Shipping cost appears only after the order", "confirmation", ALL_DEVICES,
        ("hidden-costs",),
        "Cart and checkout say 'Calculated later' for shipping and show total = subtotal; the confirmation's "
        "total adds the shipping.",
        # “Calculated later” where the shipping cost was: a changed screen, and the delivery-cost needs unmet
        also=tuple((detector, stage) for stage in ("product", "cart", "checkout")
                   for detector in ("visual-regression", "unmet-needs")),
    ),
    Friction(
        "faint-product-text", "Product description too faint to read", "product", ALL_DEVICES,
        ("accessibility",),
        "The product's description is light grey on white (contrast 1.6:1, WCAG asks 4.5:1): a serious "
        "color-contrast violation for axe, so a minor finding on every device.",
        also=(("visual-regression", "product"),),  # the paler text is a changed part of the screen
    ),
    Friction(
        "forced-account", "Checkout forces you to create an account", "checkout", ALL_DEVICES,
        ("checkout-form", "journey-broken"),
        "Checkout has no guest option: password and confirm-password fields are required, so a guest's "
        "order is refused.",
        elsewhere=(("journey-broken", "confirmation"),),  # "Place order" begins the confirmation stage
        also=(("visual-regression", "checkout"),),  # the password fields are on the screen
    ),
    Friction(
        "no-order-number", "Confirmation without order number or next steps", "confirmation", ALL_DEVICES,
        ("unmet-needs", "journey-broken"),
        "The thank-you page shows neither an order number nor what happens next (e-mail, delivery, returns).",
    ),
    Friction(
        "slow-heavy-product", "Heavy product image and blocking script", "product", ALL_DEVICES,
        ("web-vitals",),
        "The product page loads a ~3 MB unoptimised PNG, served late and slowly, and a tag script in <head> "
        "that arrives ~4 s late and then runs for 600 ms blocks rendering: poor Largest Contentful Paint.",
        also=(("visual-regression", "product"), ("slow-step", "product")),  # another picture; the page is slow to show
    ),
    Friction(
        "landing-layout-shift", "Promo banner pushes the landing page down", "ad landing", ALL_DEVICES,
        ("web-vitals",),
        "About 1 second after the landing page starts loading (just before its load event), a late promo script "
        "inserts a tall banner above the product, pushing everything down (CLS about 0.3 desktop, 0.65 tablet/mobile).",
        also=(("visual-regression", "ad landing"),),  # the promo banner is on the screen
    ),
    Friction(
        "search-dead-end", "A search without results is a dead end", "search without results", ALL_DEVICES,
        ("recovery",),
        "The no-results page says only that nothing matched: no suggested products, no link to the catalogue.",
        path="search",
    ),
    Friction(
        "cart-lost-on-back", "Going back to the product empties the cart", "back to the product", ALL_DEVICES,
        ("recovery", "journey-broken"),
        "A script on the product page takes a back navigation for a new visit and empties the cart (the header "
        "count drops to 0).",
        elsewhere=(("journey-broken", "another size"),),  # the size the shopper meant to swap is gone from the cart
        path="change-size",
    ),
    Friction(
        "error-far-from-field", "Checkout errors only at the top of the form", "postcode typo", ALL_DEVICES,
        ("recovery",),
        "A refused checkout lists its errors in a box at the top of the form only: no message under the field, "
        "and the field is not marked invalid.",
        path="postcode-typo",
    ),
    Friction(
        "flaky-add-to-cart", "“Add to cart” fails every other time", "product", ALL_DEVICES, ("intermittent",),
        "Every second add-to-cart request, counted across all browsers, answers 503 “Sorry, something went "
        "wrong”: of three walks one after the other on one device, the second cannot add the item.",
        walks=3,
    ),
)

FRICTIONS: tuple[Friction, ...] = _ENTRIES
"""Every switch, in journey order (iterate it; `FRICTIONS_BY_ID[id]` looks one up)."""
FRICTIONS_BY_ID: Mapping[str, Friction] = {friction.id: friction for friction in _ENTRIES}


def check_ids(ids: Iterable[str], table: Mapping[str, Friction] = FRICTIONS_BY_ID) -> frozenset[str]:
    """Return the ids as a set, refusing unknown ones (for start options, where a typo should be loud).

    `table` is the shop's switches: this shop's by default, the single-page shop passes its own."""
    ids = frozenset(ids)
    unknown = sorted(ids - table.keys())
    if unknown:
        raise ValueError(f"unknown friction id(s): {', '.join(unknown)}; known: {', '.join(table)}")
    return ids


def parse_cookie_value(value: str | None, table: Mapping[str, Friction] = FRICTIONS_BY_ID) -> frozenset[str]:
    """The switches named in a `wt_frictions` cookie value; unknown ids are ignored (a browser cannot be told)."""
    if not value:
        return frozenset()
    value = unquote(value).strip().strip('"')
    ids = {part.strip() for part in value.replace(" ", ",").split(",")}
    return frozenset(ids & table.keys())


def active(started_with: Iterable[str], cookies: Mapping[str, str],
           table: Mapping[str, Friction] = FRICTIONS_BY_ID) -> frozenset[str]:
    """The switches on for one request: those the shop was started with plus those in the cookie."""
    return frozenset(started_with) | parse_cookie_value(cookies.get(COOKIE_NAME), table)


def describe(on: Iterable[str], table: Mapping[str, Friction] = FRICTIONS_BY_ID) -> dict:
    """The `/__frictions` document: every switch and whether it is on."""
    on = frozenset(on)
    return {
        "cookie": COOKIE_NAME,
        "active": sorted(on),
        "frictions": [dict(friction.as_dict(), active=friction.id in on) for friction in table.values()],
    }
