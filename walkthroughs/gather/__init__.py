"""Gatherers: what the walker collects from the page, one module per kind of evidence.

The contract: a gatherer module declares `NAME` (the evidence part it fills, one of `evidence.PARTS`) and
`EVIDENCE` (that part's type in the evidence schema). A stage-end gatherer also has
`async def gather(page, device_class)`, run at the end of every stage; a journey-long recorder (vitals, recovery)
has a class the walker starts once per journey and asks for each stage's part.
A gatherer that fails leaves its reason under the stage's `gather_errors[NAME]` and no evidence; it never stops
the walk, and the detectors that read its part say they could not judge. The stage's gatherers share a time
budget: each gets what is left, and once one finds the page not answering, the others are skipped.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Protocol

from playwright.async_api import Page

from ..errors import one_line
from . import axe, forms, header, layout, navigation, page_text, pictures, probe

STAGE_END = (layout, axe, forms, navigation, page_text, pictures, header)  # in the order they run; a few ms but axe
DEFAULT_BUDGET_S = 20.0


class TimeBudget(Protocol):
    """Time shared by the gatherers (the walker's `deadlines.Budget`)."""

    def left(self) -> float: ...


async def gather_stage(page: Page, device_class: str, budget: TimeBudget | None = None) -> dict[str, Any]:
    """Every stage-end gatherer's view of the page as the stage ends, what each cost in ms and which failed, within
    `budget`."""
    evidence: dict[str, Any] = {"gather_ms": {}}
    ends = time.monotonic() + (budget.left() if budget is not None else DEFAULT_BUDGET_S)
    silent = False  # the page stopped answering: the other gatherers would only wait too
    for module in STAGE_END:
        started = time.perf_counter()
        left = ends - time.monotonic()
        if silent or left <= 0:
            why = "the page did not respond" if silent else "the stage's time for gathering evidence ran out"
            evidence.setdefault("gather_errors", {})[module.NAME] = f"not gathered: {why}"
            continue
        try:
            evidence[module.NAME] = await asyncio.wait_for(module.gather(page, device_class), left)
        except (asyncio.TimeoutError, probe.ProbeTimeout):
            seconds = time.perf_counter() - started
            evidence.setdefault("gather_errors", {})[module.NAME] = f"the page did not answer within {seconds:.1f} s"
            left = ends - time.monotonic()  # the time up, the others are skipped anyway: no need to ask
            silent = left > 0 and not await _answers(page, min(1.0, left))
        except Exception as error:  # evidence is best effort; the journey goes on
            evidence.setdefault("gather_errors", {})[module.NAME] = one_line(error)
        evidence["gather_ms"][module.NAME] = round((time.perf_counter() - started) * 1000, 1)
    return evidence


async def _answers(page: Page, within_s: float) -> bool:
    """Whether the page still answers a trivial read within `within_s` (its main thread is not stuck)."""
    try:
        await probe.evaluate(page, "1", timeout_s=within_s)
    except probe.ProbeTimeout:
        return False
    except Exception:
        pass  # navigating or closed: not busy
    return True
