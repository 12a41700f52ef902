"""Which walked stages ended on a page of their own, so a page-reading detector judges each page once.

A stage begins with the step that leads to its page. A stage that failed while still on the previous
stage's page (the order was refused, the page did not change) never reached its page; the detectors
that read the page leave it to journey-broken instead of judging the previous page twice.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..results import StageRecord
from .base import JourneyEvidence


def _page(url: str | None) -> tuple[str, str] | None:
    if not url:
        return None
    parts = urlsplit(url)
    return parts.netloc, parts.path


def stages_on_their_own_page(journey: JourneyEvidence) -> list[tuple[int, StageRecord, dict[str, Any]]]:
    """(index, stage, its evidence) for every walked stage whose end page is its own."""
    kept, previous = [], None
    for index, stage, evidence in journey.walked_stages():
        page = _page(stage.url)
        if stage.status == "passed" or page != previous:
            kept.append((index, stage, evidence))
        previous = page
    return kept


def gathered(stage_evidence: dict[str, Any], name: str) -> Any:
    """What a gatherer found at the stage's end, or None where it did not run or failed."""
    value = stage_evidence.get(name)
    if not value or (isinstance(value, dict) and set(value) == {"error"}):
        return None
    return value
