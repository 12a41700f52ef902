"""Secrets a journey types (the scenario's `secrets`, passwords, card numbers): masked in screenshots and
replaced by `[secret]` in every text the walk writes.

A typed value shorter than MIN_REDACTED_LENGTH (a card's security code) is masked in screenshots but not
replaced in text, where it would blank out every price and postcode that happens to contain it. A secret the
scenario names is never left in text: a short one is replaced where it stands alone (not inside a longer word
or number), with a warning before the walk (`short_secret_warnings`). A shop that echoes the first
PREFIX_LENGTH characters or more of a long secret (a truncated token, a "did you mean") has that part replaced too.
"""

from __future__ import annotations

import html
import json
import os
import re
from typing import Any, Iterable
from urllib.parse import quote, quote_plus

from playwright.async_api import Locator, Page
from pydantic import BaseModel

from ..gather import probe

REDACTED = "[secret]"
MIN_REDACTED_LENGTH = 6
PREFIX_LENGTH = 12
SECRET_AUTOCOMPLETE = re.compile(r"\b(cc-[a-z-]+|current-password|new-password|one-time-code)\b")
# A field's `type` and `autocomplete`: what says it takes a secret (the walker's one-call look reads them too).
FIELD_ATTRIBUTES = "(el) => [el.getAttribute('type'), el.getAttribute('autocomplete')]"

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


def short_secret_warnings(scenario: Any) -> list[str]:
    """One warning per secret the scenario names whose value (from the environment) is too short to be redacted
    everywhere it appears."""
    warnings = []
    for name in scenario.secrets:
        value = os.environ.get(name) or ""
        if 0 < len(value) < MIN_REDACTED_LENGTH:
            warnings.append(f"the secret {name} of scenario {scenario.name!r} is only {len(value)} characters long: it "
                            "is replaced by [secret] only where it stands alone, not inside longer words or numbers, "
                            f"and any other text equal to it is replaced too; use {MIN_REDACTED_LENGTH} or more")
    return warnings


def _alone(value: str) -> str:
    return rf"(?<![0-9A-Za-z]){re.escape(value)}(?![0-9A-Za-z])"


class Secrets:
    """The secret values of one journey, the fields they were typed into, and how to hide them. `named` are the
    scenario's own secrets, redacted whatever their length."""

    def __init__(self, values: Iterable[str] = (), named: Iterable[str] = ()) -> None:
        self.values: set[str] = set()
        self._short_named: set[str] = set()
        self.fields: list[Locator] = []
        self._pattern: re.Pattern[str] | None = None
        self._by_prefix: dict[str, list[str]] = {}
        for value in named:
            self.add(value, named=True)
        for value in values:
            self.add(value)

    def add(self, value: str, named: bool = False) -> None:
        if not value or (value in self.values and not named):
            return
        forms = written_forms(value)
        self.values |= forms
        if named:
            self._short_named |= {form for form in forms if len(form) < MIN_REDACTED_LENGTH}
        self._compile()

    def _compile(self) -> None:
        """One pattern for every form: a long one by its first PREFIX_LENGTH characters (the match is then
        stretched as far as the text follows the value), a middling one whole, a short named one standing alone."""
        self._by_prefix = {}
        middling = set()
        for value in self.values:
            if len(value) >= PREFIX_LENGTH:
                self._by_prefix.setdefault(value[:PREFIX_LENGTH], []).append(value)
            elif len(value) >= MIN_REDACTED_LENGTH:
                middling.add(value)
        plain = sorted(set(self._by_prefix) | middling, key=len, reverse=True)
        parts = [re.escape(value) for value in plain] + [_alone(v) for v in sorted(self._short_named, key=len, reverse=True)]
        self._pattern = re.compile("|".join(parts)) if parts else None

    def _end_of(self, text: str, start: int, end: int) -> int:
        """Where a match that began as a long value's prefix ends: as far as the text goes on spelling the value."""
        longest = end
        for value in self._by_prefix.get(text[start:end], ()):
            stop = end
            while stop < len(text) and stop - start < len(value) and text[stop] == value[stop - start]:
                stop += 1
            longest = max(longest, stop)
        return longest

    async def is_secret_fill(self, field: Locator, value: str, attributes: list | None = None) -> bool:
        """Whether typing `value` into `field` types a secret: a known one, a card number, or a password or card field
        (by its `type` and `autocomplete` attributes: `attributes` when the walker read them already)."""
        if value in self.values or is_card_number(value):
            return True
        if attributes is None:
            try:
                attributes = await field.evaluate(FIELD_ATTRIBUTES, timeout=2000)
            except Exception:
                return False
        kind, autocomplete = ((attribute or "").lower() for attribute in attributes)
        return kind == "password" or SECRET_AUTOCOMPLETE.search(autocomplete) is not None

    def typed_into(self, field: Locator, value: str) -> None:
        self.add(value)
        self.fields.append(field)

    def redact(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        kept, position = [], 0
        while (match := self._pattern.search(text, position)) is not None:
            start, end = match.span()
            kept += [text[position:start], REDACTED]
            position = self._end_of(text, start, end)
        kept.append(text[position:])
        return "".join(kept)

    def redact_bytes(self, data: bytes) -> bytes:
        if self._pattern is None:
            return data
        return self.redact(data.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")

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
