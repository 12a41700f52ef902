"""The pictures and header gatherers in a real browser: the single-page shop's product list and cart with and
without their visual defects, and a picture from another origin, which a canvas cannot read back."""

from __future__ import annotations

import asyncio
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Awaitable, Callable

import pytest
from detector_cases import evidence, journey, judge, stage
from pictures import product_picture
from playwright.async_api import Page, async_playwright

from walkthroughs.demo_shop.spa import SpaShop
from walkthroughs.gather import header, pictures
from walkthroughs.gather.pictures import fingerprint
from walkthroughs.walk.browser import start_browser

pytestmark = pytest.mark.e2e
DESKTOP = {"viewport": {"width": 1280, "height": 720}}


@pytest.fixture(scope="module")
def shop():
    with SpaShop(port=0) as running:
        yield running


def in_browser(url: str, do: Callable[[Page], Awaitable[Any]], frictions: str = "", device: dict = DESKTOP,
               *others: str) -> Any:
    """`do` on the page at `url` with the `frictions` switched on; with `others`, again in one browser for each of
    those switch lists, and a list of the results."""
    async def walk() -> Any:
        async with async_playwright() as playwright:
            browser = (await start_browser(playwright)).browser
            try:
                results = []
                for switched in (frictions, *others):
                    context = await browser.new_context(**device)
                    if switched:
                        await context.add_cookies([{"name": "wt_frictions", "value": switched, "url": url}])
                    page = await context.new_page()
                    await page.goto(url)
                    results.append(await do(page))
                    await context.close()
                return results if others else results[0]
            finally:
                await browser.close()
    return asyncio.run(walk())


async def list_pictures(page: Page) -> dict:
    await page.get_by_role("link", name="Insulated Travel Mug").wait_for()
    await page.wait_for_function("[...document.images].slice(0, 4).every((image) => image.complete)")
    return await pictures.gather(page, "desktop")


def duplicates(gathered: dict) -> list:
    record = journey(stage("product list", url="http://shop.test/"))
    return judge("visual-duplicate-images", record, evidence(record, {"product list": {"pictures": gathered}})).findings


def test_every_card_of_the_list_shows_one_picture_when_the_catalogue_points_all_at_it_and_its_own_when_clean(shop):
    same, clean = in_browser(shop.url + "/", list_pictures, "same-picture-everywhere", DESKTOP, "")
    cards = [p for p in same["pictures"] if p["fingerprint"]]
    assert len(cards) >= 4 and len({p["product"]["key"] for p in cards}) == len(cards)
    assert len({p["fingerprint"]["dhash"] for p in cards}) == 1
    [found] = duplicates(same)
    assert found.severity == "major" and "Gooseneck Kettle" in found.insight
    cards = [p for p in clean["pictures"] if p["fingerprint"]]
    assert len(cards) >= 4 and {p["product"]["name"] for p in cards} >= {"Gooseneck Kettle", "Insulated Travel Mug"}
    assert duplicates(clean) == []


def test_a_picture_from_another_origin_is_read_from_the_browsers_cache():
    out = io.BytesIO()
    drawn = product_picture("kettle", "#2b2d2f")
    drawn.save(out, "PNG")
    png = out.getvalue()

    class Shop(BaseHTTPRequestHandler):
        def do_GET(self):
            image = self.path.startswith("/kettle.png")
            body = png if image else (f'<main><a href="/products/kettle"><img src="http://localhost:{port}/kettle.png"'
                                      ' width="200" height="200"><h2>Kettle</h2></a></main>').encode()
            self.send_response(200)
            self.send_header("Content-Type", "image/png" if image else "text/html")
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Shop)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()

    async def gather(page: Page) -> dict:
        await page.wait_for_function("document.images[0].complete")
        return await pictures.gather(page, "desktop")

    try:
        gathered = in_browser(f"http://127.0.0.1:{port}/", gather)
    finally:
        server.shutdown()
        server.server_close()
    [picture] = gathered["pictures"]
    assert picture["product"] == {"key": "/products/kettle", "name": "Kettle"}
    assert picture["fingerprint"] == fingerprint(drawn)


async def cart_header(page: Page) -> dict:
    await page.goto(page.url.rstrip("/") + "/products/travel-mug")
    await page.get_by_label("Size", exact=True).select_option(label="500 ml")
    await page.get_by_role("button", name="Add to cart").click()
    await page.get_by_text("Added to your cart").wait_for()
    await page.goto(page.url.split("/products/")[0] + "/cart")
    await page.get_by_test_id("cart-line").wait_for()
    return await header.gather(page, "desktop")


def test_the_checkout_button_pinned_over_the_header_is_seen_over_a_link_of_it(shop):
    # On a phone's header (its cart icon) the same is seen end to end by tests/friction_switches' calibrate test.
    gathered, clean = in_browser(shop.url + "/", cart_header, "checkout-over-header", DESKTOP, "")
    [cover] = gathered["covered_by"]
    assert cover["name"] == "Checkout" and cover["position"] == "fixed" and cover["covers_control"]
    assert gathered["header"]["box"]["y"] == 0
    assert clean["covered_by"] == []
