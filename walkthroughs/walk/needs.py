"""Look for the needs a scenario names with a locator, as a stage ends: found means a visible element.

Needs given only in words are judged offline by the unmet-needs detector from what the page says.
"""

from __future__ import annotations

from typing import Any, Callable

from playwright.async_api import Page

from ..scenario import model as m
from .locators import to_playwright


async def look_for_needs(page: Page, needs: list[Any], expand: Callable[[str], str]) -> list[dict[str, Any]]:
    found = []
    for need in needs:
        if not isinstance(need, m.LocatedNeed):
            continue
        try:
            visible = await to_playwright(page, need.locator, expand).filter(visible=True).count() > 0
        except Exception:  # a locator the page cannot answer counts as not found
            visible = False
        found.append({"need": need.need, "locator": need.locator.describe(), "found": visible})
    return found
