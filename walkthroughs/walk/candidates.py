"""What the page offers when a locator matches nothing, read from the page as the step fails: the accessible names of
the same role (or the fields' labels, the texts, placeholders, test ids), closest first, so the failure can say
"links here: Cart, Catalogue, Search — did you mean {role: link, name: Cart}?".

Names and roles come from Playwright's ARIA snapshot, which computes them the way `get_by_role` matches them.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from playwright.async_api import Page

from ..scenario import model as m
from ..scenario.patterns import is_pattern

DEADLINE_S = 3.0  # reading the page must never hold up the failure it explains
LISTED = 5
CLOSE_ENOUGH = 0.3  # a similarity (0–1) worth a "did you mean"; Basket/Cart is 0.4, Basket/Search 0.17
FIELD_ROLES = ("textbox", "searchbox", "combobox", "listbox", "spinbutton", "checkbox", "radio", "slider", "switch")
_PLURALS = {"checkbox": "checkboxes", "searchbox": "searchboxes", "listbox": "listboxes", "switch": "switches"}
_ENTRY = re.compile(r'^\s*- (?P<role>[a-z]+)(?: (?P<name>"(?:[^"\\]|\\.)*"))?(?: \[[^\]]*\])*(?::(?: (?P<text>.+))?)?$')
_ATTRIBUTES_JS = """(elements, attribute) => elements
    .filter((element) => element.checkVisibility ? element.checkVisibility() : element.offsetParent !== null)
    .map((element) => element.getAttribute(attribute))"""
_ATTRIBUTE_OF = {"placeholder": "placeholder", "test_id": "data-testid", "title": "title"}


@dataclass(frozen=True)
class Entry:
    """One element of the ARIA snapshot: its role, accessible name and own text."""

    role: str
    name: str
    text: str


@dataclass(frozen=True)
class Offer:
    """What the page has instead (`links here: Cart, Catalogue`), and the locator most likely meant, if any."""

    listing: str
    meant: dict | None = None


async def suggestions(page: Page, locator: m.Locator, expand: Callable[[str], str]) -> str | None:
    """`links here: Cart, Catalogue, Search — did you mean {role: link, name: Cart}?`, or None when there is nothing
    useful to say (a CSS locator, a pattern, a page that does not answer in time)."""
    try:
        offers = await asyncio.wait_for(_offers(page, locator, expand), DEADLINE_S)
    except Exception:  # the page went away or stopped answering: the failure is told without candidates
        return None
    if not offers:
        return None
    listing = "; ".join(dict.fromkeys(offer.listing for offer in offers))
    meant = next((offer.meant for offer in offers if offer.meant), None)  # for `any`: one "did you mean", the first
    return listing + (f" — did you mean {_written(meant)}?" if meant else "")


async def _offers(page: Page, locator: m.Locator, expand: Callable[[str], str]) -> list[Offer]:
    if locator.any is not None:
        return [offer for alternative in locator.any for offer in await _offers(page, alternative, expand)]
    offer = await _offer(page, locator, expand)
    return [offer] if offer else []


async def _offer(page: Page, locator: m.Locator, expand: Callable[[str], str]) -> Offer | None:
    kind = locator.kind
    wanted = expand(getattr(locator, "name" if kind == "role" else kind) or "")
    if kind == "css" or is_pattern(wanted):
        return None
    if kind in _ATTRIBUTE_OF:
        values = await page.locator(f"[{_ATTRIBUTE_OF[kind]}]").evaluate_all(_ATTRIBUTES_JS, _ATTRIBUTE_OF[kind])
        return _listing(f"{kind.replace('_', ' ')}s here", wanted, values, lambda value: {kind: value})
    entries = parse_snapshot(await page.locator(":root").aria_snapshot(timeout=DEADLINE_S * 1000))
    if kind == "role":
        return _by_role(locator.role or "", wanted, entries)
    if kind == "label":
        names = [entry.name for entry in entries if entry.role in FIELD_ROLES]
        return _listing("fields here", wanted, names, lambda name: {"label": name})
    if kind == "alt":
        names = [entry.name for entry in entries if entry.role == "img"]
        return _listing("images here", wanted, names, lambda name: {"alt": name})
    texts = [text for entry in entries for text in (entry.name, entry.text)]
    return _listing("texts here", wanted, texts, lambda text: {"text": text})


def _by_role(role: str, wanted: str, entries: list[Entry]) -> Offer | None:
    same = [entry.name for entry in entries if entry.role == role]
    if wanted:
        elsewhere = next((entry for entry in entries if entry.role != role and entry.name.casefold() == wanted.casefold()), None)
        if elsewhere is not None:
            return Offer(f"the page has a {elsewhere.role} called “{elsewhere.name}”",
                         {"role": elsewhere.role, "name": elsewhere.name})
    if not same:
        return Offer(f"there is no {role} on this page")
    if not any(same):
        return Offer(f"the {_plural(role)} here have no name")
    return _listing(f"{_plural(role)} here", wanted, same, lambda name: {"role": role, "name": name})


def _listing(heading: str, wanted: str, values: list, written: Callable[[str], dict]) -> Offer | None:
    """`heading: A, B, C`, the values closest to `wanted` first, meaning the closest when it is close enough."""
    unique = list(dict.fromkeys(" ".join(str(value).split()) for value in values if value and str(value).strip()))
    if not unique:
        return None
    ranked = sorted(unique, key=lambda value: -similarity(wanted, value))
    shown = ", ".join(value[:60] for value in ranked[:LISTED]) + (", …" if len(ranked) > LISTED else "")
    close = wanted and similarity(wanted, ranked[0]) >= CLOSE_ENOUGH
    return Offer(f"{heading}: {shown}", written(ranked[0]) if close else None)


def similarity(wanted: str, candidate: str) -> float:
    """0–1, ignoring case; a candidate that contains the wanted text (or the other way round) counts as close."""
    a, b = wanted.casefold().strip(), candidate.casefold().strip()
    if a and b and (a in b or b in a):
        return max(0.8, SequenceMatcher(None, a, b).ratio())
    return SequenceMatcher(None, a, b).ratio()


def parse_snapshot(snapshot: str) -> list[Entry]:
    """The elements of an ARIA snapshot (`- link "Cart":`, `- text: In stock`), in page order."""
    entries = []
    for line in snapshot.splitlines():
        match = _ENTRY.match(line)
        if match:
            entries.append(Entry(match["role"], _unquote(match["name"] or ""), _unquote(match["text"] or "")))
    return entries


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] == '"':
        try:
            return json.loads(text)
        except ValueError:
            return text[1:-1]
    return text


def _written(locator: dict) -> str:
    """A locator as the scenario would write it: `{role: link, name: Cart}`."""
    return "{" + ", ".join(f"{key}: {json.dumps(value, ensure_ascii=False) if _needs_quotes(value) else value}"
                           for key, value in locator.items()) + "}"


def _needs_quotes(value: str) -> bool:
    return bool(re.search(r"[:#{}\[\],&*?|<>=!%@`'\"]|^\s|\s$|^-", value)) or value.lower() in ("yes", "no", "true",
                                                                                                   "false", "null")


def _plural(role: str) -> str:
    return _PLURALS.get(role, role + "s")
