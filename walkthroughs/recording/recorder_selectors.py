"""The Recorder's selector lists (`aria/Name[role="button"]`, `text/…`, CSS, `xpath/…`, `pierce/…`) → scenario
locators, ranked by `locator_choice`.

An ARIA selector names the role only where the name alone is not unique on the page, so the role is often read
from the CSS or XPath of the same element (`#add-form > button` is a button); where nothing says, a name is a field's
label — the Recorder's selectors of the same element are then the safer choice for anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .draft import looks_changing
from .locator_choice import (
    CHECKABLE_ROLES,
    FIELD_ROLES,
    Candidate,
    best,
    literal,
    role_name,
    with_exactness,
)

# puppeteer's ARIA query syntax: a name, then [name="..."] and [role="..."] attributes (ARIAQueryHandler).
_ARIA_ATTRIBUTE = re.compile(
    r"""\[\s*(?P<attribute>\w+)\s*=\s*(?P<quote>["'])(?P<value>(?:\\.|(?!(?P=quote)).)*)(?P=quote)\s*\]""")
_TEST_ID_CSS = re.compile(r"""^\[data-testid=(?P<quote>['"])(?P<value>.*)(?P=quote)\]$""")
_TEST_ID_XPATH = re.compile(r"""^//\*\[@data-testid=(?P<value>".*")\]$""")
_INPUT_TYPE = re.compile(r"""\[type=['"]?(?P<type>[\w-]+)['"]?\]""")
_POSITIONAL = re.compile(r":nth-(?:of-type|child|last-child|last-of-type)\(")
TAG_ROLES = {"a": "link", "button": "button", "select": "combobox", "textarea": "textbox", "img": "img",
             "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading"}
INPUT_ROLES = {"checkbox": "checkbox", "radio": "radio", "submit": "button", "button": "button", "reset": "button",
               "image": "button", "number": "spinbutton", "range": "slider", "search": "searchbox", "text": "textbox",
               "email": "textbox", "tel": "textbox", "url": "textbox", "": "textbox"}  # password: no role at all


@dataclass(frozen=True)
class Element:
    """What the selectors tell about one element: the locator to use, and its role or tag where known."""

    locator: dict | str | None
    role: str | None
    tag: str | None
    input_type: str | None
    name: str | None
    text: str | None = None  # the Recorder's text selector: a field's value as it was being changed
    comment: str | None = None
    named_by_label: bool = False  # a name, an id and no text of its own: a form control a `<label for=id>` names

    @property
    def is_field(self) -> bool:
        return self.role in FIELD_ROLES or self.tag in ("input", "select", "textarea") and not self.is_checkable

    @property
    def is_checkable(self) -> bool:
        return self.role in CHECKABLE_ROLES or self.input_type in ("checkbox", "radio")

    @property
    def is_select(self) -> bool:
        return self.role in ("combobox", "listbox") and self.tag in (None, "select") or self.tag == "select"

    @property
    def is_password(self) -> bool:
        named = bool(self.name and re.search(r"pass(word|wort|e)|\bpin\b", self.name, re.I))
        return self.input_type == "password" or named


def parts_of(selector: str | list[str]) -> list[str]:
    return [selector] if isinstance(selector, str) else [part for part in selector if isinstance(part, str)]


def kind_of(part: str) -> str:
    prefix, _, _ = part.partition("/")
    return prefix if prefix in ("aria", "text", "xpath", "pierce") and "/" in part else "css"


def parse_aria(part: str) -> tuple[str | None, str | None]:
    """`aria/Add to cart[role="button"]` → ("Add to cart", "button")."""
    attributes: dict[str, str] = {}

    def keep(match: re.Match) -> str:
        attributes[match["attribute"]] = re.sub(r"\\(.)", r"\1", match["value"])
        return ""

    rest = _ARIA_ATTRIBUTE.sub(keep, part.removeprefix("aria/")).strip()
    name = attributes.get("name") or rest or None
    return (" ".join(name.split()) if name else None), attributes.get("role")


def tag_of(part: str) -> tuple[str | None, str | None]:
    """The element's tag and input type from the last compound of a CSS selector or the last step of an XPath."""
    if kind_of(part) == "xpath":
        last = part.removeprefix("xpath/").rstrip("/").rsplit("/", 1)[-1]
        tag = re.match(r"[a-zA-Z][\w-]*", last)
        return (tag[0].lower() if tag else None), None
    css = part.removeprefix("pierce/")
    last = re.split(r"\s*[>+~]\s*|\s+", css.strip())[-1]
    tag = re.match(r"[a-zA-Z][\w-]*", last)
    input_type = _INPUT_TYPE.search(last)
    return (tag[0].lower() if tag else None), (input_type["type"].lower() if input_type else None)


def element_of(selectors: list[str | list[str]], field: bool = False, checks_text: bool = False) -> Element:
    """The best locator for the element a Recorder step's selectors point at, with what they say about it.

    `checks_text`: the step checks the element's text, so finding the element by that text would prove nothing."""
    aria_name = aria_role = text = None
    aria_deep = has_id = False
    tag = input_type = None
    candidates: list[Candidate] = []
    for selector in selectors:
        parts = parts_of(selector)
        if not parts:
            continue
        last, kind = parts[-1], kind_of(parts[-1])
        if kind == "aria":
            name, role = parse_aria(last)
            if name and aria_name is None:
                aria_name, aria_role, aria_deep = name, role, len(parts) > 1
        elif kind == "text":
            text = text or " ".join(last.removeprefix("text/").split()) or None
        else:
            found_tag, found_type = tag_of(last)
            tag, input_type = tag or found_tag, input_type or found_type
            has_id = has_id or (kind == "css" and re.fullmatch(r"#[\w\\-]+", last) is not None)
            candidates += _selector_candidates(parts, kind)
    if tag == "input" and input_type is None:
        input_type = "text"
    role = role_name(aria_role) if aria_role else _role_of(tag, input_type)
    if aria_name:
        candidates += _name_candidates(aria_name, role, None if checks_text else text, field, has_id)
    elif text and not field:  # a field's text, to the Recorder, is its value at the time: never a locator
        fragile = checks_text or looks_changing(text)
        candidates.append(Candidate("text", with_exactness({"text": literal(text)}, text), fragile=fragile))
    chosen = best(candidates)
    certain = best([candidate for candidate in candidates if not candidate.guess])
    if chosen is not None and chosen.guess and certain is not None:
        # the name may be a label or not: the walk takes whichever of the two it finds shown first
        chosen = Candidate(chosen.kind, {"any": [chosen.locator, _compact(certain.locator)]})
    comment = chosen.comment if chosen else None
    if chosen and chosen.kind in ("role", "label", "text") and aria_deep:
        comment = "the Recorder needed an enclosing element to tell this one apart; check it is the only one"
    locator = None if chosen is None else _compact(chosen.locator)
    named_by_label = bool(aria_name and role is None and tag is None and has_id and not text)
    return Element(locator, role, tag, input_type, aria_name, text, comment, named_by_label)


def _compact(locator: dict) -> dict | str:
    return locator["css"] if set(locator) == {"css"} else locator


def _role_of(tag: str | None, input_type: str | None) -> str | None:
    if tag == "input":
        return INPUT_ROLES.get(input_type or "")
    return TAG_ROLES.get(tag or "")


def _name_candidates(name: str, role: str | None, text: str | None, field: bool, has_id: bool) -> list[Candidate]:
    """A name whose role nothing tells: a field's or, on an element with an id and no text of its own, most likely
    the name of a `<label for=id>` — a guess otherwise. A name with a price or an order number in it changes with the
    cart: the element's own selectors win then."""
    changing = looks_changing(name)
    if role is not None and not (field and role not in FIELD_ROLES):
        return [Candidate("role", with_exactness({"role": role, "name": literal(name)}, name), fragile=changing)]
    if field or role in CHECKABLE_ROLES:
        return [Candidate("label", with_exactness({"label": literal(name)}, name), fragile=changing)]
    if text:  # the name is visible text: find it by what it says
        shown = name if name.lower() in text.lower() else text
        return [Candidate("text", with_exactness({"text": literal(shown)}, shown), fragile=looks_changing(shown))]
    return [Candidate("label", with_exactness({"label": literal(name)}, name), guess=not has_id, fragile=changing)]


def _selector_candidates(parts: list[str], kind: str) -> list[Candidate]:
    last = parts[-1]
    if kind == "xpath":
        xpath = last.removeprefix("xpath/")
        test_id = _TEST_ID_XPATH.match(xpath)
        if test_id and len(parts) == 1:
            return [Candidate("test_id", {"test_id": test_id["value"][1:-1].replace('\\"', '"')})]
        return [Candidate("xpath", {"css": f"xpath={xpath}"}, fragile=True)]
    css_parts = [part.removeprefix("pierce/") for part in parts]
    test_id = _TEST_ID_CSS.match(css_parts[-1])
    if test_id and len(css_parts) == 1:
        return [Candidate("test_id", {"test_id": re.sub(r"\\(.)", r"\1", test_id["value"])})]
    # Playwright's CSS goes into open shadow roots by itself, so the parts of a path through them are one selector.
    css = " ".join(css_parts)
    return [Candidate("css", {"css": css}, fragile=bool(_POSITIONAL.search(css)))]
