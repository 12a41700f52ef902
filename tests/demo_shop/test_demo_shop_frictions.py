"""Each friction switch changes what it should — switched on at start and, per browser, by the cookie."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image
from shop_client import GUEST, Client

from walkthroughs.demo_shop import FRICTIONS, FRICTIONS_BY_ID, DemoShop, images
from walkthroughs.demo_shop.app import Delays
from walkthroughs.demo_shop.frictions import (
    DETECTORS,
    DEVICES,
    STAGES,
    parse_cookie_value,
)


@pytest.fixture(scope="module")
def shop():
    """The slow switches sleep for seconds in a walk; a fraction is enough to see them here."""
    with DemoShop(port=0, delays=Delays(slow_product=0.3, promo_script=0.05, heavy_image=0.05,
                                        heavy_image_bytes_per_second=100_000_000, heavy_script=0.05)) as running:
        yield running


def test_registry_entries_are_well_formed():
    assert len(FRICTIONS) >= 14 and len(FRICTIONS_BY_ID) == len(FRICTIONS)
    for friction in FRICTIONS:
        assert friction.stage in STAGES, friction.id
        assert friction.devices and set(friction.devices) <= set(DEVICES), friction.id
        assert friction.expected and set(friction.expected) <= set(DETECTORS), friction.id
        assert friction.title and friction.description, friction.id


def test_cookie_value_parsing_is_forgiving():
    assert parse_cookie_value("slow-product,broken-image") == {"slow-product", "broken-image"}
    assert parse_cookie_value("slow-product%2C%20broken-image") == {"slow-product", "broken-image"}
    assert parse_cookie_value('"slow-product, nonsense"') == {"slow-product"}
    assert parse_cookie_value("") == frozenset()


def test_cookie_switches_one_browser_only(make_client):
    on, off = make_client("late-shipping,cart-api-500"), make_client()
    assert on.get("/__frictions").json()["active"] == ["cart-api-500", "late-shipping"]
    assert off.get("/__frictions").json()["active"] == []
    on.add_to_cart()
    off.add_to_cart()
    assert 'data-testid="shipping">Calculated later' in on.get("/cart").text
    assert 'data-testid="shipping">€4.95' in off.get("/cart").text


def test_start_option_switches_every_browser():
    with DemoShop(frictions=["broken-image"]) as shop:
        data = Client(shop.url).get("/__frictions").json()
        assert data["active"] == ["broken-image"]
        assert [f["id"] for f in data["frictions"] if f["active"]] == ["broken-image"]
        assert "/images/trail-runner-main.jpg" in Client(shop.url).get("/product/trail-runner").text


def test_cookie_banner_mobile(make_client):
    text = make_client("cookie-banner-mobile").get("/product/trail-runner").text
    assert 'data-testid="cookie-banner"' in text and ">Accept</button>" in text
    accepted = make_client("cookie-banner-mobile")
    accepted.cookies["wt_consent"] = "all"
    assert "cookie-banner" not in accepted.get("/product/trail-runner").text.split("<main")[1].split("</main>")[0]


def test_slow_product(make_client):
    client = make_client("slow-product")
    started = time.monotonic()
    assert client.get("/product/trail-runner").status == 200
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    client.get("/catalogue")
    assert time.monotonic() - started < 0.3


def test_cart_script_error(make_client):
    client = make_client("cart-script-error")
    client.add_to_cart()
    assert "window.dataLayer.push" in client.get("/cart").text
    assert "window.dataLayer.push" not in make_client().get("/cart").text


def test_cart_api_500(make_client):
    broken = make_client("cart-api-500")
    assert broken.get("/api/recommendations").status == 500
    assert broken.add_to_cart().status == 201  # the cart still works
    assert make_client().get("/api/recommendations").status == 200


def test_broken_image(make_client):
    client = make_client("broken-image")
    text = client.get("/product/trail-runner").text
    assert 'src="/images/trail-runner-main.jpg"' in text
    assert client.get("/images/trail-runner-main.jpg").status == 404


def test_wide_page_mobile(make_client):
    text = make_client("wide-page-mobile").get("/product/trail-runner").text
    assert 'style="width: 900px; min-width: 900px;"' in text and 'class="table-scroll"' not in text


def test_tiny_buttons_mobile(make_client):
    client = make_client("tiny-buttons-mobile")
    client.add_to_cart()
    assert 'class="cart-lines tiny-buttons"' in client.get("/cart").text
    css = client.get("/static/shop.css").text
    assert ".tiny-buttons .qty-button, .tiny-buttons .remove { width: 16px; height: 16px;" in css


def test_dead_buy_button(make_client):
    text = make_client("dead-buy-button").get("/landing/trail-runner?utm_source=ad").text
    assert '<button type="button" class="button button-large" data-testid="shop-now">Shop now</button>' in text
    assert 'href="/product/trail-runner' not in text


def test_newsletter_popup(make_client):
    client = make_client("newsletter-popup")
    client.add_to_cart()
    text = client.get("/checkout").text
    assert 'data-testid="newsletter-popup" hidden' in text and 'role="dialog" aria-modal="true"' in text
    assert ">No thanks</button>" in text
    assert "setTimeout" in client.get("/static/checkout.js").text


def test_late_shipping_adds_shipping_only_after_the_order(shop, make_client):
    client = make_client("late-shipping")
    client.add_to_cart()
    cart = client.get("/cart").text
    assert 'data-testid="cart-total">€89.00' in cart
    checkout = client.get("/checkout").text
    assert 'data-testid="checkout-shipping">Calculated later' in checkout
    assert 'data-testid="checkout-total">€89.00' in checkout
    assert "— €4.95" not in checkout
    location = client.post_form("/checkout", GUEST).headers["location"]
    order_page = client.get(location).text
    assert 'data-testid="order-total">€93.95' in order_page
    assert shop.orders[-1]["total"] == 9395


def test_faint_product_text_greys_the_description_on_the_product_page_only(make_client):
    product = make_client("faint-product-text").get("/product/trail-runner").text
    assert '<p class="faint" style="color: #cccccc">' in product
    assert 'class="faint"' not in make_client().get("/product/trail-runner").text
    assert 'class="faint"' not in make_client("faint-product-text").get("/landing/trail-runner").text


def test_forced_account_refuses_a_guest(shop, make_client):
    client = make_client("forced-account")
    client.add_to_cart()
    text = client.get("/checkout").text
    assert 'name="password" type="password" autocomplete="new-password" required' in text
    assert 'name="password_confirm"' in text and "Check out as a guest" not in text
    before = len(shop.orders)
    refused = client.post_form("/checkout", GUEST)
    assert refused.status == 200 and 'id="f-password-error"' in refused.text
    assert len(shop.orders) == before
    accepted = client.post_form("/checkout", dict(GUEST, password="trailrun1", password_confirm="trailrun1"))
    assert accepted.status == 303 and shop.orders[-1]["account"] is True


def test_no_order_number(make_client):
    client = make_client("no-order-number")
    client.add_to_cart()
    page = client.get(client.post_form("/checkout", GUEST).headers["location"]).text
    assert "Thank you for your order" in page
    assert 'data-testid="order-number"' not in page and "What happens next" not in page


def test_slow_heavy_product(make_client):
    client = make_client("slow-heavy-product")
    text = client.get("/product/trail-runner").text
    head = text.split("</head>")[0]
    assert '<script src="/static/vendor-heavy.js"></script>' in head
    assert 'src="/images/trail-runner-large.png"' in text
    image = client.get("/images/trail-runner-large.png")
    assert image.status == 200 and image.headers["content-type"] == "image/png"
    assert image.body.startswith(b"\x89PNG") and 2_000_000 <= len(image.body) <= 3_500_000
    assert len(images.heavy_png()) == len(image.body)
    with Image.open(io.BytesIO(image.body)) as picture:
        assert (picture.format, picture.mode, picture.size) == ("PNG", "RGB", (1400, 900))
    assert "Date.now() + 600" in client.get("/static/vendor-heavy.js").text


def test_landing_layout_shift(make_client):
    text = make_client("landing-layout-shift").get("/landing/trail-runner").text
    assert '<script async src="/static/promo.js"></script>' in text
    assert "promo-slot" in text
    assert "promo.js" not in make_client().get("/landing/trail-runner").text
    assert "promo-banner" in make_client().get("/static/promo.js").text


def test_search_dead_end(make_client):
    text = make_client("search-dead-end").get("/search?q=trial+runner").text
    assert 'data-testid="no-results"' in text and "Maybe you are looking for" not in text
    assert 'href="/catalogue">browse' not in text
    assert "Maybe you are looking for" in make_client().get("/search?q=trial+runner").text


def test_cart_lost_on_back(make_client):
    text = make_client("cart-lost-on-back").get("/product/trail-runner").text
    assert 'entry.type === "back_forward"' in text and '"/api/cart/empty"' in text
    assert "back_forward" not in make_client().get("/product/trail-runner").text
    client = make_client()
    client.add_to_cart()
    assert client.post_json("/api/cart/empty", {}).json()["count"] == 0


def test_error_far_from_field(make_client):
    far, near = make_client("error-far-from-field"), make_client()
    for client in (far, near):
        client.add_to_cart()
    typo = dict(GUEST, postcode="1011")
    text = far.post_form("/checkout", typo).text
    assert 'class="error-summary" role="alert"' in text and "A German postcode has 5 digits" in text
    assert 'id="f-postcode-error"' not in text and 'aria-invalid="true"' not in text
    assert 'id="f-postcode-error"' in near.post_form("/checkout", typo).text


def test_flaky_add_to_cart():
    with DemoShop(port=0) as shop:  # its own shop: the count of requests is the shop's
        client = Client(shop.url, {"wt_frictions": "flaky-add-to-cart"})
        assert [client.add_to_cart().status for _ in range(4)] == [201, 503, 201, 503]
        assert Client(shop.url).add_to_cart().status == 201


def test_every_switch_is_covered_here():
    tested = {name[len("test_"):].replace("_", "-") for name in globals() if name.startswith("test_")}
    missing = [f.id for f in FRICTIONS if f.id not in tested and not any(t.startswith(f.id) for t in tested)]
    assert missing == []
