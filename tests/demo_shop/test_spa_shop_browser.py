"""The single-page shop in a real browser, as a shopper sees it: routes, deep links, the noise it survives, and
each defect switch doing what it says when on and nothing when off. One shop and one browser per module."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from walkthroughs.demo_shop.spa import SpaShop
from walkthroughs.demo_shop.spa.frictions import FREEZE_MS
from walkthroughs.demo_shop.spa.server import CDN_URL
from walkthroughs.walk.browser import choose_browser, launch_options

pytestmark = pytest.mark.e2e
DESKTOP = {"viewport": {"width": 1280, "height": 720}}
VENDORED_HTM = "/static/vendor/htm.umd.js"


@pytest.fixture(scope="module")
def shop():
    with SpaShop(port=0) as running:
        yield running


@pytest.fixture(scope="module")
def driver():
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="module")
def chromium(driver) -> Browser:
    """The walker's own choice of Chromium (not pytest-playwright's `browser`), one per module."""
    browser = driver.chromium.launch(**launch_options(choose_browser(driver)))
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def phone(driver) -> dict:
    return driver.devices["Pixel 7"]


class Shopper:
    """One browser context on the shop, with its switches in the cookie, and what the page did meanwhile."""

    def __init__(self, browser: Browser, shop: SpaShop, frictions: str = "", device: dict | None = None,
                 market: str | None = None):
        self.context = browser.new_context(**(device or DESKTOP))
        cookies = [{"name": "wt_frictions", "value": frictions, "url": shop.url}] if frictions else []
        if market:
            cookies.append({"name": "market", "value": market, "url": shop.url})
        self.context.add_cookies(cookies)
        self.url = shop.url
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.requested: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("requestfailed", lambda request: self.failed.append(request.url))
        self.page.on("request", lambda request: self.requested.append(request.url))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def open(self, path: str) -> Page:
        self.page.goto(self.url + path)
        return self.page

    def add_to_cart(self, product: str = "travel-mug", size: str = "500 ml") -> None:
        page = self.open(f"/products/{product}")
        page.get_by_label("Size", exact=True).select_option(label=size)
        page.get_by_role("button", name="Add to cart").click()

    def fill_checkout(self, card: str = "4242 4242 4242 4242") -> Page:
        page = self.page
        page.get_by_role("link", name="Cart").click()
        page.get_by_role("link", name="Checkout").click()
        for label, value in (("Email", "jordan.lee@example.com"), ("First name", "Jordan"), ("Last name", "Lee"),
                             ("Street address", "500 Market Street"), ("City", "San Francisco"),
                             ("ZIP / Postcode", "94105"), ("Card number", card), ("Expiry date", "12/34"),
                             ("Security code", "123")):
            page.get_by_label(label).fill(value)
        return page

    def long_tasks(self) -> list[float]:
        return self.page.evaluate("window.__longTasks || []")

    def close(self) -> None:
        self.context.close()


def eventually(page: Page, check, seconds: float = 5) -> bool:
    """Whether `check()` becomes true within the time, letting the page run meanwhile (events arrive late)."""
    for _ in range(int(seconds * 10)):
        if check():
            return True
        page.wait_for_timeout(100)
    return check()


def pictures(page: Page, count: int) -> list[str]:
    """The first product cards' pictures as the browser drew them, each scaled onto a 64×64 canvas."""
    return page.locator(".product-card__media img").evaluate_all("""async (images, count) => {
        const chosen = images.slice(0, count);
        await Promise.all(chosen.map((img) => img.decode()));  // drawn only once loaded: a blank is no picture
        return chosen.map((img) => {
            const canvas = Object.assign(document.createElement('canvas'), {width: 64, height: 64});
            canvas.getContext('2d').drawImage(img, 0, 0, 64, 64);
            return canvas.toDataURL();
        });
    }""", count)


LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
  .observe({type: 'longtask', buffered: true});
"""


def test_routes_change_on_the_client_and_deep_links_and_reloads_land_on_the_same_view(chromium, shop):
    shopper = Shopper(chromium, shop)
    page = shopper.open("/")
    expect(page.get_by_role("heading", name="Coffee gear")).to_be_visible()
    page.evaluate("window.__stayed = true")
    page.get_by_role("link", name="Insulated Travel Mug").click()
    expect(page).to_have_url(re.compile(r"/products/travel-mug$"))
    expect(page.get_by_role("heading", name="Insulated Travel Mug", exact=True)).to_be_visible()
    page.get_by_role("link", name="Cart").click()
    expect(page.get_by_role("heading", name="Your cart")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", name="Insulated Travel Mug", exact=True)).to_be_visible()
    assert page.evaluate("window.__stayed === true && performance.getEntriesByType('navigation').length === 1")
    for path, heading in (("/products/hand-grinder", "Hand Burr Grinder"), ("/cart", "Your cart"),
                          ("/checkout", "Checkout"), ("/help", "Shipping & returns"), ("/?sort=name", "Coffee gear")):
        page = shopper.open(path)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Coffee gear")).to_be_visible()
    assert page.get_by_test_id("sort").input_value() == "name"
    assert page.locator(".product-card__title").first.inner_text() == "Ceramic Dripper"
    response = page.goto(shop.url + "/no/such/page")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert shopper.errors == []
    shopper.close()


def test_prices_are_split_into_parts_and_follow_the_market(chromium, shop):
    shopper = Shopper(chromium, shop)
    price = shopper.open("/products/travel-mug").get_by_test_id("product-price")
    expect(price).to_have_text("$27.50")
    assert price.evaluate("e => [...e.children].map(c => c.textContent)") == ["$", "27", ".", "50"]
    shopper.page.get_by_label("Ship to").select_option(label="Deutschland · € EUR")
    expect(price).to_have_text("25,90\u00a0€")  # a decimal comma, the sign after the number
    assert shopper.page.evaluate("document.documentElement.lang") == "de-DE"
    shopper.close()
    german = Shopper(chromium, shop, device=dict(DESKTOP, locale="de-DE"))  # first visit: the browser's language
    expect(german.open("/products/travel-mug").get_by_test_id("product-price")).to_have_text("25,90\u00a0€")
    german.close()


def test_the_cart_is_a_mini_basket_on_wide_screens_and_an_icon_with_a_hidden_name_on_phones(chromium, shop, phone):
    for device, shown, hidden in ((DESKTOP, "mini-basket", "cart-button"), (phone, "cart-button", "mini-basket")):
        shopper = Shopper(chromium, shop, device=device)
        page = shopper.open("/")
        expect(page.get_by_test_id(shown)).to_be_visible()
        expect(page.get_by_test_id(hidden)).to_be_hidden()
        expect(page.get_by_role("link", name="Cart")).to_have_count(1)  # the one a shopper can see
        shopper.close()
    shopper = Shopper(chromium, shop, device=phone)
    icon = shopper.open("/").get_by_test_id("cart-button")
    expect(icon).to_have_accessible_name("Cart, 0 items")
    assert icon.locator(".label-hidden").evaluate("e => getComputedStyle(e).fontSize") == "0px"
    menu = shopper.page.get_by_role("button", name="Menu")
    assert menu.locator(".sr-only").evaluate("e => getComputedStyle(e).clip") == "rect(0px, 0px, 0px, 0px)"
    menu.click()
    expect(shopper.page.get_by_role("link", name="Shipping & returns").first).to_be_visible()
    shopper.close()


def test_a_clean_purchase_with_a_form_level_refusal_first_and_the_order_counted(chromium, shop):
    shopper = Shopper(chromium, shop)
    before = len(shop.orders)
    shopper.page.add_init_script(LONG_TASKS)
    page = shopper.open("/")
    page.get_by_test_id("sort").select_option(label="Price: low to high")
    listed = page.locator(".product-card", has_text="Insulated Travel Mug").get_by_test_id("card-price").inner_text()
    drawn = pictures(page, 3)
    page.locator(".product-card__link", has_text="Insulated Travel Mug").click()
    expect(page.get_by_role("heading", name="Insulated Travel Mug", exact=True)).to_be_visible()
    page.get_by_label("Size", exact=True).select_option(label="500 ml")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_role("status")).to_have_text("Added to your cart: Insulated Travel Mug, 500 ml")
    expect(page.get_by_role("link", name="Cart")).to_contain_text("1 item")
    page = shopper.fill_checkout(card="4000 0000 0000 0002")
    page.get_by_role("button", name="Place order").click()
    banner = page.get_by_role("alert")
    expect(banner).to_contain_text("Your card was declined")
    expect(page.locator(".field-error")).to_have_count(0)  # the refusal is in the banner only
    names = page.get_by_label("First name").input_value(), page.get_by_label("Last name").input_value()
    assert names == ("Jordan", "Lee")
    checkout_total = page.get_by_test_id("checkout-total").inner_text()
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_role("heading", name="Thank you for your order")).to_be_visible()
    assert len(shop.orders) == before + 1
    assert page.get_by_test_id("order-number").inner_text() == shop.orders[-1]["number"]
    # what the defects below change, as the clean shop shows it
    assert listed == "$27.50" and checkout_total == "$32.45" == page.get_by_test_id("order-total").inner_text()
    assert len(set(drawn)) == 3
    assert shopper.dialogs == [] and shopper.errors == []
    assert len([t for t in shopper.long_tasks() if t >= FREEZE_MS]) < 6  # fewer than one per route render (6 here)
    shopper.close()


def test_the_cdn_and_the_telemetry_fail_and_the_shop_works_on_its_local_copy(chromium, shop):
    shopper = Shopper(chromium, shop)
    shopper.add_to_cart()
    expect(shopper.page.get_by_role("status")).to_contain_text("Added to your cart")
    shopper.page.get_by_role("link", name="Cart").click()
    expect(shopper.page.get_by_test_id("cart-line")).to_be_visible()
    assert CDN_URL in shopper.failed
    assert any(url.endswith(VENDORED_HTM) for url in shopper.requested)
    beacons = lambda: [url for url in shopper.failed if ".telemetry.invalid/" in url]  # noqa: E731
    assert eventually(shopper.page, lambda: len([url for url in beacons() if "/v1/collect" in url]) >= 2)  # per route
    assert any("sentry_key=__YOUR_PUBLIC_KEY__" in url for url in beacons())
    assert shopper.errors == []
    shopper.close()

    reachable = Shopper(chromium, shop)  # where the CDN answers, the local copy is never asked for
    htm = (shop.url + VENDORED_HTM)
    reachable.page.route(CDN_URL, lambda route: route.fulfill(body=reachable.context.request.get(htm).body(),
                                                              content_type="text/javascript"))
    expect(reachable.open("/").get_by_role("heading", name="Coffee gear")).to_be_visible()
    assert CDN_URL not in reachable.failed and not any(url.endswith(VENDORED_HTM) for url in reachable.requested)
    reachable.close()


def test_switches_of_the_list_cart_and_confirmation_as_a_shopper_sees_them(chromium, shop):
    before = len(shop.orders)
    shopper = Shopper(chromium, shop, "alert-on-sort,wrong-product-link,list-price-mismatch,same-picture-everywhere,"
                                     "checkout-over-header,render-freeze,doubled-total")
    shopper.page.add_init_script(LONG_TASKS)
    page = shopper.open("/")
    page.get_by_test_id("sort").select_option(label="Price: low to high")
    assert shopper.dialogs == ["Sorting by price-asc"]  # alert-on-sort
    expect(page).to_have_url(re.compile(r"sort=price-asc"))
    mug = page.locator(".product-card", has_text="Insulated Travel Mug")
    assert mug.get_by_test_id("card-price").inner_text() == "$24.49"  # list-price-mismatch
    assert len(set(pictures(page, 3))) == 1  # same-picture-everywhere
    mug.locator(".product-card__link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ceramic Dripper")  # wrong-product-link
    assert page.url.endswith("/products/ceramic-dripper")
    shopper.add_to_cart()
    page.get_by_role("link", name="Cart").click()
    expect(page.get_by_test_id("cart-line")).to_contain_text("$27.50")  # the cart charges the real price
    button = page.get_by_role("link", name="Checkout")
    logo = page.locator(".logo").bounding_box()
    hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('a').textContent",
                        [logo["x"] + 20, logo["y"] + logo["height"] / 2])
    assert hit == "Checkout"  # checkout-over-header: what is drawn over the logo is the button
    assert button.bounding_box()["y"] < page.locator(".site-header").bounding_box()["height"]
    page = shopper.fill_checkout()
    checkout_total = page.get_by_test_id("checkout-total").inner_text()
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_role("heading", name="Thank you for your order")).to_be_visible()
    assert checkout_total == "$32.45" and page.get_by_test_id("order-total").inner_text() == "$64.90"  # doubled-total
    assert shop.orders[-1]["total"] == 3245 and len(shop.orders) == before + 1  # recorded right
    renders = 4  # in the last document (the product's deep link): its first render, cart, checkout, confirmation
    assert len([t for t in shopper.long_tasks() if t >= FREEZE_MS]) >= renders  # render-freeze
    assert shopper.errors == []
    shopper.close()


def test_switches_of_the_product_and_checkout_as_a_shopper_sees_them(chromium, shop):
    before = len(shop.orders)
    shopper = Shopper(chromium, shop, "add-to-cart-does-nothing,last-name-into-first-name")
    shopper.add_to_cart("travel-mug", "500 ml")  # sizes that are numbers in the catalogue
    page = shopper.page
    page.wait_for_timeout(500)
    expect(page.get_by_role("status")).to_have_text("")
    expect(page.get_by_role("link", name="Cart")).to_contain_text("0 items")
    assert not any("/api/cart/items" in url for url in shopper.requested)  # add-to-cart-does-nothing: no request
    shopper.add_to_cart("ceramic-dripper", "Size 02")  # sizes that are words: added as usual
    expect(page.get_by_role("status")).to_have_text("Added to your cart: Ceramic Dripper, Size 02")
    page = shopper.fill_checkout()
    assert page.get_by_label("First name").input_value() == "Lee"  # last-name-into-first-name
    assert page.get_by_label("Last name").input_value() == ""
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your last name.")
    expect(page.locator("#f-last_name-error")).to_have_text("Enter your last name.")
    assert len(shop.orders) == before
    shopper.close()
