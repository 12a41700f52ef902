"""Read amounts of money the way shops write them (`€1,234.56`, `89,00 €`, `CHF 12.-`, `1 234,56 zł`), to compare
prices across pages. price-parser does the reading: decimal and thousands marks, currency signs and codes."""

from __future__ import annotations

import re

from price_parser import Price

_DIGIT = re.compile(r"\d")


def _price(text: str | None) -> Price | None:
    # price-parser reads "free" as 0; a text without a digit shows no amount, and the detectors must see no price.
    return Price.fromstring(text) if text and _DIGIT.search(text) else None


def parse_amount(text: str | None) -> float | None:
    """The (first) amount in a price text, or None when it shows none."""
    price = _price(text)
    return price.amount_float if price is not None else None


def currency_of(text: str | None) -> str:
    """The currency sign or code in a price text (`€`, `CHF`), or an empty string."""
    price = _price(text) or Price.fromstring(text or "")
    return price.currency or ""


def format_amount(amount: float, currency: str = "") -> str:
    """`€93.95`, `93.95 CHF`: a sign goes before the amount, a code after it (how the findings quote a price)."""
    return f"{currency}{amount:,.2f}" if currency in "€$£¥" else f"{amount:,.2f} {currency}"
