"""Which way of finding an element a written scenario uses, when a recording offers several: one preference for the
importer and the recorder — role and accessible name, then label, text, test id, CSS, XPath last — because a
shopper finds a button by what it says, and a redesign changes classes and nesting long before it changes words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..scenario.patterns import is_pattern

PREFERENCE = ("role", "label", "text", "test_id", "css", "xpath")

# Roles a scenario can find an element by (Playwright's get_by_role): Chrome's own roles (StaticText, LabelText,
# generic) and landmark containers name nothing a shopper acts on.
ACTION_ROLES = frozenset({
    "button", "link", "checkbox", "radio", "switch", "textbox", "searchbox", "combobox", "listbox", "option",
    "spinbutton", "slider", "tab", "menuitem", "menuitemcheckbox", "menuitemradio", "treeitem", "heading", "img",
    "dialog", "alert", "status", "cell", "columnheader", "rowheader", "row", "gridcell", "progressbar", "meter",
})
FIELD_ROLES = frozenset({"textbox", "searchbox", "combobox", "listbox", "spinbutton", "slider"})
CHECKABLE_ROLES = frozenset({"checkbox", "radio", "switch", "menuitemcheckbox", "menuitemradio"})
ROLE_ALIASES = {"image": "img"}  # Chrome's accessibility tree says image where ARIA and Playwright say img


@dataclass(frozen=True)
class Candidate:
    """One way to find the element: a scenario locator mapping, how it ranks, and what a person should know."""

    kind: str  # one of PREFERENCE
    locator: dict[str, Any]
    guess: bool = False  # built from a hint (a name whose role is unknown), ranked below what is certain
    fragile: bool = False  # depends on position in the page (nth-of-type, an XPath path)
    comment: str | None = None

    @property
    def rank(self) -> tuple[int, int, int]:
        return (int(self.fragile), int(self.guess), PREFERENCE.index(self.kind))


def best(candidates: list[Candidate]) -> Candidate | None:
    """The most robust candidate: certain before guessed, position-free before positional, then by PREFERENCE."""
    return min(candidates, key=lambda candidate: candidate.rank, default=None)


def role_name(role: str) -> str | None:
    """An accessibility-tree role as a scenario role, or None when no scenario locator can use it."""
    role = ROLE_ALIASES.get(role, role)
    return role if role in ACTION_ROLES else None


def with_exactness(locator: dict[str, Any], text: str) -> dict[str, Any]:
    """Names are matched as a part of the element's name unless `exact`; a one-word name (Cart, Card, Email) is so
    often a part of another (Add to cart, Card number, Your email) that the importer matches it whole."""
    patterns = any(isinstance(value, str) and is_pattern(value) for value in locator.values())
    return {**locator, "exact": True} if len(text.split()) == 1 and not patterns else locator


def literal(text: str) -> str:
    """Recorded text as the scenario must write it to mean that text: `/…/` would be a pattern, so a text that looks
    like one (`/sale/`) is written as the pattern matching it; `${` would be a variable, so it is `$${`."""
    text = text.replace("${", "$${")
    return f"/{re.escape(text)}/" if is_pattern(text) else text
