"""Layout at the end of a stage: sideways scrolling, tap targets, small text, viewport meta and the main call to action.

What mobile-layout judges; measured in the page with one script, so it costs a few milliseconds.
"""

from __future__ import annotations

from playwright.async_api import Page

from ..evidence import LayoutEvidence
from . import page_scripts, probe

NAME = "layout"
EVIDENCE = LayoutEvidence
SCRIPT = page_scripts.with_describe(page_scripts.read("layout.js"))
LIMITS = {
    "minimum": 24,  # WCAG 2.2 success criterion 2.5.8, target size (minimum), in CSS px
    "recommended": 48,  # Material and Lighthouse's comfortable finger size
    "crowding": 0.25,  # a neighbour taking over this share of the finger zone makes a small target crowded
    "text": 12,  # font size in CSS px below which text is hard to read on a phone
    "elements": 12,  # how many examples of each kind to keep
}


async def gather(page: Page, device_class: str) -> LayoutEvidence:
    return await probe.evaluate(page, SCRIPT, LIMITS)
