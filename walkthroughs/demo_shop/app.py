"""The demo shop's HTTP server: routes, sessions and responses, on the standard library's ThreadingHTTPServer.

Every page is a Jinja2 template rendered with `frictions` (the switches on for this request), so each
defect lives in one `{% if "id" in frictions %}` block or one `if "id" in frictions:` line here.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from datetime import date, timedelta
from http import HTTPStatus
from pathlib import Path
from typing import Iterable
from urllib.parse import parse_qs, urlsplit

from jinja2 import Environment, FileSystemLoader

from . import catalogue, checkout, images
from . import frictions as friction_switches
from .catalogue import PRODUCTS, money
from .serving import BackgroundShop, ShopRequestHandler, routes
from .store import MAX_QUANTITY, Store

PACKAGE_DIR = Path(__file__).parent
STATIC_DIR = PACKAGE_DIR / "static"


@dataclass(frozen=True)
class Delays:
    """How slow the slow switches are. Walks need these figures (each is tuned against what Chrome measures, see
    below); tests of the shop's own pages pass shorter ones instead of sleeping for seconds."""

    slow_product: float = 3.0  # slow-product: seconds before /product/<slug> answers
    # landing-layout-shift: the promo script arrives this late and inserts its banner (before the load event; not
    # earlier, because touch emulation reports an "input" at ~100 ms and Chrome ignores layout shifts within 500 ms
    # of input)
    promo_script: float = 1.0
    heavy_image: float = 1.0  # slow-heavy-product: the big PNG starts after this wait ...
    heavy_image_bytes_per_second: int = 1_000_000  # ... and trickles in at this rate (about 3 s for ~3 MB)
    # ... and its render-blocking tag script arrives this late, so nothing paints for over 4 s however fast the
    # shopper is (Chrome stops counting LCP at the first tap, so a late image alone depends on the walker's pace)
    heavy_script: float = 3.8


DEMO_PASSWORD = "walkthrough"  # /account/sign-in accepts any e-mail address with this password

_environment = Environment(
    loader=FileSystemLoader(PACKAGE_DIR / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True,
)
_environment.globals.update(favicon_data_uri=images.FAVICON_DATA_URI, money=money, countries=catalogue.COUNTRIES,
                            products=PRODUCTS,
                            shipping_methods=catalogue.SHIPPING_METHODS, payment_methods=catalogue.PAYMENT_METHODS,
                            standard_shipping=catalogue.STANDARD_SHIPPING, express_shipping=catalogue.EXPRESS_SHIPPING,
                            free_shipping_from=catalogue.FREE_SHIPPING_FROM)


def cart_summary(cart, on: frozenset[str], method: str = "standard") -> dict:
    """What the cart and checkout show: lines, subtotal, discount, shipping, total (late-shipping hides the
    shipping)."""
    subtotal, discount = cart.subtotal, cart.discount
    if "late-shipping" in on:
        shipping, shipping_text = 0, "Calculated later"
    else:
        shipping = catalogue.shipping_cost(subtotal, method)
        shipping_text = money(shipping) if shipping else "Free"
    return {
        "count": cart.count, "lines": [line.as_dict() for line in cart.lines],
        "subtotal": subtotal, "subtotal_text": money(subtotal),
        "coupon": cart.coupon if discount else None, "discount": discount, "discount_text": f"−{money(discount)}",
        "shipping": shipping, "shipping_text": shipping_text,
        "total": subtotal - discount + shipping, "total_text": money(subtotal - discount + shipping),
    }


_SLUG = r"([a-z0-9-]+)"
ROUTES = routes(
    ("GET", r"/", "page_home"),
    ("GET", r"/catalogue", "page_catalogue"),
    ("GET", r"/search", "page_search"),
    ("GET", r"/help", "page_help"),
    ("GET", rf"/landing/{_SLUG}", "page_landing"),
    ("GET", rf"/product/{_SLUG}", "page_product"),
    ("GET", r"/cart", "page_cart"),
    ("GET", r"/checkout", "page_checkout"),
    ("GET", r"/checkout/continue", "page_checkout_continue"),
    ("POST", r"/checkout", "post_checkout"),
    ("GET", r"/order/(WT-\d+)", "page_order"),
    ("GET", r"/api/cart", "api_cart"),
    ("POST", r"/api/cart", "api_cart_add"),
    ("POST", r"/api/cart/lines/(L\d+)", "api_cart_line"),
    ("POST", r"/api/cart/coupon", "api_cart_coupon"),
    ("POST", r"/api/cart/empty", "api_cart_empty"),
    ("GET", r"/account", "page_account"),
    ("GET", r"/account/sign-in", "page_sign_in"),
    ("POST", r"/account/sign-in", "post_sign_in"),
    ("GET", r"/__client", "page_client"),
    ("GET", r"/api/recommendations", "api_recommendations"),
    ("GET", rf"/images/{_SLUG}\.svg", "image_svg"),
    ("GET", rf"/images/{_SLUG}-large\.png", "image_heavy"),
    ("GET", r"/static/([a-z0-9-]+\.(?:css|js))", "static_file"),
)


class ShopHandler(ShopRequestHandler):
    """One request. `self.server.shop` is the DemoShop; `self.frictions` the switches on for this browser."""

    server_version = "WalkthroughsDemoShop/1.0"
    routes = ROUTES
    log_name = "demo-shop"
    json_indent = 1
    favicon_svg = images.FAVICON_SVG

    def _prepare(self) -> None:
        super()._prepare()
        self.query_string = urlsplit(self.path).query
        self.query = {k: v[-1] for k, v in parse_qs(self.query_string).items()}

    def render(self, template: str, status: int = HTTPStatus.OK, **context) -> None:
        cart = self.server.shop.store.cart(self.sid)
        html = _environment.get_template(template).render(
            frictions=self.frictions, cart_count=cart.count, request_path=self.route, cookies=self.cookies,
            analytics=self.server.shop.analytics, signed_in=self.server.shop.store.signed_in.get(self.sid),
            **context,
        )
        self.send_body(status, html.encode(), "text/html; charset=utf-8")

    def redirect(self, location: str, status: int = HTTPStatus.SEE_OTHER) -> None:
        self.send_body(status, b"", "text/plain", [("Location", location)])

    def not_found(self) -> None:
        if self.route.startswith(("/images/", "/static/", "/api/")):
            self.send_body(HTTPStatus.NOT_FOUND, b"Not found", "text/plain")
        else:
            self.render("not_found.html.j2", status=HTTPStatus.NOT_FOUND, suggestions=list(PRODUCTS.values())[:3])

    # ---- pages ------------------------------------------------------------------------------------

    def page_home(self) -> None:
        self.render("home.html.j2", featured=list(PRODUCTS.values())[:3])

    def page_catalogue(self) -> None:
        self.render("catalogue.html.j2", items=list(PRODUCTS.values()))

    def page_search(self) -> None:
        query = self.query.get("q", "").strip()
        results = catalogue.search(query)
        in_stock = [p for p in PRODUCTS.values() if p.in_stock]
        suggestions = [] if results or "search-dead-end" in self.frictions else in_stock[:3]
        self.render("search.html.j2", query=query, results=results, suggestions=suggestions)

    def page_help(self) -> None:
        self.render("help.html.j2")

    def page_landing(self, slug: str) -> None:
        product = PRODUCTS.get(slug)
        if product is None:
            return self.not_found()
        shop_now = f"/product/{slug}" + (f"?{self.query_string}" if self.query_string else "")
        self.render("landing.html.j2", product=product, shop_now_url=shop_now)

    def page_product(self, slug: str) -> None:
        product = PRODUCTS.get(slug)
        if product is None:
            return self.not_found()
        if "slow-product" in self.frictions:
            time.sleep(self.server.shop.delays.slow_product)
        if "broken-image" in self.frictions:
            image_url = f"/images/{slug}-main.jpg"  # nobody uploaded it
        elif "slow-heavy-product" in self.frictions:
            image_url = f"/images/{slug}-large.png"
        else:
            image_url = product.image_url
        others = [p for p in PRODUCTS.values() if p.slug != slug][:3]
        alternative = PRODUCTS.get(product.alternative or "") if not product.in_stock else None
        self.render("product.html.j2", product=product, image_url=image_url, others=others, alternative=alternative)

    def page_cart(self) -> None:
        cart = self.server.shop.store.cart(self.sid)
        self.render("cart.html.j2", summary=cart_summary(cart, self.frictions), max_quantity=MAX_QUANTITY)

    def page_checkout(self, form: dict | None = None, errors: dict | None = None, submit: str = "Place order") -> None:
        form = form or {"shipping": "standard", "payment": "card", "country": "",
                        "email": self.server.shop.store.signed_in.get(self.sid, "")}
        cart = self.server.shop.store.cart(self.sid)
        summary = cart_summary(cart, self.frictions, form.get("shipping", "standard"))
        self.render("checkout.html.j2", summary=summary, form=form, errors=errors or {}, submit=submit)

    def page_checkout_continue(self) -> None:
        """The same checkout, its order button labelled “Continue”: the words of a production walk do not know it,
        so only the network guard stands between the walk and an order (tests/production)."""
        self.page_checkout(submit="Continue")

    def post_checkout(self) -> None:
        form = {k: v[-1] for k, v in parse_qs(self.read_body().decode("utf-8", "replace")).items()}
        forced_account = "forced-account" in self.frictions
        errors = checkout.validate(form, forced_account=forced_account)
        if errors:
            return self.page_checkout(form, errors)
        customer = dict(form, account=forced_account or form.get("account") == "yes")
        order = self.server.shop.store.place_order(
            self.sid, customer, form["shipping"], form["payment"], self.frictions
        )
        if order is None:
            return self.redirect("/cart")
        self.redirect(f"/order/{order['number']}")

    def page_order(self, number: str) -> None:
        order = self.server.shop.store.order(number)
        if order is None:
            return self.not_found()
        method = catalogue.SHIPPING_METHODS[order["shipping_method"]]
        today = date.today()
        delivery = (_working_days_after(today, method["min_days"]), _working_days_after(today, method["max_days"]))
        self.render("order.html.j2", order=order, method=method, delivery=delivery)

    # ---- API and files ----------------------------------------------------------------------------

    def api_cart(self) -> None:
        self.send_json(cart_summary(self.server.shop.store.cart(self.sid), self.frictions))

    def api_cart_add(self) -> None:
        data = self.read_json()
        if "flaky-add-to-cart" in self.frictions and self.server.shop.every_other_fails():
            return self.send_json({"error": "Sorry, something went wrong. Please try again."},
                                  HTTPStatus.SERVICE_UNAVAILABLE)
        product = PRODUCTS.get(str(data.get("slug", "")))
        size = str(data.get("size", ""))
        try:
            quantity = int(data.get("quantity", 1))
        except (TypeError, ValueError):
            quantity = 0
        if product is None:
            return self.send_json({"error": "This product does not exist."}, HTTPStatus.NOT_FOUND)
        if not product.in_stock:
            return self.send_json({"error": "Sorry, this product is out of stock."}, HTTPStatus.CONFLICT)
        if size not in product.sizes:
            return self.send_json({"error": "Please choose a size."}, HTTPStatus.BAD_REQUEST)
        if not 1 <= quantity <= MAX_QUANTITY:
            return self.send_json({"error": f"Choose a quantity from 1 to {MAX_QUANTITY}."}, HTTPStatus.BAD_REQUEST)
        line = self.server.shop.store.add(self.sid, product.slug, size, quantity)
        summary = cart_summary(self.server.shop.store.cart(self.sid), self.frictions)
        self.send_json(dict(summary, added=line.as_dict(), message="Added to cart"), HTTPStatus.CREATED)

    def api_cart_line(self, line_id: str) -> None:
        data = self.read_json()
        try:
            quantity = max(0, min(MAX_QUANTITY, int(data.get("quantity", 0))))
        except (TypeError, ValueError):
            return self.send_json({"error": "Quantity must be a number."}, HTTPStatus.BAD_REQUEST)
        if not self.server.shop.store.set_quantity(self.sid, line_id, quantity):
            return self.send_json({"error": "This item is no longer in your cart."}, HTTPStatus.NOT_FOUND)
        self.send_json(cart_summary(self.server.shop.store.cart(self.sid), self.frictions))

    def api_cart_coupon(self) -> None:
        """Check a coupon code; a wrong code is an answer (`applied: false`), not a failed request."""
        code = str(self.read_json().get("code", "")).strip().upper()
        if not code:
            return self.send_json({"applied": False, "error": "Enter the code from your voucher."})
        if code not in catalogue.COUPONS:
            return self.send_json({"applied": False, "error": f"“{code}” is not a valid code. Check the spelling: "
                                                              "codes are letters and digits, like RUN10."})
        self.server.shop.store.set_coupon(self.sid, code)
        summary = cart_summary(self.server.shop.store.cart(self.sid), self.frictions)
        self.send_json(dict(summary, applied=True, message=f"Code {code} applied: {catalogue.COUPONS[code]}% off."))

    def api_cart_empty(self) -> None:
        self.read_body()  # a body left unread would be taken for the next request on this connection
        self.server.shop.store.empty(self.sid)
        self.send_json(cart_summary(self.server.shop.store.cart(self.sid), self.frictions))

    def page_sign_in(self, error: str | None = None, email: str = "") -> None:
        self.render("sign_in.html.j2", error=error, email=email,
                    status=HTTPStatus.UNAUTHORIZED if error else HTTPStatus.OK)

    def post_sign_in(self) -> None:
        form = {k: v[-1] for k, v in parse_qs(self.read_body().decode("utf-8", "replace")).items()}
        email = form.get("email", "").strip()
        if not checkout.valid_email(email) or form.get("password") != DEMO_PASSWORD:
            return self.page_sign_in("That e-mail address and password do not match an account.", email)
        self.server.shop.store.sign_in(self.sid, email)
        self.redirect("/account")

    def page_account(self) -> None:
        if self.server.shop.store.signed_in.get(self.sid) is None:
            return self.redirect("/account/sign-in")
        self.render("account.html.j2")

    def page_client(self) -> None:
        """What the shop sees of the browser: its language, time zone, colour scheme, motion and place."""
        self.render("client.html.j2", accept_language=self.headers.get("Accept-Language", ""))

    def api_recommendations(self) -> None:
        if "cart-api-500" in self.frictions:
            return self.send_json({"error": "recommendation service unavailable"}, HTTPStatus.INTERNAL_SERVER_ERROR)
        in_cart = {line.slug for line in self.server.shop.store.cart(self.sid).lines}
        picks = [p.as_dict() for p in PRODUCTS.values() if p.slug not in in_cart and p.in_stock][:3]
        self.send_json({"products": picks})

    def image_svg(self, slug: str) -> None:
        product = PRODUCTS.get(slug)
        if product is None:
            return self.not_found()
        self.send_body(HTTPStatus.OK, images.product_svg(product).encode(), "image/svg+xml")

    def image_heavy(self, slug: str) -> None:
        if slug not in PRODUCTS:
            return self.not_found()
        body = images.heavy_png()
        delays = self.server.shop.delays
        time.sleep(delays.heavy_image)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        chunk = 64 * 1024
        for start in range(0, len(body), chunk):  # trickle like a big file on a real connection
            self.wfile.write(body[start:start + chunk])
            time.sleep(chunk / delays.heavy_image_bytes_per_second)

    def static_file(self, name: str) -> None:
        if name == "promo.js":
            time.sleep(self.server.shop.delays.promo_script)
        if name == "vendor-heavy.js":
            time.sleep(self.server.shop.delays.heavy_script)
        self.send_file(STATIC_DIR, name)


def _working_days_after(start: date, days: int) -> date:
    current = start
    while days:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


class DemoShop(BackgroundShop):
    """The bundled shop, served on 127.0.0.1 in a background thread.

    >>> with DemoShop(frictions=["slow-product"]) as shop:
    ...     shop.url  # doctest: +SKIP
    'http://127.0.0.1:54321'
    """

    handler = ShopHandler
    switches = friction_switches
    store_type = Store
    title = "Demo shop"

    def __init__(self, port: int = 0, frictions: Iterable[str] = (), host: str = "127.0.0.1", verbose: bool = False,
                 analytics: Iterable[str] = (), delays: Delays = Delays()):
        super().__init__(port, frictions, host, verbose, analytics)
        self.delays = delays
        self._add_requests = itertools.count(1)  # flaky-add-to-cart: every other add-to-cart request fails

    def every_other_fails(self) -> bool:
        """True for the 2nd, 4th, … call across every browser: a flaky service behind the shop."""
        return next(self._add_requests) % 2 == 0


serve = DemoShop.serve
