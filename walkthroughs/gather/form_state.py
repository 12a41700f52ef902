"""What a step did to a form, read in the page around the step: the value a `fill` or `type` left in its field and the
other fields of its form that changed meanwhile (a shop that throws typing away or writes it into another field), and
the form-level error banners a step brought up, with the fields they name.

A step-level gatherer: the walker calls it around the steps that type or submit; what it reads goes under the step's
`input` and `form_errors` in the evidence. Its time is the tool's, not the shop's.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from playwright.async_api import Page

from ..evidence import FormErrorBanner, InputEvidence
from . import probe

NAME = "input"
EVIDENCE = InputEvidence
SCRIPT = resources.files(__package__).joinpath("js/form_state.js").read_text(encoding="utf-8")


async def before_typing(page: Page) -> None:
    """Note the values of the target's form before the step types into it."""
    try:
        await probe.evaluate(page, SCRIPT, {"op": "before"})
    except probe.ProbeError:
        pass  # the read-back will say nothing rather than something wrong


async def read_back(page: Page, typed: str) -> InputEvidence | None:
    """What the field holds once the page has rendered the typing, and the other fields of its form that changed."""
    try:
        found = await probe.evaluate(page, SCRIPT, {"op": "after"})
    except probe.ProbeError:
        return None
    if not found:
        return None
    return {"selector": found["selector"], "label": found["label"], "typed": typed[:200], "value": found["value"],
            "kept": found["value"] == typed[:200], "others_changed": found["others_changed"]}


async def mark_filled(page: Page) -> None:
    """The step's field was written by the walk (a select or a tick), so a banner naming it names a filled field."""
    try:
        await probe.evaluate(page, SCRIPT, {"op": "mark"})
    except probe.ProbeError:
        pass


class BannerWatch:
    """The form-level error banners on the page after each step; `new_after_step` gives those a step brought up or
    changed (the same banner staying up is not news)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.seen: set[str] = set()

    async def new_after_step(self) -> list[FormErrorBanner]:
        try:
            banners: list[dict[str, Any]] = await probe.evaluate(self.page, SCRIPT, {"op": "banners"}) or []
        except probe.ProbeError:
            return []
        texts = {banner["text"] for banner in banners}
        new = [banner for banner in banners if banner["text"] not in self.seen]
        self.seen = texts
        return new  # type: ignore[return-value]
