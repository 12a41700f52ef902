"""Mobile layout: what makes a page hard to use on a phone or tablet, measured at the end of each stage.

Sideways scrolling, tap targets under 24×24 px (WCAG 2.2, 2.5.8; 48 px is the comfortable guidance),
text under 12 px, a missing viewport set-up, and a main call to action off the side of the screen.
"""

from __future__ import annotations

from typing import Any

from ...results import Finding, StageRecord
from ..base import (
    DetectorConfig,
    DetectorMeta,
    JourneyEvidence,
    Judgement,
    box,
    finding,
)
from ..landing import ad_landing_stage
from ..pages import gathered, not_on_their_own_page, stages_on_their_own_page
from ..repeats import OncePerJourney
from ..stage_picture import on_stage_pictures
from ..thresholds import Number

META = DetectorMeta(
    id="mobile-layout",
    title="Page is hard to use on a small screen",
    description="Sideways scrolling, tap targets too small to hit, tiny text, no viewport set-up, and the main "
                "call to action off screen, on tablets and phones.",
    reads=("layout",),
    thresholds={"overflow_px": Number(4, unit="px"), "tap_target_min_px": Number(24, unit="px"),
                "tap_target_recommended_px": Number(48, unit="px"), "min_font_px": Number(12, unit="px")},
    device_classes=("tablet", "mobile"),
)


def _size(entry: dict[str, Any]) -> str:
    return f"{entry['width']}×{entry['height']} px"


def _target(entry: dict[str, Any]) -> str:
    name = f"“{entry['name']}” " if entry.get("name") else ""
    return f"{name}({entry['selector']}) is {_size(entry)}, close to {entry.get('neighbour', 'another control')}"


def _overflow(stage: StageRecord, layout: dict[str, Any], config: DetectorConfig) -> Finding | None:
    width, scroll_width = layout["viewport"]["width"], layout["scroll_width"]
    if scroll_width - width <= config.get("overflow_px", stage.name):
        return None
    culprits = layout.get("overflowing") or []
    first = culprits[0] if culprits else {}
    what = f"An element ({first['selector'].split(' > ')[-1]})" if first else "Something on the page"
    return finding(
        META, "major", stage.name, title="Page scrolls sideways",
        insight=f"{what} is wider than the screen, so the page is {scroll_width} px wide on a {width} px screen and "
                "shoppers have to pan sideways to read it and reach its buttons. Let it shrink to the screen "
                "(max-width: 100%) or scroll inside its own box.",
        selector=first.get("selector"), boxes=[box(first.get("box"))], url=stage.url, value=scroll_width,
        threshold=width,
        unit="px", details=[f"{c['selector']} reaches {c['right']} px" for c in culprits],
    )


def _controls(targets: list[dict[str, Any]]) -> str:
    """The controls by their place in the page's template, not their words: a cart's "−" for size 42 and for size 43
    is one problem, on every device and every stage that shows the cart."""
    return " ".join(sorted({t["selector"] for t in targets}))


def _small_targets(stage: StageRecord, layout: dict[str, Any], config: DetectorConfig) -> list[Finding]:
    targets = layout.get("tap_targets") or {}
    minimum = config.get("tap_target_min_px", stage.name)
    recommended = config.get("tap_target_recommended_px", stage.name)
    too_small = [t for t in targets.get("too_small", []) if min(t["width"], t["height"]) < minimum]
    crowded = [t for t in targets.get("crowded", []) if min(t["width"], t["height"]) < recommended]
    found = []
    if too_small:
        first = min(too_small, key=lambda t: min(t["width"], t["height"]))
        found.append(finding(
            META, "major", stage.name, title="Buttons too small to tap",
            insight=f"{len(too_small)} control(s) are smaller than {minimum}×{minimum} px and close to others "
                    f"(WCAG 2.2, 2.5.8), the smallest {_size(first)}: shoppers hit the wrong one or give up. Make "
                    f"them at least {recommended}×{recommended} px on touch screens.",
            selector=first["selector"], boxes=[box(first["box"])], url=stage.url,
            value=min(first["width"], first["height"]), threshold=minimum, unit="px",
            details=[_target(t) for t in too_small], cause="too small " + _controls(too_small),
        ))
    if crowded:
        first = crowded[0]
        found.append(finding(
            META, "minor", stage.name, title="Small tap targets close together",
            insight=f"{len(crowded)} control(s) are under the recommended {recommended}×{recommended} px and so "
                    "close to a neighbour that a thumb can hit both. Make them bigger or space them apart.",
            selector=first["selector"], boxes=[box(first["box"])], url=stage.url,
            value=min(first["width"], first["height"]), threshold=recommended, unit="px",
            details=[_target(t) for t in crowded], cause="crowded " + _controls(crowded),
        ))
    return found


def _small_text(stage: StageRecord, layout: dict[str, Any], config: DetectorConfig) -> Finding | None:
    smallest = config.get("min_font_px", stage.name)
    elements = [e for e in (layout.get("small_text") or {}).get("elements", [])
                if e["font_px"] < smallest and not e.get("visually_hidden")]  # labels for screen readers: not read
    if not elements:
        return None
    first = min(elements, key=lambda e: e["font_px"])
    return finding(
        META, "minor", stage.name, title="Text too small to read",
        insight=f"Some text is set in {first['font_px']:g} px, under {smallest} px: on a phone shoppers have to zoom "
                f"to read it. Use at least {smallest} px, 16 px for body text.",
        selector=first["selector"], boxes=[box(first["box"])], url=stage.url, value=first["font_px"],
        threshold=smallest,
        unit="px", details=[f"“{e['text']}” ({e['selector']}) in {e['font_px']:g} px" for e in elements],
    )


def _viewport(stage: StageRecord, layout: dict[str, Any]) -> Finding | None:
    content = (layout.get("viewport_meta") or "").replace(" ", "").lower()
    if "width=device-width" in content:
        return None
    return finding(
        META, "major", stage.name, title="Page is not set up for phones",
        insight="The page has no viewport meta tag with width=device-width, so phones draw it as a desktop page "
                "shrunk to fit: text and buttons become tiny. Add "
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">.",
        url=stage.url, value=layout.get("viewport_meta") or "missing", threshold="width=device-width",
    )


def _call_to_action(stage: StageRecord, layout: dict[str, Any], ad_landing: bool) -> Finding | None:
    cta = layout.get("primary_cta")
    viewport = layout["viewport"]
    if not cta:
        return None
    if cta["page_right"] > viewport["width"] + 1 or cta["page_left"] < 0:
        return finding(
            META, "major", stage.name, title="Main button is off the side of the screen",
            insight=f"“{cta['name']}” sits partly outside the {viewport['width']} px wide screen: shoppers have to "
                    "scroll sideways to find it. Keep the main call to action inside the screen's width.",
            selector=cta["selector"], boxes=[box(cta["box"])], url=stage.url, value=cta["page_right"],
            threshold=viewport["width"], unit="px",
        )
    if ad_landing and cta["page_top"] + cta["box"]["height"] > viewport["height"]:
        return finding(
            META, "info", stage.name, title="Main button is below the first screen",
            insight=f"On this landing page “{cta['name']}” starts {cta['page_top']} px down a {viewport['height']} px "
                    "tall screen: shoppers arriving from an ad must scroll before they can act.",
            selector=cta["selector"], boxes=[box(cta["box"])], url=stage.url, value=cta["page_top"],
            threshold=viewport["height"], unit="px",
        )
    return None


def detect(journey: JourneyEvidence, config: DetectorConfig) -> Judgement:
    once, landing = OncePerJourney(), ad_landing_stage(journey)
    for _, stage, evidence in stages_on_their_own_page(journey):
        layout = gathered(evidence, "layout")
        if layout is None:
            continue
        if found := _overflow(stage, layout, config):
            once.add(("overflow", found.evidence.selector), found)
        for found in _small_targets(stage, layout, config):
            once.add((found.title, found.key), found)
        if found := _small_text(stage, layout, config):
            once.add(("text", found.evidence.selector), found)
        if found := _viewport(stage, layout):
            once.add(("viewport",), found)
        if found := _call_to_action(stage, layout, stage.name == landing):
            once.add(("cta", found.title, found.evidence.selector), found)
    return Judgement(on_stage_pictures(journey, once.findings), not_applicable=not_on_their_own_page(journey))
