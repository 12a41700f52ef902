"""Turn the scenario's locators into Playwright locators, after expanding `${VAR}`s."""

from __future__ import annotations

from typing import Callable

from playwright.async_api import Locator as PlaywrightLocator
from playwright.async_api import Page

from ..scenario.model import Locator


def to_playwright(page: Page, locator: Locator, expand: Callable[[str], str]) -> PlaywrightLocator:
    exact = locator.exact or None
    if locator.css is not None:
        found = page.locator(expand(locator.css))
    elif locator.role is not None:
        name = expand(locator.name) if locator.name is not None else None
        found = page.get_by_role(locator.role, name=name, exact=exact)  # type: ignore[arg-type]
    elif locator.text is not None:
        found = page.get_by_text(expand(locator.text), exact=exact)
    elif locator.label is not None:
        found = page.get_by_label(expand(locator.label), exact=exact)
    elif locator.placeholder is not None:
        found = page.get_by_placeholder(expand(locator.placeholder), exact=exact)
    elif locator.test_id is not None:
        found = page.get_by_test_id(expand(locator.test_id))
    elif locator.alt is not None:
        found = page.get_by_alt_text(expand(locator.alt), exact=exact)
    else:
        found = page.get_by_title(expand(locator.title or ""), exact=exact)
    if locator.nth is not None:
        found = found.nth(locator.nth)
    return found
