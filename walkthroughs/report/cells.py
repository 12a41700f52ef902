"""One stage walked on one device — a cell of the journey map — as the report shows it, with its findings.

Everything here is computed before a template sees it: labels, tones, hrefs, the element's box on a picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import formatting as fmt
from ..results import (
    Finding,
    JourneyRecord,
    StageRecord,
    holds_stop,
    how_stopped,
    stopped_label,
)
from . import speed
from .images import Picture, PictureStore
from .walks import walk_label

SEVERITY_RANK = {"blocker": 0, "major": 1, "minor": 2, "info": 3}
SEVERITY_LABEL = {"blocker": "Blocker", "major": "Major", "minor": "Minor", "info": "Info"}
STATUS_LABEL = {"passed": "Passed", "failed": "Lost here", "not_reached": "Not reached", "running": "Interrupted",
                "skipped": "Skipped"}
# A cell's tone is its worst finding; a stage where the shopper was lost is a blocker whatever was found; a production
# walk's stage held before committing is "stopped" when nothing was judged there.
TONE_LABEL = {**SEVERITY_LABEL, "clear": "No friction found", "not-reached": "Not reached", "stopped": "Stopped safely"}


@dataclass(frozen=True)
class BoxOverlay:
    """An element's box drawn over a picture: an SVG viewBox in the page's CSS px and the rectangle in it."""

    view_box: str
    x: float
    y: float
    width: float
    height: float


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
    box: BoxOverlay | None
    measured: str
    threshold: str
    selector: str | None
    url: str | None
    link: str | None  # the url when it is safe to link (http or https)
    details: list[str]
    baseline: str | None = None  # "new" or "unchanged" when compared with a baseline


@dataclass
class StepView:
    number: int
    label: str
    verb: str
    target: str | None
    status: str
    status_label: str
    duration: str
    started: str  # since the journey started
    error: str | None
    error_detail: str | None
    picture: Picture | None


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
    over_budget: bool
    lcp: str | None
    performance: int | None
    findings: list[FindingView]
    findings_label: str
    picture: Picture | None
    page: str | None
    url: str | None
    link: str | None
    title: str | None
    steps: list[StepView] = field(default_factory=list)
    timing_change: Any = None  # baseline.TimingChange, set when compared with a baseline
    stopped_here: bool = False  # a production walk stopped here, before the step that would commit


def safe_link(url: str | None) -> str | None:
    """Only web addresses become links: a page can report any string as its URL."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def page_name(journey: JourneyRecord, index: int, stage: StageRecord) -> str:
    return f"stage-{fmt.slug(journey.id)}-{index + 1:02d}-{fmt.slug(stage.name)}.html"


def box_overlay(box: dict[str, float] | None, picture: Picture | None) -> BoxOverlay | None:
    if not box or picture is None or not all(k in box for k in ("x", "y", "width", "height")):
        return None
    css_height = picture.height * picture.css_width / picture.width
    return BoxOverlay(view_box=f"0 0 {picture.css_width:g} {css_height:.0f}", x=round(box["x"], 1),
                      y=round(box["y"], 1), width=round(box["width"], 1), height=round(box["height"], 1))


def finding_view(finding: Finding, journey: JourneyRecord, pictures: PictureStore, page: str | None) -> FindingView:
    evidence = finding.evidence
    stage = next((s for s in journey.stages if s.name == finding.stage), None)
    shot = evidence.screenshot
    if not shot and stage is not None:
        step = stage.steps[evidence.step] if evidence.step is not None and evidence.step < len(stage.steps) else None
        shot = (step.screenshot if step else None) or stage.screenshot
    picture = pictures.picture(shot, journey.device.viewport)
    return FindingView(
        severity=finding.severity, severity_label=SEVERITY_LABEL[finding.severity], title=finding.title,
        insight=finding.insight, detector=finding.detector, stage=finding.stage, device=walk_label(journey),
        stage_key=fmt.slug(finding.stage) if finding.stage else "", device_key=fmt.slug(journey.device.name),
        page=page, picture=picture, box=box_overlay(evidence.box, picture),
        measured=fmt.measured(evidence.value, evidence.unit), threshold=fmt.measured(evidence.threshold, evidence.unit),
        selector=evidence.selector, url=evidence.url, link=safe_link(evidence.url), details=list(evidence.details),
    )


def step_view(step, pictures: PictureStore, screen: dict[str, int] | None, stopped: str | None = None) -> StepView:
    """`stopped`: “stopped before placing the order”, when the journey stopped at a step of this stage."""
    label = {"failed": "Failed"}.get(step.status, STATUS_LABEL.get(step.status, step.status))
    if step.status == "stopped" and stopped:
        label = stopped[0].upper() + stopped[1:] + " (checked, not performed)"
    return StepView(
        number=step.index + 1, label=step.label, verb=step.verb, target=step.target, status=step.status,
        status_label=label,
        duration=fmt.duration(step.duration_ms) if step.duration_ms is not None else "",
        started=fmt.duration(step.offset_ms) if step.offset_ms is not None else "",
        error=step.error.message if step.error else None,
        error_detail=step.error.detail if step.error and step.error.detail != step.error.message else None,
        picture=pictures.picture(step.screenshot, screen),
    )


def tone_of(stage: StageRecord, findings: list[Finding]) -> str:
    if stage.status == "failed":
        return "blocker"
    if stage.status == "stopped" and holds_stop(stage):
        return "stopped"
    if stage.status != "passed":
        return "not-reached"
    if not findings:
        return "clear"
    return min((f.severity for f in findings), key=SEVERITY_RANK.__getitem__)


def stage_status_label(journey: JourneyRecord, stage: StageRecord) -> str:
    """“Stopped before placing the order” on the stage a production walk stopped in; “Not walked: …” after it."""
    stopped = stopped_label(journey)
    if stopped and holds_stop(stage):
        return stopped[0].upper() + stopped[1:]
    if stopped and stage.status == "stopped":
        return f"Not walked: {stopped}"
    return STATUS_LABEL.get(stage.status, stage.status)


def build_cell(journey: JourneyRecord, index: int, stage: StageRecord, pictures: PictureStore) -> Cell:
    reached = stage.status in ("passed", "failed") or holds_stop(stage)
    page = page_name(journey, index, stage) if reached else None
    own = sorted((f for f in journey.findings if f.stage == stage.name), key=lambda f: SEVERITY_RANK[f.severity])
    tone = tone_of(stage, own)
    over = bool(stage.budget_ms and stage.duration_ms and stage.duration_ms > stage.budget_ms)
    picture = pictures.picture(stage.screenshot, journey.device.viewport) if reached else None
    status_label = stage_status_label(journey, stage)
    stopped = stopped_label(journey)
    findings_label = fmt.plural(len(own), "finding") if reached else ""
    return Cell(
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
        steps=[step_view(step, pictures, journey.device.viewport, stopped and f"{stopped} ({how_stopped(journey)})")
               for step in stage.steps]
        if reached else [],
        stopped_here=holds_stop(stage),
    )
