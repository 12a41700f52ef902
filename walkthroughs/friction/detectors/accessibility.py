"""Accessibility: axe-core's serious and critical WCAG A/AA violations on each stage's page, one finding per rule.

A shopper who uses a screen reader, a keyboard or zoom is stopped by these; many also trouble everyone
(low contrast in sunlight, buttons without names). A rule failing on the same elements on every page
(the site's header, say) is reported once, where it first shows.
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
from ..pages import gathered, not_on_their_own_page, stages_on_their_own_page
from ..repeats import OncePerJourney
from ..stage_picture import on_stage_pictures
from ..thresholds import Severity, Strings

META = DetectorMeta(
    id="accessibility",
    title="Accessibility barrier",
    description="axe-core's serious and critical violations of WCAG 2.x A and AA on each stage's page, grouped by rule.",
    reads=("axe",),
    thresholds={"severity_critical": Severity("major"), "severity_serious": Severity("minor"),
                "ignore_rules": Strings([])},
)

WHO_IS_STOPPED = {
    "color-contrast": "Text this faint is hard to read for shoppers with low vision, and for anyone on a phone in daylight.",
    "button-name": "A screen reader announces these buttons as just “button”: its users cannot tell what they do.",
    "link-name": "A screen reader announces these links without a name: its users cannot tell where they lead.",
    "label": "These fields have no label a screen reader can announce: its users cannot tell what to type.",
    "image-alt": "These images have no text alternative: screen reader users miss what they show.",
    "select-name": "These drop-downs have no label a screen reader can announce.",
    "aria-hidden-focus": "Keyboard users can reach controls that screen readers hide, and get lost.",
    "meta-viewport": "The page blocks zooming: shoppers with low vision cannot enlarge it.",
    "html-has-lang": "The page does not say its language, so screen readers may read it with the wrong voice.",
}


def _insight(rule: dict[str, Any]) -> str:
    why = WHO_IS_STOPPED.get(rule["id"], "Shoppers who use a screen reader, a keyboard or zoom may not get past this.")
    return f"{rule['help']} ({rule['node_count']} element(s) on this page). {why} How to fix it: {rule['help_url']}"


def _finding(stage: StageRecord, rule: dict[str, Any], config: DetectorConfig) -> Finding:
    nodes = rule.get("nodes") or []
    first = nodes[0] if nodes else {}
    severity = config.get(f"severity_{rule['impact']}", stage.name)
    return finding(
        META, severity, stage.name, title=f"Accessibility: {rule['help']}", insight=_insight(rule),
        selector=first.get("target"), boxes=[box(first.get("box"))], url=stage.url, value=rule["node_count"],
        threshold=0,
        unit="elements", details=[f"axe rule {rule['id']}, impact {rule['impact']}: {rule['help_url']}",
                                  f"WCAG criteria: {', '.join(rule.get('tags', []))}"] + [
            f"{n['target']}: {n['summary'].splitlines()[-1].strip() if n['summary'] else n['html']}" for n in nodes],
    )


def detect(journey: JourneyEvidence, config: DetectorConfig) -> Judgement:
    once = OncePerJourney()
    for _, stage, evidence in stages_on_their_own_page(journey):
        axe = gathered(evidence, "axe")
        if axe is None:
            continue
        ignored = set(config.get("ignore_rules", stage.name))
        for rule in axe.get("violations", []):
            if rule["id"] in ignored or rule["impact"] not in ("serious", "critical"):
                continue
            targets = tuple(n["target"] for n in rule.get("nodes", []))
            once.add((rule["id"], targets), _finding(stage, rule, config))
    return Judgement(on_stage_pictures(journey, once.findings), not_applicable=not_on_their_own_page(journey))
