"""Before acting on an element, check that a tap would reach it; if something covers it, get past it
the way a shopper would (accept, close, no thanks, Escape) and record what it was and what it cost."""

from __future__ import annotations

import asyncio
import re
import time
from importlib import resources
from typing import Any, Awaitable, Callable

from playwright.async_api import Locator, Page

from ..errors import one_line
from ..safety.secrets import FIELD_ATTRIBUTES
from .clock import StepClock

HIT_TEST = resources.files(__package__).joinpath("js/hit_test.js").read_text(encoding="utf-8")
DISMISS_LABEL = re.compile(
    r"^\s*(accept( all)?( cookies)?|agree|allow( all)?|ok(ay)?|got it|close|dismiss|no,? thanks|not now|continue"
    r"|reject( all)?|decline|×|✕|✖|x)\s*$",
    re.IGNORECASE,
)


# The first look at an element the shopper is about to use, in one call when it is simply there: one element,
# visible, scrolled into view if it is not, in the same place a frame later, and what a tap at its centre reaches.
# Playwright's way (wait for it visible, scroll it into view with its own stability wait, evaluate) is three
# round trips to the page for every click and fill. It also reads the attributes that say whether a field takes a
# secret (`type`, `autocomplete`), which would otherwise be another call per fill. Anything unusual here (no
# element or several, hidden, still moving, or something at its centre other than itself) returns null and takes
# that way.
QUICK_LOOK = f"""async (elements) => {{
  const hitTest = {HIT_TEST.strip().removesuffix(";")};
  if (elements.length !== 1) return null;
  const el = elements[0];
  const box = () => {{ const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height].join(' '); }};
  const rect = el.getBoundingClientRect();
  if (!rect.width || !rect.height || getComputedStyle(el).visibility === 'hidden') return null;
  if (rect.top < 0 || rect.left < 0 || rect.bottom > innerHeight || rect.right > innerWidth) {{
    el.scrollIntoView({{block: 'center', inline: 'center', behavior: 'instant'}});
  }}
  const before = box();
  await new Promise((done) => {{ requestAnimationFrame(() => done()); setTimeout(done, 100); }});
  if (box() !== before) return null;
  const seen = hitTest(el);
  if (seen.covered) return null;  // a cover, or a scrolling box that hides it: the usual way decides
  return {{...seen, field: ({FIELD_ATTRIBUTES})(el)}};  // is it a secret's field
}}"""


class Covered(Exception):
    """Something stayed on top of the element the shopper needs."""

    def __init__(self, record: dict[str, Any]) -> None:
        super().__init__(f"covered by {record['cover']['kind']} ({record['cover']['selector']})")
        self.record = record


async def hit_test(target: Locator) -> dict[str, Any]:
    try:
        await target.scroll_into_view_if_needed(timeout=2000)
        return await target.evaluate(HIT_TEST)
    except Exception:
        return {"covered": False}


async def quick_look(target: Locator, timeout_ms: float) -> dict[str, Any] | None:
    """The hit test of an element that is already visible, still and uncovered, without waiting for anything; None
    otherwise (then the step waits for it and tests it the usual way)."""
    try:
        return await asyncio.wait_for(target.evaluate_all(QUICK_LOOK), timeout_ms / 1000)
    except Exception:  # a page that is busy, navigating or gone: the usual way says what it is
        return None


async def _dismiss(page: Page, kind: str) -> str:
    cover = page.locator("[data-wt-cover]")
    for role in ("button", "link"):
        control = cover.get_by_role(role, name=DISMISS_LABEL)
        if await control.count():
            label = (await control.first.text_content() or await control.first.get_attribute("aria-label") or "").strip()
            await control.first.click(timeout=2000)
            return f"clicked “{label or role}”"
    if kind == "sticky header":
        return "scrolled"
    await page.keyboard.press("Escape")
    return "pressed Escape"


async def clear_the_way(page: Page, target: Locator, timeout_ms: float, clock: StepClock | None = None,
                        capture: Callable[[], Awaitable[str | None]] | None = None,
                        first: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """Return None when nothing was in the way, else what covered the target and how it was passed. The hit tests,
    the screenshot and the pauses between attempts are the tool's time on `clock`; getting rid of the cover is the
    shopper's.

    `capture` takes a screenshot of the page as the hit test found it, cover still in place (its path, or None).
    `first`: the hit test already made (`quick_look`)."""
    clock = clock or StepClock()
    if first is None:
        with clock.tool():
            first = await hit_test(target)
    if not first.get("covered"):
        return None
    record: dict[str, Any] = {"target_box": first.get("box"), "cover": first["cover"], "actions": [], "cleared": False}
    if capture:
        with clock.tool():
            record["screenshot"] = await capture()
    started = time.perf_counter()  # after the screenshot: the tool's time is not the shopper's
    deadline = started + min(timeout_ms, 5000) / 1000
    state = first
    while state.get("covered") and time.perf_counter() < deadline:
        try:
            if state["cover"]["kind"] == "sticky header":
                await target.evaluate("el => el.scrollIntoView({block: 'center'})")
                record["actions"].append("scrolled the element to the middle of the screen")
            else:
                record["actions"].append(await _dismiss(page, state["cover"]["kind"]))
        except Exception as error:  # the cover went away or would not be dismissed: test again
            record["actions"].append(f"could not dismiss it: {one_line(error, 120)}")
        with clock.tool():
            await page.wait_for_timeout(150)
            state = await hit_test(target)
        if len(record["actions"]) >= 3:
            break
    record["cleared"] = not state.get("covered")
    record["time_to_clear_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return record
