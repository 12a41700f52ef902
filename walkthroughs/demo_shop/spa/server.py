"""The single-page shop's HTTP server: the app shell for every page address, a JSON API, and the app's files.

Like a shop built on a front-end framework, the server renders no page: every address a shopper can open (and
reload, or deep-link to) gets the same shell, whose scripts route on the client with the History API and fetch
the catalogue, cart and orders as JSON. Unknown addresses get the shell too, with a 404 status.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader

from ..serving import BackgroundShop, ShopRequestHandler, routes
from . import catalogue, checkout, images
from . import frictions as friction_switches
from .catalogue import DEFAULT_MARKET, MARKETS, PRODUCTS, Market
from .store import MAX_QUANTITY, Store

PACKAGE_DIR = Path(__file__).parent
STATIC_DIR = PACKAGE_DIR / "static"
MARKET_COOKIE = "market"  # set by the app's region picker (first visit: from the browser's language)
SAME_PICTURE = "gooseneck-kettle"  # same-picture-everywhere: the one picture every product shows

# Where the app sends its noise: a "CDN" and telemetry hosts that never resolve (RFC 2606 reserves .invalid).
CDN_URL = "https://cdn.grindhouse-assets.invalid/npm/htm@3.1.1/dist/htm.umd.js"
FONTS_URL = "https://fonts.grindhouse-assets.invalid/css2?family=Fraunces:wght@600&display=swap"
TELEMETRY = {
    "errors": "https://o4507.ingest.telemetry.invalid/api/4507/envelope/?sentry_key=__YOUR_PUBLIC_KEY__",
    "rum": "https://rum.telemetry.invalid/v1/collect?token=__TELEMETRY_TOKEN__",
}

_environment = Environment(loader=FileSystemLoader(PACKAGE_DIR / "templates"), autoescape=True)
# Every module of the app, announced in the shell as a bundler would (`<link rel="modulepreload">`), so the browser
# fetches them at once instead of discovering them import by import.
MODULES = sorted(f"/static/{path.relative_to(STATIC_DIR).as_posix()}" for folder in ("app", "vendor")
                 for path in (STATIC_DIR / folder).glob("*.js") if path.name != "htm.umd.js")
FAVICON_DATA_URI = "data:image/svg+xml," + quote(images.FAVICON_SVG)


def _script_json(data) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_SLUG = r"([a-z0-9-]+)"
_ITEM = r"(i\d+)"
ROUTES = routes(
    # the pages the app routes on the client: each gets the shell
    ("GET", r"/", "page"),
    ("GET", rf"/products/{_SLUG}", "page"),
    ("GET", r"/cart", "page"),
    ("GET", r"/checkout", "page"),
    ("GET", r"/order/(GH-\d+)", "page"),
    ("GET", r"/help", "page"),
    # the API
    ("GET", r"/api/products", "api_products"),
    ("GET", rf"/api/products/{_SLUG}", "api_product"),
    ("GET", r"/api/cart", "api_cart"),
    ("POST", r"/api/cart/items", "api_cart_add"),
    ("PATCH", rf"/api/cart/items/{_ITEM}", "api_cart_item"),
    ("DELETE", rf"/api/cart/items/{_ITEM}", "api_cart_item_delete"),
    ("POST", r"/api/orders", "api_orders"),
    ("GET", r"/api/orders/(GH-\d+)", "api_order"),
    # files (the icon and what tests read come with every shop's routes)
    ("GET", rf"/images/{_SLUG}\.svg", "image_svg"),
    ("GET", r"/static/((?:app/|vendor/)?[a-z0-9.-]+\.(?:css|js))", "static_file"),
)


class SpaHandler(ShopRequestHandler):
    """One request. `self.server.shop` is the SpaShop; `self.frictions` the switches on for this browser."""

    server_version = "WalkthroughsSpaShop/1.0"
    routes = ROUTES
    log_name = "spa-shop"
    favicon_svg = images.FAVICON_SVG

    def _prepare(self) -> None:
        super()._prepare()
        self.market: Market = MARKETS.get(self.cookies.get(MARKET_COOKIE, ""), MARKETS[DEFAULT_MARKET])

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def method_not_allowed(self) -> None:
        self.read_body()
        self.send_json({"error": "Method not allowed"}, HTTPStatus.METHOD_NOT_ALLOWED)

    def not_found(self) -> None:
        if self.command == "GET" and not self.route.startswith(("/api/", "/static/", "/images/", "/__")):
            self.shell(HTTPStatus.NOT_FOUND)  # the app shows its own "page not found"
        else:
            self.read_body()
            super().not_found()

    # ---- the app shell ----------------------------------------------------------------------------

    def shell(self, status: int = HTTPStatus.OK) -> None:
        state = {
            "flags": sorted(self.frictions),
            "market": self.cookies.get(MARKET_COOKIE) if self.cookies.get(MARKET_COOKIE) in MARKETS else None,
            "markets": {m.id: {"label": m.label, "locale": m.locale, "currency": m.currency, "country": m.country}
                        for m in MARKETS.values()},
            "countries": catalogue.COUNTRIES,
            "shipping": catalogue.SHIPPING_METHODS,
            "payments": catalogue.PAYMENT_METHODS,
            "telemetry": TELEMETRY,
            "freezeMs": friction_switches.FREEZE_MS,
        }
        html = _environment.get_template("shell.html.j2").render(
            state=_script_json(state), cdn_url=CDN_URL, fonts_url=FONTS_URL, favicon=FAVICON_DATA_URI, modules=MODULES,
            analytics=self.server.shop.analytics,
        )
        self.send_body(status, html.encode(), "text/html; charset=utf-8")

    def page(self, *_) -> None:  # the route's groups (a slug, an order number) are the app's to read
        self.shell(HTTPStatus.OK)

    # ---- catalogue --------------------------------------------------------------------------------

    def _product(self, product: catalogue.Product, listed: bool) -> dict:
        price = product.prices[self.market.currency]
        if listed and "list-price-mismatch" in self.frictions:
            price = catalogue.stale_price(price)
        picture = SAME_PICTURE if "same-picture-everywhere" in self.frictions else product.slug
        return {
            "slug": product.slug, "title": product.title, "price": price, "currency": self.market.currency,
            "image": f"/images/{picture}.svg", "in_stock": product.in_stock, "stock": product.stock,
            "rating": product.rating, "review_count": product.review_count, "summary": product.summary,
            "option": {"name": product.option, "unit": product.unit,
                       "values": [{"value": v, "label": product.value_label(v)} for v in product.values]},
        }

    def api_products(self) -> None:
        self.send_json({"currency": self.market.currency, "locale": self.market.locale,
                        "products": [self._product(p, listed=True) for p in PRODUCTS.values()]})

    def api_product(self, slug: str) -> None:
        product = PRODUCTS.get(slug)
        if product is None:
            return self.send_json({"error": "We could not find this product."}, HTTPStatus.NOT_FOUND)
        m = self.market
        self.send_json(dict(self._product(product, listed=False), locale=m.locale, delivery={
            "standard": m.standard_shipping, "express": m.express_shipping, "free_from": m.free_shipping_from}))

    # ---- cart ---------------------------------------------------------------------------------------

    def _cart(self, status: int = HTTPStatus.OK, **extra) -> None:
        self.send_json(dict(self.server.shop.store.cart(self.sid).priced(self.market), **extra), status)

    def api_cart(self) -> None:
        self._cart()

    def api_cart_add(self) -> None:
        data = self.read_json()
        product = PRODUCTS.get(str(data.get("slug", "")))
        option = str(data.get("option", ""))
        try:
            quantity = int(data.get("quantity", 1))
        except (TypeError, ValueError):
            quantity = 0
        if product is None:
            return self.send_json({"error": "This product does not exist."}, HTTPStatus.NOT_FOUND)
        if not product.in_stock:
            return self.send_json({"error": "Sorry, this product is sold out."}, HTTPStatus.CONFLICT)
        if not product.has_value(option):
            return self.send_json({"error": f"Choose a {product.option.lower()}."}, HTTPStatus.BAD_REQUEST)
        if not 1 <= quantity <= MAX_QUANTITY:
            return self.send_json({"error": f"Choose a quantity from 1 to {MAX_QUANTITY}."}, HTTPStatus.BAD_REQUEST)
        item = self.server.shop.store.add(self.sid, product.slug, option, quantity)
        self._cart(HTTPStatus.CREATED, added=item.id)

    def api_cart_item(self, item_id: str) -> None:
        try:
            quantity = max(0, min(MAX_QUANTITY, int(self.read_json().get("quantity", 0))))
        except (TypeError, ValueError):
            return self.send_json({"error": "Quantity must be a number."}, HTTPStatus.BAD_REQUEST)
        if not self.server.shop.store.set_quantity(self.sid, item_id, quantity):
            return self.send_json({"error": "This item is no longer in your cart."}, HTTPStatus.NOT_FOUND)
        self._cart()

    def api_cart_item_delete(self, item_id: str) -> None:
        self.read_body()
        if not self.server.shop.store.set_quantity(self.sid, item_id, 0):
            return self.send_json({"error": "This item is no longer in your cart."}, HTTPStatus.NOT_FOUND)
        self._cart()

    # ---- orders -------------------------------------------------------------------------------------

    def api_orders(self) -> None:
        data = self.read_json()
        errors, general = checkout.validate(data)
        if errors or general:
            return self.send_json({"message": "We couldn't place your order.", "errors": errors, "general": general},
                                  HTTPStatus.UNPROCESSABLE_ENTITY)
        customer = {name: str(data.get(name, "")).strip() for name in checkout.FIELDS}
        order = self.server.shop.store.place_order(self.sid, self.market, customer, customer["shipping"],
                                                   customer["payment"], self.frictions)
        if order is None:
            return self.send_json({"message": "Your cart is empty.", "errors": {}, "general": ["Your cart is empty."]},
                                  HTTPStatus.CONFLICT)
        self.send_json(order, HTTPStatus.CREATED)

    def api_order(self, number: str) -> None:
        order = self.server.shop.store.order(number)
        if order is None:
            return self.send_json({"error": "We could not find this order."}, HTTPStatus.NOT_FOUND)
        method = catalogue.SHIPPING_METHODS[order["shipping_method"]]
        self.send_json(dict(order, delivery_days=method["days"]))

    # ---- files and the test hooks -----------------------------------------------------------------

    def image_svg(self, slug: str) -> None:
        product = PRODUCTS.get(slug)
        if product is None:
            return super().not_found()
        self.send_body(HTTPStatus.OK, images.product_svg(product).encode(), "image/svg+xml",
                       cache="public, max-age=3600")

    def static_file(self, name: str) -> None:
        self.send_file(STATIC_DIR, name, cache="public, max-age=300")


class SpaShop(BackgroundShop):
    """The single-page demo shop, served on 127.0.0.1 in a background thread; the same interface as `DemoShop`.

    >>> with SpaShop(frictions=["alert-on-sort"]) as shop:
    ...     shop.url  # doctest: +SKIP
    'http://127.0.0.1:54321'
    """

    handler = SpaHandler
    switches = friction_switches
    store_type = Store
    title = "Single-page demo shop"


serve = SpaShop.serve
