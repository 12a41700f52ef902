"""Web Vitals: how fast each stage's pages loaded, settled and answered the shopper, as Google rates them.

Reads what the web-vitals library measured inside every page during the walk (its `vitals` evidence). A page
load belongs to the stage that opened it; an interaction (INP) to the stage whose step made it. Ratings
use Google's published thresholds (override them per scenario or stage, e.g. `lcp_ms: [2000, 3500]`).
For LCP and CLS, which the page itself decides, "poor" is a major finding and "needs improvement" a
minor one. INP, blocking time, first paint and server time also swing with how busy the walking
machine is, so they count one step lower (minor, info) unless `major_metrics` names them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ...evidence import worst_vital
from ...formatting import duration
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, Judgement, finding
from ..thresholds import Duration, Number, Pair, Strings

# Google's published thresholds: (good up to, poor above). web.dev/articles/vitals, /fcp, /ttfb;
# TBT as Lighthouse scores it on mobile.
GOOGLE_THRESHOLDS: dict[str, tuple[float, float]] = {
    "lcp_ms": (2500, 4000),
    "inp_ms": (200, 500),
    "cls": (0.1, 0.25),
    "fcp_ms": (1800, 3000),
    "ttfb_ms": (800, 1800),
    "tbt_ms": (200, 600),
}
META = DetectorMeta(
    id="web-vitals",
    title="Slow or unstable page",
    description="Rates the Web Vitals measured in every page the shopper loaded (LCP, CLS, INP, FCP, TTFB, total "
                "blocking time) with Google's good / needs-improvement / poor thresholds, or the scenario's.",
    reads=("vitals",),
    thresholds={**{key: Pair(list(limits), of=Number(None) if key == "cls" else Duration(0))
                   for key, limits in GOOGLE_THRESHOLDS.items()},
                "major_metrics": Strings(["lcp_ms", "cls"], choices=tuple(GOOGLE_THRESHOLDS))},
)
SEVERITY = {"poor": "major", "needs-improvement": "minor"}
LOWER_SEVERITY = {"poor": "minor", "needs-improvement": "info"}
RATING_WORDS = {"poor": "poor", "needs-improvement": "needs improvement"}
NOTHING_MEASURED = "no page loaded and nothing was tapped on this stage"


def rate(value: float, thresholds: tuple[float, float]) -> str:
    """good, needs-improvement or poor, the way web-vitals rates (a value on a threshold is the better side)."""
    good, poor = thresholds
    return "poor" if value > poor else "needs-improvement" if value > good else "good"


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
_UNNAMED_ELEMENT = {"lcp_ms": "the largest element", "cls": "content", "inp_ms": "the tapped element"}


def _details(attribution: dict[str, Any]) -> list[str]:
    return [f"{key.replace('_', ' ')}: {value}" for key, value in attribution.items()]


def _page(url: str | None) -> str | None:
    """The page a vital was measured on, as its cause: two stages that load the same slow page are one problem (its
    value differs a little on each stage and device, so the title cannot be the key)."""
    if not url:
        return None
    parts = urlsplit(url)
    route = f"#{parts.fragment}" if parts.fragment.startswith(("/", "!")) else ""  # a hash-routed app's page
    return (parts.path or "/") + route


def detect(journey: JourneyEvidence, config: DetectorConfig) -> Judgement:
    """Every measured vital rated on every stage (the report colours its tiles by these ratings); a finding for
    each one that is not good."""
    judgement = Judgement()
    for _, stage, evidence in journey.walked_stages():
        vitals = evidence.get("vitals") or {}
        ratings = judgement.ratings.setdefault(stage.name, {})
        for key, (title, name, show, unit, advice) in METRICS.items():
            worst = worst_vital(vitals, key)
            if worst is None:
                continue
            good, poor = config.get(key, stage.name)
            rating = ratings[key] = rate(worst.value, (good, poor))
            if rating == "good":
                continue
            attribution = worst.attribution
            element = attribution.get("element") or attribution.get("largest_shift_element") or _UNNAMED_ELEMENT.get(key)
            severity = (SEVERITY if key in config.get("major_metrics", stage.name) else LOWER_SEVERITY)[rating]
            judgement.findings.append(finding(
                META, severity, stage.name, advice.format(element=element),
                title=f"{title}: {name} {show(worst.value)} ({RATING_WORDS[rating]})",
                step=worst.step, url=worst.url, value=round(worst.value, 3),
                threshold=poor if rating == "poor" else good, unit=unit or None,
                selector=attribution.get("element") or attribution.get("largest_shift_element"),
                details=_details(attribution), cause=f"{key} {_page(worst.url) or stage.name}"))
        if not ratings:
            judgement.not_applicable[stage.name] = NOTHING_MEASURED
    return judgement
