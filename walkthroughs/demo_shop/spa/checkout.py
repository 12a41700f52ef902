"""Checking an order on the server, as the shop's order API does: field errors, and errors about the whole order.

The app shows the server's answer as a banner at the top of the form (a form-level error, as many shops do), so
a refusal the browser could not foresee — a declined card, a postcode of another country — is not next to a field.
"""

from __future__ import annotations

import re
from datetime import date

from ..checkout import luhn_ok, valid_email
from .catalogue import COUNTRIES, PAYMENT_METHODS, SHIPPING_METHODS

FIELDS = ("email", "first_name", "last_name", "address", "city", "postcode", "country", "phone", "shipping",
          "payment", "card_number", "card_expiry", "card_cvc")
DECLINED_CARD = "4000000000000002"  # the test card every payment provider declines

POSTCODES = {
    "US": (re.compile(r"^\d{5}(-\d{4})?$"), "a US ZIP code has 5 digits, for example 94105"),
    "CA": (re.compile(r"^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$"), "a Canadian postal code looks like K1A 0B1"),
    "DE": (re.compile(r"^\d{5}$"), "a German postcode has 5 digits, for example 10115"),
    "NL": (re.compile(r"^\d{4} ?[A-Za-z]{2}$"), "a Dutch postcode looks like 1011 AB"),
    "GB": (re.compile(r"^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$"), "a UK postcode looks like SW1A 1AA"),
}
_EXPIRY = re.compile(r"^(\d{2})\s*/\s*(\d{2})$")
_PHONE = re.compile(r"^\+?[\d ()/.-]{6,20}$")


def validate(order: dict, today: date | None = None) -> tuple[dict[str, str], list[str]]:
    """(field → message, messages about the whole order); both empty when the order can be placed."""
    today = today or date.today()
    value = {name: str(order.get(name) or "").strip() for name in FIELDS}
    errors: dict[str, str] = {}
    general: list[str] = []
    if not valid_email(value["email"]):
        errors["email"] = "Enter an email address like name@example.com."
    for name, words in (("first_name", "first name"), ("last_name", "last name"), ("address", "street address"),
                        ("city", "city")):
        if not value[name]:
            errors[name] = f"Enter your {words}."
    if value["country"] not in COUNTRIES:
        errors["country"] = "Choose the country we ship to."
    if not value["postcode"]:
        errors["postcode"] = "Enter your ZIP or postcode."
    elif value["country"] in POSTCODES:
        pattern, example = POSTCODES[value["country"]]
        if not pattern.match(value["postcode"]):
            general.append(f"The postcode {value['postcode']} does not match {COUNTRIES[value['country']]}: {example}.")
    if value["phone"] and not _PHONE.match(value["phone"]):
        errors["phone"] = "Enter a phone number with digits only."
    if value["shipping"] not in SHIPPING_METHODS:
        errors["shipping"] = "Choose a shipping method."
    if value["payment"] not in PAYMENT_METHODS:
        errors["payment"] = "Choose how you want to pay."
    elif value["payment"] == "card":
        card_errors, card_general = _card(value, today)
        errors.update(card_errors)
        general.extend(card_general)
    return errors, general


def _card(value: dict[str, str], today: date) -> tuple[dict[str, str], list[str]]:
    errors: dict[str, str] = {}
    digits = re.sub(r"[\s-]", "", value["card_number"])
    if not digits.isdigit() or not 13 <= len(digits) <= 19 or not luhn_ok(digits):
        errors["card_number"] = "Check your card number: it is the 15 or 16 digits on the front of your card."
    match = _EXPIRY.match(value["card_expiry"])
    if not match or not 1 <= int(match.group(1)) <= 12:
        errors["card_expiry"] = "Enter the expiry date as MM/YY, for example 08/29."
    elif (2000 + int(match.group(2)), int(match.group(1))) < (today.year, today.month):
        errors["card_expiry"] = "This card has expired."
    if not re.fullmatch(r"\d{3,4}", value["card_cvc"]):
        errors["card_cvc"] = "Enter the 3 or 4 digit security code."
    if not errors and digits == DECLINED_CARD:
        return errors, ["Your card was declined. Try another card or pay with PayPal."]
    return errors, []
