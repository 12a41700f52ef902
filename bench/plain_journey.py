"""The benchmark's yardstick: the demo journey as a minimal hand-written Playwright script.

Same clicks and checks as scenarios/demo-shop.yaml, step for step, one device after another in one process, with
no evidence, screenshots or detectors. Starts its own demo shop, like `walkthrough run --demo` does. It times each
of its own steps, so the benchmark can check that walkthroughs does not slow the shopper down while it watches.
Run: .venv/bin/python bench/plain_journey.py [--timings FILE.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from walkthroughs.demo_shop import DemoShop
from walkthroughs.scenario.devices import ALIASES
from walkthroughs.walk.browser import choose_browser, launch_options

Step = Callable[[Page, dict], object]
LANDING = "/landing/trail-runner?utm_source=instagram&utm_medium=paid_social&utm_campaign=spring-run"


def text_of(page: Page, test_id: str) -> str:
    return re.search(r"€[0-9.,]+", page.get_by_test_id(test_id).inner_text()).group(0)


def remember(name: str, test_id: str, pattern: str = r"€[0-9.,]+") -> Step:
    def step(page: Page, memory: dict) -> None:
        memory[name] = re.search(pattern, page.get_by_test_id(test_id).inner_text()).group(0)
    return step


# One entry per step of scenarios/demo-shop.yaml's stages, in the same order (the benchmark pairs them by index).
STAGES: list[tuple[str, list[Step]]] = [
    ("ad landing", [
        lambda page, memory: page.goto(memory["base_url"] + LANDING),
        lambda page, memory: expect(page.get_by_role("heading", name="Trail Runner 2")).to_be_visible(),
        lambda page, memory: expect(page.get_by_test_id("landing-price")).to_contain_text("€89.00"),
    ]),
    ("product", [
        lambda page, memory: page.get_by_text("Shop now", exact=True).click(),
        lambda page, memory: expect(page).to_have_url(re.compile("/product/trail-runner")),
        lambda page, memory: expect(page).to_have_url(re.compile("utm_campaign=spring-run")),
        lambda page, memory: expect(page.get_by_role("heading", name="Trail Runner 2", exact=True)).to_be_visible(),
        remember("price", "product-price"),
        lambda page, memory: expect(page.get_by_test_id("stock")).to_contain_text("In stock"),
        lambda page, memory: page.get_by_label("Size", exact=True).select_option("42"),
        lambda page, memory: page.get_by_role("button", name="Add to cart").click(),
        lambda page, memory: expect(page.get_by_role("status")).to_contain_text("Added to cart"),
        lambda page, memory: expect(page.get_by_test_id("cart-count")).to_contain_text("1"),
    ]),
    ("cart", [
        lambda page, memory: page.get_by_role("link", name="Cart", exact=True).click(),
        lambda page, memory: expect(page).to_have_url(re.compile("/cart")),
        lambda page, memory: expect(page.get_by_test_id("cart-line")).to_have_count(1),
        lambda page, memory: expect(page.get_by_test_id("cart-line")).to_contain_text(memory["price"]),
        lambda page, memory: expect(page.get_by_test_id("cart-line")).to_contain_text("Size: 42"),
        remember("cart_total", "cart-total"),
    ]),
    ("checkout", [
        lambda page, memory: page.get_by_role("link", name="Checkout").click(),
        lambda page, memory: expect(page).to_have_url(re.compile("/checkout")),
        lambda page, memory: expect(page.get_by_role("heading", name="Checkout", exact=True)).to_be_visible(),
        lambda page, memory: page.get_by_label("Email", exact=True).fill("anna.schmidt@example.com"),
        lambda page, memory: page.get_by_label("Phone").fill("+49 30 1234567"),
        lambda page, memory: page.get_by_label("Full name").fill("Anna Schmidt"),
        lambda page, memory: page.get_by_label("Address").fill("Invalidenstraße 117"),
        lambda page, memory: page.get_by_label("Postcode").fill("10115"),
        lambda page, memory: page.get_by_label("City").fill("Berlin"),
        lambda page, memory: page.get_by_label("Country").select_option(label="Germany"),
        lambda page, memory: page.get_by_role("radio", name="Standard delivery").check(),
        lambda page, memory: page.get_by_role("radio", name="Card", exact=True).check(),
        lambda page, memory: page.get_by_label("Card number").fill("4242 4242 4242 4242"),
        lambda page, memory: page.get_by_label("Expiry date").fill("12/34"),
        lambda page, memory: page.get_by_label("Security code").fill("123"),
        remember("checkout_total", "checkout-total"),
    ]),
    ("confirmation", [
        lambda page, memory: page.get_by_role("button", name="Place order").click(),
        lambda page, memory: expect(page).to_have_url(re.compile("/order/")),
        lambda page, memory: expect(page.get_by_role("heading", name="Thank you for your order")).to_be_visible(),
        lambda page, memory: expect(page.get_by_test_id("order-number")).to_be_visible(),
        remember("order_number", "order-number", r"WT-[0-9]+"),
        remember("order_total", "order-total"),
    ]),
]


def walk(page: Page, base_url: str) -> list[dict]:
    """Walk every stage; return each stage's step durations in ms, timed around the step's own action only."""
    memory = {"base_url": base_url}
    stages = []
    for name, steps in STAGES:
        durations = []
        for step in steps:
            started = time.perf_counter()
            step(page, memory)
            durations.append(round((time.perf_counter() - started) * 1000, 1))
        stages.append({"name": name, "step_ms": durations})
    return stages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timings", type=Path, help="write each device's step durations (ms) to this JSON file")
    args = parser.parse_args()
    timings: dict[str, list[dict]] = {}
    with DemoShop(port=0) as shop, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options(choose_browser(playwright)))  # type: ignore[arg-type]
        for device_class, name in ALIASES.items():
            started = time.perf_counter()
            context = browser.new_context(**playwright.devices[name])
            timings[device_class] = walk(context.new_page(), shop.url)
            context.close()
            print(f"{name}: {time.perf_counter() - started:.1f}s", flush=True)
        browser.close()
    if args.timings:
        args.timings.write_text(json.dumps({"devices": timings}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
