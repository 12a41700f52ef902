"""Errors: uncaught script exceptions and console errors, attributed to the step during which they happened."""

from __future__ import annotations

from collections import defaultdict

from ...results import Finding
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, finding
from ..steps import stage_name, step_of

META = DetectorMeta(
    id="errors",
    title="The page raises script errors",
    description="Uncaught JavaScript exceptions (major: part of the page may not work) and console errors "
                "(minor), each attributed to the step that caused it.",
    reads=("signals:page_errors", "signals:console"),
)

# Resource failures are reported, with their URL and status, by failed-requests.
RESOURCE_NOISE = ("Failed to load resource",)


def _grouped(journey: JourneyEvidence, kind: str) -> dict[tuple, list[dict]]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for entry in journey.signals(kind):
        text = entry.get("message") if kind == "page_errors" else entry.get("text", "")
        if kind == "console" and (entry.get("type") != "error" or text.startswith(RESOURCE_NOISE)):
            continue
        groups[(entry.get("stage"), text)].append(entry)
    return groups


def detect(journey: JourneyEvidence, config: DetectorConfig) -> list[Finding]:
    found = []
    for kind, severity, what in (("page_errors", "major", "An uncaught script error"),
                                 ("console", "minor", "A console error")):
        for (stage_index, text), entries in _grouped(journey, kind).items():
            stage = stage_name(journey, stage_index)
            if stage is None:
                continue
            step = step_of(journey, stage_index, entries[0].get("step"))
            after = f" during “{step.label}”" if step else ""
            times = f" ({len(entries)} times)" if len(entries) > 1 else ""
            found.append(finding(
                META, severity, stage, title="Script error on the page" if kind == "page_errors" else "Console error",
                insight=f"{what}{after}{times}: “{text[:160]}”. "
                        + ("Parts of the page may silently stop working for shoppers: fix the script."
                           if kind == "page_errors" else "Check it does not hide a broken feature."),
                step=step.index if step else None, url=step.url if step else None,
                screenshot=step.screenshot if step else None, value=len(entries),
                details=[text[:500]] + ([f"at {entries[0]['url']}:{entries[0].get('line')}"] if entries[0].get("url") else []),
                cause=f"{kind} {text[:300]}",
            ))
    return found
