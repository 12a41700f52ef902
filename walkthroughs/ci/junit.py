"""JUnit XML for CI dashboards: one test case per stage × device, failed by a broken stage or by findings.

A journey is a `<testsuite>`; each stage is a `<testcase>` with classname `scenario.device`. A stage fails
when the shopper was lost there or when it has findings that fail the run (at or above the run's `fail_on`,
as the run's verdict says); other findings are listed in `<system-out>`, stages never reached are skipped,
and a journey the browser could not walk is an `<error>`. A production walk's stage that stopped before placing
the order passes and says so in `<system-out>`; the stages after it are skipped as not walked.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..results import (
    Finding,
    JourneyRecord,
    JourneyVerdict,
    LostAt,
    RunResult,
    StageRecord,
    holds_stop,
    how_stopped,
    stopped_label,
)


def finding_line(finding: Finding) -> str:
    return f"[{finding.severity}] {finding.title} — {finding.insight} ({finding.detector})"


def stage_case(journey: JourneyRecord, stage: StageRecord, findings: list[Finding], verdict: JourneyVerdict,
               fail_on: str | None) -> ET.Element:
    case = ET.Element("testcase", name=stage.name, classname=f"{journey.scenario}.{journey.device.name}",
                      time=f"{(stage.duration_ms or 0) / 1000:.3f}")
    stopped = stopped_label(journey)
    if stage.status == "stopped" and not holds_stop(stage):
        ET.SubElement(case, "skipped", message=f"not walked: {stopped or 'stopped'} (a walk of the live shop)")
        return case
    lost: LostAt | None = verdict.lost
    if stage.status == "not_reached":
        if journey.error and (lost is None or lost.stage is None):
            ET.SubElement(case, "error", message=journey.error, type="browser").text = journey.error
        else:
            where = f" (the shopper was lost at “{lost.stage}”)" if lost else ""
            ET.SubElement(case, "skipped", message=f"not reached{where}")
        return case
    failing = [f for f in findings if f in verdict.failing]
    lines: list[str] = []
    message = ""
    if lost is not None and lost.stage == stage.name:
        step = stage.failed_step
        message = f"lost {lost.words}" if lost.step else lost.reason
        lines.append(message)
        if step and step.error and step.error.detail:
            lines.append(step.error.detail)
        if lost.screenshot:
            lines.append(f"screenshot: {lost.screenshot}")
    if failing:
        count = f"{len(failing)} finding{'s' if len(failing) != 1 else ''} at or above {fail_on}"
        message = f"{message}; {count}" if message else f"{count}: " + "; ".join(f.title for f in failing)
        lines.extend(finding_line(f) for f in failing)
    if lines:
        kind = "broken" if lost is not None and lost.stage == stage.name else "friction"
        ET.SubElement(case, "failure", message=message, type=kind).text = "\n".join(lines)
    others = [f for f in findings if f not in failing]
    notes = [finding_line(f) for f in others]
    held = next((step for step in stage.steps if step.status == "stopped"), None)
    if held is not None:
        notes.insert(0, f"{stopped or 'stopped'}: step “{held.label}” {how_stopped(journey)} "
                        "(a walk of the live shop)")
    if notes:
        ET.SubElement(case, "system-out").text = "\n".join(notes)
    return case


def journey_suite(journey: JourneyRecord, fail_on: str | None) -> ET.Element:
    verdict = journey.verdict(fail_on)
    suite = ET.Element("testsuite", name=f"{journey.scenario} on {journey.device.name}",
                       time=f"{(journey.duration_ms or 0) / 1000:.3f}")
    if journey.started_at:
        suite.set("timestamp", journey.started_at)
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="device_class", value=journey.device.device_class)
    ET.SubElement(properties, "property", name="status", value=journey.status)
    if journey.score is not None:
        ET.SubElement(properties, "property", name="score", value=f"{journey.score:g}")
    for stage in journey.stages:
        suite.append(stage_case(journey, stage, journey.findings_on(stage.name), verdict, fail_on))
    loose = journey.findings_on(None)
    if loose:  # findings about the journey as a whole, not one stage
        suite.append(stage_case(journey, StageRecord(name="whole journey", status="passed"), loose, verdict, fail_on))
    count_into(suite)
    return suite


def count_into(element: ET.Element) -> None:
    cases = list(element.iter("testcase"))
    element.set("tests", str(len(cases)))
    for kind, attribute in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
        element.set(attribute, str(sum(1 for case in cases if case.find(kind) is not None)))


def junit_xml(result: RunResult) -> ET.ElementTree:
    """The run as JUnit XML, failing what the run's verdict fails (its own `fail_on`)."""
    root = ET.Element("testsuites", name=f"walkthroughs {result.run_id}")
    total_ms = 0.0
    for journey in result.journeys:
        root.append(journey_suite(journey, result.fail_on))
        total_ms += journey.duration_ms or 0
    count_into(root)
    root.set("time", f"{total_ms / 1000:.3f}")
    tree = ET.ElementTree(root)
    ET.indent(tree)
    return tree


def write_junit(result: RunResult, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    junit_xml(result).write(path, encoding="utf-8", xml_declaration=True)
    return path
