"""`walkthrough check scenario.yaml --against URL`: the first stage's locators tried on the live page, nothing clicked
or typed — found once, found several times, or not found with the names of the same kind the page does have.

Only the first stage: the pages after it are reached by walking, and a check that walked would be a walk.
"""

from __future__ import annotations

import asyncio
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from ..scenario import Scenario, UnknownVariable, expand, step_verb
from ..scenario import model as m
from ..scenario.devices import DeviceProfile
from ..scenario.positions import Positions
from ..walk.describe import step_label, step_target
from ..walk.locators import to_playwright
from .scenario_text import flow

ONE_NEEDED = ("click", "fill", "select", "check", "press", "hover", "scroll_to", "wait_for", "expect", "remember")
SETTLE_MS = 3000  # after a page loads, how long its late scripts may still add elements before the check
SUGGESTIONS = 5
FIELD_ROLES = ("textbox", "searchbox", "combobox", "listbox", "spinbutton", "checkbox", "radio", "switch", "slider")
ROLE_WORDS = {"textbox": "text fields", "combobox": "drop-downs", "checkbox": "tick boxes", "radio": "radio buttons",
              "img": "images", "searchbox": "search fields", "spinbutton": "number fields", "listbox": "lists"}


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
    note: str | None = None
    broken: bool = False  # the step's page did not open
    nearby: list[str] = field(default_factory=list)
    nearby_kind: str = ""
    suggestion: dict | None = None

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
            result = "not found"
            if self.nearby:
                result += f"; {self.nearby_kind} here: {', '.join(self.nearby)}"
            if self.suggestion:
                result += f" — did you mean {flow(self.suggestion)}?"
        elif self.found == 1:
            result = "found once" + (f", but hidden on {device}" if self.hidden else "")
        else:
            result = f"found {self.found} times"
            if self.needs_one:
                result += f" (the step needs one: add {'`exact: true`, or ' if self.by_name else ''}`nth`)"
        return f"{self.where}: {self.step} — {result}"


async def check_first_stage(page: Page, scenario: Scenario, against: str, device: DeviceProfile) -> list[LocatorCheck]:
    """Try each locator of the scenario's first stage on `page`, opening the stage's page (its `goto`, against
    `against`) first; nothing on the page is acted on."""
    stage = scenario.stages[0]
    positions = _step_positions(scenario.source)
    values = {**os.environ, **scenario.variables}
    checks: list[LocatorCheck] = []
    opened = False
    tree: list[dict] | None = None
    for index, step in enumerate(stage.steps):
        where = positions.get(index, str(scenario.source or "scenario"))
        label = step_label(step, scenario.variables)
        if step.only and not any(device.matches(name) for name in step.only):
            checks.append(LocatorCheck(where, label, note=f"not checked: only on {', '.join(step.only)}"))
            continue
        verb = step_verb(step)
        if verb == "goto":
            status = await _open(page, _address(expand(step.goto, values), against))
            opened, tree = True, None
            if status:
                checks.append(LocatorCheck(where, label, note=status, broken=True))
            continue
        target = step_target(step)
        if target is None:
            continue
        if not opened:
            await _open(page, against)
            opened = True
        try:
            located = to_playwright(page, target, lambda text: expand(text, values))
        except UnknownVariable as error:
            checks.append(LocatorCheck(where, label, note=f"not checked: it uses ${{{error.name}}}, which the walk "
                                                          "fills in on the way"))
            continue
        check = LocatorCheck(where, label, needs_one=_needs_one(step), by_name=target.kind not in ("css", "test_id"))
        try:
            check.found = await located.count()
            check.hidden = check.found == 1 and not await located.first.is_visible()
        except PlaywrightError as error:
            check.note = f"not checked: {str(error).splitlines()[0]}"
        if check.found == 0 and target.role is not None:
            check.hidden_matches = await _hidden_matches(page, target, values)
        if check.found == 0 and not check.hidden_matches:
            tree = tree if tree is not None else await _accessibility_tree(page)
            await _suggest(page, target, values, tree, check)
        checks.append(check)
    return checks


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


async def _hidden_matches(page: Page, target: m.Locator, values: dict) -> int:
    """How many hidden elements a role locator would find: Playwright's roles leave hidden elements out."""
    try:
        name = expand(target.name, values) if target.name is not None else None
        role: Any = target.role
        return await page.get_by_role(role, name=name, exact=target.exact or None, include_hidden=True).count()
    except (PlaywrightError, UnknownVariable):
        return 0


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


async def _accessibility_tree(page: Page) -> list[dict]:
    """(role, name) of every element Chrome's accessibility tree names on the page."""
    try:
        cdp = await page.context.new_cdp_session(page)
        nodes = (await asyncio.wait_for(cdp.send("Accessibility.getFullAXTree"), 10)).get("nodes", [])
        await cdp.detach()
    except (PlaywrightError, asyncio.TimeoutError):
        return []
    named = []
    for node in nodes:
        role = (node.get("role") or {}).get("value")
        name = " ".join(str((node.get("name") or {}).get("value", "")).split())
        if not node.get("ignored") and role and name:
            named.append({"role": {"image": "img"}.get(role, role), "name": name})
    return named


ATTRIBUTES = {"test_id": ("data-testid", "test ids"), "placeholder": ("placeholder", "placeholders"),
              "alt": ("alt", "image texts"), "title": ("title", "titles")}


async def _suggest(page: Page, target: m.Locator, values: dict, tree: list[dict], check: LocatorCheck) -> None:
    """The names of the same kind on the page, closest first, and the locator of the closest."""
    kind = target.kind
    wanted = str(getattr(target, "name" if kind == "role" else kind) or "")
    try:
        wanted = expand(wanted, values)
    except UnknownVariable:
        pass
    if kind == "role":
        names = [node["name"] for node in tree if node["role"] == target.role]
        check.nearby_kind = ROLE_WORDS.get(target.role or "", f"{target.role}s")
    elif kind == "label":
        names, check.nearby_kind = [node["name"] for node in tree if node["role"] in FIELD_ROLES], "fields"
    elif kind == "text":
        names = [node["name"] for node in tree if node["role"] in ("StaticText", "link", "button", "heading")]
        check.nearby_kind = "texts"
    elif kind in ATTRIBUTES:
        attribute, check.nearby_kind = ATTRIBUTES[kind]
        names = await page.eval_on_selector_all(f"[{attribute}]", f"els => els.map(e => e.getAttribute('{attribute}'))")
    else:
        return
    check.nearby = closest(wanted, names)
    if check.nearby and _similar(wanted, check.nearby[0]) >= 0.3:
        best = check.nearby[0]
        check.suggestion = {"role": target.role, "name": best} if kind == "role" else {kind: best}


def closest(wanted: str, names: list[str], limit: int = SUGGESTIONS) -> list[str]:
    """Distinct names, the most like `wanted` first."""
    distinct = list(dict.fromkeys(name for name in names if name and len(name) <= 80))
    return sorted(distinct, key=lambda name: -_similar(wanted, name))[:limit]


def _similar(wanted: str, name: str) -> float:
    a, b = wanted.lower(), name.lower()
    return 1.0 if a and (a in b or b in a) else difflib.SequenceMatcher(None, a, b).ratio()


def _step_positions(source: Path | None) -> dict[int, str]:
    """`file:line:col` of each step of the first stage, read from the file as written."""
    if source is None:
        return {}
    loader = yaml.SafeLoader(Path(source).read_text(encoding="utf-8"))
    try:
        positions = Positions.of(loader.get_single_node(), loader)
    finally:
        loader.dispose()
    found = {}
    for path, node in positions.values.items():
        if len(path) == 4 and path[:3] == ("stages", 0, "steps") and isinstance(path[3], int):
            found[path[3]] = f"{source}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"
    return found
