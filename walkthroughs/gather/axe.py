"""Accessibility at the end of a stage: axe-core's WCAG A/AA check, keeping serious and critical violations by rule.

axe-core ships inside the package (js/axe.min.js, MPL-2.0, see js/axe-core.NOTICE.txt) so no network
or node_modules is needed. Tap-target size is left to mobile-layout, which measures it with boxes.
"""

from __future__ import annotations

import asyncio
from importlib import resources

from playwright.async_api import Page

from ..evidence import AxeEvidence
from . import probe

NAME = "axe"
EVIDENCE = AxeEvidence
AXE_SOURCE = resources.files(__package__).joinpath("js/axe.min.js").read_text(encoding="utf-8")
RUN_SCRIPT = resources.files(__package__).joinpath("js/axe_run.js").read_text(encoding="utf-8")
OPTIONS = {
    "tags": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    "skip": ["target-size"],  # one defect, one finding: mobile-layout reports small tap targets
    "impacts": ["serious", "critical"],
    "nodes": 8,  # elements kept per rule
}
TIME_LIMIT_S = 20  # a page that keeps axe busy longer is reported as a gatherer error (the stage's gathering budget
# may give it less), and the walk goes on


async def gather(page: Page, device_class: str) -> AxeEvidence:
    if not await probe.evaluate(page, "typeof window.axe === 'object'"):
        await probe.evaluate(page, AXE_SOURCE)
    try:
        return await asyncio.wait_for(probe.evaluate(page, RUN_SCRIPT, OPTIONS, timeout_s=TIME_LIMIT_S), TIME_LIMIT_S)
    except asyncio.TimeoutError:
        raise RuntimeError(f"the accessibility check took longer than {TIME_LIMIT_S} s on this page") from None
