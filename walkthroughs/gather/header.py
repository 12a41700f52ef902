"""The page's header at the end of a stage, and what from outside it is drawn over it.

What header-overlap judges without a baseline run: a checkout button or a banner of the main content pinned over the
logo or the menu is seen from the page's own layout, by hit-testing points over the header; one script, a few ms.
"""

from __future__ import annotations

from playwright.async_api import Page

from ..evidence import HeaderEvidence
from . import page_scripts, probe

NAME = "header"
EVIDENCE = HeaderEvidence
SCRIPT = page_scripts.with_describe(page_scripts.read("header.js"))
LIMITS = {
    "min_height": 20,  # CSS px: a banner landmark lower than this is no header a shopper sees
    "min_width_share": 0.5,  # of the viewport's width
    "step": 12,  # CSS px between the points hit-tested over the header
    "elements": 8,  # most covering elements kept
}


async def gather(page: Page, device_class: str) -> HeaderEvidence:
    return await probe.evaluate(page, SCRIPT, LIMITS)
