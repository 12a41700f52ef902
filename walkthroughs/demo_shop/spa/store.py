"""The single-page shop's server-side state: a cart per session cookie and the orders placed, behind one lock.

Carts hold what was chosen, not what it costs: amounts are worked out for the market the request comes from.
"""

from __future__ import annotations

import itertools
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .catalogue import PRODUCTS, SHIPPING_METHODS, Market, shipping_cost

MAX_QUANTITY = 10


@dataclass
class CartItem:
    id: str
    slug: str
    option: str  # the chosen value, as the size box sends it ("500", "Matte black")
    quantity: int

    def priced(self, market: Market) -> dict:
        product = PRODUCTS[self.slug]
        value = next(v for v in product.values if str(v) == self.option)
        unit_price = product.prices[market.currency]
        return {
            "id": self.id, "slug": self.slug, "title": product.title, "option_name": product.option,
            "option": product.value_label(value), "quantity": self.quantity, "unit_price": unit_price,
            "line_total": unit_price * self.quantity, "image": f"/images/{self.slug}.svg",
        }


@dataclass
class Cart:
    items: list[CartItem] = field(default_factory=list)

    def priced(self, market: Market, method: str = "standard") -> dict:
        """What the cart and checkout show, in the market's currency (cents)."""
        items = [item.priced(market) for item in self.items]
        subtotal = sum(item["line_total"] for item in items)
        options = {name: shipping_cost(market, subtotal, name) if items else 0 for name in SHIPPING_METHODS}
        shipping = options[method]
        return {
            "market": market.id, "currency": market.currency, "locale": market.locale, "items": items,
            "count": sum(item.quantity for item in self.items), "subtotal": subtotal, "shipping": shipping,
            "shipping_method": method, "shipping_options": options, "total": subtotal + shipping,
            "free_shipping_from": market.free_shipping_from,
        }


class Store:
    """Carts keyed by session id, and the order book. Handlers run in threads, so every change takes the lock."""

    def __init__(self, first_order_number: int = 20481):
        self._lock = threading.Lock()
        self._carts: dict[str, Cart] = {}
        self._item_ids = itertools.count(1)
        self._order_numbers = itertools.count(first_order_number)
        self.orders: list[dict] = []

    @staticmethod
    def new_session_id() -> str:
        return secrets.token_urlsafe(18)

    def cart(self, sid: str) -> Cart:
        with self._lock:
            return self._carts.setdefault(sid, Cart())

    def add(self, sid: str, slug: str, option: str, quantity: int) -> CartItem:
        with self._lock:
            cart = self._carts.setdefault(sid, Cart())
            for item in cart.items:
                if item.slug == slug and item.option == option:
                    item.quantity = min(MAX_QUANTITY, item.quantity + quantity)
                    return item
            item = CartItem(f"i{next(self._item_ids)}", slug, option, min(MAX_QUANTITY, quantity))
            cart.items.append(item)
            return item

    def set_quantity(self, sid: str, item_id: str, quantity: int) -> bool:
        """Change an item's quantity; 0 removes it. False when the item is not in this session's cart."""
        with self._lock:
            cart = self._carts.setdefault(sid, Cart())
            item = next((i for i in cart.items if i.id == item_id), None)
            if item is None:
                return False
            if quantity <= 0:
                cart.items.remove(item)
            else:
                item.quantity = min(MAX_QUANTITY, quantity)
            return True

    def place_order(self, sid: str, market: Market, customer: dict, method: str, payment: str,
                    frictions: frozenset[str]) -> dict | None:
        """Turn the session's cart into an order and empty the cart. None when the cart is empty."""
        with self._lock:
            cart = self._carts.setdefault(sid, Cart())
            if not cart.items:
                return None
            priced = cart.priced(market, method)
            order = {
                "number": f"GH-{next(self._order_numbers)}",
                "placed_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "session": sid[:6],
                "email": customer["email"],
                "name": f"{customer['first_name']} {customer['last_name']}",
                "country": customer["country"],
                "shipping_method": method,
                "payment": payment,
                "currency": market.currency,
                "locale": market.locale,
                "items": priced["items"],
                "subtotal": priced["subtotal"],
                "shipping": priced["shipping"],
                "total": priced["total"],
                "frictions": sorted(frictions),
            }
            self.orders.append(order)
            cart.items.clear()
            return order

    def order(self, number: str) -> dict | None:
        with self._lock:
            return next((order for order in self.orders if order["number"] == number), None)
