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


NOT_OWN_PAGE = "the stage failed while still on the previous stage's page, which is judged there"


def not_on_their_own_page(journey: JourneyEvidence) -> dict[str | None, str]:
    """Walked stages a page-reading detector leaves alone (to journey-broken), with why: `Judgement.not_applicable`."""
    kept = {stage.name for _, stage, _ in stages_on_their_own_page(journey)}
    return {stage.name: NOT_OWN_PAGE for _, stage, _ in journey.walked_stages() if stage.name not in kept}


def gathered(stage_evidence: dict[str, Any], name: str) -> Any:
    """What a gatherer found at the stage's end, or None where it found nothing (a failed gatherer leaves no part:
    the runner has already made that stage an error for the detector)."""
    return stage_evidence.get(name) or None
