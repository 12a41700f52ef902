"""The demo shop's ground for detours: coupons, a German postcode rule, a sold-out product's alternative,
accounts to sign in to, and a page that shows what the shop sees of the browser."""

from __future__ import annotations

from shop_client import GUEST


def test_a_valid_coupon_takes_10_percent_off_the_goods_and_the_order(client):
    client.add_to_cart()
    assert client.post_json("/api/cart/coupon", {"code": "run1o"}).json() == {
        "applied": False, "error": "“RUN1O” is not a valid code. Check the spelling: codes are letters and digits, like RUN10."}
    applied = client.post_json("/api/cart/coupon", {"code": " run10 "}).json()
    assert applied["applied"] and applied["discount_text"] == "−€8.90" and applied["total_text"] == "€85.05"
    assert 'data-testid="discount">−€8.90' in client.get("/cart").text
    assert 'data-testid="checkout-discount">−€8.90' in client.get("/checkout").text
    location = client.post_form("/checkout", GUEST).headers["location"]
    assert 'data-testid="order-total">€85.05' in client.get(location).text


def test_the_cart_says_a_wrong_code_next_to_its_field(client):
    client.add_to_cart()
    text = client.get("/cart").text
    assert 'id="coupon-code" name="code"' in text and 'aria-describedby="coupon-message"' in text
    assert '<p id="coupon-message" class="coupon-message" role="status"></p>' in text


def test_a_german_postcode_needs_five_digits(client):
    client.add_to_cart()
    text = client.post_form("/checkout", dict(GUEST, postcode="1011")).text
    assert "A German postcode has 5 digits, for example 10115." in text and 'id="f-postcode-error"' in text
    assert client.post_form("/checkout", dict(GUEST, postcode="1011", country="AT")).status == 303


def test_a_sold_out_product_suggests_an_alternative_in_stock(client):
    text = client.get("/product/down-vest").text
    assert 'data-testid="alternative"' in text and 'href="/product/storm-jacket">Storm Rain Jacket</a>' in text
    assert 'data-testid="alternative"' not in client.get("/product/trail-runner").text


def test_signing_in_greets_the_shopper_and_fills_the_checkout_email(client):
    assert client.get("/account").headers["location"] == "/account/sign-in"
    refused = client.post_form("/account/sign-in", {"email": "anna@example.com", "password": "guess"})
    assert refused.status == 401 and "do not match an account" in refused.text
    assert client.post_form("/account/sign-in", {"email": "anna@example.com", "password": "walkthrough"}).status == 303
    assert 'data-testid="signed-in">Hi, anna</a>' in client.get("/account").text
    client.add_to_cart()
    assert 'value="anna@example.com"' in client.get("/checkout").text


def test_the_client_page_echoes_what_the_browser_sends(client):
    text = client.get("/__client").text
    assert 'data-testid="client-timezone"' in text and "Intl.DateTimeFormat().resolvedOptions().timeZone" in text
