"""results.json: the versioned record of a run, written as it arrives and read back by reports — and the answers
every front door shares about it (where a shopper was lost, whether a stage was reached, a stage's tone, the run's
verdict, "slower than before"), so the CLI, the report, JUnit, annotations, pytest and the watch never disagree.

Schema history:
- 1.0: run, scenarios, journeys (scenario × device) with stages and steps, failures with evidence.
  Added since, optional with defaults so earlier files stay valid: a journey's `path`, `persona`, `repeat` and
  `seed` (journeys are scenario × path × persona × device × repeat); a scenario's `paths`; a step's `line`; a
  journey's `safety` (production walks: the committing requests sent and those the network guard held).
- 2.0: every detector's result on every stage it applies to (`journeys[].detector_results`: passed, findings,
  not applicable, error) in place of `detector_errors`; a finding's `boxes` (several, each with a role) in place of
  one `box`, on the original `screenshot` (no annotated copies); the run's `fail_on` and the `detectors` that judged
  it; a stage's `vitals` without `ratings` (the web-vitals detector's result rates them). 1.x files are read and
  upgraded as they load.
  Added since, optional with defaults: a stage's `line`; a finding's `file` and `line` (where in the scenario it
  points) and `gate` (a Lighthouse CI assertion's level, which fails the run or never does, whatever `fail_on` says).
  Also a finding's `baseline_screenshot` (the same stage in the baseline run, for before and after), and the run's
  `baseline` (the earlier run its screens were compared with, and which of its walks each journey was compared with).
  points) and `gate` (a Lighthouse CI assertion's level, which fails the run or never does, whatever `fail_on` says);
  the walk goes on past a failed check and, through a stage's `resume:` steps, past a broken stage — a journey's
  `checks_failed` status (every stage walked, some check saw something else), a step's `resume` flag (a step of the
  detour past its broken stage) and a stage's `detour_from` (reached by a detour); a finding's `key` (its cause, the
  same on every stage and device it is seen on) and the run's `finding_groups` (one finding per cause with its
  occurrences, stages × devices, rebuilt from the journeys' findings on every save and load; the journeys keep their
  own findings for the scores and older tools); a stage's `landing` in the scenario's stages.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import InputError

SCHEMA_VERSION = "2.0"
READABLE_MAJORS = ("1", "2")  # 1.x files are upgraded as they load

# "stopped": a production walk stopped before a step that would commit (place an order, pay), and the stages after it.
StepStatus = Literal["passed", "failed", "skipped", "not_reached", "stopped"]
# A stage "failed" where it broke: a step could not be done (its element missing, hidden, covered or disabled, a page
# that did not load), or — with `on_failure: stop` or `--strict` — a check failed. A failed check alone does not break
# it: the step is "failed" and the stage goes on, "passed" with failed checks.
StageStatus = Literal["running", "passed", "failed", "not_reached", "stopped"]
# completed: every stage walked and every check held; checks_failed: every stage walked, some check saw something
# else; broken: the shopper was lost at a stage (the stages after it not reached, or reached by a detour).
JourneyStatus = Literal["pending", "running", "completed", "checks_failed", "broken", "error", "interrupted"]
RunStatus = Literal["running", "completed", "checks_failed", "broken", "interrupted"]
GOT_THROUGH: tuple[str, ...] = ("completed", "checks_failed")  # journeys that walked every stage

DeviceClass = Literal["desktop", "tablet", "mobile"]
DEVICE_CLASSES: tuple[str, ...] = get_args(DeviceClass)  # the order reports and merged runs list devices in

Severity = Literal["blocker", "major", "minor", "info"]
Gate = Literal["error", "warn"]  # Lighthouse CI's assertion levels
SEVERITIES: tuple[str, ...] = get_args(Severity)  # worst first

DetectorStatus = Literal["passed", "findings", "not_applicable", "error"]
Rating = Literal["good", "needs-improvement", "poor"]
Scope = Literal["journey", "run"]


def severity_rank(severity: str) -> int:
    """0 for the worst severity (blocker), growing as severities get milder."""
    return SEVERITIES.index(severity)


def at_or_above(severity: str, threshold: str | None) -> bool:
    """Whether a finding of `severity` is as bad as `threshold` or worse (None: nothing reaches it)."""
    return threshold is not None and severity_rank(severity) <= severity_rank(threshold)


def worst(severities: Iterable[str]) -> str | None:
    """The worst of some severities, or None when there are none."""
    return min(severities, key=severity_rank, default=None)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StepError(_Record):
    """Why a step failed, in a QA person's words, with the kind a detector can group on."""

    kind: Literal["missing", "hidden", "covered", "disabled", "ambiguous", "navigation", "assertion", "timeout", "error",
                  "unresponsive", "no_answer", "redirect_loop", "crashed"]
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
    resume: bool = Field(False, description="one of the stage's `resume:` steps, walked because the stage broke: the "
                                            "way a shopper gets past it to the next stage")

    @property
    def failed_check(self) -> bool:
        """A check (`expect`, a `remember` pattern) that saw something other than what the scenario expects."""
        return self.status == "failed" and self.error is not None and self.error.kind == "assertion"


class FailureEvidence(_Record):
    url: str | None = None
    screenshot: str | None = None
    html: str | None = None
    trace: str | None = None


class Box(_Record):
    """An element's box in CSS px of the screenshot it is on, and what it is to the finding."""

    x: float
    y: float
    width: float
    height: float
    role: str = Field("target", description="target: the element meant; cover: what lies over it; "
                                            "message: an error message about it")


class FindingEvidence(_Record):
    """What a finding rests on, so QA can see it: the element, the measured value, the picture."""

    step: int | None = Field(None, description="index of the step in its stage")
    selector: str | None = None
    boxes: list[Box] = Field(default_factory=list, description="elements on `screenshot`, drawn over it by the report")
    screenshot: str | None = Field(None, description="the screenshot the finding is seen on, relative to the run "
                                                     "folder")
    baseline_screenshot: str | None = Field(None, description="the same screen in the baseline run (before; "
                                            "`screenshot` is after), relative to the run folder; boxes fall on both")
    url: str | None = None
    value: float | str | None = None
    threshold: float | str | None = None
    unit: str | None = None
    details: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _one_box_of_1x(cls, data: Any) -> Any:
        """Schema 1.x had one `box`: it becomes the finding's target box."""
        if isinstance(data, dict) and "box" in data:
            data = dict(data)
            box = data.pop("box")
            data.setdefault("boxes", [{**box, "role": "target"}] if box else [])
        return data


class Finding(_Record):
    """One reason a shopper could give up, where it happens, and what to do about it."""

    detector: str
    title: str
    severity: Severity
    stage: str | None = None
    insight: str = Field(description="the recommendation, in a shop owner's words")
    evidence: FindingEvidence = Field(default_factory=FindingEvidence)
    gate: Gate | None = Field(None, description="a Lighthouse CI assertion's level: error fails the run whatever "
                                                "fail_on says, warn never does (as `lhci assert` exits); None: the "
                                                "severity is judged against fail_on")
    file: str | None = Field(None, description="the scenario file it points at (as the run was given it)")
    line: int | None = Field(None, description="the line in `file` it points at: its step's, else its stage's")
    key: str | None = Field(None, description="what the finding is about, the same on every stage and device it is "
                                              "seen on (a failing address, a script error); None: its detector, stage "
                                              "and title")

    def fails(self, fail_on: str | None) -> bool:
        """Whether this finding fails a run that fails on `fail_on`: the one rule for the exit code, JUnit, the
        annotations, the report and pytest."""
        if self.gate is not None:
            return self.gate == "error"
        return at_or_above(self.severity, fail_on)

    @property
    def cause(self) -> str:
        """The finding's cause: findings of the same cause are one finding with its occurrences (`finding_groups`)."""
        return self.key or f"{self.detector}|{self.stage or ''}|{self.title}"


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
    line: int | None = Field(None, description="the line of the scenario file the stage begins on")
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
        "lcp_ms, cls and tbt_ms, the slowest interaction's inp_ms, pages, requests, transfer_bytes and "
        "long_tasks")
    lighthouse: LighthouseRecord | None = None
    detour_from: str | None = Field(None, description="reached by a detour: the broken stage whose `resume:` steps "
                                                      "led the walk on to this one")

    @model_validator(mode="before")
    @classmethod
    def _unrated_vitals_of_1x(cls, data: Any) -> Any:
        """Schema 1.x rated the vitals in the walk; only the web-vitals detector rates them now."""
        if isinstance(data, dict) and isinstance(data.get("vitals"), dict) and "ratings" in data["vitals"]:
            data = {**data, "vitals": {k: v for k, v in data["vitals"].items() if k != "ratings"}}
        return data

    @property
    def reached(self) -> bool:
        """The shopper got to this stage: it passed or failed (not unreached, nor stopped before committing)."""
        return self.status in ("passed", "failed")

    @property
    def failed_step(self) -> StepRecord | None:
        """The step that broke the stage, with its error (the last of its own steps that failed: the walk stopped
        there); None for a stage that did not break."""
        if self.status != "failed":
            return None
        return next((step for step in reversed(self.steps) if not step.resume and step.status == "failed"
                     and step.error), None)

    @property
    def failed_checks(self) -> list[StepRecord]:
        """The checks that failed while the walk went on through the stage (not the step that broke it)."""
        broke = self.failed_step
        return [step for step in self.steps if step.failed_check and not step.resume and step is not broke]

    @property
    def went_wrong(self) -> bool:
        """The stage broke, or a check on it failed while the walk went on: a walk that failed here."""
        return self.status == "failed" or bool(self.failed_checks)

    @property
    def resume_steps(self) -> list[StepRecord]:
        """The detour walked past this broken stage (its `resume:` steps), in order."""
        return [step for step in self.steps if step.resume]

    @property
    def detour_failed(self) -> bool:
        """The stage broke and the way past it failed too, so the stages after it were not reached."""
        return any(step.status == "failed" for step in self.resume_steps)

    @property
    def reached_by_detour(self) -> bool:
        return self.detour_from is not None


class DeviceInfo(_Record):
    name: str
    device_class: DeviceClass
    viewport: dict[str, int] | None = None
    user_agent: str | None = None
    is_mobile: bool = False
    has_touch: bool = False
    throttling: dict[str, Any] | None = Field(
        None, description="network and CPU conditions the walk ran under (name, latency_ms, download_kbps, upload_kbps, "
        "cpu_slowdown); None: the machine's own")


class DetectorResult(_Record):
    """What one detector concluded about one stage of a journey (or the journey as a whole), so a report can say
    what was checked: passed, found friction, did not apply (and why), or could not judge (and why)."""

    detector: str
    stage: str | None = Field(None, description="None: the journey as a whole")
    status: DetectorStatus
    findings: int = Field(0, description="how many of the journey's findings this result stands for")
    reason: str | None = Field(None, description="not_applicable: why it did not apply; error: what kept it from "
                                                 "judging, naming the gatherer whose evidence is missing")
    ratings: dict[str, Rating] = Field(default_factory=dict, description="the detector's rating of each value it "
                                       "judged on the stage, e.g. web-vitals' lcp_ms, slow-step's budget")


@dataclass(frozen=True)
class LostAt:
    """Where the shopper was lost and why: the one reading of a broken journey every front door shows."""

    stage: str | None  # None: the journey could not be walked at all
    step: str | None  # the label of the step that failed
    reason: str
    screenshot: str | None = None
    line: int | None = None  # the failed step's line in the scenario file, else its stage's

    @property
    def words(self) -> str:
        """`at step “Add to cart”: it was covered …`, or the reason alone when no step failed."""
        return f"at step “{self.step}”: {self.reason}" if self.step else self.reason


def check_words(step: StepRecord) -> str:
    """`at step “Check the url contains …”: the page is at …`: a check that failed while the walk went on, in the
    words every front door gives it."""
    return f"at step “{step.label}”: {step.error.message if step.error else 'it did not hold'}"


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
    detector_results: list[DetectorResult] = Field(default_factory=list)
    evidence: str | None = Field(None, description="evidence.json of this journey, relative to the run folder")
    stopped_before: str | None = Field(
        None, description="production walks: what the journey stopped before — “placing the order”, “paying”, "
                          "“subscribing” or “donating”")
    safety: JourneySafetyRecord | None = None
    path: str | None = Field(None, description="the scenario's path this journey walked; None: the main journey")
    persona: str | None = Field(None, description="the scenario's persona who walked it; None: the device's defaults")
    repeat: int | None = Field(None, ge=1, description="which walk of the same journey this is, with --repeat N")
    seed: int | None = Field(None, description="the seed of `pick: random` steps: the same seed replays the same choices")

    @model_validator(mode="before")
    @classmethod
    def _detector_errors_of_1x(cls, data: Any) -> Any:
        """Schema 1.x listed only the detectors that failed, per journey: each becomes an error result."""
        if isinstance(data, dict) and "detector_errors" in data:
            data = dict(data)
            data.setdefault("detector_results", [{"detector": e["detector"], "status": "error", "reason": e["message"]}
                                                 for e in data.pop("detector_errors")])
        return data

    def lost_at(self) -> LostAt | None:
        """Where the shopper was lost — the failed stage, its step and why — or None when they were not."""
        failed = next((stage for stage in self.stages if stage.status == "failed"), None)
        if failed is not None:
            step = failed.failed_step
            reason = step.error.message if step and step.error else self.error or "the stage failed"
            return LostAt(failed.name, step.label if step else None, reason,
                          failed.failure.screenshot if failed.failure else None,
                          (step.line if step else None) or failed.line)
        if self.status == "error":
            return LostAt(None, None, self.error or "the journey could not be walked")
        return None

    def line_of(self, stage: str | None, step: int | None = None) -> int | None:
        """The scenario line of a stage's step (by index), else of the stage; None for the journey as a whole."""
        record = next((s for s in self.stages if s.name == stage), None)
        if record is None:
            return None
        at = next((s for s in record.steps if s.index == step), None) if step is not None else None
        return (at.line if at else None) or record.line

    @property
    def got_through(self) -> bool:
        """Every stage walked: completed, with or without failed checks."""
        return self.status in GOT_THROUGH

    def failed_checks(self) -> list[tuple[StageRecord, StepRecord]]:
        """Every check that failed while the walk went on, with its stage, in journey order."""
        return [(stage, step) for stage in self.stages for step in stage.failed_checks]

    def findings_on(self, stage: str | None) -> list[Finding]:
        """The stage's findings, worst first (None: those about the journey as a whole)."""
        names = {s.name for s in self.stages}
        own = [f for f in self.findings if (f.stage == stage if stage is not None else f.stage not in names)]
        return sorted(own, key=lambda f: severity_rank(f.severity))

    def stage_tone(self, stage: StageRecord, judged: bool = True) -> str:
        """The colour a stage is shown in: its worst finding's severity, `clear`, `not-reached`, `not-judged` where the
        detectors were off, or `stopped` where a production walk held the step that would commit. A stage where the
        shopper was lost is a blocker because journey-broken says so."""
        if stage.status == "stopped" and holds_stop(stage):
            return "stopped"
        if not stage.reached:
            return "not-reached"
        found = worst(f.severity for f in self.findings_on(stage.name))
        return found or ("clear" if judged else "not-judged")

    def results_of(self, detector: str, stage: str | None) -> DetectorResult | None:
        return next((r for r in self.detector_results if r.detector == detector and r.stage == stage), None)

    def ratings(self, detector: str, stage: str) -> dict[str, str]:
        """How `detector` rated what it measured on the stage: value → good, needs-improvement or poor."""
        result = self.results_of(detector, stage)
        return dict(result.ratings) if result else {}

    def verdict(self, fail_on: str | None) -> JourneyVerdict:
        return JourneyVerdict(self, self.lost_at(), [f for f in self.findings if f.fails(fail_on)],
                              self.failed_checks())


class ScenarioStage(_Record):
    name: str
    phase: str | None = None
    landing: Literal["ad"] | None = Field(None, description="ad: the page a shopper who tapped an ad lands on")
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


class DetectorInfo(_Record):
    """A detector that judged the run, so the report can name what it checked without the registry."""

    id: str
    title: str
    scope: Scope = "journey"


class BaselineInfo(_Record):
    """The earlier run this run's screens were compared with, so `assess` can compare them again."""

    run: str = Field(description="its folder, relative to this run's folder (`.`: this run itself, as calibration "
                                 "compares switched walks with the clean ones)")
    journeys: dict[str, str] = Field(default_factory=dict, description="this run's journey id → the id of the "
                                                                       "baseline's walk it was compared with")


class Occurrence(_Record):
    """Where a finding of a group is seen: one journey's stage, and the finding in that journey's `findings`."""

    journey: str = Field(description="the journey's id")
    device: str
    stage: str | None = None
    severity: Severity
    finding: int = Field(description="index of the finding in the journey's `findings`")


class FindingGroup(_Record):
    """One cause seen on several stages and devices: one finding with its occurrences, as every front door lists it.
    Its severity is the worst of its occurrences, its words those of the first occurrence that severe."""

    key: str
    detector: str
    title: str
    severity: Severity
    insight: str
    occurrences: list[Occurrence]

    @property
    def stages(self) -> list[str]:
        return list(dict.fromkeys(o.stage for o in self.occurrences if o.stage))

    @property
    def devices(self) -> list[str]:
        return list(dict.fromkeys(o.device for o in self.occurrences))

    @property
    def where(self) -> str:
        """`cart, checkout · desktop, mobile (4 times)`: where it was seen, as every front door words it."""
        return where_words([o.stage for o in self.occurrences], self.devices, len(self.occurrences))


def where_words(stages: list[str | None], devices: list[str], times: int) -> str:
    """`cart, checkout · desktop, mobile (4 times)`; a finding about the whole journey is on the “whole journey”."""
    named = list(dict.fromkeys(stage or "whole journey" for stage in stages))
    return f"{', '.join(named)} · {', '.join(dict.fromkeys(devices))}" + (f" ({times} times)" if times > 1 else "")


def group_findings(journeys: list[JourneyRecord]) -> list[FindingGroup]:
    """The journeys' findings, one group per cause (`Finding.cause`), worst first, then in the order first seen."""
    groups: dict[str, list[tuple[JourneyRecord, int, Finding]]] = {}
    for journey in journeys:
        for index, finding in enumerate(journey.findings):
            groups.setdefault(finding.cause, []).append((journey, index, finding))
    built = []
    for key, seen in groups.items():
        first = min(seen, key=lambda s: severity_rank(s[2].severity))[2]
        built.append(FindingGroup(
            key=key, detector=first.detector, title=first.title, severity=first.severity, insight=first.insight,
            occurrences=[Occurrence(journey=j.id, device=j.device.name, stage=f.stage, severity=f.severity, finding=i)
                         for j, i, f in seen]))
    return sorted(built, key=lambda g: severity_rank(g.severity))


class RunResult(_Record):
    schema_version: str = SCHEMA_VERSION
    run_id: str
    tool_version: str
    status: RunStatus = "running"
    started_at: str
    finished_at: str | None = None
    browser: BrowserInfo = Field(default_factory=BrowserInfo)
    options: dict = Field(default_factory=dict)
    fail_on: Severity | None = Field("blocker", description="a finding this severe or worse fails the run; None: "
                                                            "only a lost shopper does")
    detectors: list[DetectorInfo] = Field(default_factory=list, description="the detectors that judged the run")
    scenarios: list[ScenarioInfo] = Field(default_factory=list)
    journeys: list[JourneyRecord] = Field(default_factory=list)
    page_speed_note: str | None = Field(None, description="why Lighthouse did not measure page speed, where it was asked to")
    baseline: BaselineInfo | None = None
    finding_groups: list[FindingGroup] = Field(
        default_factory=list, description="the journeys' findings, one per cause with its occurrences (stages × "
                                          "devices), worst first: rebuilt from the journeys on every save and load")

    @model_validator(mode="after")
    def _grouped(self) -> RunResult:
        self.finding_groups = group_findings(self.journeys)
        return self

    def grouped_findings(self) -> list[FindingGroup]:
        """One finding per cause with its occurrences, from the journeys as they are now: what the report's list, the
        terminal, JUnit and the annotations show."""
        self.finding_groups = group_findings(self.journeys)
        return self.finding_groups

    def finding_at(self, occurrence: Occurrence) -> tuple[JourneyRecord, Finding] | None:
        journey = next((j for j in self.journeys if j.id == occurrence.journey), None)
        if journey is None or occurrence.finding >= len(journey.findings):
            return None
        return journey, journey.findings[occurrence.finding]

    def file_of(self, journey: JourneyRecord) -> str | None:
        """The scenario file the journey was walked from, as the run was given it."""
        return next((s.file for s in self.scenarios if s.name == journey.scenario), None)

    def locate_findings(self) -> None:
        """Give every finding the scenario file and line it points at (its step's, else its stage's)."""
        for journey in self.journeys:
            file = self.file_of(journey)
            for finding in journey.findings:
                finding.file = file
                finding.line = journey.line_of(finding.stage, finding.evidence.step)

    @property
    def detectors_ran(self) -> bool:
        """False for `run --no-detectors`: then no finding means nothing was looked for."""
        return self.options.get("detectors", True) is not False

    def verdict(self) -> RunVerdict:
        """The run judged once, with its own `fail_on`: what the exit code, the report's headline, summary.md,
        JUnit, the annotations and pytest all say."""
        journeys = [journey.verdict(self.fail_on) for journey in self.journeys]
        if not journeys:
            level = "empty"
        elif self.status in ("interrupted", "running"):
            level = "interrupted"
        elif any(j.lost or j.journey.status in ("broken", "error") for j in journeys):
            level = "lost"
        elif any(not j.journey.got_through for j in journeys):
            level = "interrupted"
        elif any(j.failed_checks for j in journeys):
            level = "checks_failed"
        elif any(j.failing for j in journeys):
            level = "friction"
        else:
            level = "smooth"
        return RunVerdict(level, self.fail_on, journeys)


@dataclass(frozen=True)
class JourneyVerdict:
    journey: JourneyRecord
    lost: LostAt | None
    failing: list[Finding]  # at or above the run's fail_on
    failed_checks: list[tuple[StageRecord, StepRecord]] = ()  # type: ignore[assignment]


def failing_reasons(failing: Iterable[Finding], fail_on: str | None) -> str:
    """Why findings fail a run, in words: `at or above “major”`, `from Lighthouse CI error assertions`, or both."""
    failing = list(failing)
    gated = any(finding.gate is not None for finding in failing)
    by_severity = any(finding.gate is None for finding in failing) or not gated
    said = ([f"at or above “{fail_on}”"] if by_severity else []) + \
        (["from Lighthouse CI error assertions"] if gated else [])
    return " or ".join(said)


VerdictLevel = Literal["empty", "interrupted", "lost", "checks_failed", "friction", "smooth"]


@dataclass(frozen=True)
class RunVerdict:
    """lost: a shopper did not reach the end; checks_failed: every journey got through, but a check the scenario
    makes saw something else (it fails the run as it did when it ended the journey); friction: findings at or above
    `fail_on`; smooth: none of these."""

    level: VerdictLevel
    fail_on: str | None
    journeys: list[JourneyVerdict]

    @property
    def passed(self) -> bool:
        return self.level in ("smooth", "empty")

    @property
    def failing(self) -> list[tuple[JourneyRecord, Finding]]:
        return [(j.journey, finding) for j in self.journeys for finding in j.failing]

    @property
    def reasons(self) -> str:
        return failing_reasons([finding for _, finding in self.failing], self.fail_on)

    @property
    def lost(self) -> list[tuple[JourneyRecord, LostAt]]:
        return [(j.journey, j.lost) for j in self.journeys if j.lost is not None]

    @property
    def failed_checks(self) -> list[tuple[JourneyRecord, StageRecord, StepRecord]]:
        return [(j.journey, stage, step) for j in self.journeys for stage, step in j.failed_checks]


def run_status(journeys: list[JourneyRecord]) -> RunStatus:
    """A finished run's status from its journeys: completed, checks_failed (all got through, some check failed) or
    broken (a journey did not get through)."""
    if not all(journey.got_through for journey in journeys):
        return "broken"
    return "checks_failed" if any(journey.status == "checks_failed" for journey in journeys) else "completed"


@dataclass(frozen=True)
class SlowerRule:
    """When a stage is slower than before: by more than `ratio` and by at least `min_ms`, so the noise of a shared
    machine raises no alarm. The report's baseline comparison and the watch's regressions both ask it."""

    ratio: float = 0.30
    min_ms: float = 500.0

    def slower(self, before_ms: float, after_ms: float) -> bool:
        delta = after_ms - before_ms
        return delta >= self.min_ms and delta > before_ms * self.ratio


SLOWER = SlowerRule()


def write_json_atomic(path: Path, payload: str) -> None:
    """Write through a temporary file so a reader (or a crash) never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(payload, encoding="utf-8")
    os.replace(tmp, path)


def save_results(result: RunResult, path: Path) -> None:
    result.locate_findings()
    result.grouped_findings()
    write_json_atomic(path, result.model_dump_json(indent=2))


class ResultsVersionError(InputError):
    """results.json from a newer, incompatible version of the tool."""


class ResultsUnreadable(InputError):
    """A results.json that is not JSON, or not in a shape this version knows: said in one line, not in pydantic's
    hundreds."""


def load_results(path: Path) -> RunResult:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except ValueError as error:
        raise ResultsUnreadable(f"{path}: not a results.json (not JSON: {error})") from None
    if not isinstance(data, dict):
        raise ResultsUnreadable(f"{path}: not a results.json (expected an object with schema_version and journeys)")
    major = str(data.get("schema_version", "0")).split(".")[0]
    if major not in READABLE_MAJORS:
        raise ResultsVersionError(
            f"{path}: results schema {data.get('schema_version')} is not readable by this version (expects {SCHEMA_VERSION})"
        )
    try:
        return RunResult.model_validate(upgraded(data) if major == "1" else data)
    except ValidationError as error:
        problems = error.errors()
        first = problems[0] if problems else {"loc": (), "msg": str(error)}
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        raise ResultsUnreadable(
            f"{path}: results schema {data.get('schema_version')} does not read as {SCHEMA_VERSION} "
            f"({len(problems)} problem(s); first at {where}: {first['msg']}) — written by another version of "
            "walkthroughs?") from None


def upgraded(data: dict[str, Any]) -> dict[str, Any]:
    """A 1.x results.json in the 2.0 shape: its fail_on (pytest kept it in the options, the CLI's was the default).
    The records upgrade themselves as they validate (a finding's one box, a journey's detector errors, ratings)."""
    return {**data, "schema_version": SCHEMA_VERSION, "fail_on": data.get("options", {}).get("fail_on", "blocker")}


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
