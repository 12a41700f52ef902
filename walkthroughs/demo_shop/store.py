"""The classic shop's server-side state: carts with sizes and coupons, signed-in sessions, and what an order
records (the carts and the order book are `carts.SessionCarts`)."""

from __future__ import annotations

from dataclasses import dataclass

from . import carts
from .carts import MAX_QUANTITY, SessionCarts
from .catalogue import PRODUCTS, coupon_discount, money, shipping_cost

__all__ = ["MAX_QUANTITY", "Cart", "CartLine", "Store"]


@dataclass
class CartLine(carts.CartLine):
    """A line of the cart; `choice` is the size."""

    @property
    def size(self) -> str:
        return self.choice

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
class Cart(carts.Cart):
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


class Store(SessionCarts[Cart]):
    """Carts and orders, and who signed in (session id → the customer's e-mail)."""

    cart_type, line_type, line_prefix, order_prefix, first_order_number = Cart, CartLine, "L", "WT", 10234

    def __init__(self) -> None:
        super().__init__()
        self.signed_in: dict[str, str] = {}

    def set_coupon(self, sid: str, code: str | None) -> None:
        with self._lock:
            self._cart(sid).coupon = code

    def empty(self, sid: str) -> None:
        with self._lock:
            self._carts[sid] = Cart()

    def sign_in(self, sid: str, email: str) -> None:
        with self._lock:
            self.signed_in[sid] = email

    def place_order(self, sid: str, customer: dict, shipping_method: str, payment: str,
                    frictions: frozenset[str]) -> dict | None:
        """Turn the session's cart into an order and empty the cart. None when the cart is empty."""

        def details(cart: Cart) -> dict:
            subtotal, discount = cart.subtotal, cart.discount
            shipping = shipping_cost(subtotal, shipping_method)
            return {
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

        return self._place_order(sid, details)
