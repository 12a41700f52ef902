"""What the single-page shop sells, in which markets, and its money rules (prices in cents of each market's currency).

Each market has its own price list, as shops with regional pricing do, and the app formats every amount with the
market's locale (`$27.50` in the US, `25,90 €` in Germany): amounts leave the server as integers, never as text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Market:
    id: str
    label: str  # what the region picker shows
    locale: str
    currency: str
    country: str  # the checkout's default country
    standard_shipping: int
    express_shipping: int
    free_shipping_from: int


MARKETS: dict[str, Market] = {
    market.id: market
    for market in (
        Market("us", "United States · $ USD", "en-US", "USD", "US", 495, 1200, 5000),
        Market("de", "Deutschland · € EUR", "de-DE", "EUR", "DE", 390, 990, 4500),
    )
}
DEFAULT_MARKET = "us"

SHIPPING_METHODS = {
    "standard": {"label": "Standard shipping", "days": "3–5 business days", "min_days": 3, "max_days": 5},
    "express": {"label": "Express shipping", "days": "1–2 business days", "min_days": 1, "max_days": 2},
}
PAYMENT_METHODS = {"card": "Credit or debit card", "paypal": "PayPal"}
COUNTRIES = {"US": "United States", "CA": "Canada", "DE": "Germany", "NL": "Netherlands", "GB": "United Kingdom"}


@dataclass(frozen=True)
class Product:
    slug: str
    title: str
    kind: str  # picks the drawing
    prices: dict[str, int]  # currency → cents
    option: str  # the name of the choice a shopper makes ("Size", "Colour")
    values: tuple[str | int, ...]  # numbers where the shop's data has numbers (ml): add-to-cart-does-nothing
    unit: str  # appended to numeric values ("500 ml")
    stock: int
    rating: float
    review_count: int
    summary: str
    colour: str

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    def value_label(self, value: str | int) -> str:
        return f"{value} {self.unit}".strip() if isinstance(value, int) else str(value)

    def has_value(self, text: str) -> bool:
        return any(str(value) == text for value in self.values)


PRODUCTS: dict[str, Product] = {
    p.slug: p
    for p in (
        Product("gooseneck-kettle", "Gooseneck Kettle", "kettle", {"USD": 6900, "EUR": 6490}, "Colour",
                ("Matte black", "Brushed steel"), "", 14, 4.7, 211,
                "A pour-over kettle with a thin, curved spout for a slow and even pour.", "#2b2d2f"),
        Product("hand-grinder", "Hand Burr Grinder", "grinder", {"USD": 8900, "EUR": 8490}, "Burr",
                ("Steel", "Ceramic"), "", 6, 4.6, 98,
                "Conical burrs and 40 click settings, from espresso to cold brew.", "#8a5a2b"),
        Product("house-blend", "House Blend Beans", "beans", {"USD": 1450, "EUR": 1390}, "Grind",
                ("Whole bean", "Filter", "Espresso"), "", 120, 4.5, 342,
                "Chocolate, hazelnut and a little cherry. Roasted every Tuesday.", "#5b3a29"),
        Product("ceramic-dripper", "Ceramic Dripper", "dripper", {"USD": 2999, "EUR": 2790}, "Size",
                ("Size 01", "Size 02"), "", 25, 4.8, 156,
                "A heavy porcelain cone that keeps the brew hot and the flow steady.", "#d9d4c7"),
        Product("travel-mug", "Insulated Travel Mug", "mug", {"USD": 2750, "EUR": 2590}, "Size",
                (350, 500), "ml", 40, 4.4, 187,
                "Double-walled steel: coffee stays hot for six hours, and the lid does not leak.", "#2f6f8f"),
        Product("glass-carafe", "Glass Carafe", "carafe", {"USD": 3400, "EUR": 3190}, "Size",
                (600, 800), "ml", 18, 4.3, 64,
                "Heat-resistant borosilicate glass with a wooden collar.", "#9fc3c9"),
        Product("paper-filters", "Paper Filters, 100 pack", "filters", {"USD": 650, "EUR": 590}, "Size",
                ("Size 01", "Size 02"), "", 0, 4.9, 410,
                "Unbleached filters that add no papery taste.", "#e8dcc2"),
    )
}


def shipping_cost(market: Market, subtotal: int, method: str = "standard") -> int:
    """Standard shipping is free from the market's threshold; express always costs extra."""
    if method == "express":
        return market.express_shipping
    return 0 if subtotal >= market.free_shipping_from else market.standard_shipping


def stale_price(price: int) -> int:
    """list-price-mismatch: the stale catalogue feed's price, about 10 % lower and ending in 99 or 49."""
    lowered = price * 9 // 10
    return max(99, lowered - lowered % 50 - 1)
