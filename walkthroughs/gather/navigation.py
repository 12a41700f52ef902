"""How the stage's page arrived: redirects and navigation milestones from the Navigation Timing API.

Ad landing reads it for the time from the ad's URL, through redirects, to a usable page.
"""

from __future__ import annotations

from importlib import resources

from playwright.async_api import Page

from ..evidence import NavigationEvidence
from . import probe

NAME = "navigation"
EVIDENCE = NavigationEvidence
SCRIPT = resources.files(__package__).joinpath("js/navigation.js").read_text(encoding="utf-8")


async def gather(page: Page, device_class: str) -> NavigationEvidence | None:
    return await probe.evaluate(page, SCRIPT)
