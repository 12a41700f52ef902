"""Web Vitals: how fast each stage's pages loaded, settled and answered the shopper, as Google rates them.

Reads what the web-vitals library measured inside every page during the walk (`stage:vitals`). A page
load belongs to the stage that opened it; an interaction (INP) to the stage whose step made it. Ratings
use Google's published thresholds (override them per scenario or stage, e.g. `lcp_ms: [2000, 3500]`).
For LCP and CLS, which the page itself decides, "poor" is a major finding and "needs improvement" a
minor one. INP, blocking time, first paint and server time also swing with how busy the walking
machine is, so they count one step lower (minor, info) unless `major_metrics` names them.
"""

from __future__ import annotations

from typing import Any

from ...formatting import duration
from ...gather.vitals import GOOGLE_THRESHOLDS, rate, total_blocking_time
from ...results import Finding
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, finding

META = DetectorMeta(
    id="web-vitals",
    title="Slow or unstable page",
    description="Rates the Web Vitals measured in every page the shopper loaded (LCP, CLS, INP, FCP, TTFB, total "
                "blocking time) with Google's good / needs-improvement / poor thresholds.",
    reads=("stage:vitals",),
    defaults={**{key: list(limits) for key, limits in GOOGLE_THRESHOLDS.items()}, "major_metrics": ["lcp_ms", "cls"]},
)
SEVERITY = {"poor": "major", "needs-improvement": "minor"}
LOWER_SEVERITY = {"poor": "minor", "needs-improvement": "info"}
RATING_WORDS = {"poor": "poor", "needs-improvement": "needs improvement"}


# metric key → (what the shopper meets, its name, how to show a value, the unit, what to do about it)
METRICS: dict[str, tuple[str, str, Any, str, str]] = {
    "lcp_ms": ("The main content appears late", "Largest Contentful Paint", duration, "ms",
               "Make the largest element ({element}) arrive sooner: compress and resize big images, serve them "
               "in a modern format, and move scripts that block rendering out of the page's head."),
    "cls": ("The page jumps while it loads", "Cumulative Layout Shift", lambda v: f"{v:.2f}", "",
            "Reserve space for content that arrives late ({element} moved): give images and banners a fixed "
            "size, and never insert content above what the shopper is already reading."),
    "inp_ms": ("The page answers taps slowly", "Interaction to Next Paint", duration, "ms",
               "Shoppers tap again or give up when nothing happens: keep the work behind {element} short, and "
               "show a response (pressed state, spinner) before the slow part runs."),
    "fcp_ms": ("The screen stays blank for long", "First Contentful Paint", duration, "ms",
               "Send the first content sooner: inline the critical CSS and defer scripts and fonts that are not "
               "needed for the first screen."),
    "ttfb_ms": ("The server answers slowly", "Time to First Byte", duration, "ms",
                "The server took long before sending the page: cache the page or its data, or speed up the "
                "back-end work behind it."),
    "tbt_ms": ("The page is busy and ignores the shopper", "Total Blocking Time", duration, "ms",
               "Long scripts kept the page from reacting after it appeared: split them up, load third-party "
               "tags later, or remove the ones nobody needs."),
}
_LOAD_METRICS = {"lcp_ms": "LCP", "cls": "CLS", "fcp_ms": "FCP", "ttfb_ms": "TTFB"}
_UNNAMED_ELEMENT = {"lcp_ms": "the largest element", "cls": "content", "inp_ms": "the tapped element"}


def _worst_load(vitals: dict[str, Any], key: str) -> tuple[float, dict[str, Any]] | None:
    """The stage's worst value of a page-load metric and the page load it comes from."""
    candidates = []
    for load in vitals.get("page_loads", []):
        if key == "tbt_ms":
            fcp = load.get("metrics", {}).get("FCP", {}).get("value")
            candidates.append((total_blocking_time(load.get("long_tasks", []), fcp), load, {}))
        elif _LOAD_METRICS[key] in load.get("metrics", {}):
            metric = load["metrics"][_LOAD_METRICS[key]]
            candidates.append((metric["value"], load, metric.get("attribution") or {}))
    if not candidates:
        return None
    value, load, attribution = max(candidates, key=lambda candidate: candidate[0])
    return value, {"url": load.get("url"), "step": load.get("step"), "attribution": attribution}


def _worst_interaction(vitals: dict[str, Any]) -> tuple[float, dict[str, Any]] | None:
    interactions = vitals.get("interactions", [])
    if not interactions:
        return None
    worst = max(interactions, key=lambda interaction: interaction["value"])
    return worst["value"], {"url": worst.get("url"), "step": worst.get("step"), "attribution": worst.get("attribution") or {}}


def _details(attribution: dict[str, Any]) -> list[str]:
    return [f"{key.replace('_', ' ')}: {value}" for key, value in attribution.items()]


def detect(journey: JourneyEvidence, config: DetectorConfig) -> list[Finding]:
    findings = []
    for _, stage, evidence in journey.walked_stages():
        vitals = evidence.get("vitals")
        if not vitals:
            continue
        for key, (title, name, show, unit, advice) in METRICS.items():
            worst = _worst_interaction(vitals) if key == "inp_ms" else _worst_load(vitals, key)
            if worst is None:
                continue
            value, where = worst
            good, poor = config.get(key, stage.name)
            rating = rate(value, (good, poor))
            if rating == "good":
                continue
            attribution = where["attribution"]
            element = attribution.get("element") or attribution.get("largest_shift_element") or _UNNAMED_ELEMENT.get(key)
            severity = (SEVERITY if key in config.get("major_metrics", stage.name) else LOWER_SEVERITY)[rating]
            findings.append(finding(
                META, severity, stage.name, advice.format(element=element),
                title=f"{title}: {name} {show(value)} ({RATING_WORDS[rating]})",
                step=where["step"], url=where["url"], value=round(value, 3), threshold=poor if rating == "poor" else good,
                unit=unit or None, selector=attribution.get("element") or attribution.get("largest_shift_element"),
                details=_details(attribution)))
    return findings
