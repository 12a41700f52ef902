"""The benchmark's yardstick: the demo journey as a minimal hand-written Playwright script.

Same clicks and checks as scenarios/demo-shop.yaml, one device after another in one process, with
no evidence, screenshots or detectors. Starts its own demo shop, like `walkthrough run --demo` does.
Run: .venv/bin/python bench/plain_journey.py
"""

from __future__ import annotations

import re
import sys
import time

from playwright.sync_api import Page, expect, sync_playwright

from walkthroughs.demo_shop import DemoShop
from walkthroughs.walk.browser import choose_browser, launch_options

DEVICES = ("Desktop Chrome", "Galaxy Tab S4", "Pixel 7")


def text_of(page: Page, test_id: str) -> str:
    return re.search(r"€[0-9.,]+", page.get_by_test_id(test_id).inner_text()).group(0)


def walk(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/landing/trail-runner?utm_source=instagram&utm_medium=paid_social&utm_campaign=spring-run")
    expect(page.get_by_role("heading", name="Trail Runner 2")).to_be_visible()
    expect(page.get_by_test_id("landing-price")).to_contain_text("€89.00")

    page.get_by_text("Shop now", exact=True).click()
    expect(page).to_have_url(re.compile("/product/trail-runner"))
    expect(page).to_have_url(re.compile("utm_campaign=spring-run"))
    expect(page.get_by_role("heading", name="Trail Runner 2", exact=True)).to_be_visible()
    price = text_of(page, "product-price")
    expect(page.get_by_test_id("stock")).to_contain_text("In stock")
    page.get_by_label("Size", exact=True).select_option("42")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_role("status")).to_contain_text("Added to cart")
    expect(page.get_by_test_id("cart-count")).to_contain_text("1")

    page.get_by_role("link", name="Cart", exact=True).click()
    expect(page).to_have_url(re.compile("/cart"))
    expect(page.get_by_test_id("cart-line")).to_have_count(1)
    expect(page.get_by_test_id("cart-line")).to_contain_text(price)
    expect(page.get_by_test_id("cart-line")).to_contain_text("Size: 42")
    text_of(page, "cart-total")

    page.get_by_role("link", name="Checkout").click()
    expect(page).to_have_url(re.compile("/checkout"))
    expect(page.get_by_role("heading", name="Checkout", exact=True)).to_be_visible()
    page.get_by_label("Email", exact=True).fill("anna.schmidt@example.com")
    page.get_by_label("Phone").fill("+49 30 1234567")
    page.get_by_label("Full name").fill("Anna Schmidt")
    page.get_by_label("Address").fill("Invalidenstraße 117")
    page.get_by_label("Postcode").fill("10115")
    page.get_by_label("City").fill("Berlin")
    page.get_by_label("Country").select_option(label="Germany")
    page.get_by_role("radio", name="Standard delivery").check()
    page.get_by_role("radio", name="Card", exact=True).check()
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_label("Expiry date").fill("12/34")
    page.get_by_label("Security code").fill("123")
    text_of(page, "checkout-total")

    page.get_by_role("button", name="Place order").click()
    expect(page).to_have_url(re.compile("/order/"))
    expect(page.get_by_role("heading", name="Thank you for your order")).to_be_visible()
    expect(page.get_by_test_id("order-number")).to_be_visible()
    text_of(page, "order-total")


def main() -> int:
    with DemoShop(port=0) as shop, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options(choose_browser(playwright)))  # type: ignore[arg-type]
        for name in DEVICES:
            started = time.perf_counter()
            context = browser.new_context(**playwright.devices[name])
            walk(context.new_page(), shop.url)
            context.close()
            print(f"{name}: {time.perf_counter() - started:.1f}s", flush=True)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
