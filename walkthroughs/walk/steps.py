"""One small coroutine per scenario verb: what a shopper does and checks on the page.

Each runs on the step's clock (`ctx.clock`): what the tool does on the way — hit tests, probes, read-backs, the wait
for a click's response beyond the response itself — is marked `with ctx.clock.tool()`, so it is not the shop's time.
"""

from __future__ import annotations

import asyncio
import random
import re
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable
from urllib.parse import urljoin

from playwright.async_api import Locator as PlaywrightLocator
from playwright.async_api import Page
from playwright.async_api import expect as pw_expect

from ..gather import form_state, probe
from ..scenario import model as m
from ..scenario.patterns import text_or_pattern
from .clock import StepClock
from .describe import step_target
from .locators import first_visible, to_playwright
from .obstruction import Covered, clear_the_way, quick_look
from .signals import PageSignals


class AssertionFailed(Exception):
    """An `expect` step saw something other than what the scenario expects."""


class NotAWebPage(Exception):
    """A `goto` whose address, once its variables are filled in, is not a web page (`file:`, `javascript:`…)."""


class NoSuchOption(Exception):
    """A `select` whose option the list does not offer; says which options it does."""

    def __init__(self, option: str, offered: list[str]) -> None:
        shown = ", ".join(f"“{label}”" for label in offered[:8]) + (", …" if len(offered) > 8 else "")
        super().__init__(f"has no option “{option}”" + (f" — options here: {shown}" if offered else " — it has no "
                                                                                                      "options"))


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
    # told what is about to be typed, and the field's [type, autocomplete] when the one-call look read them
    before_fill: Callable[[PlaywrightLocator, str, list | None], Awaitable[None]] | None = None
    rng: random.Random = field(default_factory=random.Random)  # `pick: random`, seeded by the walker
    clock: StepClock = field(default_factory=StepClock)  # the shop's time of the step: paused while the tool works
    seen: dict[str, Any] | None = None  # what the one-call look saw of the step's element (None: it was waited for)
    capture: Callable[[], Awaitable[str | None]] | None = None  # a screenshot of the moment (an obstruction's)

    def locate(self, locator: m.Locator) -> PlaywrightLocator:
        """The locator as a whole (every alternative of an `any`)."""
        return to_playwright(self.page, locator, self.expand)

    async def find(self, locator: m.Locator) -> PlaywrightLocator:
        """The element to act on (for `any`, the first visible alternative)."""
        return await first_visible(self.page, locator, self.expand, self.timeout_ms)


async def _reach(ctx: StepContext, target: PlaywrightLocator) -> PlaywrightLocator:
    """Wait for the element, then make sure nothing covers it; what was in the way becomes evidence. An element
    already there is looked at once (the tool's time); one that is not is waited for (the shop's)."""
    with ctx.clock.tool():
        ctx.seen = first = await quick_look(target, ctx.timeout_ms)
    if first is None:
        await target.wait_for(state="visible", timeout=ctx.timeout_ms)
    obstruction = await clear_the_way(ctx.page, target, ctx.timeout_ms, ctx.clock, ctx.capture, first)
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
    with ctx.clock.tool():
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
    with ctx.clock.tool():
        before = await ctx.signals.snapshot(forget_interactions=True)  # only the click's paint is read after it
    await target.click(timeout=ctx.timeout_ms)
    response = await _response(ctx, before)
    record: dict[str, Any] = {"response": response, "retried": False}
    with ctx.clock.tool():
        again = response is None and await target.count() and await target.is_visible()
    if again:
        # A shopper whose click seems to do nothing clicks again; note whether that helped.
        record["retried"] = True
        with ctx.clock.tool():
            before = await ctx.signals.snapshot()
        await target.click(timeout=ctx.timeout_ms)
        record["retry_response"] = await _response(ctx, before)
    record["duration_ms"] = ctx.clock.shop_ms
    if (record.get("retry_response") or response or {}).get("kind") != "navigation":
        with ctx.clock.tool():
            record["paint_ms"] = await ctx.signals.paint_after_click()
    ctx.evidence["click"] = record


async def _response(ctx: StepContext, before: tuple) -> dict[str, Any] | None:
    """The click's response: the wait for it is the tool's, the time until it came the shop's."""
    with ctx.clock.tool():
        response = await ctx.signals.wait_for_response(before)
    ctx.clock.shop_part(response["after_ms"] if response else None)
    return response


async def fill(step: m.FillStep, ctx: StepContext) -> None:
    target = await _reach(ctx, await ctx.find(step.fill))
    value = ctx.expand(step.fill.value)
    with ctx.clock.tool():
        if ctx.before_fill is not None:
            await ctx.before_fill(target, value, (ctx.seen or {}).get("field"))
        await form_state.before_typing(ctx.page)
    await target.fill(value, timeout=ctx.timeout_ms)
    await _read_back(ctx, value)


async def type_keys(step: m.TypeStep, ctx: StepContext) -> None:
    """Key by key, as a shopper types: each key fires its own events (suggestions, input masks)."""
    target = await _reach(ctx, await ctx.find(step.type))
    value = ctx.expand(step.type.value)
    with ctx.clock.tool():
        if ctx.before_fill is not None:
            await ctx.before_fill(target, value, (ctx.seen or {}).get("field"))
        await form_state.before_typing(ctx.page)
    delay = step.type.delay or 0
    await target.press_sequentially(value, delay=delay, timeout=ctx.timeout_ms + delay * len(value))
    await _read_back(ctx, value)


async def _read_back(ctx: StepContext, typed: str) -> None:
    """What the field holds once the page has rendered the typing: evidence of input the shop threw away."""
    with ctx.clock.tool():
        found = await form_state.read_back(ctx.page, typed)
    if found is not None:
        ctx.evidence["input"] = found


# The options of the <select> the hit test last looked at (or of the control a label stands for): [label, value].
_OPTIONS = """() => {
  const el = window.__wtTarget;
  const list = el && (el.options ? el : el.control || (el.querySelector && el.querySelector('select')));
  return list && list.options ? [...list.options].map((o) => [o.label.trim(), o.value]) : null;
}"""
OPTIONS_POLL_S = 0.1


async def select(step: m.SelectStep, ctx: StepContext) -> None:
    """The option by its label, else its value, else the one whose words match (case and spacing aside, or the only
    one containing them) — read from the list first, so nothing is tried and timed out."""
    target = await _reach(ctx, await ctx.find(step.select))
    wanted = ctx.expand(step.select.option)
    with ctx.clock.tool():
        options = await _options(ctx)
    deadline = asyncio.get_running_loop().time() + ctx.timeout_ms / 1000
    while options is not None and choose(wanted, options) is None and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(OPTIONS_POLL_S)  # options that arrive later (a list filled by a request): the shop's time
        with ctx.clock.tool():
            options = await _options(ctx)
    with ctx.clock.tool():  # the walker's stand-in for the shopper's tap: the tool's time, not the shop's
        await shoppers_input(target, ctx)
    if options is None:  # not a list the page lets us read: Playwright matches the value or the label
        await target.select_option(wanted, timeout=ctx.timeout_ms)
    else:
        index = choose(wanted, options)
        if index is None:
            raise NoSuchOption(wanted, [label for label, _ in options])
        await target.select_option(index=index, timeout=ctx.timeout_ms)
    with ctx.clock.tool():
        await form_state.mark_filled(ctx.page)


async def shoppers_input(target: PlaywrightLocator, ctx: StepContext) -> None:
    """A shopper picks an option with a tap or a key, and the browser takes what moves in the next 500 ms as their
    doing (it does not count in Cumulative Layout Shift). Playwright's select_option only sets the value and sends
    the change events, so a list re-sorted by it would be charged as a layout shift no shopper sees; a key that
    changes nothing (Shift) on the focused list first is the input a shopper gives."""
    await target.press("Shift", timeout=ctx.timeout_ms)


async def _options(ctx: StepContext) -> list[tuple[str, str]] | None:
    try:
        return await probe.evaluate(ctx.page, _OPTIONS)
    except probe.ProbeError:
        return None


def choose(wanted: str, options: list[tuple[str, str]]) -> int | None:
    """The index of the option meant by `wanted`: its label, its value, its label ignoring case and spacing, or the
    only label that contains it."""
    squeeze = " ".join(wanted.split()).casefold()
    for matches in (lambda label, value: label == wanted, lambda label, value: value == wanted,
                    lambda label, value: " ".join(label.split()).casefold() == squeeze):
        found = [index for index, (label, value) in enumerate(options) if matches(label, value)]
        if found:
            return found[0]
    containing = [index for index, (label, _) in enumerate(options) if squeeze and squeeze in label.casefold()]
    return containing[0] if len(containing) == 1 else None


async def check(step: m.CheckStep, ctx: StepContext) -> None:
    target = await _reach(ctx, await ctx.find(step.check))
    await target.check(timeout=ctx.timeout_ms)
    with ctx.clock.tool():
        await form_state.mark_filled(ctx.page)


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
