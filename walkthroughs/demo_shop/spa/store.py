"""The single-page shop's server-side state: what a cart line and an order hold (the carts and the order book are
`carts.SessionCarts`).

Carts hold what was chosen, not what it costs: amounts are worked out for the market the request comes from.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import carts
from ..carts import MAX_QUANTITY, SessionCarts
from .catalogue import PRODUCTS, SHIPPING_METHODS, Market, shipping_cost

__all__ = ["MAX_QUANTITY", "Cart", "CartItem", "Store"]


@dataclass
class CartItem(carts.CartLine):
    """An item of the cart; `choice` is the option's value, as the size box sends it ("500", "Matte black")."""

    def priced(self, market: Market) -> dict:
        product = PRODUCTS[self.slug]
        value = next(v for v in product.values if str(v) == self.choice)
        unit_price = product.prices[market.currency]
        return {
            "id": self.id, "slug": self.slug, "title": product.title, "option_name": product.option,
            "option": product.value_label(value), "quantity": self.quantity, "unit_price": unit_price,
            "line_total": unit_price * self.quantity, "image": f"/images/{self.slug}.svg",
        }


@dataclass
class Cart(carts.Cart):
    def priced(self, market: Market, method: str = "standard") -> dict:
        """What the cart and checkout show, in the market's currency (cents)."""
        items = [item.priced(market) for item in self.lines]
        subtotal = sum(item["line_total"] for item in items)
        options = {name: shipping_cost(market, subtotal, name) if items else 0 for name in SHIPPING_METHODS}
        shipping = options[method]
        return {
            "market": market.id, "currency": market.currency, "locale": market.locale, "items": items,
            "count": sum(item.quantity for item in self.lines), "subtotal": subtotal, "shipping": shipping,
            "shipping_method": method, "shipping_options": options, "total": subtotal + shipping,
            "free_shipping_from": market.free_shipping_from,
        }


class Store(SessionCarts[Cart]):
    """Carts and orders, priced per market."""

    cart_type, line_type, line_prefix, order_prefix, first_order_number = Cart, CartItem, "i", "GH", 20481

    def place_order(self, sid: str, market: Market, customer: dict, method: str, payment: str,
                    frictions: frozenset[str]) -> dict | None:
        """Turn the session's cart into an order and empty the cart. None when the cart is empty."""

        def details(cart: Cart) -> dict:
            priced = cart.priced(market, method)
            return {
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

        return self._place_order(sid, details)
