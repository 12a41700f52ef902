"""The clean demo shop: every page renders, sessions keep carts apart, the cart API and the checkout work."""

from __future__ import annotations

import re

from shop_client import GUEST, Client

import walkthroughs.demo_shop as demo_shop
from walkthroughs.demo_shop import FRICTIONS, DemoShop


def test_public_api_is_sorted_and_complete():
    assert demo_shop.__all__ == sorted(demo_shop.__all__)
    assert {"DemoShop", "FRICTIONS", "serve"} <= set(demo_shop.__all__)


def test_start_gives_a_loopback_url_and_stop_frees_it():
    shop = DemoShop(port=0).start()
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", shop.url)
        assert Client(shop.url).get("/").status == 200
    finally:
        shop.stop()
    shop.stop()  # twice is harmless


def test_unknown_friction_at_start_is_refused():
    try:
        DemoShop(frictions=["no-such-thing"])
    except ValueError as error:
        assert "no-such-thing" in str(error)
    else:
        raise AssertionError("expected a ValueError")


def test_pages_render_with_lang_viewport_and_a_heading(client):
    for path in ("/", "/catalogue", "/search", "/search?q=jacket", "/help", "/landing/trail-runner",
                 "/product/trail-runner", "/cart", "/checkout"):
        response = client.get(path)
        assert response.status == 200, path
        assert response.headers["content-type"].startswith("text/html")
        assert '<html lang="en">' in response.text
        assert 'name="viewport"' in response.text
        assert "<h1" in response.text
        assert 'aria-label="Menu"' in response.text
        assert 'data-testid="cart-count"' in response.text
        assert "http://" not in response.text and "https://" not in response.text  # nothing from the web


def test_assets_are_served_locally(client):
    assert client.get("/static/shop.css").status == 200
    assert client.get("/static/product.js").headers["content-type"].startswith("text/javascript")
    svg = client.get("/images/trail-runner.svg")
    assert svg.status == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert client.get("/favicon.ico").status == 200
    assert client.get("/static/../app.py").status == 404


def test_unknown_pages_are_helpful_404s(client):
    response = client.get("/product/no-such-shoe")
    assert response.status == 404
    assert "can’t find that page" in response.text


def test_catalogue_lists_six_products_one_out_of_stock(client):
    text = client.get("/catalogue").text
    assert text.count('class="card"') == 6
    assert text.count("Out of stock") == 1
    assert "€89.00" in text


def test_search_finds_and_a_dead_end_suggests(client):
    assert "Storm Rain Jacket" in client.get("/search?q=rain").text
    empty = client.get("/search?q=surfboard").text
    assert 'data-testid="no-results"' in empty
    assert "Maybe you are looking for" in empty and 'class="card"' in empty


def test_landing_keeps_the_campaign_parameters_on_shop_now(client):
    text = client.get("/landing/trail-runner?utm_source=instagram&utm_campaign=spring-run").text
    assert "<h1>Trail Runner 2</h1>" in text
    assert 'data-testid="landing-price">€89.00' in text
    assert 'href="/product/trail-runner?utm_source=instagram&amp;utm_campaign=spring-run"' in text


def test_product_page_has_what_the_scenario_needs(client):
    text = client.get("/product/trail-runner").text
    assert 'data-testid="product-price">€89.00' in text
    assert 'data-testid="stock">In stock' in text
    assert '<label for="size">Size</label>' in text
    assert 'role="status"' in text
    assert ">Add to cart</button>" in text
    assert "Delivery and returns" in text and "Reviews" in text
    assert 'class="table-scroll"' in text  # the size chart scrolls on its own
    assert "cookie-banner" not in text


def test_out_of_stock_product_cannot_be_added(client):
    assert 'data-testid="stock">Out of stock' in client.get("/product/down-vest").text
    response = client.add_to_cart("down-vest", "M")
    assert response.status == 409


def test_add_to_cart_returns_the_cart_and_updates_the_badge(client):
    response = client.add_to_cart(quantity=2)
    assert response.status == 201
    cart = response.json()
    assert cart["count"] == 2 and cart["message"] == "Added to cart"
    assert cart["added"]["title"] == "Trail Runner 2" and cart["added"]["size"] == "42"
    assert 'data-testid="cart-count" aria-hidden="true">2<' in client.get("/").text
    assert client.add_to_cart(size="99").json()["error"] == "Please choose a size."
    assert client.post_json("/api/cart", {"slug": "nope"}).status == 404


def test_sessions_keep_carts_apart(shop):
    anna, ben = Client(shop.url), Client(shop.url)
    anna.add_to_cart()
    assert anna.get("/api/cart").json()["count"] == 1
    assert ben.get("/api/cart").json()["count"] == 0
    assert anna.cookies["sid"] != ben.cookies["sid"]


def test_cart_page_shows_lines_and_shipping_and_quantities_change(client):
    client.add_to_cart()
    text = client.get("/cart").text
    assert text.count('data-testid="cart-line"') == 1
    assert 'data-testid="subtotal">€89.00' in text
    assert 'data-testid="shipping">€4.95' in text
    assert 'data-testid="cart-total">€93.95' in text
    assert ">Checkout</a>" in text and "You may also like" in text
    line_id = client.get("/api/cart").json()["lines"][0]["id"]
    bigger = client.post_json(f"/api/cart/lines/{line_id}", {"quantity": 2}).json()
    assert bigger["subtotal_text"] == "€178.00" and bigger["shipping_text"] == "Free"
    assert client.post_json(f"/api/cart/lines/{line_id}", {"quantity": 0}).json()["count"] == 0
    assert client.post_json(f"/api/cart/lines/{line_id}", {"quantity": 1}).status == 404


def test_recommendations_leave_out_what_is_in_the_cart(client):
    client.add_to_cart()
    slugs = [p["slug"] for p in client.get("/api/recommendations").json()["products"]]
    assert slugs and "trail-runner" not in slugs and "down-vest" not in slugs


def test_checkout_form_fields_are_labelled_and_typed(client):
    client.add_to_cart()
    text = client.get("/checkout").text
    for snippet in ('type="email" autocomplete="email"', 'type="tel" autocomplete="tel"',
                    'autocomplete="name"', 'autocomplete="street-address"', 'autocomplete="address-level2"',
                    'autocomplete="postal-code" inputmode="numeric"', 'autocomplete="country"',
                    'autocomplete="cc-number" inputmode="numeric"', 'autocomplete="cc-exp" inputmode="numeric"',
                    'autocomplete="cc-csc" inputmode="numeric"', 'data-testid="checkout-total">€93.95'):
        assert snippet in text, snippet
    inputs = re.findall(r'<input id="([^"]+)"', text)
    for field_id in inputs:
        assert f'for="{field_id}"' in text, field_id
    assert "Check out as a guest" in text and 'name="password"' not in text


def test_invalid_checkout_shows_errors_next_to_the_fields(shop, client):
    client.add_to_cart()
    before = len(shop.orders)
    response = client.post_form("/checkout", dict(GUEST, email="anna@", card_number="1234", postcode=""))
    assert response.status == 200
    text = response.text
    assert 'aria-invalid="true" aria-describedby="f-email-hint f-email-error"' in text
    assert 'id="f-email-error"' in text and 'id="f-card_number-error"' in text and 'id="f-postcode-error"' in text
    assert 'role="alert"' in text
    assert 'value="Anna Schmidt"' in text  # what was typed is kept
    assert len(shop.orders) == before


def test_valid_checkout_creates_an_order_and_redirects(shop, client):
    client.add_to_cart()
    response = client.post_form("/checkout", GUEST)
    assert response.status == 303
    location = response.headers["location"]
    assert re.fullmatch(r"/order/WT-\d{5}", location)
    number = location.rsplit("/", 1)[1]
    order = client.get("/__orders").json()[-1]
    assert order["number"] == number and order["total"] == 9395 and order["email"] == GUEST["email"]
    assert shop.orders[-1]["number"] == number
    page = client.get(location).text
    assert "Thank you for your order" in page
    assert f'data-testid="order-number">{number}<' in page
    assert "What happens next" in page and 'data-testid="order-total">€93.95' in page
    assert client.get("/api/cart").json()["count"] == 0


def test_express_paypal_order_needs_no_card(client):
    client.add_to_cart()
    form = {k: v for k, v in GUEST.items() if not k.startswith("card_")}
    response = client.post_form("/checkout", dict(form, shipping="express", payment="paypal"))
    assert response.status == 303
    assert client.get("/__orders").json()[-1]["total"] == 8900 + 995


def test_empty_cart_cannot_check_out(client):
    assert 'data-testid="empty-cart"' in client.get("/checkout").text
    assert client.post_form("/checkout", GUEST).headers["location"] == "/cart"


def test_frictions_endpoint_lists_every_switch_off(client):
    data = client.get("/__frictions").json()
    assert data["cookie"] == "wt_frictions" and data["active"] == []
    assert [f["id"] for f in data["frictions"]] == [f.id for f in FRICTIONS]
    assert not any(f["active"] for f in data["frictions"])
