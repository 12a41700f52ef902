"""The stage-end gatherers in a real browser on the real demo shop, and the detectors reading what they gathered."""

from __future__ import annotations

import pytest
from playwright.async_api import Page
from saved_evidence import findings, load_journey, stage, titles

from walkthroughs.gather import gather_stage
from walkthroughs.scenario.model import LocatedNeed, Locator
from walkthroughs.walk.needs import look_for_needs

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def shop(classic_shop):
    return classic_shop


DEFECTS = """() => {
  document.querySelector('.product-image').removeAttribute('alt');
  const icon = document.createElement('button');
  icon.className = 'wish'; icon.innerHTML = '<svg width="20" height="20"></svg>';
  document.querySelector('h1').after(icon);
  const faint = document.createElement('p');
  faint.textContent = 'Only a few pairs left in size 42'; faint.style.color = '#bbb';
  document.querySelector('h1').after(faint);
}"""


def test_axe_finds_what_breaks_a_page_for_screen_readers_and_the_detector_groups_it_by_rule(shop, on_phone):
    async def gather(page: Page) -> dict:
        await page.evaluate(DEFECTS)
        return await gather_stage(page, "mobile")

    gathered = on_phone(f"{shop.url}/product/trail-runner", gather)
    rules = {v["id"]: v for v in gathered["axe"]["violations"]}
    assert {"image-alt", "button-name", "color-contrast"} <= set(rules)
    assert all(v["impact"] in ("serious", "critical") for v in rules.values())
    assert rules["button-name"]["nodes"][0]["target"] == ".wish"
    assert rules["button-name"]["nodes"][0]["box"]["width"] > 0
    assert gathered["gather_ms"]["axe"] > 0

    journey = load_journey("clean--mobile")
    stage(journey, "product")["axe"] = gathered["axe"]
    found = [f for f in findings(journey, "accessibility") if f.stage == "product"]
    by_rule = {f.title: f for f in found}
    assert by_rule["Accessibility: Buttons must have discernible text"].severity == "major"  # critical
    assert by_rule["Accessibility: Elements must meet minimum color contrast ratio thresholds"].severity == "minor"
    assert by_rule["Accessibility: Buttons must have discernible text"].evidence.selector == ".wish"


def test_the_clean_checkout_shows_each_error_next_to_its_field(shop, on_phone):
    async def submit_empty(page: Page) -> tuple[dict, dict]:
        await page.goto(f"{shop.url}/product/trail-runner")
        await page.get_by_label("Size", exact=True).select_option("42")
        await page.get_by_role("button", name="Add to cart").click()
        await page.get_by_role("status").filter(has_text="Added").wait_for()
        await page.goto(f"{shop.url}/checkout")
        await page.get_by_label("Email", exact=True).fill("anna.schmidt@example.com")
        await page.get_by_role("button", name="Place order").click()
        await page.get_by_role("alert").wait_for()
        beside = await gather_stage(page, "mobile")
        await page.evaluate("() => document.querySelectorAll('.field-error').forEach((e) => e.remove())")
        return beside, await gather_stage(page, "mobile")

    beside, removed = on_phone(shop.url, submit_empty)
    invalid = [f for f in beside["forms"]["fields"] if f["invalid"]]
    assert {f["name"] for f in invalid} >= {"name", "address", "postcode", "city"}
    assert all(f["error"] and f["error"]["distance_px"] < 40 for f in invalid)
    assert beside["forms"]["alerts"] and beside["forms"]["guest_option"]

    journey = load_journey("clean--mobile")
    stage(journey, "checkout")["forms"] = beside["forms"]
    assert titles(findings(journey, "checkout-form")) == []
    stage(journey, "checkout")["forms"] = removed["forms"]
    assert ("minor", "checkout", "Error message not next to its field") in titles(findings(journey, "checkout-form"))


def test_a_need_with_a_locator_is_found_only_when_visible(shop, on_phone):
    needs = ["the price", LocatedNeed(need="stock shown", locator=Locator(test_id="stock")),
             LocatedNeed(need="live chat", locator=Locator(css="#chat")),
             LocatedNeed(need="size error", locator=Locator(css="#size-error"))]  # in the page, but hidden

    async def look(page: Page) -> list[dict]:
        return await look_for_needs(page, needs, lambda text: text)

    found = on_phone(f"{shop.url}/product/trail-runner", look)
    assert [(n["need"], n["found"]) for n in found] == [("stock shown", True), ("live chat", False), ("size error", False)]
    assert found[1]["locator"] == "#chat"
