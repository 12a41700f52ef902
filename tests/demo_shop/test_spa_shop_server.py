"""The single-page shop's server, without a browser: the shell for every page, the JSON API, its switch table."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from shop_client import Client

from walkthroughs.demo_shop import DEMO_SHOPS
from walkthroughs.demo_shop import FRICTIONS as CLASSIC_FRICTIONS
from walkthroughs.demo_shop.spa import FRICTIONS, FRICTIONS_BY_ID, SpaShop
from walkthroughs.demo_shop.spa.frictions import DETECTORS, DEVICES, STAGES

ROOT = Path(__file__).parents[2]
VENDOR = ROOT / "walkthroughs" / "demo_shop" / "spa" / "static" / "vendor"
ORDER = {
    "email": "jordan.lee@example.com", "first_name": "Jordan", "last_name": "Lee", "address": "500 Market Street",
    "city": "San Francisco", "postcode": "94105", "country": "US", "shipping": "standard", "payment": "card",
    "card_number": "4242 4242 4242 4242", "card_expiry": "12/34", "card_cvc": "123",
}


def state_of(html: str) -> dict:
    """The initial state the server hands the app (`window.__SHOP__`)."""
    return json.loads(re.search(r"window\.__SHOP__ = (\{.*?\});</script>", html).group(1))


def add_mug(client, option: str = "500"):
    return client.post_json("/api/cart/items", {"slug": "travel-mug", "option": option, "quantity": 1})


def test_the_switch_table_is_well_formed_and_apart_from_the_classic_shop():
    assert len(FRICTIONS) == 9 and len(FRICTIONS_BY_ID) == len(FRICTIONS)
    for friction in FRICTIONS:
        assert friction.stage in STAGES and all(friction.stage_for(d) in STAGES for d in friction.expected), friction.id
        assert friction.devices and set(friction.devices) <= set(DEVICES), friction.id
        assert friction.expected and set(friction.expected) <= set(DETECTORS), friction.id
        assert friction.title and friction.description and friction.on_one_main_walk, friction.id
    assert not {f.id for f in FRICTIONS} & {f.id for f in CLASSIC_FRICTIONS}  # one calibration table can hold both
    assert DEMO_SHOPS["spa"].frictions == FRICTIONS and DEMO_SHOPS["classic"].frictions == CLASSIC_FRICTIONS
    with pytest.raises(ValueError, match="no-such-thing"):
        SpaShop(frictions=["no-such-thing"])


def test_every_page_address_gets_the_app_shell_and_unknown_ones_a_404(spa_client):
    client = spa_client()
    for path in ("/", "/?sort=price-asc", "/products/travel-mug", "/cart", "/checkout", "/order/GH-1", "/help"):
        response = client.get(path)
        assert response.status == 200, path
        assert response.headers["content-type"].startswith("text/html")
        assert '<div id="app"' in response.text and '<script type="module" src="/static/app/main.js">' in response.text
    missing = client.get("/no/such/page")
    assert missing.status == 404 and '<div id="app"' in missing.text  # the app says "Page not found"
    assert client.get("/api/nothing").status == 404
    assert client.get("/static/../server.py").status == 404
    assert client.request("DELETE", "/api/cart").status == 405


def test_the_app_and_its_framework_are_served_from_the_shop_itself(spa_client):
    client = spa_client()
    shell = client.get("/").text
    local = re.findall(r'(?:src|href)="(/[^"]*)"', shell)
    assert {"/static/shop.css", "/static/app/main.js"} <= set(local)
    assert '"preact": "/static/vendor/preact.js"' in shell and "/static/vendor/htm.umd.js" in shell
    for path in ("/static/vendor/preact.js", "/static/vendor/preact-hooks.js", "/static/vendor/htm.umd.js",
                 "/static/app/main.js", "/static/app/router.js"):
        response = client.get(path)
        assert response.status == 200 and response.headers["content-type"].startswith("text/javascript"), path
    # The only remote addresses are the noise: a CDN, a font service and telemetry, all on hosts that never resolve.
    remote = {re.match(r"https?://([^/]+)", url).group(1) for url in re.findall(r"https?://[^\s\"'<>]+", shell)}
    assert remote and all(host.endswith(".invalid") for host in remote)


def test_the_vendored_framework_is_the_npm_packages_unmodified_with_their_licences():
    modules = ROOT / "node_modules"
    copies = {"preact.js": "preact/dist/preact.mjs", "preact-hooks.js": "preact/hooks/dist/hooks.mjs",
              "htm.umd.js": "htm/dist/htm.umd.js"}
    for notice, licence in (("preact.NOTICE.txt", "MIT License"), ("htm.NOTICE.txt", "Apache License")):
        assert licence in (VENDOR / notice).read_text()
    if not (modules / "preact").is_dir():
        pytest.skip("node_modules not installed (scripts/setup.sh runs npm ci)")
    versions = json.loads((ROOT / "package.json").read_text())["dependencies"]
    for name in ("preact", "htm"):
        assert json.loads((modules / name / "package.json").read_text())["version"] == versions[name]
        assert versions[name] in (VENDOR / f"{name}.NOTICE.txt").read_text()
    for vendored, original in copies.items():
        assert (VENDOR / vendored).read_bytes() == (modules / original).read_bytes(), vendored


def test_switches_reach_the_app_per_browser_in_its_initial_state(spa_client):
    on, off = spa_client("alert-on-sort,render-freeze,nonsense"), spa_client()
    assert state_of(on.get("/").text)["flags"] == ["alert-on-sort", "render-freeze"]
    assert state_of(off.get("/cart").text)["flags"] == []
    assert on.get("/__frictions").json()["active"] == ["alert-on-sort", "render-freeze"]
    with SpaShop(frictions=["doubled-total"]) as shop:
        assert state_of(Client(shop.url).get("/").text)["flags"] == ["doubled-total"]


def test_catalogue_prices_per_market_and_the_cart_adds_them_up(spa_client):
    us, de = spa_client(market="us"), spa_client(market="de")
    mug = next(p for p in us.get("/api/products").json()["products"] if p["slug"] == "travel-mug")
    assert (mug["price"], mug["currency"]) == (2750, "USD")
    assert [v["label"] for v in mug["option"]["values"]] == ["350 ml", "500 ml"]
    assert de.get("/api/products/travel-mug").json()["price"] == 2590
    assert de.get("/api/products").json()["locale"] == "de-DE"
    cart = add_mug(us).json()
    assert (cart["count"], cart["subtotal"], cart["shipping"], cart["total"]) == (1, 2750, 495, 3245)
    assert cart["items"][0]["option"] == "500 ml"
    assert add_mug(us, option="5000").status == 400
    item = f"/api/cart/items/{cart['items'][0]['id']}"
    assert us.request("PATCH", item, b'{"quantity": 2}', "application/json").json()["total"] == 5500
    assert us.request("DELETE", item).json()["count"] == 0


def test_list_price_mismatch_lowers_only_the_list(spa_client):
    client = spa_client("list-price-mismatch")
    listed = next(p for p in client.get("/api/products").json()["products"] if p["slug"] == "travel-mug")
    assert listed["price"] == 2449
    assert client.get("/api/products/travel-mug").json()["price"] == 2750
    assert add_mug(client).json()["items"][0]["unit_price"] == 2750
    clean = next(p for p in spa_client().get("/api/products").json()["products"] if p["slug"] == "travel-mug")
    assert clean["price"] == 2750


def test_same_picture_everywhere_points_every_product_at_one_image(spa_client):
    on = {p["image"] for p in spa_client("same-picture-everywhere").get("/api/products").json()["products"]}
    off = [p["image"] for p in spa_client().get("/api/products").json()["products"]]
    assert on == {"/images/gooseneck-kettle.svg"}
    assert len(set(off)) == len(off)
    svgs = {spa_client().get(image).body for image in off}
    assert len(svgs) == len(off)  # every product has a picture of its own


def test_orders_are_refused_with_field_and_form_errors_and_counted_at_orders(spa, spa_client):
    client = spa_client()
    before = len(client.get("/__orders").json())
    assert client.post_json("/api/orders", ORDER).status == 409  # an empty cart
    add_mug(client)
    refused = client.post_json("/api/orders", dict(ORDER, last_name="", card_expiry="13/40"))
    assert refused.status == 422
    assert set(refused.json()["errors"]) == {"last_name", "card_expiry"}
    declined = client.post_json("/api/orders", dict(ORDER, card_number="4000 0000 0000 0002")).json()
    assert declined["errors"] == {}  # nothing next to a field: the banner says it
    assert declined["general"] == ["Your card was declined. Try another card or pay with PayPal."]
    elsewhere = client.post_json("/api/orders", dict(ORDER, country="GB")).json()
    assert elsewhere["general"] == [
        "The postcode 94105 does not match United Kingdom: a UK postcode looks like SW1A 1AA."]
    placed = client.post_json("/api/orders", ORDER)
    assert placed.status == 201 and re.fullmatch(r"GH-\d+", placed.json()["number"])
    orders = client.get("/__orders").json()
    assert len(orders) == before + 1 == len(spa.orders)
    assert (orders[-1]["total"], orders[-1]["currency"], orders[-1]["name"]) == (3245, "USD", "Jordan Lee")
    assert client.get(f"/api/orders/{placed.json()['number']}").json()["delivery_days"] == "3–5 business days"
    assert client.get("/api/cart").json()["count"] == 0
