"""Form fields at the end of a stage: labels, types, keyboards, autofill, required, filled, and error messages.

What checkout-form judges. Values are never kept, only whether a field is filled.
"""

from __future__ import annotations

from importlib import resources

from playwright.async_api import Page

from ..evidence import FormsEvidence
from . import probe

NAME = "forms"
EVIDENCE = FormsEvidence
SCRIPT = resources.files(__package__).joinpath("js/forms.js").read_text(encoding="utf-8")
LIMITS = {"fields": 60}


async def gather(page: Page, device_class: str) -> FormsEvidence:
    return await probe.evaluate(page, SCRIPT, LIMITS)
