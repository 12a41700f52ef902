"""Gatherers: what the walker collects from the page at the end of every stage, one module per kind.

A gatherer module defines `NAME` (its key in the stage's evidence) and
`async def gather(page, device_class) -> Any`. Adding a gatherer means adding one module here.
A gatherer that fails leaves `{"error": ...}` under its name; it never stops the walk.
"""

from __future__ import annotations

import importlib
import pkgutil
import time
from types import ModuleType
from typing import Any

from playwright.async_api import Page

from ..errors import one_line


def gatherers() -> list[ModuleType]:
    modules = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)
               if not info.name.startswith("_")]
    return [module for module in modules if hasattr(module, "gather") and hasattr(module, "NAME")]


async def gather_stage(page: Page, device_class: str) -> dict[str, Any]:
    """Every gatherer's view of the page as the stage ends, with what each cost in ms."""
    evidence: dict[str, Any] = {"gather_ms": {}}
    for module in gatherers():
        started = time.perf_counter()
        try:
            evidence[module.NAME] = await module.gather(page, device_class)
        except Exception as error:  # evidence is best effort; the journey goes on
            evidence[module.NAME] = {"error": one_line(error)}
        evidence["gather_ms"][module.NAME] = round((time.perf_counter() - started) * 1000, 1)
    return evidence
