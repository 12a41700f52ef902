"""Scenarios made without writing YAML walk green: the demo journey exported from Chrome's Recorder and imported,
and journeys recorded by driving the recorder in headless Chromium — on the classic demo shop, walked in one run of
`walkthrough run --demo`, and on the single-page one (`--demo spa`), each on desktop, tablet and mobile."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from playwright.async_api import async_playwright

from walkthroughs.demo_shop import DemoShop
from walkthroughs.demo_shop.spa import SpaShop
from walkthroughs.recording.recorder import BROWSER_ARGS, Recorder
from walkthroughs.scenario import load_scenario, resolve_device
from walkthroughs.walk.browser import start_browser

pytestmark = pytest.mark.e2e
RECORDINGS = Path(__file__).parent / "recordings"
PASSWORD = "walkthrough"  # the demo shop's


def record(start_url: str, name: str, act) -> str:
    """Drive the recorder on a headless page: `act(page)` clicks and types as a shopper would."""

    async def session() -> str:
        async with async_playwright() as playwright:
            started = await start_browser(playwright, launch_args={"args": BROWSER_ARGS})
            try:
                desktop = resolve_device("desktop", playwright.devices)
                page = await (await started.browser.new_context(**desktop.context_args)).new_page()
                recorder = Recorder(start_url, name=name)
                await recorder.attach(page)
                await act(page)
                return await recorder.finish()
            finally:
                await started.browser.close()

    return asyncio.run(session())


async def buy_the_shoes(page) -> None:
    await page.get_by_text("Shop now").click()
    size = page.get_by_label("Size", exact=True)
    await size.select_option("41")
    await size.select_option("42")  # changed their mind: one step, the size chosen last
    await page.get_by_role("button", name="Add to cart").click()
    await page.get_by_text("Added to cart").wait_for()
    await page.locator("a.cart-link").click()  # clicked by CSS here; written by role and name
    await page.get_by_role("link", name="Checkout").click()
    email = page.get_by_label("Email", exact=True)
    await email.fill("anna@example")
    await email.fill("anna.schmidt@example.com")  # corrected: one step, the final value
    for label, value in [("Full name", "Anna Schmidt"), ("Address", "Invalidenstraße 117"), ("Postcode", "10115"),
                         ("City", "Berlin"), ("Card number", "4242 4242 4242 4242"), ("Expiry date", "12/34"),
                         ("Security code", "123")]:
        await page.get_by_label(label).fill(value)
    await page.get_by_label("Country").select_option(label="Germany")
    await page.get_by_role("radio", name="Express").check()
    await page.get_by_role("radio", name="Standard delivery").check()  # one radio of the group: the last chosen
    await page.get_by_role("button", name="Place order").click()
    await page.get_by_role("heading", name="Thank you").wait_for()


async def search_and_sign_in(page) -> None:
    await page.get_by_label("Search products").fill("trail runner")
    await page.get_by_label("Search products").press("Enter")
    await page.get_by_role("heading", name="1 result").wait_for()
    await page.get_by_role("link", name="Trail Runner 2").first.click()
    await page.get_by_role("heading", name="Trail Runner 2").wait_for()
    await page.goto(page.url.split("/product/")[0] + "/account/sign-in")  # an address typed
    await page.get_by_label("Email").fill("anna.schmidt@example.com")
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_test_id("account-email").wait_for()
    await page.go_back()
    await page.get_by_label("Password").wait_for()


async def buy_a_mug(page) -> None:
    """The single-page shop: every page after the first is a route the app pushes, not a document."""
    await page.get_by_role("heading", name="Coffee gear").wait_for()
    await page.get_by_test_id("sort").select_option(label="Price: low to high")  # the address changes, not the page
    await page.get_by_role("link", name="Insulated Travel Mug").click()
    await page.get_by_role("heading", name="Insulated Travel Mug", exact=True).wait_for()
    await page.get_by_label("Size", exact=True).select_option(label="500 ml")
    await page.get_by_role("button", name="Add to cart").click()
    await page.get_by_text("Added to your cart").wait_for()
    await page.get_by_role("link", name="Cart").click()  # the mini-basket, named with its count and total
    await page.get_by_test_id("cart-line").wait_for()
    await page.get_by_role("link", name="Checkout").click()
    for label, value in [("Email", "jordan.lee@example.com"), ("First name", "Jordan"), ("Last name", "Lee"),
                         ("Street address", "500 Market Street"), ("City", "San Francisco"), ("Postcode", "94105"),
                         ("Card number", "4242 4242 4242 4242"), ("Expiry date", "12/34"), ("Security code", "123")]:
        await page.get_by_label(label, exact=label == "Email").fill(value)
    await page.get_by_label("Country").select_option(label="United States")
    await page.get_by_role("button", name="Place order").click()
    await page.get_by_role("heading", name="Thank you").wait_for()


def walk(files: list[Path], out: Path, demo: str = "classic") -> dict:
    """`walkthrough run --demo`; the steps may take long on a busy machine, since what is tested is what they find."""
    run = subprocess.run([sys.executable, "-m", "walkthroughs", "run", f"--demo={demo}", *files, "--out", out,
                          "--no-lighthouse", "--trace", "off", "--screenshots", "failure", "--workers", "3",
                          "--timeout", "30s"],
                         capture_output=True, text=True, timeout=900, env={**os.environ, "PASSWORD": PASSWORD})
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return json.loads((out / "latest" / "results.json").read_text())


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("round-trips")
    imported = subprocess.run([sys.executable, "-m", "walkthroughs", "import", RECORDINGS / "demo-journey.json",
                               "--out", folder / "imported.yaml"], capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    with DemoShop(port=0) as shop:
        (folder / "recorded.yaml").write_text(record(f"{shop.url}/landing/trail-runner?utm_source=newsletter",
                                                     "recorded purchase", buy_the_shoes))
        (folder / "signed-in.yaml").write_text(record(f"{shop.url}/search", "recorded sign-in",
                                                      search_and_sign_in))
        orders = len(shop.orders)
    assert orders == 1  # the recording placed its order: the recorder watched, it did not get in the way
    with SpaShop(port=0) as spa:
        (folder / "single-page.yaml").write_text(record(f"{spa.url}/", "recorded mug", buy_a_mug))
    return {"imported": folder / "imported.yaml", "recorded": folder / "recorded.yaml",
            "signed-in": folder / "signed-in.yaml", "single-page": folder / "single-page.yaml"}


@pytest.fixture(scope="module")
def walked(scenarios, tmp_path_factory) -> dict:
    """One run on the classic demo shop, one on the single-page shop, their journeys together."""
    classic = walk([scenarios["imported"], scenarios["recorded"], scenarios["signed-in"]],
                   tmp_path_factory.mktemp("walks"))
    spa = walk([scenarios["single-page"]], tmp_path_factory.mktemp("spa-walks"), demo="spa")
    return {"journeys": classic["journeys"] + spa["journeys"]}


def journeys_of(walked: dict, scenario_name: str) -> list[dict]:
    return [j for j in walked["journeys"] if j["scenario"] == scenario_name]


@pytest.mark.parametrize("which", ["imported", "recorded", "signed-in", "single-page"])
def test_each_scenario_walks_green_on_desktop_tablet_and_mobile(scenarios, walked, which):
    name = load_scenario(scenarios[which], environ={"PASSWORD": PASSWORD}).name
    journeys = journeys_of(walked, name)
    assert sorted(j["device"]["name"] for j in journeys) == ["desktop", "mobile", "tablet"]
    for journey in journeys:
        assert journey["status"] == "completed", (journey["device"]["name"], journey.get("error"))
        assert {stage["status"] for stage in journey["stages"]} == {"passed"}
        assert [f for f in journey["findings"] if f["detector"] == "journey-broken"] == []


def test_the_imported_demo_journey_places_its_order_on_every_device(walked):
    journeys = journeys_of(walked, "Demo shop: from the Instagram ad to the order")
    assert all(j["stages"][-1]["name"] == "order" for j in journeys)
    # radio buttons are ticked, not clicked: no dead clicks the shop did not cause (slow ones are this machine's)
    assert [f["title"] for j in journeys for f in j["findings"] if f["title"].startswith("Dead click")] == []


def stages_of(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text())["stages"]


def test_the_recorder_writes_a_stage_per_page_led_by_the_click_that_reached_it(scenarios):
    stages = stages_of(scenarios["recorded"])
    assert [s["name"] for s in stages] == ["landing", "product", "cart", "checkout", "order"]
    assert stages[0]["phase"] == "awareness"  # the address carried campaign parameters
    assert stages[0]["steps"] == [{"goto": "/landing/trail-runner?utm_source=newsletter"}]
    assert stages[1]["steps"][:2] == [{"click": {"role": "link", "name": "Shop now"}},
                                      {"expect": {"url": "/product/trail-runner"}}]
    assert stages[2]["steps"][0] == {"click": {"role": "link", "name": "Cart", "exact": True}}  # “View cart” too
    # it led to the confirmation page: the step that places the order, marked for production walks
    assert stages[4]["steps"] == [{"click": {"role": "button", "name": "Place order"}, "commit": True},
                                  {"expect": {"url": "/order/"}}]


def test_the_recorder_writes_each_field_once_with_its_final_value(scenarios):
    product, checkout = stages_of(scenarios["recorded"])[1]["steps"], stages_of(scenarios["recorded"])[3]["steps"]
    assert [s for s in product if "select" in s] == [{"select": {"role": "combobox", "name": "Size", "option": "42"}}]
    assert [s for s in checkout if "fill" in s and s["fill"].get("name") == "Email"] == [
        {"fill": {"role": "textbox", "name": "Email", "value": "anna.schmidt@example.com"}}]
    assert {"select": {"role": "combobox", "name": "Country", "option": "Germany"}} in checkout
    # “Standard delivery — €4.95 (3–5 working days)” has a price in it: the words before it find the radio alone
    assert [s for s in checkout if "check" in s] == [{"check": {"role": "radio", "name": "Standard delivery"}}]


def test_the_recorder_writes_enter_a_typed_address_back_and_never_a_password(scenarios):
    text = scenarios["signed-in"].read_text()
    stages = stages_of(scenarios["signed-in"])
    assert [s["name"] for s in stages] == ["search", "search 2", "product", "account", "account 2", "account 3"]
    assert stages[1]["steps"][:2] == [{"press": {"key": "Enter", "role": "searchbox", "name": "Search products"}},
                                      {"expect": {"url": "/search"}}]
    assert stages[3]["steps"][0] == {"goto": "/account/sign-in"}
    assert {"fill": {"role": "textbox", "name": "Email", "value": "anna.schmidt@example.com"}} in stages[3]["steps"]
    assert {"fill": {"role": "textbox", "name": "Password", "value": "${PASSWORD}"}} in stages[3]["steps"]
    assert stages[5]["steps"] == ["back", {"expect": {"url": "/account/sign-in"}}]
    assert yaml.safe_load(text)["secrets"] == ["PASSWORD"]
    assert f"value: {PASSWORD}" not in text and f"'{PASSWORD}'" not in text


def test_on_a_single_page_shop_each_route_is_a_stage_and_a_sort_is_not(scenarios):
    stages = stages_of(scenarios["single-page"])
    assert [s["name"] for s in stages] == ["home", "products", "cart", "checkout", "order"]
    assert stages[0]["steps"] == [{"goto": "/"}, {"select": {"test_id": "sort", "option": "Price: low to high"}}]
    assert stages[1]["steps"][:2] == [{"click": {"role": "link", "name": "Insulated Travel Mug"}},
                                      {"expect": {"url": "/products/travel-mug"}}]
    # “Cart · 1 item · $24.00” changes with the cart; its steady part finds the cart link of every layout
    assert stages[2]["steps"][0] == {"click": {"role": "link", "name": "Cart"}}
