"""This run against an earlier one: which findings are new, resolved or unchanged, and which stages got slower.

A finding is the same finding when it has the same journey (scenario × device), stage, detector and title.
A stage's time is a regression when it is slower than before by the one rule the watch uses too
(`results.SLOWER`: more than 30 % and at least half a second), so the noise of a shared CI machine raises no alarm.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import formatting as fmt
from ..results import SLOWER, Finding, JourneyRecord, RunResult, load_results
from .cells import SEVERITY_LABEL

FindingKey = tuple[str, str | None, str, str]


@dataclass(frozen=True)
class TimingChange:
    journey_id: str
    device: str
    stage: str
    device_key: str  # for the filters
    stage_key: str
    before: str
    after: str
    change: str  # "+1.2 s (+35 %)"
    regression: bool


@dataclass(frozen=True)
class ChangedFinding:
    severity: str
    severity_label: str
    title: str
    insight: str
    stage: str | None
    device: str
    device_key: str
    stage_key: str


@dataclass
class Comparison:
    baseline_run: str
    baseline_started: str
    new: list[ChangedFinding]
    resolved: list[ChangedFinding]
    unchanged: list[ChangedFinding]
    timings: list[TimingChange]
    regressions: int
    new_keys: set[FindingKey]

    @property
    def lists(self) -> list[tuple[str, list[ChangedFinding], str]]:
        """Heading, findings and CSS class of each list the report shows."""
        return [("New findings", self.new, "new"), ("Resolved findings", self.resolved, "resolved"),
                ("Unchanged findings", self.unchanged, "unchanged")]

    def state(self, key: FindingKey) -> str:
        return "new" if key in self.new_keys else "unchanged"


def results_path(path: Path) -> Path:
    """A run folder or its results.json."""
    return path / "results.json" if path.is_dir() else path


def load_baseline(path: Path) -> RunResult:
    return load_results(results_path(path))


def finding_key(journey: JourneyRecord, finding: Finding) -> FindingKey:
    return (journey.id, finding.stage, finding.detector, finding.title)


def _findings(result: RunResult) -> dict[FindingKey, ChangedFinding]:
    found = {}
    for journey in result.journeys:
        for finding in journey.findings:
            found[finding_key(journey, finding)] = ChangedFinding(
                finding.severity, SEVERITY_LABEL[finding.severity], finding.title, finding.insight, finding.stage,
                journey.device.name, fmt.slug(journey.device.name), fmt.slug(finding.stage) if finding.stage else "")
    return found


def timing_change(journey: JourneyRecord, stage: str, before_ms: float, after_ms: float) -> TimingChange:
    delta = after_ms - before_ms
    percent = f" ({'+' if delta >= 0 else '−'}{abs(delta) / before_ms * 100:.0f} %)" if before_ms else ""
    regression = SLOWER.slower(before_ms, after_ms)
    return TimingChange(journey.id, journey.device.name, stage, fmt.slug(journey.device.name), fmt.slug(stage),
                        fmt.duration(before_ms), fmt.duration(after_ms), fmt.signed_duration(delta) + percent,
                        regression)


def compare(current: RunResult, baseline: RunResult) -> Comparison:
    now, then = _findings(current), _findings(baseline)
    earlier = {j.id: {s.name: s for s in j.stages} for j in baseline.journeys}
    timings = []
    for journey in current.journeys:
        for stage in journey.stages:
            old = earlier.get(journey.id, {}).get(stage.name)
            if stage.duration_ms is not None and old is not None and old.duration_ms is not None:
                timings.append(timing_change(journey, stage.name, old.duration_ms, stage.duration_ms))
    new_keys = set(now) - set(then)
    return Comparison(
        baseline_run=baseline.run_id, baseline_started=fmt.timestamp(baseline.started_at),
        new=[now[k] for k in now if k in new_keys], resolved=[then[k] for k in then if k not in now],
        unchanged=[now[k] for k in now if k in then], timings=timings,
        regressions=sum(t.regression for t in timings), new_keys=new_keys,
    )
