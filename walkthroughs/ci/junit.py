"""JUnit XML for CI dashboards, named the same way from `walkthrough run` and from the pytest plugin.

Case names (`granularity`):
- `journey` (default): one case per journey, named as pytest names the plugin's items — classname the scenario
  file with `/` as `.` (`scenarios.demo-shop.yaml`), name `scenario[device]` (`checkout-journey[mobile]`; paths,
  personas and repeats are added to the device: `checkout-journey[mobile · coupon · walk 2]`) — so a team moving
  between `pytest --junitxml` and `walkthrough run --junit` keeps its test history.
- `stage`: one case per stage, classname the journey's (`scenarios.demo-shop.yaml.checkout-journey[mobile]`), name
  the stage.

A case fails where the run's verdict fails it (a lost shopper, a check that failed while the walk went on, a finding
that fails the run); lesser findings are in `<system-out>`, stages never reached are skipped, a journey the browser
could not walk is an `<error>`. A production walk's stage that stopped before placing the order passes and says so in
`<system-out>`; the stages after it are skipped as not walked. Each
case carries `file` and `line` (the scenario line of the problem, else of the stage or the journey's first stage),
and its pictures as paths relative to the XML file, in the text and as `[[ATTACHMENT|path]]` lines (Jenkins'
JUnit Attachments, GitLab, Playwright's own JUnit reporter).

Whatever a page wrote (a console message, a title, a stage's name) may hold characters XML 1.0 cannot carry at
all, not even escaped (control characters, lone surrogates, U+FFFE): they are written as `\\uXXXX` text, so the
file always parses.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Literal, get_args

from ..errors import unwritable
from ..report.walks import walk_label
from ..results import (
    Finding,
    JourneyRecord,
    JourneyVerdict,
    RunResult,
    StageRecord,
    StepRecord,
    check_words,
    holds_stop,
    how_stopped,
    severity_rank,
    stopped_label,
)
from .problems import scenario_path

Granularity = Literal["journey", "stage"]
GRANULARITIES: tuple[str, ...] = get_args(Granularity)

# Everything outside XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` with every character XML cannot hold written out as `\\uXXXX`."""
    return NOT_XML.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def make_safe(tree: ET.ElementTree) -> None:
    """Every text, tail and attribute value of the tree made safe for XML, in place."""
    for element in tree.iter():
        if element.text:
            element.text = xml_safe(element.text)
        if element.tail:
            element.tail = xml_safe(element.tail)
        for key, value in element.attrib.items():
            element.attrib[key] = xml_safe(value)


def finding_line(finding: Finding) -> str:
    return f"[{finding.severity}] {finding.title} — {finding.insight} ({finding.detector})"


def file_classname(file: str | None, scenario: str) -> str:
    """pytest's classname for a file's items: the path relative to the root with `/` as `.`."""
    return file.replace("/", ".") if file else scenario


def journey_name(journey: JourneyRecord) -> str:
    return f"{journey.scenario}[{walk_label(journey)}]"


class _Writer:
    """One run's cases; paths in them are relative to the folder the XML goes to."""

    def __init__(self, result: RunResult, run_dir: Path | None, xml_dir: Path | None) -> None:
        self.result, self.run_dir, self.xml_dir = result, run_dir, xml_dir

    def picture(self, path: str | None) -> str | None:
        """A path results.json names (relative to the run folder), as the XML file reaches it."""
        if not path:
            return None
        if self.run_dir is None or self.xml_dir is None:
            return path
        return Path(os.path.relpath(self.run_dir.resolve() / path, self.xml_dir.resolve())).as_posix()

    def place(self, case: ET.Element, journey: JourneyRecord, line: int | None) -> None:
        file = scenario_path(self.result.file_of(journey))
        if file:
            case.set("file", file)
            if line:
                case.set("line", str(line))

    def outcome(self, case: ET.Element, journey: JourneyRecord, verdict: JourneyVerdict, lost_here: bool,
                failing: list[Finding], others: list[Finding], shots: list[str], notes: list[str],
                checks: list[tuple[StageRecord, StepRecord]] = ()) -> int | None:  # type: ignore[assignment]
        """The case's failure and output; returns the line of what failed it, if anything did. `checks`: the
        checks that failed in the case while the walk went on (they fail the run as a lost shopper does)."""
        lost = verdict.lost
        lines: list[str] = []
        message = ""
        if lost_here and lost is not None:
            message = f"lost at “{lost.stage}” {lost.words}" if lost.stage else lost.reason
            lines.append(message)
            step = next((s for s in journey.stages if s.name == lost.stage), None)
            failed = step.failed_step if step else None
            if failed and failed.error and failed.error.detail:
                lines.append(failed.error.detail)
        for stage, step in checks:
            said = f"check failed at “{stage.name}” {check_words(step)}"
            message = message or said
            lines.append(said)
        if failing:
            count = f"{len(failing)} finding{'s' if len(failing) != 1 else ''} " \
                    f"that fail{'s' if len(failing) == 1 else ''} the run"
            message = f"{message}; {count}" if message else f"{count}: " + "; ".join(f.title for f in failing)
            lines.extend(finding_line(f) for f in failing)
        pictures = [p for p in (self.picture(shot) for shot in shots) if p]
        if lines:
            lines += [f"screenshot: {picture}" for picture in pictures]
            kind = "broken" if lost_here else "check" if checks else "friction"
            ET.SubElement(case, "failure", message=message, type=kind).text = "\n".join(lines)
        out = notes + [finding_line(f) for f in others] + [f"[[ATTACHMENT|{picture}]]" for picture in pictures]
        if out:
            ET.SubElement(case, "system-out").text = "\n".join(out)
        if lost_here and lost is not None and lost.line:
            return lost.line
        if checks:
            return checks[0][1].line or checks[0][0].line
        return next((line for f in failing if (line := journey.line_of(f.stage, f.evidence.step))), None)

    def journey_case(self, journey: JourneyRecord) -> ET.Element:
        verdict = journey.verdict(self.result.fail_on)
        file = scenario_path(self.result.file_of(journey))
        case = ET.Element("testcase", name=journey_name(journey), classname=file_classname(file, journey.scenario),
                          time=f"{(journey.duration_ms or 0) / 1000:.3f}")
        first_line = journey.stages[0].line if journey.stages else None
        if journey.status == "error" and (verdict.lost is None or verdict.lost.stage is None):
            ET.SubElement(case, "error", message=journey.error or "the journey could not be walked",
                          type="browser").text = journey.error
            self.place(case, journey, first_line)
            return case
        if journey.status in ("pending", "running", "interrupted"):
            ET.SubElement(case, "skipped", message=f"not walked to the end: the run was {journey.status}")
            self.place(case, journey, first_line)
            return case
        lost = verdict.lost
        shots = [lost.screenshot] if lost and lost.screenshot else []
        shots += [f.evidence.screenshot for f in verdict.failing if f.evidence.screenshot]
        shots += [step.screenshot for _, step in verdict.failed_checks if step.screenshot]
        others = sorted((f for f in journey.findings if f not in verdict.failing),
                        key=lambda f: severity_rank(f.severity))
        held = next((stage for stage in journey.stages if holds_stop(stage)), None)
        line = self.outcome(case, journey, verdict, lost is not None, verdict.failing, others,
                            list(dict.fromkeys(shots)), _stop_notes(journey, held) if held else [],
                            list(verdict.failed_checks))
        self.place(case, journey, line or first_line)
        return case

    def stage_case(self, journey: JourneyRecord, stage: StageRecord, findings: list[Finding],
                   verdict: JourneyVerdict) -> ET.Element:
        file = scenario_path(self.result.file_of(journey))
        case = ET.Element("testcase", name=stage.name,
                          classname=f"{file_classname(file, journey.scenario)}.{journey_name(journey)}"
                          if file else journey_name(journey),
                          time=f"{(stage.duration_ms or 0) / 1000:.3f}")
        lost = verdict.lost
        if stage.status == "stopped" and not holds_stop(stage):
            ET.SubElement(case, "skipped", message=f"not walked: {stopped_label(journey) or 'stopped'} (a walk of "
                                                   "the live shop)")
            self.place(case, journey, stage.line)
            return case
        if stage.status == "not_reached":
            if journey.error and (lost is None or lost.stage is None):
                ET.SubElement(case, "error", message=journey.error, type="browser").text = journey.error
            else:
                where = f" (the shopper was lost at “{lost.stage}”)" if lost else ""
                ET.SubElement(case, "skipped", message=f"not reached{where}")
            self.place(case, journey, stage.line)
            return case
        failing = [f for f in findings if f in verdict.failing]
        others = [f for f in findings if f not in verdict.failing]
        lost_here = lost is not None and lost.stage == stage.name
        shots = [lost.screenshot] if lost_here and lost and lost.screenshot else []
        shots += [f.evidence.screenshot for f in failing if f.evidence.screenshot]
        checks = [(s, step) for s, step in verdict.failed_checks if s.name == stage.name]
        shots += [step.screenshot for _, step in checks if step.screenshot]
        line = self.outcome(case, journey, verdict, lost_here, failing, others, list(dict.fromkeys(shots)),
                            _stop_notes(journey, stage), checks)
        self.place(case, journey, line or stage.line)
        return case


def _stop_notes(journey: JourneyRecord, stage: StageRecord) -> list[str]:
    """A production walk's stop, said where it happened: `stopped before placing the order: step “Pay” checked…`."""
    held = next((step for step in stage.steps if step.status == "stopped"), None)
    if held is None:
        return []
    return [f"{stopped_label(journey) or 'stopped'}: step “{held.label}” {how_stopped(journey)} (a walk of the live "
            "shop)"]


def _suite(name: str, cases: list[ET.Element], seconds: float, timestamp: str | None = None,
           properties: dict[str, str] | None = None) -> ET.Element:
    suite = ET.Element("testsuite", name=name, time=f"{seconds:.3f}")
    if timestamp:
        suite.set("timestamp", timestamp)
    if properties:
        held = ET.SubElement(suite, "properties")
        for key, value in properties.items():
            ET.SubElement(held, "property", name=key, value=value)
    suite.extend(cases)
    count_into(suite)
    return suite


def count_into(element: ET.Element) -> None:
    cases = list(element.iter("testcase"))
    element.set("tests", str(len(cases)))
    for kind, attribute in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
        element.set(attribute, str(sum(1 for case in cases if case.find(kind) is not None)))


def junit_xml(result: RunResult, granularity: Granularity = "journey", run_dir: Path | None = None,
              xml_dir: Path | None = None) -> ET.ElementTree:
    """The run as JUnit XML, failing what the run's verdict fails (its own `fail_on`); pictures relative to `xml_dir`
    (they are named relative to `run_dir` in results.json)."""
    writer = _Writer(result, run_dir, xml_dir)
    root = ET.Element("testsuites", name=f"walkthroughs {result.run_id}")
    if granularity == "journey":
        for scenario in dict.fromkeys(j.scenario for j in result.journeys):
            journeys = [j for j in result.journeys if j.scenario == scenario]
            file = scenario_path(result.file_of(journeys[0]))
            root.append(_suite(scenario, [writer.journey_case(j) for j in journeys],
                               sum(j.duration_ms or 0 for j in journeys) / 1000, journeys[0].started_at,
                               {"file": file} if file else None))
    else:
        for journey in result.journeys:
            verdict = journey.verdict(result.fail_on)
            cases = [writer.stage_case(journey, stage, journey.findings_on(stage.name), verdict)
                     for stage in journey.stages]
            loose = journey.findings_on(None)
            if loose:  # findings about the journey as a whole, not one stage
                cases.append(writer.stage_case(journey, StageRecord(name="whole journey", status="passed"), loose,
                                               verdict))
            properties = {"device_class": journey.device.device_class, "status": journey.status}
            if journey.score is not None:
                properties["score"] = f"{journey.score:g}"
            root.append(_suite(journey_name(journey), cases, (journey.duration_ms or 0) / 1000, journey.started_at,
                               properties))
    count_into(root)
    root.set("time", f"{sum(j.duration_ms or 0 for j in result.journeys) / 1000:.3f}")
    tree = ET.ElementTree(root)
    ET.indent(tree)
    make_safe(tree)
    return tree


def write_junit(result: RunResult, path: Path, granularity: Granularity = "journey",
                run_dir: Path | None = None) -> Path:
    """Write the run's JUnit XML to `path`; `run_dir` is the run's folder, so pictures resolve from the XML."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        junit_xml(result, granularity, run_dir, path.parent).write(path, encoding="utf-8", xml_declaration=True)
    except OSError as error:
        raise (unwritable(error, path) or error) from None
    return path
