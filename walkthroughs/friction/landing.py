"""Which stage is the ad landing page: the one the scenario marks `landing: ad`, else the stage of the journey's first
`goto` when its address carries campaign tags (utm_*, gclid, fbclid, …). Nowhere else — a stage's phase or name says
nothing about an ad. Read by every check that judges a page as an ad's landing page (ad-landing, mobile-layout's
first-screen button)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from ..results import StageRecord
from .base import JourneyEvidence

CLICK_IDS = ("gclid", "gbraid", "wbraid", "dclid", "fbclid", "msclkid", "ttclid", "twclid", "li_fat_id", "yclid",
             "epik", "sccid", "irclickid")


def campaign_parameters(url: str | None) -> dict[str, str]:
    query = parse_qsl(urlsplit(url or "").query, keep_blank_values=True)
    return {k: v for k, v in query if k.lower().startswith("utm_") or k.lower() in CLICK_IDS}


def opened_url(stage: StageRecord) -> str | None:
    """The address the stage's first goto opened, as the scenario wrote it (its label is "Open <url>")."""
    goto = next((s for s in stage.steps if s.verb == "goto"), None)
    if goto is None:
        return None
    return goto.label.removeprefix("Open ") if goto.label.startswith("Open ") else goto.url


def ad_landing_stage(journey: JourneyEvidence) -> str | None:
    """The name of the journey's ad landing stage, or None when it does not start from an ad."""
    stages = journey.record.stages
    marked = next((s.name for s in stages if journey.stage_landing(s.name) == "ad"), None)
    if marked is not None:
        return marked
    first_goto = next((s for s in stages if any(step.verb == "goto" for step in s.steps)), None)
    if first_goto is not None and campaign_parameters(opened_url(first_goto)):
        return first_goto.name
    return None


NOT_AN_AD_LANDING = ("the journey does not start from an ad: no stage is marked `landing: ad`, and its first page's "
                     "address carries no campaign tags (utm_*, gclid, …)")
