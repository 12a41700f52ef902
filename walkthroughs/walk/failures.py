"""Say why a step failed in words a QA person understands, by looking at the page after the failure."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator

from ..results import StepError
from ..scenario import model as m
from ..scenario.variables import UnknownVariable
from .candidates import suggestions
from .describe import element_name, step_label, step_target
from .obstruction import Covered, hit_test
from .steps import AssertionFailed, NoSuchOption, StepContext

_NET_ERROR = re.compile(r"net::(ERR_[A-Z_]+)")
MATCHES_NOTHING = "matches nothing on this page"


async def explain_step(error: BaseException, step: m._StepBase, ctx: StepContext, variables: dict[str, str],
                       source: Path | None) -> StepError:
    """Why `step` failed; where its locator matched nothing, what the page offers instead (read now, from the page);
    and, when the scenario came from a file, the file and line the step is written on."""
    wanted = step_target(step)
    what = element_name(wanted, variables) if wanted is not None else f"step “{step_label(step, variables)}”"
    explained = await explain(error, what, ctx.locate(wanted) if wanted is not None else None)
    if wanted is not None and explained.message.endswith(MATCHES_NOTHING):
        offered = await suggestions(ctx.page, wanted, ctx.expand)
        explained.message += f" — {offered}" if offered else ""
    if source is not None and step.line is not None:
        explained.message += f" ({source}:{step.line})"
    return explained


def _first_lines(text: str, count: int = 3) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip() and not line.startswith("Call log")]
    return " ".join(lines[:count])[:400]


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


async def explain(error: BaseException, what: str, target: Locator | None) -> StepError:
    """`what` names the element or page in the shopper's terms, e.g. “Add to cart”."""
    raw = _strip_ansi(str(error))
    if isinstance(error, Covered):
        cover = error.record["cover"]
        return StepError(kind="covered", message=f"{what} was not reachable: a {cover['kind']} ({cover['selector']}) covers it",
                         detail="; ".join(error.record["actions"]) or None)
    if isinstance(error, AssertionFailed):
        return StepError(kind="assertion", message=await _why_check_failed(raw, what, target), detail=raw[:2000])
    if isinstance(error, NoSuchOption):
        return StepError(kind="missing", message=f"{what} {error}")
    if isinstance(error, UnknownVariable):
        return StepError(kind="error", message=str(error))
    net = _NET_ERROR.search(raw)
    if net:
        return StepError(kind="navigation", message=f"the page could not be opened ({net.group(1)})", detail=raw[:2000])
    if "strict mode violation" in raw:
        count = re.search(r"resolved to (\d+) elements", raw)
        many = count.group(1) if count else "several"
        return StepError(kind="ambiguous", message=f"{what} matches {many} elements; the scenario must say which one (nth)",
                         detail=raw[:2000])
    if target is not None and isinstance(error, PlaywrightError):
        return await _diagnose_element(target, what, raw)
    if "Timeout" in type(error).__name__ or "Timeout" in raw:
        return StepError(kind="timeout", message=f"{what}: nothing happened in time", detail=raw[:2000])
    return StepError(kind="error", message=_first_lines(raw), detail=raw[:2000])


def _line_after(raw: str, *prefixes: str) -> str | None:
    for line in raw.splitlines():
        stripped = line.strip()
        for prefix in prefixes:
            if stripped.startswith(prefix):
                return stripped[len(prefix):].strip().strip('"')
    return None


async def _why_check_failed(raw: str, what: str, target: Locator | None) -> str:
    """“expected … , found …” from Playwright's assertion text, plus whether the element exists at all."""
    if target is None:
        return _first_lines(raw, 2)  # a page-level check words its own message
    expected = _line_after(raw, "Expected string:", "Expected pattern:", "Expected:", "Expected substring:")
    said = re.search(r"expected to (?:contain text|have text|have count|have URL|have title|have Value) '(.*)'", raw)
    if said:
        expected = said.group(1)
        pattern = re.fullmatch(r"re\.compile\('(.*)'\)", expected)
        expected = f"/{pattern.group(1)}/" if pattern else expected
    actual = _line_after(raw, "Received string:", "Received:", "Actual value:")
    if target is not None:
        try:
            if await target.count() == 0:
                return f"{what} {MATCHES_NOTHING}"
        except PlaywrightError:
            pass
    state = re.search(r"expected to be (\w+)", raw)
    if state and actual in _STATE_WORDS and state.group(1) in _STATE_WORDS:
        return f"{what} is {_STATE_WORDS[actual]}, expected {_STATE_WORDS[state.group(1)]}"
    if expected and actual and actual != "None":
        return f"{what}: expected “{expected}”, found “{actual[:200]}”"
    return f"{what}: {_first_lines(raw, 2)}"


# Playwright's words for an element's state (`Actual value: inactive`) as a QA person says them.
_STATE_WORDS = {"enabled": "enabled", "disabled": "disabled", "checked": "ticked", "unchecked": "not ticked",
                "focused": "focused", "inactive": "not focused"}


async def _diagnose_element(target: Locator, what: str, raw: str) -> StepError:
    try:
        count = await target.count()
        if count == 0:
            return StepError(kind="missing", message=f"{what} {MATCHES_NOTHING}", detail=raw[:2000])
        first = target.first
        if not await first.is_visible():
            return StepError(kind="hidden", message=f"{what} is on the page but not visible", detail=raw[:2000])
        if not await first.is_enabled():
            return StepError(kind="disabled", message=f"{what} is visible but disabled", detail=raw[:2000])
        state = await hit_test(first)
        if state.get("covered"):
            cover = state["cover"]
            return StepError(kind="covered", message=f"{what} was not clickable: a {cover['kind']} ({cover['selector']}) covers it",
                             detail=raw[:2000])
    except PlaywrightError:
        pass  # the page went away while we looked; fall back to Playwright's words
    if "intercepts pointer events" in raw:
        return StepError(kind="covered", message=f"{what} was not clickable: another element covers it", detail=raw[:2000])
    return StepError(kind="timeout", message=f"{what}: {_first_lines(raw, 1)}", detail=raw[:2000])
