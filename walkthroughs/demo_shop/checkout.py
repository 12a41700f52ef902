"""Checking the checkout form on the server, with messages a shopper understands."""

from __future__ import annotations

import re
from datetime import date

from .catalogue import COUNTRIES, PAYMENT_METHODS, SHIPPING_METHODS

FIELDS = ("email", "name", "address", "city", "postcode", "country", "phone", "shipping", "payment",
          "card_number", "card_expiry", "card_cvc", "account", "password", "password_confirm")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_POSTCODE = re.compile(r"^(?=.*\d)[A-Za-z0-9 -]{3,10}$")
_PHONE = re.compile(r"^\+?[\d ()/-]{6,20}$")
_EXPIRY = re.compile(r"^(\d{2})\s*/\s*(\d{2})$")
_GERMAN_POSTCODE = re.compile(r"^\d{5}$")


def valid_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2:
            number = number * 2 - 9 if number > 4 else number * 2
        total += number
    return total % 10 == 0


def validate(form: dict[str, str], forced_account: bool, today: date | None = None) -> dict[str, str]:
    """Field name → error message for every field that is wrong; empty when the order can be placed."""
    today = today or date.today()
    value = {name: form.get(name, "").strip() for name in FIELDS}
    errors: dict[str, str] = {}

    if not value["email"]:
        errors["email"] = "Enter your email address, so we can send your order confirmation."
    elif not _EMAIL.match(value["email"]):
        errors["email"] = "Enter an email address like name@example.com."
    if not value["name"]:
        errors["name"] = "Enter your full name."
    if not value["address"]:
        errors["address"] = "Enter your street and house number."
    if not value["city"]:
        errors["city"] = "Enter your town or city."
    if not value["postcode"]:
        errors["postcode"] = "Enter your postcode."
    elif not _POSTCODE.match(value["postcode"]):
        errors["postcode"] = "Enter a valid postcode, for example 10115."
    if value["country"] not in COUNTRIES:
        errors["country"] = "Choose the country we deliver to."
    elif value["country"] == "DE" and "postcode" not in errors and not _GERMAN_POSTCODE.match(value["postcode"]):
        errors["postcode"] = "A German postcode has 5 digits, for example 10115."
    if value["phone"] and not _PHONE.match(value["phone"]):
        errors["phone"] = "Enter a phone number with digits only, for example +49 30 1234567."
    if value["shipping"] not in SHIPPING_METHODS:
        errors["shipping"] = "Choose a delivery option."
    if value["payment"] not in PAYMENT_METHODS:
        errors["payment"] = "Choose how you want to pay."
    elif value["payment"] == "card":
        errors.update(_card_errors(value, today))
    if forced_account:
        if len(value["password"]) < 8:
            errors["password"] = "Create a password with at least 8 characters."
        elif value["password_confirm"] != value["password"]:
            errors["password_confirm"] = "The two passwords do not match."
    return errors


def _card_errors(value: dict[str, str], today: date) -> dict[str, str]:
    errors = {}
    digits = re.sub(r"[\s-]", "", value["card_number"])
    if not digits:
        errors["card_number"] = "Enter your card number."
    elif not digits.isdigit() or not 13 <= len(digits) <= 19 or not luhn_ok(digits):
        errors["card_number"] = "Check your card number: it should be the 16 digits on the front of your card."
    match = _EXPIRY.match(value["card_expiry"])
    if not value["card_expiry"]:
        errors["card_expiry"] = "Enter the expiry date, as MM/YY."
    elif not match or not 1 <= int(match.group(1)) <= 12:
        errors["card_expiry"] = "Enter the expiry date as MM/YY, for example 08/29."
    elif (2000 + int(match.group(2)), int(match.group(1))) < (today.year, today.month):
        errors["card_expiry"] = "This card has expired. Use another card or payment method."
    if not re.fullmatch(r"\d{3,4}", value["card_cvc"]):
        errors["card_cvc"] = "Enter the 3 digits on the back of your card."
    return errors
