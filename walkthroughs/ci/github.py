"""Findings and broken journeys as GitHub Actions workflow annotations, shown on the run and the pull request.

Printed by `walkthrough run` and `walkthrough merge` when `GITHUB_ACTIONS` is set; each annotation points
at the scenario file. Blockers, majors and broken journeys are errors, minors warnings, infos notices.
"""

from __future__ import annotations

import os

from ..results import RunResult

LEVEL = {"blocker": "error", "major": "error", "minor": "warning", "info": "notice"}


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, title: str, message: str, file: str | None = None) -> str:
    properties = ([f"file={_escape_property(file)}"] if file else []) + [f"title={_escape_property(title)}"]
    return f"::{level} {','.join(properties)}::{_escape_data(message)}"


def annotations(result: RunResult) -> list[str]:
    """One line per finding and per broken journey, in the workflow-command syntax."""
    files = {scenario.name: scenario.file for scenario in result.scenarios}
    lines = []
    for journey in result.journeys:
        file = files.get(journey.scenario)
        where = journey.device.name
        lost = next((s for s in journey.stages if s.status == "failed"), None)
        if lost is not None:
            step = next((s for s in lost.steps if s.error), None)
            reason = step.error.message if step and step.error else journey.error or "the stage failed"
            lines.append(annotation("error", f"Shopper lost at {lost.name} ({where})", reason, file))
        elif journey.status == "error":
            lines.append(annotation("error", f"{journey.scenario} could not be walked ({where})", journey.error or "", file))
        for finding in journey.findings:
            place = f"{where}, {finding.stage}" if finding.stage else where
            lines.append(annotation(LEVEL[finding.severity], f"{finding.title} ({place})", finding.insight, file))
    return lines
