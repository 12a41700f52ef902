"""Evidence for a stage's recovery checks: what the shop offered a shopper who went astray, seen as the stage ends
(onward links, error messages and their distance from the field, the cart count before and after).

A journey-long gatherer, not one of the every-stage ones: only stages with `recovery:` run it, and `cart-kept` also
reads the page as the stage begins. The recovery detector judges it.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any, Callable

from playwright.async_api import Page

from ..errors import one_line
from ..evidence import RecoveryCheckEvidence
from ..scenario import model as m
from ..walk.locators import to_playwright

NAME = "recovery"
EVIDENCE = list[RecoveryCheckEvidence]
SCRIPT = resources.files(__package__).joinpath("js/recovery.js").read_text(encoding="utf-8")
READ_TIMEOUT_MS = 2000


class RecoveryWatch:
    """The recovery checks of one stage: `stage_began()` before its first step, `stage_ended()` as it ends."""

    def __init__(self, page: Page, checks: m.RecoveryChecks | None, expand: Callable[[str], str]) -> None:
        self.page, self.expand = page, expand
        self.checks = checks.enabled() if checks else []
        self.cart_before: int | None = None

    async def stage_began(self) -> None:
        for check, locator in self.checks:
            if check == "cart-kept" and locator is not None:
                self.cart_before = await self._count(locator)

    async def stage_ended(self) -> list[RecoveryCheckEvidence]:
        """One evidence entry per check; a check that cannot look says why under `error`."""
        found = []
        for check, locator in self.checks:
            entry: dict[str, Any] = {"check": check, "where": locator.describe() if locator else None, "url": self.page.url}
            try:
                entry.update(await self._look(check, locator))
            except Exception as error:  # evidence is best effort; the journey goes on
                entry["error"] = one_line(error)
            found.append(entry)
        return found

    async def _look(self, check: str, locator: m.Locator | None) -> dict[str, Any]:
        if check == "cart-kept":
            assert locator is not None
            return {"before": self.cart_before, "after": await self._count(locator)}
        elements = await to_playwright(self.page, locator, self.expand).element_handles() if locator else None
        if locator is not None and not elements:
            return {"error": f"{locator.describe()} is not on the page"}
        if check == "error-next-to-field":
            return await self.page.evaluate(SCRIPT, {"kind": "errors", "fields": elements})
        return await self.page.evaluate(SCRIPT, {"kind": "links", "scopes": elements})

    async def _count(self, locator: m.Locator) -> int | None:
        """The number the element shows (a cart badge), or None when it is not there or shows none."""
        try:
            text = await to_playwright(self.page, locator, self.expand).first.inner_text(timeout=READ_TIMEOUT_MS)
        except Exception:
            return None
        digits = re.search(r"\d+", text)
        return int(digits.group()) if digits else None
