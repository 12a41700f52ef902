"""Findings and broken journeys as GitHub Actions workflow annotations, shown on the run and the pull request.

Printed by `walkthrough run` and `walkthrough merge` when `GITHUB_ACTIONS` is set; each annotation points
at the scenario file. Broken journeys and findings that fail the run (at or above its `fail_on`) are errors,
other findings warnings, infos notices — the same verdict as the exit code, JUnit and the report.
"""

from __future__ import annotations

import os

from ..results import RunResult, at_or_above


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
        lost = journey.lost_at()
        if lost is not None and lost.stage is not None:
            lines.append(annotation("error", f"Shopper lost at {lost.stage} ({where})", lost.reason, file))
        elif lost is not None:
            lines.append(annotation("error", f"{journey.scenario} could not be walked ({where})", lost.reason, file))
        for finding in journey.findings:
            place = f"{where}, {finding.stage}" if finding.stage else where
            level = "error" if at_or_above(finding.severity, result.fail_on) else \
                "notice" if finding.severity == "info" else "warning"
            lines.append(annotation(level, f"{finding.title} ({place})", finding.insight, file))
    return lines
