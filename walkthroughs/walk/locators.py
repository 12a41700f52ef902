"""Turn the scenario's locators into Playwright locators, after expanding `${VAR}`s.

`to_playwright` is the locator as a whole (for `any`, every alternative at once: counting, diagnosing); `first_visible`
is what a step acts on, where `any` means the first alternative in the scenario's order that is visible.
"""

from __future__ import annotations

from functools import reduce
from typing import Callable

from playwright.async_api import Locator as PlaywrightLocator
from playwright.async_api import Page

from ..scenario.model import Locator
from ..scenario.patterns import text_or_pattern


def to_playwright(page: Page, locator: Locator, expand: Callable[[str], str]) -> PlaywrightLocator:
    exact = locator.exact or None

    def text(value: str):
        return text_or_pattern(expand(value))

    if locator.any is not None:
        alternatives = [to_playwright(page, alternative, expand) for alternative in locator.any]
        return reduce(lambda union, alternative: union.or_(alternative), alternatives)
    if locator.css is not None:
        found = page.locator(expand(locator.css))
    elif locator.role is not None:
        name = text(locator.name) if locator.name is not None else None
        found = page.get_by_role(expand(locator.role), name=name, exact=exact)  # type: ignore[arg-type]
    elif locator.text is not None:
        found = page.get_by_text(text(locator.text), exact=exact)
    elif locator.label is not None:
        found = page.get_by_label(text(locator.label), exact=exact)
    elif locator.placeholder is not None:
        found = page.get_by_placeholder(text(locator.placeholder), exact=exact)
    elif locator.test_id is not None:
        found = page.get_by_test_id(expand(locator.test_id))
    elif locator.alt is not None:
        found = page.get_by_alt_text(text(locator.alt), exact=exact)
    else:
        found = page.get_by_title(text(locator.title or ""), exact=exact)
    if locator.nth is not None:
        found = found.nth(locator.nth)
    return found


async def first_visible(page: Page, locator: Locator, expand: Callable[[str], str], timeout_ms: float) -> PlaywrightLocator:
    """The element a step uses: for `any`, the first alternative with a visible match, waited for within the step's
    timeout; otherwise the locator itself (the step's own waiting applies)."""
    if locator.any is None:
        return to_playwright(page, locator, expand)
    alternatives = [to_playwright(page, alternative, expand).filter(visible=True) for alternative in locator.any]
    union = reduce(lambda union, alternative: union.or_(alternative), alternatives)
    await union.first.wait_for(state="visible", timeout=timeout_ms)
    for alternative in alternatives:
        if await alternative.count():
            return alternative
    return union  # what was visible went away meanwhile: the step waits on all of them
