"""One stage walked on one device — a cell of the journey map — as the report shows it, with its findings.

Everything here is computed before a template sees it: labels, hrefs, the boxes on a picture. What is judged —
a cell's tone, a budget overrun, what each detector concluded — is read from results.json, never decided here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import formatting as fmt
from ..results import (
    Box,
    DetectorResult,
    Finding,
    JourneyRecord,
    StageRecord,
    holds_stop,
    how_stopped,
    severity_rank,
    stopped_label,
)
from . import speed
from .images import Picture, PictureStore
from .walks import walk_label

SEVERITY_LABEL = {"blocker": "Blocker", "major": "Major", "minor": "Minor", "info": "Info"}
STATUS_LABEL = {"passed": "Passed", "failed": "Lost here", "not_reached": "Not reached", "running": "Interrupted",
                "skipped": "Skipped"}  # a stage's; a step's "failed" is "Failed" (a check's "Check failed")
# A cell's tone is results.JourneyRecord.stage_tone's: its worst finding (the lost stage's is journey-broken's
# blocker), or "stopped" where a production walk held the step that would commit.
TONE_LABEL = {**SEVERITY_LABEL, "clear": "No friction found", "not-reached": "Not reached", "stopped": "Stopped safely",
              "not-judged": "Not judged (detectors off)"}
CHECK_LABEL = {"passed": "passed", "findings": "found friction", "error": "could not judge",
               "not_applicable": "did not apply"}


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    role: str  # target, cover, message: how the report outlines it


@dataclass(frozen=True)
class BoxOverlay:
    """A finding's boxes drawn over its picture: an SVG viewBox in the page's CSS px and the rectangles in it."""

    view_box: str
    rects: list[Rect]


@dataclass(frozen=True)
class Check:
    """What one detector concluded about a stage, for the stage's list of what was checked."""

    detector: str
    title: str
    status: str  # passed | findings | not_applicable | error
    label: str
    reason: str | None


@dataclass
class Checks:
    passed: list[Check]
    found: list[Check]
    errors: list[Check]
    not_applicable: list[Check]

    @property
    def summary(self) -> str:
        parts = [(self.passed, "passed"), (self.found, "found friction"), (self.errors, "could not judge"),
                 (self.not_applicable, "did not apply")]
        return " · ".join(f"{len(checks)} {words}" for checks, words in parts if checks)

    @property
    def any(self) -> bool:
        return bool(self.passed or self.found or self.errors or self.not_applicable)


@dataclass
class FindingView:
    severity: str
    severity_label: str
    title: str
    insight: str
    detector: str
    stage: str | None
    device: str
    stage_key: str  # for the filters
    device_key: str
    page: str | None  # href of the stage page that shows it
    picture: Picture | None
    box: BoxOverlay | None  # drawn only on the screenshot the finding names
    measured: str
    threshold: str
    selector: str | None
    step: int | None  # the step's number (from 1) on its stage, where the finding names one
    url: str | None
    link: str | None  # the url when it is safe to link (http or https)
    details: list[str]
    baseline: str | None = None  # "new" or "unchanged" when compared with a baseline
    before: Picture | None = None  # the same screen in the baseline run, where the finding compares the two
    before_box: BoxOverlay | None = None
    where: str = ""  # a grouped finding: the stages and devices it was seen on (report.finding_groups)
    occurrences: list[Any] = field(default_factory=list)  # a grouped finding's finding_groups.Seen, one per place


@dataclass
class StepView:
    number: int
    label: str
    verb: str
    target: str | None
    status: str
    status_label: str  # "Check failed" for a failed check the walk went past; "Detour · …" for a resume step
    duration: str
    started: str  # since the journey started
    error: str | None
    error_detail: str | None
    picture: Picture | None
    friction: list[tuple[str, str]] = field(default_factory=list)  # (severity, title) of the findings it met
    worst: str | None = None  # the worst of them: a step with friction is never shown as a plain pass


@dataclass
class Cell:
    """A stage on a device, summarised for the map and detailed for its own page."""

    scenario: str
    device: str
    stage: str
    device_key: str
    stage_key: str
    stage_index: int
    phase: str | None
    status: str
    status_label: str
    tone: str
    tone_label: str
    lost: bool
    reached: bool
    duration: str
    duration_ms: float | None
    budget: str | None
    over_budget: bool  # as slow-step rated the stage's time against its budget
    lcp: str | None
    performance: int | None
    findings: list[FindingView]
    findings_label: str
    picture: Picture | None
    page: str | None
    url: str | None
    link: str | None
    title: str | None
    checks: Checks
    steps: list[StepView] = field(default_factory=list)
    timing_change: Any = None  # baseline.TimingChange, set when compared with a baseline
    stopped_here: bool = False  # a production walk stopped here, before the step that would commit
    detour_from: str | None = None  # reached by a detour past this broken stage
    failed_checks: int = 0  # checks that failed while the walk went on through the stage


def safe_link(url: str | None) -> str | None:
    """Only web addresses become links: a page can report any string as its URL."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def page_name(journey: JourneyRecord, index: int, stage: StageRecord) -> str:
    return f"stage-{fmt.slug(journey.id)}-{index + 1:02d}-{fmt.slug(stage.name)}.html"


def box_overlay(boxes: list[Box], picture: Picture | None) -> BoxOverlay | None:
    if not boxes or picture is None:
        return None
    css_height = picture.height * picture.css_width / picture.width
    return BoxOverlay(view_box=f"0 0 {picture.css_width:g} {css_height:.0f}",
                      rects=[Rect(round(b.x, 1), round(b.y, 1), round(b.width, 1), round(b.height, 1), b.role)
                             for b in boxes])


BYTE_UNITS = {"bytes", "byte", "B"}


def amount(value: float | str | None, unit: str | None) -> str:
    """A value with its unit, bytes as KiB."""
    if isinstance(value, (int, float)) and unit in BYTE_UNITS:
        return f"{value / 1024:,.1f} KiB"
    return fmt.measured(value, unit)


def measure_words(value: float | str | None, threshold: float | str | None, unit: str | None) -> tuple[str, str]:
    """A finding's measurement in words, never a bare number: “Measured 3.1 s” and “limit 2.0 s”, “Counted 2”
    and “limit 0”, or — a text — “Found: missing” and “expected: width=device-width”."""
    if value is None or value == "":
        return "", ""
    if isinstance(value, str) and not unit:
        return f"Found: {value}", f"expected: {threshold}" if threshold not in (None, "") else ""
    whole = isinstance(value, (int, float)) and float(value).is_integer()
    label = "Counted" if whole and not unit else "Measured"
    if whole and not unit:
        value = int(value)
    return f"{label} {amount(value, unit)}", f"limit {amount(threshold, unit)}" if threshold not in (None, "") else ""


def finding_view(finding: Finding, journey: JourneyRecord, pictures: PictureStore, page: str | None) -> FindingView:
    """The finding with its picture: the screenshot it names, with its boxes drawn over it; else the screenshot of
    its step or stage, without boxes (they were read on another screen)."""
    evidence = finding.evidence
    stage = next((s for s in journey.stages if s.name == finding.stage), None)
    shot, boxes = evidence.screenshot, evidence.boxes if evidence.screenshot else []
    if not shot and stage is not None:
        step = stage.steps[evidence.step] if evidence.step is not None and evidence.step < len(stage.steps) else None
        shot = (step.screenshot if step else None) or stage.screenshot
    picture = pictures.picture(shot, journey.device.viewport)
    before = pictures.picture(evidence.baseline_screenshot, journey.device.viewport)
    measured, limit = measure_words(evidence.value, evidence.threshold, evidence.unit)
    return FindingView(
        severity=finding.severity, severity_label=SEVERITY_LABEL[finding.severity], title=finding.title,
        insight=finding.insight, detector=finding.detector, stage=finding.stage, device=walk_label(journey),
        stage_key=fmt.slug(finding.stage) if finding.stage else "", device_key=fmt.slug(journey.device.name),
        page=page, picture=picture, box=box_overlay(boxes, picture),
        measured=measured, threshold=limit,
        selector=evidence.selector, step=evidence.step + 1 if evidence.step is not None else None,
        url=evidence.url, link=safe_link(evidence.url), details=list(evidence.details),
        before=before, before_box=box_overlay(boxes, before),
    )


def step_view(step, pictures: PictureStore, screen: dict[str, int] | None, stopped: str | None = None) -> StepView:
    """`stopped`: “stopped before placing the order”, when the journey stopped at a step of this stage."""
    label = {"failed": "Failed"}.get(step.status, STATUS_LABEL.get(step.status, step.status))
    if step.failed_check:
        label = "Check failed"
    if step.status == "stopped" and stopped:
        label = stopped[0].upper() + stopped[1:] + " (checked, not performed)"
    if step.resume:
        label = f"Detour · {label}"
    return StepView(
        number=step.index + 1, label=step.label, verb=step.verb, target=step.target, status=step.status,
        status_label=label,
        duration=fmt.duration(step.duration_ms) if step.duration_ms is not None else "",
        started=fmt.duration(step.offset_ms) if step.offset_ms is not None else "",
        error=step.error.message if step.error else None,
        error_detail=step.error.detail if step.error and step.error.detail != step.error.message else None,
        picture=pictures.picture(step.screenshot, screen),
    )


def stage_status_label(journey: JourneyRecord, stage: StageRecord) -> str:
    """“Stopped before placing the order” on the stage a production walk stopped in; “Not walked: …” after it;
    otherwise the status, with how the walk got here and on (“Reached by a detour”, “walked past by its detour”,
    “2 checks failed”)."""
    stopped = stopped_label(journey)
    if stopped and holds_stop(stage):
        return stopped[0].upper() + stopped[1:]
    if stopped and stage.status == "stopped":
        return f"Not walked: {stopped}"
    words = [STATUS_LABEL.get(stage.status, stage.status)]
    if stage.reached_by_detour:
        words.insert(0, "Reached by a detour")
    if stage.failed_checks:
        words.append(fmt.plural(len(stage.failed_checks), "check") + " failed")
    if stage.status == "failed" and stage.resume_steps:
        words.append("the detour past it failed too" if stage.detour_failed else "walked past by its detour")
    return " · ".join(words)


def checks_of(results: list[DetectorResult], titles: dict[str, str]) -> Checks:
    """The detectors' results on one stage, grouped by what they concluded."""
    checks = [Check(r.detector, titles.get(r.detector, r.detector), r.status,
                    f"{fmt.plural(r.findings, 'finding')}" if r.status == "findings" else CHECK_LABEL[r.status],
                    r.reason) for r in sorted(results, key=lambda r: r.detector)]

    def having(status: str) -> list[Check]:
        return [c for c in checks if c.status == status]

    return Checks(passed=having("passed"), found=having("findings"), errors=having("error"),
                  not_applicable=having("not_applicable"))


def build_cell(journey: JourneyRecord, index: int, stage: StageRecord, pictures: PictureStore, judged: bool = True,
               titles: dict[str, str] | None = None) -> Cell:
    """`judged`: the run's detectors ran; `titles`: detector id → title, for the list of what was checked."""
    reached = stage.reached or holds_stop(stage)
    page = page_name(journey, index, stage) if reached else None
    own = journey.findings_on(stage.name)
    tone = journey.stage_tone(stage, judged)
    over = journey.ratings("slow-step", stage.name).get("budget") in ("needs-improvement", "poor")
    picture = pictures.picture(stage.screenshot, journey.device.viewport) if reached else None
    status_label = stage_status_label(journey, stage)
    stopped = stopped_label(journey)
    findings_label = fmt.plural(len(own), "finding") if reached else ""
    cell = Cell(
        scenario=journey.scenario, device=walk_label(journey), stage=stage.name,
        device_key=fmt.slug(journey.device.name), stage_key=fmt.slug(stage.name), stage_index=index,
        phase=stage.phase, status=stage.status, status_label=status_label, tone=tone,
        tone_label=TONE_LABEL[tone], lost=stage.status == "failed", reached=reached,
        duration=fmt.duration(stage.duration_ms) if stage.duration_ms is not None else "",
        duration_ms=stage.duration_ms, budget=fmt.duration(stage.budget_ms) if stage.budget_ms else None,
        over_budget=over, lcp=speed.lcp(stage), performance=speed.performance(stage),
        findings=[finding_view(f, journey, pictures, page) for f in own], findings_label=findings_label,
        picture=picture, page=page,
        url=stage.url, link=safe_link(stage.url), title=stage.title,
        checks=checks_of([r for r in journey.detector_results if r.stage == stage.name], titles or {}),
        steps=[step_view(step, pictures, journey.device.viewport, stopped and f"{stopped} ({how_stopped(journey)})")
               for step in stage.steps]
        if reached else [],
        stopped_here=holds_stop(stage), detour_from=stage.detour_from, failed_checks=len(stage.failed_checks),
    )
    mark_friction(cell)
    return cell


def mark_friction(cell: Cell) -> None:
    """Each step with the findings that name it, so a step where a detector found friction is marked as such."""
    for finding in cell.findings:
        step = next((s for s in cell.steps if s.number == finding.step), None)
        if step is None:
            continue
        step.friction.append((finding.severity, finding.title))
        if step.worst is None or severity_rank(finding.severity) < severity_rank(step.worst):
            step.worst = finding.severity
