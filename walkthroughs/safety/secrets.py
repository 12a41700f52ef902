"""Secrets a journey types (the scenario's `secrets`, passwords, card numbers): masked in screenshots and
replaced by `[secret]` in every text the walk writes.

A value shorter than MIN_REDACTED_LENGTH (a card's security code) is masked in screenshots but not
replaced in text, where it would blank out every price and postcode that happens to contain it.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any, Iterable
from urllib.parse import quote, quote_plus

from playwright.async_api import Locator, Page
from pydantic import BaseModel

from ..gather import probe

REDACTED = "[secret]"
MIN_REDACTED_LENGTH = 6
SECRET_AUTOCOMPLETE = re.compile(r"\b(cc-[a-z-]+|current-password|new-password|one-time-code)\b")

# Everything a page holds as text, including what was typed into its fields (not in the HTML).
PAGE_TEXT_AND_VALUES = """() => [document.documentElement ? document.documentElement.outerHTML : '',
  ...Array.from(document.querySelectorAll('input, textarea, select'), (field) => field.value || '')]"""


def written_forms(value: str) -> set[str]:
    """The ways a typed value shows up in text: as typed, in a URL, in HTML, in JSON; a card number also grouped or not."""
    forms = {value}
    if is_card_number(value):
        digits = re.sub(r"[ -]", "", value)
        groups = re.findall(".{1,4}", digits)
        forms |= {digits, " ".join(groups), "-".join(groups)}
    for form in list(forms):
        forms |= {quote(form, safe=""), quote_plus(form), html.escape(form), json.dumps(form)[1:-1]}
    return forms


def is_card_number(value: str) -> bool:
    """12 to 19 digits (spaces and dashes allowed) that pass the Luhn check."""
    digits = re.sub(r"[ -]", "", value)
    if not digits.isdigit() or not 12 <= len(digits) <= 19:
        return False
    total = 0
    for position, digit in enumerate(int(d) for d in reversed(digits)):
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


class Secrets:
    """The secret values of one journey, the fields they were typed into, and how to hide them."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self.values: set[str] = set()
        self.fields: list[Locator] = []
        self._pattern: re.Pattern[str] | None = None
        for value in values:
            self.add(value)

    def add(self, value: str) -> None:
        if not value or value in self.values:
            return
        self.values |= written_forms(value)
        long_values = sorted((v for v in self.values if len(v) >= MIN_REDACTED_LENGTH), key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, long_values))) if long_values else None

    async def is_secret_fill(self, field: Locator, value: str) -> bool:
        """Whether typing `value` into `field` types a secret: a known one, a card number, or a password or card field."""
        if value in self.values or is_card_number(value):
            return True
        try:
            kind = (await field.get_attribute("type", timeout=2000) or "").lower()
            autocomplete = (await field.get_attribute("autocomplete", timeout=2000) or "").lower()
        except Exception:
            return False
        return kind == "password" or SECRET_AUTOCOMPLETE.search(autocomplete) is not None

    def typed_into(self, field: Locator, value: str) -> None:
        self.add(value)
        self.fields.append(field)

    def redact(self, text: str) -> str:
        return self._pattern.sub(REDACTED, text) if self._pattern and text else text

    def redact_bytes(self, data: bytes) -> bytes:
        for value in sorted(self.values, key=len, reverse=True):
            if len(value) >= MIN_REDACTED_LENGTH:
                data = data.replace(value.encode(), REDACTED.encode())
        return data

    def scrub(self, data: Any) -> Any:
        """`data` (dicts, lists, strings, pydantic records) with every secret replaced; containers change in place."""
        if self._pattern is None:
            return data
        if isinstance(data, str):
            return self.redact(data)
        if isinstance(data, dict):
            for key, item in data.items():
                data[key] = self.scrub(item)
        elif isinstance(data, list):
            for index, item in enumerate(data):
                data[index] = self.scrub(item)
        elif isinstance(data, BaseModel):
            for name in type(data).model_fields:
                value = getattr(data, name)
                cleaned = self.scrub(value)
                if cleaned is not value:
                    setattr(data, name, cleaned)
        return data

    async def shown_on(self, page: Page) -> bool:
        """Whether the page still holds a secret, in its HTML or in a field's value."""
        if not self.values:
            return False
        try:
            texts = await probe.evaluate(page, PAGE_TEXT_AND_VALUES)
        except Exception:
            return True  # cannot tell (the page is changing): assume it does
        html, values = texts[0], set(texts[1:])
        return any(value in values or (len(value) >= MIN_REDACTED_LENGTH and value in html) for value in self.values)
