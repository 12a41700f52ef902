"""The single-page shop's friction switches: the defects of shops built on a front-end framework, as ground truth.

Switched the same way as the classic demo shop's (`walkthroughs.demo_shop.frictions`): a start-up list, or the
`wt_frictions` cookie per browser, so one running shop serves each journey its own defects. The server hands the
switches on for a request to the app in its initial state (`window.__SHOP__.flags`), as shops hand out feature
flags; the few that live on the server (the catalogue feed's prices and pictures) are tested there.
"""

from __future__ import annotations

from typing import Mapping

from .. import frictions as shared
from ..frictions import Friction

STAGES = ("product list", "product", "cart", "checkout", "confirmation")  # the stages of scenarios/spa-shop.yaml
DEVICES = shared.DEVICES
# Detectors these defects call for beyond the classic shop's: `dialogs` (alert and confirm), `lost-input` (a typed
# value the page threw away), `price-mismatch` (a list price the cart does not charge), `visual-duplicate-images`
# (one picture for different products), `header-overlap` (content drawn over the sticky header) and
# `visual-regression` (a stage's screenshot against a baseline run: calibration's baseline is the clean shop's walk
# on the same device).
DETECTORS = shared.DETECTORS + ("dialogs", "lost-input", "price-mismatch", "visual-duplicate-images",
                                "visual-regression", "header-overlap")
ALL_DEVICES = shared.ALL_DEVICES

FREEZE_MS = 600  # render-freeze: the busy loop every route render runs

_ENTRIES = (
    Friction(
        "same-picture-everywhere", "Every product shows the same picture", "product list", ALL_DEVICES,
        ("visual-duplicate-images", "visual-regression"),
        "The catalogue API points every product's image at the kettle's picture: every card of the list and every "
        "product page shows the same kettle.",
        also=(("visual-regression", "product"),),  # the product page's picture, where the stage ends with it on screen
    ),
    Friction(
        "alert-on-sort", "Sorting the list pops up an alert", "product list", ALL_DEVICES, ("dialogs",),
        "Choosing a sort order opens a browser alert (“Sorting by price-asc”) left over from debugging; the list is "
        "sorted once the shopper dismisses it.",
    ),
    Friction(
        "render-freeze", "The page freezes on every render", "product list", ALL_DEVICES, ("web-vitals",),
        f"Every route render (the first load, each click to another page, each change of sort order) runs a "
        f"{FREEZE_MS} ms busy loop on the main thread: long tasks and poor Interaction to Next Paint and Total "
        "Blocking Time on every stage, measured first on the product list.",
        # every later render freezes too: slow taps and slow steps wherever the walk goes on
        also=tuple((detector, stage) for stage in STAGES for detector in ("web-vitals", "slow-step")),
    ),
    Friction(
        "wrong-product-link", "A product link opens the wrong product", "product", ALL_DEVICES, ("journey-broken",),
        "In the product list the click handler opens the product after the one clicked (an index off by one); the "
        "link's own address is right, so only the shopper who clicks is sent to the wrong product.",
        also=(("journey-broken", "cart"),),  # the walk goes on with the wrong product, which the cart then shows
    ),
    Friction(
        "add-to-cart-does-nothing", "“Add to cart” silently does nothing for some products", "product", ALL_DEVICES,
        ("frustration", "journey-broken"),
        "For products whose sizes are numbers in the catalogue (the travel mug and the glass carafe), Add to cart "
        "compares the number with the size box's text, finds no size and returns: no request, no message, no "
        "change on the page. Other products are added as usual.",
        # the walk goes on to an empty cart: lost at cart and checkout, the chosen item missing, no “Added” message
        also=(("journey-broken", "cart"), ("journey-broken", "checkout"), ("unmet-needs", "cart"),
              ("visual-regression", "product")),
    ),
    Friction(
        "list-price-mismatch", "Prices in the product list differ from the cart", "cart", ALL_DEVICES,
        ("price-mismatch",),
        "The product list shows prices from a stale catalogue feed, about 10 % below what the product page and the "
        "cart charge (the mug: $24.49 in the list, $27.50 in the cart).",
    ),
    Friction(
        "checkout-over-header", "The checkout button sits on top of the header", "cart", ALL_DEVICES,
        ("visual-regression", "header-overlap"),
        "On the cart page a stray style pins the Checkout button to the top of the page, over the shop's header "
        "and its logo, on every device. The button still works.",
        also=(("mobile-layout", "cart"),),  # pinned beside the header's own links: tap targets too close together
    ),
    Friction(
        "last-name-into-first-name", "Typing the last name writes it into the first name", "checkout", ALL_DEVICES,
        ("lost-input", "journey-broken"),
        "At checkout the Last name field's handler stores what is typed as the first name: First name shows the "
        "last name, Last name stays empty, and Place order is refused with “Enter your last name”.",
        elsewhere=(("journey-broken", "confirmation"),),  # "Place order" begins the confirmation stage
    ),
    Friction(
        "doubled-total", "The confirmation shows twice the order total", "confirmation", ALL_DEVICES,
        ("hidden-costs",),
        "The thank-you page adds the order's goods and shipping to the order's total once more, so it shows twice "
        "what checkout showed; the order itself is recorded with the right total.",
        also=(("visual-regression", "confirmation"),),  # the doubled total is a changed part of the screen too
    ),
)

FRICTIONS: tuple[Friction, ...] = _ENTRIES
"""Every switch of the single-page shop, in journey order."""
FRICTIONS_BY_ID: Mapping[str, Friction] = {friction.id: friction for friction in _ENTRIES}


def check_ids(ids) -> frozenset[str]:
    return shared.check_ids(ids, FRICTIONS_BY_ID)


def active(started_with, cookies: Mapping[str, str]) -> frozenset[str]:
    return shared.active(started_with, cookies, FRICTIONS_BY_ID)


def describe(on) -> dict:
    return shared.describe(on, FRICTIONS_BY_ID)
