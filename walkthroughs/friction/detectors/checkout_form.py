"""Checkout form: the fields a shopper must get through to pay, and how the form helps or hinders.

Baymard's checkout research: the average checkout shows 11.3 form fields where about 8 would do, and a
quarter of shoppers abandon when forced to create an account. Also checked: autofill (autocomplete),
the keyboard phones open for phone, postcode and card fields, and how validation errors are shown.
"""

from __future__ import annotations

import re
from typing import Any

from ...results import Finding, StageRecord
from ..base import (
    DetectorConfig,
    DetectorMeta,
    JourneyEvidence,
    Judgement,
    box,
    finding,
)
from ..pages import gathered, not_on_their_own_page, stages_on_their_own_page
from ..postcodes import country_code, locale_country, numeric_postcodes
from ..repeats import OncePerJourney
from ..stage_picture import on_stage_pictures
from ..thresholds import Number

META = DetectorMeta(
    id="checkout-form",
    title="Checkout form makes paying harder",
    description="Field count, forced account creation, autofill, the keyboard on touch screens, and validation "
                "errors on the checkout form.",
    reads=("forms",),
    thresholds={"max_fields": Number(8, integer=True, unit="fields"), "error_distance_px": Number(80, unit="px")},
)

# kind → (autocomplete tokens, words in the field's name or label); card kinds first, "Name on card" is not a name.
FIELD_KINDS: dict[str, tuple[set[str], str]] = {
    "card name": ({"cc-name"}, r"name on (the )?card|card ?holder"),
    "card number": ({"cc-number"}, r"card ?(number|no)|credit ?card"),
    "card expiry": ({"cc-exp", "cc-exp-month", "cc-exp-year"}, r"expir|mm ?/ ?yy"),
    "card code": ({"cc-csc"}, r"\bcvc|\bcvv|security code|\bcsc\b"),
    "email": ({"email"}, r"e-?mail"),
    "phone": ({"tel", "tel-national"}, r"phone|mobile|\btel\b"),
    "postcode": ({"postal-code"}, r"post ?code|\bzip|postal"),
    "city": ({"address-level2"}, r"\bcity\b|\btown\b"),
    "country": ({"country", "country-name"}, r"country"),
    "address": ({"street-address", "address-line1", "address-line2"}, r"address|street"),
    "name": ({"name", "given-name", "family-name"}, r"\bname\b"),
}
NUMERIC_KINDS = ("card number", "card expiry", "card code")  # postcodes: by the form's country (friction.postcodes)
NUMERIC_MODES = ("numeric", "decimal", "tel")
CHOICES = ("radio", "checkbox")


def field_kind(field: dict[str, Any]) -> str | None:
    """What a text field asks for, from its autocomplete token, else from the words of its name and label."""
    tokens = (field.get("autocomplete") or "").lower().split()
    by_token = next((kind for kind, (names, _) in FIELD_KINDS.items() if tokens and tokens[-1] in names), None)
    words = f"{field.get('name') or ''} {field.get('label') or ''}".replace("_", " ").lower()
    return by_token or next((kind for kind, (_, pattern) in FIELD_KINDS.items() if re.search(pattern, words)), None)


def _is_checkout(fields: list[dict[str, Any]]) -> bool:
    return len({field_kind(f) for f in fields} - {None}) >= 3


def _label(field: dict[str, Any]) -> str:
    return f"“{field['label'] or field['name'] or field['selector']}”"


def _field_count(stage: StageRecord, fields: list[dict[str, Any]], config: DetectorConfig) -> Finding | None:
    to_fill = [f for f in fields if not (field_kind(f) or "").startswith("card")]
    limit = config.get("max_fields", stage.name)
    if len(to_fill) <= limit:
        return None
    return finding(
        META, "minor", stage.name, title="Checkout asks for many fields",
        insight=f"Shoppers see {len(to_fill)} fields to fill (payment card fields not counted). Baymard's research "
                f"finds the average checkout has 11.3 fields where about {limit} would do: every extra field is a "
                "reason to give up. Drop or merge fields you do not need (one full-name field, address lookup).",
        url=stage.url, value=len(to_fill), threshold=limit, unit="fields", details=[_label(f) for f in to_fill],
    )


def _account(stage: StageRecord, forms: dict[str, Any], fields: list[dict[str, Any]]) -> Finding | None:
    passwords = [f for f in fields if f["type"] == "password" and f["required"]]
    if not passwords:
        return None
    first, guest = passwords[0], forms.get("guest_option")
    if guest is None:
        return finding(
            META, "major", stage.name, title="Checkout forces shoppers to create an account",
            insight="To order, shoppers must choose a password: there is no guest checkout. About a quarter of "
                    "shoppers abandon a checkout that forces an account (Baymard). Offer guest checkout and the "
                    "account as an option after the order.",
            selector=first["selector"], boxes=[box(first["box"])], url=stage.url,
            details=[f"Required password field: {_label(f)}" for f in passwords],
        )
    if guest["page_top"] > forms.get("viewport_height", 0):
        return finding(
            META, "minor", stage.name, title="Guest checkout is hard to find",
            insight=f"The guest option (“{guest['text']}”) is below the first screen, under a required password: "
                    "many shoppers will think an account is required. Offer guest checkout first.",
            selector=first["selector"], boxes=[box(guest["box"])], url=stage.url,
        )
    return None


def _autofill(stage: StageRecord, fields: list[dict[str, Any]]) -> Finding | None:
    missing = [f for f in fields if field_kind(f) and (f.get("autocomplete") or "off").lower() in ("off", "")]
    if not missing:
        return None
    return finding(
        META, "minor", stage.name, title="Autofill is switched off for some fields",
        insight=f"{len(missing)} field(s) have no autocomplete attribute, so browsers cannot fill in the shopper's "
                "saved address and card: more typing, more typos. Add autocomplete (email, tel, street-address, "
                "postal-code, cc-number, …).",
        selector=missing[0]["selector"], boxes=[box(missing[0]["box"])], url=stage.url,
        details=[f"{_label(f)} ({field_kind(f)})" for f in missing],
    )


def form_country(forms: dict[str, Any]) -> str | None:
    """The country the form is for: its country drop-down's choice, else the region of the page's or the browser's
    locale (`de-DE`); None when neither says."""
    for field in forms.get("fields", []):
        chosen = field.get("chosen")
        if field_kind(field) == "country" and chosen and (code := country_code(chosen["value"], chosen["text"])):
            return code
    return locale_country(forms.get("lang")) or locale_country(forms.get("browser_locale"))


def _numeric_keyboard(field: dict[str, Any]) -> bool:
    return field["type"] in ("tel", "number") or (field.get("inputmode") or "").lower() in NUMERIC_MODES


def _keyboard(stage: StageRecord, fields: list[dict[str, Any]], country: str | None) -> Finding | None:
    wrong = []
    digits_only = numeric_postcodes(country)
    for field in fields:
        kind, mode, kind_type = field_kind(field), (field.get("inputmode") or "").lower(), field["type"]
        if kind == "phone" and kind_type != "tel" and mode != "tel":
            wrong.append(f"{_label(field)} opens the letter keyboard: use type=\"tel\"")
        elif kind in NUMERIC_KINDS and not _numeric_keyboard(field):
            wrong.append(f"{_label(field)} opens the letter keyboard: use inputmode=\"numeric\"")
        elif kind == "postcode" and digits_only and not _numeric_keyboard(field):
            wrong.append(f"{_label(field)} opens the letter keyboard, but postcodes in {country} are digits: use "
                         "inputmode=\"numeric\"")
        elif kind == "postcode" and digits_only is False and _numeric_keyboard(field):
            wrong.append(f"{_label(field)} opens the number keyboard, but postcodes in {country} have letters: "
                         "leave out inputmode=\"numeric\"")
    if not wrong:
        return None
    return finding(
        META, "minor", stage.name, title="Fields open the wrong keyboard",
        insight="On a phone these fields open a keyboard that does not fit what they ask for, so shoppers have to "
                "switch keyboards (or cannot type a letter at all). Use type=\"tel\" for phone numbers and "
                "inputmode=\"numeric\" for card numbers, expiry dates, security codes and postcodes of countries "
                "whose postcodes are digits (Germany, France, the US); not for British, Dutch, Canadian or Irish "
                "ones.",
        url=stage.url, value=len(wrong), threshold=0, unit="fields", details=wrong, cause="keyboard",
    )


def _filled_by_scenario(stages: list[StageRecord]) -> list[str]:
    """The fields the scenario typed into so far, as its locators name them (`label="Email"` → `email`)."""
    names = []
    for stage in stages:
        for step in stage.steps:
            if step.verb == "fill" and step.status == "passed" and step.target:
                quoted = re.search(r'"([^"]+)"', step.target)
                names.append((quoted.group(1) if quoted else step.target.lstrip("#")).lower())
    return names


def _errors(stage: StageRecord, fields: list[dict[str, Any]], typed: list[str], config: DetectorConfig) -> list[Finding]:
    found = []
    rejected = [f for f in fields if f["filled"] and (f["invalid"] or f.get("error"))
                and any(name in (f["label"] or "").lower() or name in f["selector"].lower() for name in typed)]
    if rejected:
        first = rejected[0]
        message = (first.get("error") or {}).get("text", "marked as wrong")
        found.append(finding(
            META, "major", stage.name, title="Form rejects what the shopper typed",
            insight=f"After the scenario typed a valid value, {_label(first)} says “{message}”. Shoppers who cannot "
                    "get past a field they filled correctly leave. Accept the formats people type (spaces in "
                    "card numbers, +49 phone numbers, postcodes with spaces).",
            selector=first["selector"], boxes=[box(first["box"])], url=stage.url,
            details=[f"{_label(f)}: {(f.get('error') or {}).get('text', 'marked invalid')}" for f in rejected],
        ))
    distance = config.get("error_distance_px", stage.name)
    far = [f for f in fields if f["invalid"] and (not f.get("error") or f["error"]["distance_px"] > distance)]
    if far:
        first = far[0]
        found.append(finding(
            META, "minor", stage.name, title="Error message not next to its field",
            insight=f"{len(far)} field(s) are marked wrong without a message beside them: shoppers have to hunt for "
                    "what to fix. Show each error right under its field, in words that say how to fix it.",
            selector=first["selector"], url=stage.url,
            boxes=[box(first["box"]), box((first.get("error") or {}).get("box"), "message")],
            value=(first.get("error") or {}).get("distance_px", "none"), threshold=distance, unit="px",
            details=[f"{_label(f)}: " + (f"message {f['error']['distance_px']} px away" if f.get("error") else "no message")
                     for f in far],
        ))
    return found


def detect(journey: JourneyEvidence, config: DetectorConfig) -> Judgement:
    once, per_stage = OncePerJourney(), []
    walked = [stage for _, stage, _ in journey.walked_stages()]
    not_applicable = not_on_their_own_page(journey)
    for _, stage, evidence in stages_on_their_own_page(journey):
        forms = gathered(evidence, "forms")
        fields = (forms or {}).get("fields", [])
        text_fields = [f for f in fields if f["type"] not in CHOICES]
        if not _is_checkout(text_fields):
            not_applicable[stage.name] = "no checkout form on this stage's page (fewer than three kinds of address or "\
                                         "payment field)"
            continue
        checks = [_field_count(stage, text_fields, config), _account(stage, forms, fields), _autofill(stage, text_fields)]
        if journey.device_class in ("tablet", "mobile"):
            checks.append(_keyboard(stage, text_fields, form_country(forms)))
        for found in filter(None, checks):
            once.add(found.title, found)
        typed = _filled_by_scenario(walked[:walked.index(stage) + 1])
        per_stage.extend(_errors(stage, fields, typed, config))
    return Judgement(on_stage_pictures(journey, once.findings + per_stage), not_applicable=not_applicable)
