"""The run's findings as the report lists them: one card per cause with where it was seen (stages × devices), from
results.json's `finding_groups` — never one card per stage and device for the same cause.

The card shows the worst occurrence (with its picture, preferring one that has a picture) and links every occurrence
to its stage page. What counts as one cause is the detectors' word (`Finding.key`), read here, not decided.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import formatting as fmt
from ..results import (
    Finding,
    FindingGroup,
    JourneyRecord,
    RunResult,
    severity_rank,
    where_words,
)
from .baseline import Comparison, finding_key
from .cells import FindingView, finding_view, page_name
from .images import PictureStore
from .walks import walk_label


@dataclass(frozen=True)
class Seen:
    """One occurrence of a grouped finding: its stage on one walk, and that stage's page."""

    stage: str | None
    device: str
    severity: str
    page: str | None


def where_seen(seen: list[Seen]) -> str:
    """`cart, checkout · desktop, mobile (4 times)`, with the walks' labels (device, path, persona)."""
    return where_words([s.stage for s in seen], [s.device for s in seen], len(seen))


Located = tuple[JourneyRecord, Finding, "str | None"]  # the occurrence's journey, finding and stage page


def _seen(result: RunResult, group: FindingGroup) -> list[tuple[Seen, Located]]:
    found = []
    for occurrence in group.occurrences:
        located = result.finding_at(occurrence)
        if located is None:
            continue
        journey, finding = located
        index = next((i for i, s in enumerate(journey.stages) if s.name == finding.stage), None)
        stage = journey.stages[index] if index is not None else None
        page = page_name(journey, index, stage) if stage is not None and (stage.reached or stage.status == "stopped") \
            else None
        found.append((Seen(finding.stage, walk_label(journey), finding.severity, page), (journey, finding, page)))
    return found


def group_cards(result: RunResult, pictures: PictureStore, comparison: Comparison | None,
                order: dict[str, int]) -> list[FindingView]:
    """One card per cause, worst first, then by where in the journey it is first seen."""
    cards = []
    for group in result.grouped_findings():
        seen = _seen(result, group)
        if not seen:
            continue
        worst = min(seen, key=lambda s: severity_rank(s[0].severity))
        shown = next(((j, f, p) for s, (j, f, p) in seen if s.severity == worst[0].severity
                      and (f.evidence.screenshot or f.evidence.step is not None)), worst[1])
        card = finding_view(shown[1], shown[0], pictures, shown[2])
        states = [comparison.state(finding_key(j, f)) for _, (j, f, _) in seen] if comparison else []
        occurrences = [s for s, _ in seen]
        cards.append(replace(
            card, severity=group.severity, where=where_seen(occurrences), occurrences=occurrences,
            device_key=" ".join(dict.fromkeys(fmt.slug(j.device.name) for _, (j, _, _) in seen)),
            stage_key=" ".join(dict.fromkeys(fmt.slug(s.stage) for s in occurrences if s.stage)),
            baseline=("new" if "new" in states else "unchanged") if states else None,
        ))
    cards.sort(key=lambda c: (severity_rank(c.severity), min((order.get(s.stage or "", len(order))
                                                               for s in c.occurrences), default=len(order)),
                              -len(c.occurrences)))
    return cards
