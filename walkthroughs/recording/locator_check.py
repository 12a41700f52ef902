"""`walkthrough check scenario.yaml --against URL`: the first stage's locators tried on the live page, nothing clicked
or typed — found once, found several times, or not found with what the page has instead (the walker's own
`walk.candidates.suggestions`: the same words a failed walk would use).

Only the first stage: the pages after it are reached by walking, and a check that walked would be a walk.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from ..scenario import Scenario, UnknownVariable, expand, step_verb
from ..scenario import model as m
from ..scenario.devices import DeviceProfile
from ..walk.candidates import suggestions
from ..walk.describe import step_label, step_target
from ..walk.locators import to_playwright

ONE_NEEDED = ("click", "fill", "type", "select", "check", "press", "hover", "scroll_to", "wait_for", "expect",
              "remember")
SETTLE_MS = 3000  # after a page loads, how long its late scripts may still add elements before the check


@dataclass
class LocatorCheck:
    """What one step's locator found on the page, said on one line with where the step is written."""

    where: str
    step: str
    found: int | None = None  # None: not tried (see `note`)
    needs_one: bool = True
    by_name: bool = False  # found by a name, a label or a text, which `exact` can narrow
    hidden: bool = False
    hidden_matches: int = 0  # a role locator matches only hidden elements (a menu not open yet): this many
    alternative: str | None = None  # for `any`: the alternative the walk would use
    note: str | None = None
    broken: bool = False  # the step's page did not open
    offer: str | None = None  # what the page has instead: "links here: Cart, … — did you mean …?"

    @property
    def problem(self) -> bool:
        return self.broken or self.found == 0 or (self.needs_one and (self.found or 0) > 1)

    def line(self, device: str) -> str:
        if self.found is None:
            result = self.note or "not checked"
        elif self.found == 0 and self.hidden_matches:
            result = (f"not found among what {device} shows; {self.hidden_matches} hidden element(s) match — in a "
                      "menu or panel that is not open yet?")
        elif self.found == 0:
            result = "not found" + (f"; {self.offer}" if self.offer else "")
        elif self.found == 1:
            result = "found once" + (f", but hidden on {device}" if self.hidden else "")
        else:
            result = f"found {self.found} times"
            if self.needs_one:
                result += f" (the step needs one: add {'`exact: true`, or ' if self.by_name else ''}`nth`)"
        if self.alternative and self.found:
            result += f" (as {self.alternative})"
        return f"{self.where}: {self.step} — {result}"


async def check_first_stage(page: Page, scenario: Scenario, against: str, device: DeviceProfile) -> list[LocatorCheck]:
    """Try each locator of the scenario's first stage on `page`, opening the stage's page (its `goto`, against
    `against`) first; nothing on the page is acted on."""
    values = {**os.environ, **scenario.variables}
    checks: list[LocatorCheck] = []
    opened = False
    for step in scenario.stages[0].steps:
        where = f"{scenario.source}:{step.line}" if step.line else str(scenario.source or "scenario")
        label = step_label(step, scenario.variables)
        if step.only and not any(device.matches(name) for name in step.only):
            checks.append(LocatorCheck(where, label, note=f"not checked: only on {', '.join(step.only)}"))
            continue
        if isinstance(step, m.GotoStep):
            status = await _open(page, _address(expand(step.goto, values), against))
            opened = True
            if status:
                checks.append(LocatorCheck(where, label, note=status, broken=True))
            continue
        target = step_target(step)
        if target is None:
            continue
        if not opened:
            await _open(page, against)
            opened = True
        check = LocatorCheck(where, label, needs_one=_needs_one(step), by_name=target.kind not in ("css", "test_id"))
        try:
            await _try(page, target, lambda text: expand(text, values), check)
        except UnknownVariable as error:
            check.note = f"not checked: it uses ${{{error.name}}}, which the walk fills in on the way"
        except PlaywrightError as error:
            check.note = f"not checked: {str(error).splitlines()[0]}"
        checks.append(check)
    return checks


async def _try(page: Page, target: m.Locator, fill_in, check: LocatorCheck) -> None:
    """Count what the locator finds; for `any`, what its first alternative with a visible match finds, as the walk
    would use it."""
    if target.any is not None:
        for alternative in target.any:
            found = to_playwright(page, alternative, fill_in)
            if await found.filter(visible=True).count():
                check.found, check.alternative = await found.count(), alternative.describe()
                check.hidden = check.found == 1 and not await found.first.is_visible()
                return
        check.found = 0
    else:
        found = to_playwright(page, target, fill_in)
        check.found = await found.count()
        check.hidden = check.found == 1 and not await found.first.is_visible()
        if check.found == 0 and target.role is not None:
            check.hidden_matches = await _hidden_matches(page, target, fill_in)
    if check.found == 0 and not check.hidden_matches:
        check.offer = await suggestions(page, target, fill_in)


async def _hidden_matches(page: Page, target: m.Locator, fill_in) -> int:
    """How many hidden elements a role locator would find: Playwright's roles leave hidden elements out."""
    role: Any = fill_in(target.role or "")
    name = fill_in(target.name) if target.name is not None else None
    return await page.get_by_role(role, name=name, exact=target.exact or None, include_hidden=True).count()


async def run_check(scenario: Scenario, against: str, device: str,
                    descriptors: dict) -> tuple[list[LocatorCheck], DeviceProfile]:
    """`check_first_stage` in a browser of its own, headless, on `device`."""
    from playwright.async_api import async_playwright

    from ..scenario.devices import resolve_device
    from ..walk.browser import start_browser

    profile = resolve_device(device, descriptors)
    async with async_playwright() as playwright:
        started = await start_browser(playwright)
        try:
            page = await (await started.browser.new_context(**profile.context_args)).new_page()
            return await check_first_stage(page, scenario, against, profile), profile
        finally:
            await started.browser.close()


def _address(url: str, against: str) -> str:
    """A `goto` as the walker opens it with `--base-url`: relative to the shop checked, an absolute URL as it is."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", url):
        return url
    return urljoin(against.rstrip("/") + "/", url.lstrip("/"))


def _needs_one(step: m._StepBase) -> bool:
    if isinstance(step, m.ClickStep) and step.pick:
        return False
    if isinstance(step, m.ExpectStep) and step.expect.count is not None:
        return False
    return step_verb(step) in ONE_NEEDED


async def _open(page: Page, url: str) -> str | None:
    """Open `url` and let its late scripts run; a page that does not load is said in words."""
    try:
        response = await page.goto(url, wait_until="load", timeout=30_000)
    except PlaywrightError as error:
        return f"the page {url} did not open ({str(error).splitlines()[0]})"
    try:
        await page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
    except PlaywrightError:
        pass  # a page that keeps talking is checked as it is
    if response is not None and response.status >= 400:
        return f"the page {url} answered {response.status}"
    return None
