"""One small coroutine per scenario verb: what a shopper does and checks on the page."""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable
from urllib.parse import urljoin

from playwright.async_api import Locator as PlaywrightLocator
from playwright.async_api import Page
from playwright.async_api import expect as pw_expect

from ..scenario import model as m
from ..scenario.patterns import text_or_pattern
from .describe import step_target
from .locators import first_visible, to_playwright
from .obstruction import Covered, clear_the_way
from .signals import PageSignals


class AssertionFailed(Exception):
    """An `expect` step saw something other than what the scenario expects."""


class NotAWebPage(Exception):
    """A `goto` whose address, once its variables are filled in, is not a web page (`file:`, `javascript:`…)."""


@dataclass
class StepContext:
    """What a step needs: the page, the values of `${VAR}`s, and where to put what it saw."""

    page: Page
    base_url: str | None
    values: dict[str, str]
    expand: Callable[[str], str]
    timeout_ms: float
    signals: PageSignals
    evidence: dict[str, Any] = field(default_factory=dict)
    before_fill: Callable[[PlaywrightLocator, str], Awaitable[None]] | None = None  # told what is about to be typed
    rng: random.Random = field(default_factory=random.Random)  # `pick: random`, seeded by the walker
    capture: Callable[[], Awaitable[str | None]] | None = None  # a screenshot of the moment (an obstruction's)
    tool_ms: float = 0.0  # time the tool spent on its own evidence during the step (capture), not the shop's

    def locate(self, locator: m.Locator) -> PlaywrightLocator:
        """The locator as a whole (every alternative of an `any`)."""
        return to_playwright(self.page, locator, self.expand)

    async def find(self, locator: m.Locator) -> PlaywrightLocator:
        """The element to act on (for `any`, the first visible alternative)."""
        return await first_visible(self.page, locator, self.expand, self.timeout_ms)


async def _reach(ctx: StepContext, target: PlaywrightLocator) -> PlaywrightLocator:
    """Wait for the element, then make sure nothing covers it; what was in the way becomes evidence."""
    await target.wait_for(state="visible", timeout=ctx.timeout_ms)
    obstruction = await clear_the_way(ctx.page, target, ctx.timeout_ms, ctx.capture)
    if obstruction:
        ctx.evidence.setdefault("obstructions", []).append(obstruction)
        if not obstruction["cleared"]:
            raise Covered(obstruction)
    return target


async def goto(step: m.GotoStep, ctx: StepContext) -> None:
    url = ctx.expand(step.goto)
    if ctx.base_url and not re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE):
        url = urljoin(ctx.base_url.rstrip("/") + "/", url.lstrip("/"))
    problem = m.url_scheme_problem(url, "goto")
    if problem:
        raise NotAWebPage(problem)
    response = await ctx.page.goto(url, timeout=ctx.timeout_ms, wait_until="load")
    if response is not None and response.status >= 400:
        ctx.evidence["http_status"] = response.status


async def pick_at_random(ctx: StepContext, matches: PlaywrightLocator) -> PlaywrightLocator:
    """One of the visible elements that match, chosen with the journey's seeded generator; the choice is evidence."""
    await matches.first.wait_for(state="visible", timeout=ctx.timeout_ms)
    visible = [index for index in range(await matches.count()) if await matches.nth(index).is_visible()]
    index = visible[ctx.rng.randrange(len(visible))] if visible else 0
    text = (await matches.nth(index).inner_text(timeout=ctx.timeout_ms)).strip()
    ctx.evidence["picked"] = {"index": index, "of": len(visible), "text": " ".join(text.split())[:120]}
    return matches.nth(index)


async def click(step: m.ClickStep, ctx: StepContext) -> None:
    if step.pick == "random":
        target = await _reach(ctx, await pick_at_random(ctx, ctx.locate(step.click)))
    else:
        target = await _reach(ctx, await ctx.find(step.click))
    await ctx.signals.paint_after_click_reset()
    before = await ctx.signals.snapshot()
    started = time.perf_counter()
    await target.click(timeout=ctx.timeout_ms)
    response = await ctx.signals.wait_for_response(before)
    record: dict[str, Any] = {"response": response, "retried": False}
    if response is None and await target.count() and await target.is_visible():
        # A shopper whose click seems to do nothing clicks again; note whether that helped.
        record["retried"] = True
        before = await ctx.signals.snapshot()
        await target.click(timeout=ctx.timeout_ms)
        record["retry_response"] = await ctx.signals.wait_for_response(before)
    record["duration_ms"] = round((time.perf_counter() - started) * 1000, 1)
    if (record.get("retry_response") or response or {}).get("kind") != "navigation":
        record["paint_ms"] = await ctx.signals.paint_after_click()
    ctx.evidence["click"] = record


async def fill(step: m.FillStep, ctx: StepContext) -> None:
    target = await _reach(ctx, await ctx.find(step.fill))
    value = ctx.expand(step.fill.value)
    if ctx.before_fill is not None:
        await ctx.before_fill(target, value)
    await target.fill(value, timeout=ctx.timeout_ms)


async def type_keys(step: m.TypeStep, ctx: StepContext) -> None:
    """Key by key, as a shopper types: each key fires its own events (suggestions, input masks)."""
    target = await _reach(ctx, await ctx.find(step.type))
    value = ctx.expand(step.type.value)
    if ctx.before_fill is not None:
        await ctx.before_fill(target, value)
    delay = step.type.delay or 0
    await target.press_sequentially(value, delay=delay, timeout=ctx.timeout_ms + delay * len(value))


async def select(step: m.SelectStep, ctx: StepContext) -> None:
    target = await _reach(ctx, await ctx.find(step.select))
    option = ctx.expand(step.select.option)
    try:
        await target.select_option(label=option, timeout=min(ctx.timeout_ms, 2000))
    except Exception:
        await target.select_option(value=option, timeout=ctx.timeout_ms)


async def check(step: m.CheckStep, ctx: StepContext) -> None:
    target = await _reach(ctx, await ctx.find(step.check))
    await target.check(timeout=ctx.timeout_ms)


async def press(step: m.PressStep, ctx: StepContext) -> None:
    locator = step.press.locator()
    if locator is None:
        await ctx.page.keyboard.press(step.press.key)
        return
    target = await _reach(ctx, await ctx.find(locator))
    await target.press(step.press.key, timeout=ctx.timeout_ms)


async def hover(step: m.HoverStep, ctx: StepContext) -> None:
    target = await _reach(ctx, await ctx.find(step.hover))
    await target.hover(timeout=ctx.timeout_ms)


async def scroll_to(step: m.ScrollToStep, ctx: StepContext) -> None:
    await (await ctx.find(step.scroll_to)).scroll_into_view_if_needed(timeout=ctx.timeout_ms)


async def wait_for(step: m.WaitForStep, ctx: StepContext) -> None:
    args = step.wait_for
    if args.url is not None:
        await ctx.page.wait_for_url(_contains(ctx.expand(args.url)), timeout=ctx.timeout_ms)
    elif args.load_state is not None:
        await ctx.page.wait_for_load_state(args.load_state, timeout=ctx.timeout_ms)
    else:
        locator = args.locator()
        target = ctx.locate(locator)
        if locator.any is None:
            await target.wait_for(state=args.state, timeout=ctx.timeout_ms)
        elif args.state == "visible":  # one of the alternatives shows
            await target.filter(visible=True).first.wait_for(state="visible", timeout=ctx.timeout_ms)
        elif args.state == "attached":
            await target.first.wait_for(state="attached", timeout=ctx.timeout_ms)
        else:  # none of the alternatives is visible, or on the page, any more
            gone = target.filter(visible=True) if args.state == "hidden" else target
            await pw_expect(gone).to_have_count(0, timeout=ctx.timeout_ms)


def _contains(expected: str) -> re.Pattern[str]:
    """A pattern for "contains this text", or the scenario's own /pattern/ (for page-level checks: url, title)."""
    matcher = text_or_pattern(expected)
    return matcher if isinstance(matcher, re.Pattern) else re.compile(re.escape(matcher))


async def expect(step: m.ExpectStep, ctx: StepContext) -> None:
    args, timeout = step.expect, ctx.timeout_ms
    try:
        if args.visible is not None:
            target = ctx.locate(args.visible)
            await pw_expect(target.filter(visible=True).first if args.visible.any else target).to_be_visible(
                timeout=timeout)
        elif args.hidden is not None:
            target = ctx.locate(args.hidden)
            if args.hidden.any:  # none of the alternatives is visible
                await pw_expect(target.filter(visible=True)).to_have_count(0, timeout=timeout)
            else:
                await pw_expect(target).to_be_hidden(timeout=timeout)
        elif args.check in STATE_CHECKS:
            locator = getattr(args, args.check)
            await STATE_CHECKS[args.check](pw_expect(await ctx.find(locator)), timeout)
        elif args.text is not None:
            await pw_expect(await ctx.find(args.in_)).to_contain_text(text_or_pattern(ctx.expand(args.text)),
                                                                       timeout=timeout)
        elif args.value is not None:
            await pw_expect(await ctx.find(args.in_)).to_have_value(text_or_pattern(ctx.expand(args.value)),
                                                                     timeout=timeout)
        elif args.count is not None:
            await pw_expect(ctx.locate(args.of)).to_have_count(args.count, timeout=timeout)
        elif args.url is not None:
            expected = ctx.expand(args.url)
            try:
                await pw_expect(ctx.page).to_have_url(_contains(expected), timeout=timeout)
            except AssertionError:
                raise AssertionFailed(f"the shopper is on {ctx.page.url}, expected an address with “{expected}”") from None
        else:
            expected = ctx.expand(args.title or "")
            try:
                await pw_expect(ctx.page).to_have_title(_contains(expected), timeout=timeout)
            except AssertionError:
                raise AssertionFailed(f"the page is titled “{await ctx.page.title()}”, expected “{expected}”") from None
    except AssertionError as error:
        raise AssertionFailed(str(error)) from None


# An element's state, as Playwright's assertions check it (each waits up to the step's timeout).
STATE_CHECKS: dict[str, Callable[[Any, float], Awaitable[None]]] = {
    "enabled": lambda expect, timeout: expect.to_be_enabled(timeout=timeout),
    "disabled": lambda expect, timeout: expect.to_be_disabled(timeout=timeout),
    "checked": lambda expect, timeout: expect.to_be_checked(timeout=timeout),
    "unchecked": lambda expect, timeout: expect.to_be_checked(checked=False, timeout=timeout),
    "focused": lambda expect, timeout: expect.to_be_focused(timeout=timeout),
}


async def screenshot(step: m.ScreenshotStep, ctx: StepContext) -> None:
    ctx.evidence["named_screenshot"] = {"name": step.screenshot.name, "full_page": step.screenshot.full_page}


async def remember(step: m.RememberStep, ctx: StepContext) -> None:
    args = step.remember
    target = await ctx.find(args.from_)
    await target.wait_for(state="visible", timeout=ctx.timeout_ms)
    text = (await target.inner_text(timeout=ctx.timeout_ms)).strip()
    if args.pattern:
        match = re.search(args.pattern, text)
        if not match:
            raise AssertionFailed(f"{args.from_.describe()} reads {text!r}, which does not match {args.pattern!r}")
        text = match.group(1) if match.groups() else match.group(0)
    ctx.values[args.name] = text
    ctx.evidence["remembered"] = {args.name: text}


async def back(step: m.BackStep, ctx: StepContext) -> None:
    await ctx.page.go_back(timeout=ctx.timeout_ms, wait_until="load")


async def ready(step: m._StepBase, ctx: StepContext) -> None:
    """Production: check that a committing step could be done (its element visible, uncovered, enabled), without doing it."""
    target = step_target(step)
    if target is not None:
        element = await _reach(ctx, await ctx.find(target))
        await element.click(trial=True, timeout=ctx.timeout_ms)


PERFORM: dict[str, Callable[[Any, StepContext], Awaitable[None]]] = {
    "goto": goto,
    "click": click,
    "fill": fill,
    "type": type_keys,
    "select": select,
    "check": check,
    "press": press,
    "hover": hover,
    "scroll_to": scroll_to,
    "wait_for": wait_for,
    "expect": expect,
    "screenshot": screenshot,
    "remember": remember,
    "back": back,
}
