"""Server-side state: a cart per session cookie and the orders placed, behind one lock."""

from __future__ import annotations

import itertools
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .catalogue import PRODUCTS, coupon_discount, money, shipping_cost

MAX_QUANTITY = 10


@dataclass
class CartLine:
    id: str
    slug: str
    size: str
    quantity: int

    @property
    def product(self):
        return PRODUCTS[self.slug]

    @property
    def line_total(self) -> int:
        return self.product.price * self.quantity

    def as_dict(self) -> dict:
        product = self.product
        return {
            "id": self.id, "slug": self.slug, "title": product.title, "size": self.size,
            "quantity": self.quantity, "unit_price": product.price, "unit_price_text": money(product.price),
            "line_total": self.line_total, "line_total_text": money(self.line_total),
        }


@dataclass
class Cart:
    lines: list[CartLine] = field(default_factory=list)
    coupon: str | None = None  # a valid code the shopper applied

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def subtotal(self) -> int:
        return sum(line.line_total for line in self.lines)

    @property
    def discount(self) -> int:
        return coupon_discount(self.coupon, self.subtotal)

    def find(self, line_id: str) -> CartLine | None:
        return next((line for line in self.lines if line.id == line_id), None)


class Store:
    """Carts keyed by session id, and the order book. Handlers run in threads, so every change takes the lock."""

    def __init__(self, first_order_number: int = 10234):
        self._lock = threading.Lock()
        self._carts: dict[str, Cart] = {}
        self._line_ids = itertools.count(1)
        self._order_numbers = itertools.count(first_order_number)
        self.orders: list[dict] = []
        self.signed_in: dict[str, str] = {}  # session id → the customer's e-mail

    @staticmethod
    def new_session_id() -> str:
        return secrets.token_urlsafe(18)

    def cart(self, sid: str) -> Cart:
        with self._lock:
            return self._carts.setdefault(sid, Cart())

    def add(self, sid: str, slug: str, size: str, quantity: int) -> CartLine:
        with self._lock:
            cart = self._carts.setdefault(sid, Cart())
            for line in cart.lines:
                if line.slug == slug and line.size == size:
                    line.quantity = min(MAX_QUANTITY, line.quantity + quantity)
                    return line
            line = CartLine(f"L{next(self._line_ids)}", slug, size, min(MAX_QUANTITY, quantity))
            cart.lines.append(line)
            return line

    def set_quantity(self, sid: str, line_id: str, quantity: int) -> bool:
        """Change a line's quantity; 0 removes it. False when the line is not in this session's cart."""
        with self._lock:
            cart = self._carts.setdefault(sid, Cart())
            line = cart.find(line_id)
            if line is None:
                return False
            if quantity <= 0:
                cart.lines.remove(line)
            else:
                line.quantity = min(MAX_QUANTITY, quantity)
            return True

    def set_coupon(self, sid: str, code: str | None) -> None:
        with self._lock:
            self._carts.setdefault(sid, Cart()).coupon = code

    def empty(self, sid: str) -> None:
        with self._lock:
            self._carts[sid] = Cart()

    def sign_in(self, sid: str, email: str) -> None:
        with self._lock:
            self.signed_in[sid] = email

    def place_order(self, sid: str, customer: dict, shipping_method: str, payment: str,
                    frictions: frozenset[str]) -> dict | None:
        """Turn the session's cart into an order and empty the cart. None when the cart is empty."""
        with self._lock:
            cart = self._carts.setdefault(sid, Cart())
            if not cart.lines:
                return None
            subtotal, discount = cart.subtotal, cart.discount
            shipping = shipping_cost(subtotal, shipping_method)
            order = {
                "number": f"WT-{next(self._order_numbers)}",
                "placed_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "session": sid[:6],
                "email": customer.get("email", ""),
                "name": customer.get("name", ""),
                "country": customer.get("country", ""),
                "account": bool(customer.get("account")),
                "shipping_method": shipping_method,
                "payment": payment,
                "lines": [line.as_dict() for line in cart.lines],
                "subtotal": subtotal,
                "discount": discount,
                "coupon": cart.coupon if discount else None,
                "shipping": shipping,
                "total": subtotal - discount + shipping,
                "frictions": sorted(frictions),
            }
            self.orders.append(order)
            cart.lines.clear()
            cart.coupon = None
            return order

    def order(self, number: str) -> dict | None:
        with self._lock:
            return next((order for order in self.orders if order["number"] == number), None)
