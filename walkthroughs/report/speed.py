"""Page speed as the report shows it: a stage's Web Vitals and its Lighthouse audit, whichever the run recorded.

A vital's tile is coloured by the web-vitals detector's rating of it (with the scenario's thresholds), so a tile
and the findings beside it never disagree; a vital the detector did not rate has no colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .. import formatting as fmt
from ..results import StageRecord

# key in the stage's vitals (with "_ms" when a duration), label, whether it is a duration
VITALS = (("lcp", "LCP", True), ("inp", "INP", True), ("cls", "CLS", False), ("fcp", "FCP", True),
          ("ttfb", "TTFB", True), ("tbt", "TBT", True))
CATEGORIES = (("performance", "Performance"), ("accessibility", "Accessibility"),
              ("best-practices", "Best practices"), ("seo", "SEO"))
RATING_TONE = {"good": "good", "needs-improvement": "fair", "poor": "poor"}
OPPORTUNITIES_SHOWN = 3


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    tone: str = ""  # good | fair | poor, where the metric has a rating


@dataclass
class PageSpeed:
    vitals: list[Metric]
    page_weight: str | None  # "10 requests, 29 kB"
    scores: list[Metric]
    opportunities: list[str]
    form_factor: str | None
    report_html: str | None  # href of Lighthouse's own report
    error: str | None  # why Lighthouse could not audit the page

    @property
    def measured(self) -> bool:
        return bool(self.vitals or self.scores or self.error)


def as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, BaseModel):
        value = value.model_dump()
    return value if isinstance(value, dict) else {}


def number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def vital_value(vitals: dict[str, Any], key: str) -> float | None:
    return number(vitals.get(f"{key}_ms", vitals.get(key)))


def vital_text(key: str, value: float) -> str:
    duration = next(d for k, _, d in VITALS if k == key)
    return fmt.duration(value) if duration else f"{value:.3f}".rstrip("0").rstrip(".")


def lcp(stage: StageRecord) -> str | None:
    value = vital_value(as_dict(stage.vitals), "lcp")
    return vital_text("lcp", value) if value is not None else None


def performance(stage: StageRecord) -> int | None:
    score = number(as_dict(stage.lighthouse).get("scores", {}).get("performance"))
    return round(score) if score is not None else None


def rating(score: float) -> str:
    return "good" if score >= 90 else "fair" if score >= 50 else "poor"


def kilobytes(size: float) -> str:
    return f"{size / 1024:.0f} kB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def page_speed(stage: StageRecord, ratings: dict[str, str]) -> PageSpeed:
    """`ratings`: the web-vitals detector's ratings on this stage (lcp_ms, cls, … → good, needs-improvement, poor)."""
    vitals, lighthouse = as_dict(stage.vitals), as_dict(stage.lighthouse)
    metrics = []
    for key, label, is_duration in VITALS:
        value = vital_value(vitals, key)
        if value is not None:
            rated = ratings.get(f"{key}_ms" if is_duration else key)
            metrics.append(Metric(label, vital_text(key, value), RATING_TONE.get(rated or "", "")))
    weight = []
    if number(vitals.get("requests")) is not None:
        weight.append(fmt.plural(int(vitals["requests"]), "request"))
    if number(vitals.get("transfer_bytes")) is not None:
        weight.append(kilobytes(vitals["transfer_bytes"]))
    scores = []
    for key, label in CATEGORIES:
        score = number((lighthouse.get("scores") or {}).get(key))
        if score is not None:
            scores.append(Metric(label, str(round(score)), rating(score)))
    opportunities = [f"{o.get('title')}" + (f" — {o['display']}" if o.get("display") else "")
                     for o in (lighthouse.get("opportunities") or [])[:OPPORTUNITIES_SHOWN]]
    report_html = lighthouse.get("report_html")
    return PageSpeed(
        vitals=metrics, page_weight=", ".join(weight) or None, scores=scores, opportunities=opportunities,
        form_factor=lighthouse.get("form_factor"), report_html="../" + report_html if report_html else None,
        error=lighthouse.get("error"),
    )
