"""What the page says at the end of a stage: URL, protocol, title, headings, main text, chrome text and prices, capped.

Hidden costs, ad landing and unmet needs read it to compare pages and find what the shopper needs.
"""

from __future__ import annotations

from importlib import resources

from playwright.async_api import Page

from ..evidence import PageTextEvidence
from . import probe

NAME = "page_text"
EVIDENCE = PageTextEvidence
SCRIPT = resources.files(__package__).joinpath("js/page_text.js").read_text(encoding="utf-8")
LIMITS = {"text": 6000, "chrome": 1500, "prices": 40, "headings": 30}


async def gather(page: Page, device_class: str) -> PageTextEvidence:
    return await probe.evaluate(page, SCRIPT, LIMITS)
