"""What the demo shop sells, and the money rules (prices in euro cents, shipping, formatting)."""

from __future__ import annotations

from dataclasses import dataclass

STANDARD_SHIPPING = 495
EXPRESS_SHIPPING = 995
FREE_SHIPPING_FROM = 10000

SHIPPING_METHODS = {
    "standard": {"label": "Standard delivery", "days": "3–5 working days", "min_days": 3, "max_days": 5},
    "express": {"label": "Express delivery", "days": "1–2 working days", "min_days": 1, "max_days": 2},
}
PAYMENT_METHODS = {"card": "Card", "paypal": "PayPal", "invoice": "Invoice"}
COUNTRIES = {
    "DE": "Germany", "AT": "Austria", "BE": "Belgium", "FR": "France", "IE": "Ireland", "IT": "Italy",
    "NL": "Netherlands", "ES": "Spain", "GB": "United Kingdom",
}


@dataclass(frozen=True)
class Review:
    author: str
    stars: int
    text: str


@dataclass(frozen=True)
class Product:
    slug: str
    title: str
    kind: str  # shoe, boot, jacket, vest, socks: picks the drawing
    price: int  # euro cents
    colour: str
    sizes: tuple[str, ...]
    stock: int
    rating: float
    review_count: int
    summary: str
    reviews: tuple[Review, ...]
    alternative: str | None = None  # the in-stock product a sold-out one suggests

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    @property
    def image_url(self) -> str:
        return f"/images/{self.slug}.svg"

    def as_dict(self) -> dict:
        return {
            "slug": self.slug, "title": self.title, "price": self.price, "price_text": money(self.price),
            "url": f"/product/{self.slug}", "image": self.image_url, "in_stock": self.in_stock,
            "rating": self.rating,
        }


PRODUCTS: dict[str, Product] = {
    p.slug: p
    for p in (
        Product(
            "trail-runner", "Trail Runner 2", "shoe", 8900, "#1d6b5a", tuple(str(n) for n in range(38, 47)), 12,
            4.6, 128, "A light, grippy trail shoe with a rock plate and a roomy toe box.",
            (Review("Anna K.", 5, "Comfortable from the first run, great grip on wet roots."),
             Review("Marco P.", 4, "Runs a little small — I went half a size up.")),
        ),
        Product(
            "city-sneaker", "City Sneaker", "shoe", 6900, "#3b4a9c", tuple(str(n) for n in range(36, 46)), 30,
            4.3, 86, "A clean leather sneaker for every day, with a cushioned insole.",
            (Review("Sofie D.", 4, "Looks great with everything."), Review("Jon B.", 4, "Needed a week to break in.")),
        ),
        Product(
            "storm-jacket", "Storm Rain Jacket", "jacket", 12900, "#a23b2a", ("XS", "S", "M", "L", "XL"), 7,
            4.7, 54, "A fully taped, breathable rain shell that packs into its own pocket.",
            (Review("Lea M.", 5, "Stayed dry through a whole day of rain."),
             Review("Tom H.", 4, "Hood is excellent, sleeves a bit long.")),
        ),
        Product(
            "down-vest", "Featherlight Down Vest", "vest", 9900, "#6b4f1d", ("S", "M", "L", "XL"), 0,
            4.4, 31, "A warm, featherlight vest filled with responsibly sourced down.",
            (Review("Nina R.", 5, "So warm for how little it weighs."), Review("Paul S.", 4, "Great layer for autumn.")),
            alternative="storm-jacket",
        ),
        Product(
            "ridge-boot", "Ridge Hiking Boot", "boot", 14900, "#5a3a22", tuple(str(n) for n in range(38, 47)), 9,
            4.5, 73, "A waterproof leather boot with a stiff sole for long days in the mountains.",
            (Review("Eva L.", 5, "No blisters on a 20 km hike."), Review("Ben W.", 4, "Heavy, but very supportive.")),
        ),
        Product(
            "merino-socks", "Merino Running Socks", "socks", 1495, "#7a2f6b", ("35–38", "39–42", "43–46"), 80,
            4.8, 212, "Thin merino socks that stay dry and don't smell, even after a long run.",
            (Review("Kim T.", 5, "The only socks I run in now."), Review("Ravi N.", 5, "Soft and durable.")),
        ),
    )
}


# Codes a shopper can type in the cart: code → percent off the goods (not the shipping).
COUPONS = {"RUN10": 10}


def coupon_discount(code: str | None, subtotal: int) -> int:
    """The discount in cents a valid code gives on `subtotal`; 0 without one."""
    return subtotal * COUPONS[code] // 100 if code in COUPONS else 0


def money(cents: int) -> str:
    """`€89.00` — how the shop writes every amount."""
    return f"€{cents // 100:,}.{cents % 100:02d}"


def shipping_cost(subtotal: int, method: str = "standard") -> int:
    """Standard delivery is free from €100; express always costs extra."""
    if method == "express":
        return EXPRESS_SHIPPING
    return 0 if subtotal >= FREE_SHIPPING_FROM else STANDARD_SHIPPING


def search(query: str) -> list[Product]:
    """Products whose title, kind or summary contain every word of the query."""
    words = [w for w in query.lower().split() if w]
    if not words:
        return []
    found = []
    for product in PRODUCTS.values():
        haystack = f"{product.title} {product.kind} {product.kind}s {product.summary}".lower()
        if all(word in haystack for word in words):
            found.append(product)
    return found
