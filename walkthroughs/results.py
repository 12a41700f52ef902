"""results.json: the versioned record of a run, written as it arrives and read back by reports.

Schema history:
- 1.0: run, scenarios, journeys (scenario × device) with stages and steps, failures with evidence.
  Added since, optional with defaults so earlier files stay valid: a journey's `path`, `persona`, `repeat` and
  `seed` (journeys are scenario × path × persona × device × repeat); a scenario's `paths`; a step's `line`; a journey's `safety`
  (production walks: the committing requests sent and those the network guard held).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .errors import InputError

SCHEMA_VERSION = "1.0"

# "stopped": a production walk stopped before a step that would commit (place an order, pay), and the stages after it.
StepStatus = Literal["passed", "failed", "skipped", "not_reached", "stopped"]
StageStatus = Literal["running", "passed", "failed", "not_reached", "stopped"]
JourneyStatus = Literal["pending", "running", "completed", "broken", "error", "interrupted"]
RunStatus = Literal["running", "completed", "broken", "interrupted"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StepError(_Record):
    """Why a step failed, in a QA person's words, with the kind a detector can group on."""

    kind: Literal["missing", "hidden", "covered", "disabled", "ambiguous", "navigation", "assertion", "timeout", "error"]
    message: str
    detail: str | None = None


class StepRecord(_Record):
    index: int
    verb: str
    label: str
    target: str | None = None
    line: int | None = Field(None, description="the line of the scenario file (the scenario's `file`) the step is on")
    status: StepStatus = "not_reached"
    offset_ms: float | None = Field(None, description="start, in ms since the journey started")
    duration_ms: float | None = None
    url: str | None = None
    screenshot: str | None = Field(None, description="path relative to the run folder")
    error: StepError | None = None


class FailureEvidence(_Record):
    url: str | None = None
    screenshot: str | None = None
    html: str | None = None
    trace: str | None = None


Severity = Literal["blocker", "major", "minor", "info"]
SEVERITIES: tuple[str, ...] = ("blocker", "major", "minor", "info")  # worst first


def at_or_above(severity: str, threshold: str | None) -> bool:
    """Whether a finding of `severity` is as bad as `threshold` or worse (None: nothing reaches it)."""
    return threshold is not None and SEVERITIES.index(severity) <= SEVERITIES.index(threshold)


def worst(severities) -> str | None:
    """The worst of some severities, or None when there are none."""
    return min(severities, key=SEVERITIES.index, default=None)


class FindingEvidence(_Record):
    """What a finding rests on, so QA can see it: the element, the measured value, the picture."""

    step: int | None = Field(None, description="index of the step in its stage")
    selector: str | None = None
    box: dict[str, float] | None = Field(None, description="the element's box in CSS px of the screenshot")
    screenshot: str | None = Field(None, description="screenshot with the evidence drawn on it, relative to the run folder")
    url: str | None = None
    value: float | str | None = None
    threshold: float | str | None = None
    unit: str | None = None
    details: list[str] = Field(default_factory=list)


class Finding(_Record):
    """One reason a shopper could give up, where it happens, and what to do about it."""

    detector: str
    title: str
    severity: Severity
    stage: str | None = None
    insight: str = Field(description="the recommendation, in a shop owner's words")
    evidence: FindingEvidence = Field(default_factory=FindingEvidence)


class LighthouseOpportunity(_Record):
    """A Lighthouse suggestion and what it would save, so the biggest win is read first."""

    id: str
    title: str
    savings_ms: float = 0
    savings_bytes: float = 0
    display: str | None = None


class LighthouseRecord(_Record):
    """Lighthouse's audit of the page the stage ended on, in the state the journey left it (the median run)."""

    url: str | None = Field(None, description="the page Lighthouse audited, after redirects")
    form_factor: Literal["mobile", "desktop"]
    runs: int = 0
    scores: dict[str, int | None] = Field(default_factory=dict, description="category → 0–100")
    metrics: dict[str, float] = Field(default_factory=dict, description="fcp_ms, lcp_ms, tbt_ms, cls, speed_index_ms, ttfb_ms")
    opportunities: list[LighthouseOpportunity] = Field(default_factory=list, description="largest savings first")
    report_html: str | None = Field(None, description="Lighthouse's HTML report, relative to the run folder")
    report_json: str | None = Field(None, description="Lighthouse's JSON report (LHR), relative to the run folder")
    error: str | None = Field(None, description="why the page could not be audited")


class StageRecord(_Record):
    name: str
    phase: str | None = None
    budget_ms: float | None = None
    status: StageStatus = "not_reached"
    offset_ms: float | None = None
    duration_ms: float | None = None
    url: str | None = None
    title: str | None = None
    screenshot: str | None = None
    steps: list[StepRecord] = Field(default_factory=list)
    failure: FailureEvidence | None = None
    friction_score: float | None = Field(None, description="0 (shopper lost) to 100 (no friction)")
    vitals: dict[str, Any] | None = Field(
        None, description="Web Vitals of the stage's pages as the walk met them: the worst page load's ttfb_ms, fcp_ms, "
        "lcp_ms, cls and tbt_ms, the slowest interaction's inp_ms, requests, transfer_bytes, and Google's ratings")
    lighthouse: LighthouseRecord | None = None


class DeviceInfo(_Record):
    name: str
    device_class: Literal["desktop", "tablet", "mobile"]
    viewport: dict[str, int] | None = None
    user_agent: str | None = None
    is_mobile: bool = False
    has_touch: bool = False
    throttling: dict[str, Any] | None = Field(
        None, description="network and CPU conditions the walk ran under (name, latency_ms, download_kbps, upload_kbps, "
        "cpu_slowdown); None: the machine's own")


class DetectorError(_Record):
    """A detector that failed on this journey: the other detectors' findings still stand."""

    detector: str
    message: str


class HeldRequest(_Record):
    """A request the network guard of a production walk held because it would have committed."""

    method: str
    url: str
    kind: str = Field(description="order, payment, subscription or donation")
    reason: str
    stage: int | None = None
    step: int | None = None


class JourneySafetyRecord(_Record):
    """What the walk did to keep the shop safe; the counts come from the network guard's log."""

    environment: Literal["staging", "production"]
    committing_requests_sent: int | None = Field(
        None, description="production: requests that would commit and left the browser (the guard holds them: 0); "
                          "None: not watched (staging)")
    non_get_requests: int | None = Field(None, description="production: requests other than GET the page sent or tried")
    held_requests: list[HeldRequest] = Field(default_factory=list)
    overrides: list[dict[str, Any]] = Field(
        default_factory=list, description="steps marked `commit: false` that the words would have held, and why")
    stopped_at: dict[str, Any] | None = Field(
        None, description="the step the walk stopped before: stage and step indexes, kind, reason and who held it "
                          "(the scenario's `commit: true`, the words on the page, or the network guard)")


class JourneyRecord(_Record):
    id: str
    scenario: str
    device: DeviceInfo
    status: JourneyStatus = "pending"
    started_at: str | None = None
    duration_ms: float | None = None
    error: str | None = Field(None, description="why the journey could not be walked at all")
    stages: list[StageRecord] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    score: float | None = Field(None, description="journey score, 0–100, from the stage friction scores")
    detector_errors: list[DetectorError] = Field(default_factory=list)
    evidence: str | None = Field(None, description="evidence.json of this journey, relative to the run folder")
    stopped_before: str | None = Field(
        None, description="production walks: what the journey stopped before — “placing the order”, “paying”, "
                          "“subscribing” or “donating”")
    safety: JourneySafetyRecord | None = None
    path: str | None = Field(None, description="the scenario's path this journey walked; None: the main journey")
    persona: str | None = Field(None, description="the scenario's persona who walked it; None: the device's defaults")
    repeat: int | None = Field(None, ge=1, description="which walk of the same journey this is, with --repeat N")
    seed: int | None = Field(None, description="the seed of `pick: random` steps: the same seed replays the same choices")


class ScenarioStage(_Record):
    name: str
    phase: str | None = None
    needs: list[str] = Field(default_factory=list)
    detectors: dict[str, Any] = Field(default_factory=dict, description="detector id → false, or threshold overrides")


class ScenarioInfo(_Record):
    name: str
    file: str | None = None
    goal: str | None = None
    base_url: str | None = None
    detectors: dict[str, Any] = Field(default_factory=dict, description="detector id → false, or threshold overrides")
    stages: list[ScenarioStage] = Field(description="the stages the run walked: the first journey's, then those "
                                                    "only the scenario's other paths walk")
    paths: dict[str, str | None] = Field(default_factory=dict, description="the scenario's paths: name → goal")


class BrowserInfo(_Record):
    name: str = "chromium"
    version: str | None = None
    source: str | None = None
    executable: str | None = None


class RunResult(_Record):
    schema_version: str = SCHEMA_VERSION
    run_id: str
    tool_version: str
    status: RunStatus = "running"
    started_at: str
    finished_at: str | None = None
    browser: BrowserInfo = Field(default_factory=BrowserInfo)
    options: dict = Field(default_factory=dict)
    scenarios: list[ScenarioInfo] = Field(default_factory=list)
    journeys: list[JourneyRecord] = Field(default_factory=list)
    page_speed_note: str | None = Field(None, description="why Lighthouse did not measure page speed, where it was asked to")


def write_json_atomic(path: Path, payload: str) -> None:
    """Write through a temporary file so a reader (or a crash) never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(payload, encoding="utf-8")
    os.replace(tmp, path)


def save_results(result: RunResult, path: Path) -> None:
    write_json_atomic(path, result.model_dump_json(indent=2))


class ResultsVersionError(InputError):
    """results.json from a newer, incompatible version of the tool."""


def load_results(path: Path) -> RunResult:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    major = str(data.get("schema_version", "0")).split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        raise ResultsVersionError(
            f"{path}: results schema {data.get('schema_version')} is not readable by this version (expects {SCHEMA_VERSION})"
        )
    return RunResult.model_validate(data)


def failing_findings(result: RunResult, fail_on: str | None) -> int:
    """How many findings of the run are at or above the severity the user fails on."""
    return sum(1 for journey in result.journeys for f in journey.findings if at_or_above(f.severity, fail_on))


def stopped_label(journey: JourneyRecord) -> str | None:
    """“stopped before placing the order” for a production walk that stopped before committing; None otherwise."""
    return f"stopped before {journey.stopped_before}" if journey.stopped_before else None


def how_stopped(journey: JourneyRecord) -> str:
    """How the step a production walk stopped at was held: checked and not done, or done with its request held."""
    stop = journey.safety.stopped_at if journey.safety else None
    if stop and stop.get("by") == "the network guard":
        return "done, and the network guard held what it sent"
    return "checked, not performed"


def holds_stop(stage: StageRecord) -> bool:
    """Whether this is the stage of the step a production walk stopped before (checked, not performed)."""
    return any(step.status == "stopped" for step in stage.steps)


def committing_requests(journeys: list[JourneyRecord]) -> tuple[int, list[HeldRequest]] | None:
    """Production walks' committing requests sent (from the network guard's log) and held; None without one."""
    watched = [j.safety for j in journeys if j.safety and j.safety.committing_requests_sent is not None]
    if not watched:
        return None
    return sum(s.committing_requests_sent or 0 for s in watched), [held for s in watched for held in s.held_requests]
