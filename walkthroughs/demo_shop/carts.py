"""What both shops' stores share: a cart per session id and the order book, behind one lock (handlers run in
threads, so every change takes it). Each shop's store says what a cart line holds and what an order records."""

from __future__ import annotations

import itertools
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, ClassVar, Generic, TypeVar

MAX_QUANTITY = 10


@dataclass
class CartLine:
    """One product in a cart: its slug, the size or option chosen (as the shop's form sends it), how many."""

    id: str
    slug: str
    choice: str
    quantity: int


@dataclass
class Cart:
    lines: list = field(default_factory=list)


CartType = TypeVar("CartType", bound=Cart)


class SessionCarts(Generic[CartType]):
    """Carts keyed by session id, and the order book. Subclasses name their cart and line types, the prefixes of
    line ids and order numbers, and the first order number (each shop's own series)."""

    cart_type: ClassVar[type[Cart]]
    line_type: ClassVar[type[CartLine]]
    line_prefix: ClassVar[str]
    order_prefix: ClassVar[str]
    first_order_number: ClassVar[int]

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._carts: dict[str, CartType] = {}
        self._line_ids = itertools.count(1)
        self._order_numbers = itertools.count(self.first_order_number)
        self.orders: list[dict] = []

    @staticmethod
    def new_session_id() -> str:
        return secrets.token_urlsafe(18)

    def _cart(self, sid: str) -> CartType:
        return self._carts.setdefault(sid, self.cart_type())

    def cart(self, sid: str) -> CartType:
        with self._lock:
            return self._cart(sid)

    def add(self, sid: str, slug: str, choice: str, quantity: int) -> CartLine:
        """Put `quantity` of a product in the cart; the same product and choice again adds to its line."""
        with self._lock:
            cart = self._cart(sid)
            for line in cart.lines:
                if line.slug == slug and line.choice == choice:
                    line.quantity = min(MAX_QUANTITY, line.quantity + quantity)
                    return line
            line_id = f"{self.line_prefix}{next(self._line_ids)}"
            line = self.line_type(line_id, slug, choice, min(MAX_QUANTITY, quantity))
            cart.lines.append(line)
            return line

    def set_quantity(self, sid: str, line_id: str, quantity: int) -> bool:
        """Change a line's quantity; 0 removes it. False when the line is not in this session's cart."""
        with self._lock:
            cart = self._cart(sid)
            line = next((line for line in cart.lines if line.id == line_id), None)
            if line is None:
                return False
            if quantity <= 0:
                cart.lines.remove(line)
            else:
                line.quantity = min(MAX_QUANTITY, quantity)
            return True

    def _place_order(self, sid: str, details: Callable[[CartType], dict]) -> dict | None:
        """Turn the session's cart into an order (`details` says what it records of the cart) and empty the cart.
        None when the cart is empty."""
        with self._lock:
            cart = self._cart(sid)
            if not cart.lines:
                return None
            order = {
                "number": f"{self.order_prefix}-{next(self._order_numbers)}",
                "placed_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "session": sid[:6],
                **details(cart),
            }
            self.orders.append(order)
            self._carts[sid] = self.cart_type()
            return order

    def order(self, number: str) -> dict | None:
        with self._lock:
            return next((order for order in self.orders if order["number"] == number), None)
