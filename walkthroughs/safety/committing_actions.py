"""Would this click, tap or key press commit the shopper? Judged on the element itself, as the page has it — not on
the scenario's selector — so `click: "text=Place order"` and `press: Enter` in the checkout form are seen for what
they do: the element that acts, the texts that name it, and the address its form posts to, against the words.

Links that open a page and forms that ask for one (GET) are judged by their address alone: a GET is what the web
promises never changes anything, and the network guard holds whatever else the shop sends.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from importlib import resources
from typing import Any

from playwright.async_api import Locator, Page

from ..gather import probe
from ..scenario import model as m
from .vocabulary import STOPPED_BEFORE, Vocabulary

ACTION_TARGET = resources.files(__package__).joinpath("js/action_target.js").read_text(encoding="utf-8")
# Verbs that activate their element the way a click does; `press` is judged by its key.
ACTIVATING_VERBS = frozenset({"click", "tap", "dblclick", "double_click", "submit"})
ENTER_KEYS = frozenset({"Enter", "NumpadEnter"})
SPACE_KEYS = frozenset({" ", "Space"})


@dataclass(frozen=True)
class Commitment:
    """A step that would commit: what it would do and why the walk thinks so."""

    kind: str  # order | payment | subscription | donation
    reason: str  # "the button reads “Place order”"
    marked: bool = False  # the scenario says so (`commit: true`), rather than the walk recognising it

    @property
    def stopped_before(self) -> str:
        return STOPPED_BEFORE[self.kind]


def how_it_acts(step: m._StepBase) -> str | None:
    """activate | enter | space for a step that could set something off; None for one that only reads or types."""
    verb = m.step_verb(step)
    if verb in ACTIVATING_VERBS:
        return "activate"
    if verb == "press":
        key = step.press.key.split("+")[-1] if step.press.key != "+" else "+"
        return "enter" if key in ENTER_KEYS else "space" if key in SPACE_KEYS else None
    return None


def judge(seen: dict[str, Any], words: Vocabulary) -> Commitment | None:
    """Whether any of the targets `action_target.js` described would commit."""
    for target in seen.get("targets", []):
        found = _judge_target(target, words)
        if found:
            return found
    return None


def _judge_target(target: dict[str, Any], words: Vocabulary) -> Commitment | None:
    acts = target.get("acts")
    if acts == "nothing":
        return None
    if acts == "link":
        match = words.address_commits(target.get("href"))
        return Commitment(match.kind, f"the link opens {target['href']}, which says “{match.words}”") if match else None
    what = "the button the Enter key presses" if target.get("element") == "field" else f"the {_element(target)}"
    for text in target.get("texts", []):
        match = words.name_commits(text)
        if match:
            return Commitment(match.kind, f"{what} reads “{text}”")
    submits = target.get("submits") or {}
    if submits.get("method", "GET") != "GET":
        match = words.address_commits(submits.get("action"))
        if match:
            return Commitment(match.kind, f"its form posts to {submits['action']}, which says “{match.words}”")
    return None


def _element(target: dict[str, Any]) -> str:
    return {"a": "link", "input": "button", "button": "button"}.get(target.get("element", ""), "element")


def committing_forms(seen: dict[str, Any], words: Vocabulary) -> list[tuple[str, str]]:
    """(address, kind) of every form on the page that posts with a button whose words commit."""
    found = []
    for form in seen.get("forms", []):
        for button in form.get("submitters", []):
            match = next(filter(None, (words.name_commits(text) for text in button.get("texts", []))), None)
            if match and button.get("action"):
                found.append((button["action"], match.kind))
    return found


async def look_at(page: Page, target: Locator | None, how: str, timeout_ms: float) -> tuple[dict[str, Any], float]:
    """What the action would set off, read from the page, and how long the reading took (the tool's time, not the
    shop's). Waiting for the element is the shop's time: the step would wait for it too."""
    if target is not None:
        await target.first.wait_for(state="visible", timeout=timeout_ms)
    started = time.perf_counter()
    if target is not None:
        seen = await target.evaluate_all(ACTION_TARGET, how)
    else:
        focused = "[document.activeElement].filter(Boolean)"  # a key pressed without a locator: where the focus is
        seen = await probe.evaluate(page, f"({ACTION_TARGET})({focused}, {json.dumps(how)})")
    return seen or {}, (time.perf_counter() - started) * 1000
