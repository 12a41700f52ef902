"""Gatherers: what the walker collects from the page, one module per kind of evidence.

The contract: a gatherer module declares `NAME` (the evidence part it fills, one of `evidence.PARTS`) and
`EVIDENCE` (that part's type in the evidence schema). A stage-end gatherer also has
`async def gather(page, device_class)`, run at the end of every stage; a journey-long recorder (vitals, recovery)
has a class the walker starts once per journey and asks for each stage's part.
A gatherer that fails leaves its reason under the stage's `gather_errors[NAME]` and no evidence; it never stops
the walk, and the detectors that read its part say they could not judge. The stage's gatherers share a time
budget: each gets what is left, and once one finds the page not answering, the others are skipped.

The gatherers that are one page script each (`SCRIPT`, with their `LIMITS`) are read together, in one evaluation:
one round trip through Playwright's driver and one task on the page's main thread instead of five, each script's
error and time kept as its own.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any, Protocol

from playwright.async_api import Page

from ..errors import one_line
from . import axe, forms, header, layout, navigation, page_text, pictures, probe

STAGE_END = (layout, forms, navigation, page_text, header, axe, pictures)  # in the order they run; a few ms but axe
ONE_READ = (layout, forms, navigation, page_text, header)  # one page script each: read in one evaluation
DEFAULT_BUDGET_S = 20.0


def _one_read_script() -> str:
    """Every ONE_READ script called in turn with its limits, each answer (or error) and its ms under its NAME."""
    reads = ",\n".join(f"[{json.dumps(module.NAME)}, {module.SCRIPT.strip()}, "
                        f"{json.dumps(getattr(module, 'LIMITS', None))}]" for module in ONE_READ)
    return f"""async () => {{
  const answers = {{}};
  for (const [name, read, limits] of [{reads}]) {{
    const began = performance.now();
    try {{
      answers[name] = {{value: await read(limits)}};
    }} catch (error) {{
      answers[name] = {{error: String((error && error.stack) || error)}};
    }}
    answers[name].ms = performance.now() - began;
  }}
  return answers;
}}"""


ONE_READ_SCRIPT = _one_read_script()


class TimeBudget(Protocol):
    """Time shared by the gatherers (the walker's `deadlines.Budget`)."""

    def left(self) -> float: ...


async def gather_stage(page: Page, device_class: str, budget: TimeBudget | None = None) -> dict[str, Any]:
    """Every stage-end gatherer's view of the page as the stage ends, what each cost in ms and which failed, within
    `budget`."""
    evidence: dict[str, Any] = {"gather_ms": {}}
    errors: dict[str, str] = {}
    ends = time.monotonic() + (budget.left() if budget is not None else DEFAULT_BUDGET_S)
    silent = False  # the page stopped answering: the other gatherers would only wait too
    for part in (ONE_READ, *(module for module in STAGE_END if module not in ONE_READ)):
        names = [module.NAME for module in part] if isinstance(part, tuple) else [part.NAME]
        started = time.perf_counter()
        left = ends - time.monotonic()
        if silent or left <= 0:
            why = "the page did not respond" if silent else "the stage's time for gathering evidence ran out"
            errors.update((name, f"not gathered: {why}") for name in names)
            continue
        try:
            if isinstance(part, tuple):
                answers = await asyncio.wait_for(probe.evaluate(page, ONE_READ_SCRIPT, timeout_s=left), left)
                for name in names:
                    if "error" in answers[name]:
                        errors[name] = one_line(probe.ProbeError(answers[name]["error"]))
                    else:
                        evidence[name] = answers[name]["value"]
                    evidence["gather_ms"][name] = round(answers[name]["ms"], 1)
                continue
            evidence[part.NAME] = await asyncio.wait_for(part.gather(page, device_class), left)
        except (asyncio.TimeoutError, probe.ProbeTimeout):
            seconds = time.perf_counter() - started
            errors.update((name, f"the page did not answer within {seconds:.1f} s") for name in names)
            silent = not await _answers(page)
        except Exception as error:  # evidence is best effort; the journey goes on
            errors.update((name, one_line(error)) for name in names)
        for name in names:
            evidence["gather_ms"].setdefault(name, round((time.perf_counter() - started) * 1000, 1))
    if errors:
        evidence["gather_errors"] = errors
    return evidence


async def _answers(page: Page) -> bool:
    """Whether the page still answers a trivial read (its main thread is not stuck)."""
    try:
        await probe.evaluate(page, "1", timeout_s=1.0)
    except probe.ProbeTimeout:
        return False
    except Exception:
        pass  # navigating or closed: not busy
    return True
