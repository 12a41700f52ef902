"""Rules in context, in a real browser on the classic demo shop: text hidden for screen readers is not tiny text, and
the postcode keyboard is advised by the country the checkout form is for."""

from __future__ import annotations

from typing import Awaitable, Callable

import pytest
from detector_cases import evidence, journey, judge, stage
from playwright.async_api import Page

from walkthroughs.gather import forms, layout

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def shop(classic_shop):
    return classic_shop


HIDDEN_LABELS = """() => {
  const add = (html) => document.querySelector('h1').insertAdjacentHTML('afterend', html);
  add('<button class="wish" style="font-size:0;width:44px;height:44px">Save to your wishlist<svg width="20" height="20"></svg></button>');
  add('<button style="width:44px;height:44px"><span class="sr-only" style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)">Share</span></button>');
  add('<a href="#main" style="position:absolute;left:-9999px;font-size:10px">Skip to the reviews</a>');
  add('<span class="screen-reader-text" style="font-size:9px">In stock</span>');
  add('<p class="fine-print" style="font-size:9px">Prices include VAT</p>');
}"""


def test_text_hidden_for_screen_readers_is_marked_and_only_the_visible_tiny_text_is_judged(shop, on_phone):
    async def gather(page: Page) -> dict:
        await page.evaluate(HIDDEN_LABELS)
        return await layout.gather(page, "mobile")

    gathered = on_phone(f"{shop.url}/product/trail-runner", gather)
    marks = {e["text"]: e.get("visually_hidden") for e in gathered["small_text"]["elements"]}
    assert marks["Save to your wishlist"] == "font-size 0"
    assert marks["In stock"] == "a visually-hidden class"
    assert marks["Skip to the reviews"] == "off screen"
    assert marks["Prices include VAT"] is None and gathered["small_text"]["count"] == 1

    record = journey(stage("product"), device_class="mobile")
    [tiny] = judge("mobile-layout", record, evidence(record, {"product": {"layout": gathered}})).findings
    assert tiny.title == "Text too small to read" and len(tiny.evidence.details) == 1
    assert tiny.evidence.details[0].startswith("“Prices include VAT”")


def checkout_in(country: str) -> Callable[[Page], Awaitable[dict]]:
    async def go(page: Page) -> dict:
        await page.get_by_label("Size", exact=True).select_option("42")
        await page.get_by_role("button", name="Add to cart").click()
        await page.get_by_role("status").filter(has_text="Added").wait_for()
        await page.goto(page.url.split("/product/")[0] + "/checkout")
        await page.get_by_label("Country").select_option(label=country)
        return {"forms": await forms.gather(page, "mobile")}
    return go


def test_the_postcode_keyboard_is_judged_by_the_country_chosen_in_the_form(shop, on_phone):
    """The demo shop's postcode field opens the number keyboard: right for Germany, wrong for the United Kingdom."""
    advice = {}
    for country in ("Germany", "United Kingdom"):
        gathered = on_phone(f"{shop.url}/product/trail-runner", checkout_in(country))
        chosen = next(f["chosen"] for f in gathered["forms"]["fields"] if f["name"] == "country")
        assert chosen["text"] == country
        record = journey(stage("checkout"), device_class="mobile")
        found = judge("checkout-form", record, evidence(record, {"checkout": gathered})).findings
        advice[country] = [line for f in found if f.title == "Fields open the wrong keyboard"
                           for line in f.evidence.details]
    assert advice["Germany"] == []
    assert advice["United Kingdom"] == ["“Postcode” opens the number keyboard, but postcodes in GB have letters: leave "
                                        "out inputmode=\"numeric\""]
