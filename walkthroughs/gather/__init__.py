"""Gatherers: what the walker collects from the page, one module per kind of evidence.

The contract: a gatherer module declares `NAME` (the evidence part it fills, one of `evidence.PARTS`) and
`EVIDENCE` (that part's type in the evidence schema). A stage-end gatherer also has
`async def gather(page, device_class)`, run at the end of every stage; a journey-long recorder (vitals, recovery)
has a class the walker starts once per journey and asks for each stage's part.
A gatherer that fails leaves its reason under the stage's `gather_errors[NAME]` and no evidence; it never stops
the walk, and the detectors that read its part say they could not judge.
"""

from __future__ import annotations

import time
from typing import Any

from playwright.async_api import Page

from ..errors import one_line
from . import axe, forms, header, layout, navigation, page_text, pictures

STAGE_END = (layout, axe, forms, navigation, page_text, pictures, header)  # in the order they run; a few ms but axe


async def gather_stage(page: Page, device_class: str) -> dict[str, Any]:
    """Every stage-end gatherer's view of the page as the stage ends, what each cost in ms and which failed."""
    evidence: dict[str, Any] = {"gather_ms": {}}
    for module in STAGE_END:
        started = time.perf_counter()
        try:
            evidence[module.NAME] = await module.gather(page, device_class)
        except Exception as error:  # evidence is best effort; the journey goes on
            evidence.setdefault("gather_errors", {})[module.NAME] = one_line(error)
        evidence["gather_ms"][module.NAME] = round((time.perf_counter() - started) * 1000, 1)
    return evidence
