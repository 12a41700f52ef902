"""What every friction detector is: declared metadata plus a pure function from evidence to findings.

Modelled on Lighthouse's audits. A detector module defines `META` (id, title, description, typed thresholds, its
scope, the device classes it judges and the evidence parts it `reads`) and `detect(evidence, config)`:
- journey scope: `detect(journey: JourneyEvidence, config)` → findings, or a `Judgement` that also says on which
  stages it did not apply (and why) and how it rated what it measured;
- run scope: `detect(run: RunEvidence, config)` → {journey id: findings or Judgement}, judging across walks.
It gets only the parts it reads, never touches the browser and never writes a file, so it re-runs offline on saved
evidence (`walkthrough assess`). The runner (`assess`) turns what it returns into a result on every stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Union

from ..baseline import Baseline
from ..evidence import PARTS
from ..results import (
    DEVICE_CLASSES,
    Box,
    Finding,
    FindingEvidence,
    JourneyRecord,
    Rating,
    ScenarioInfo,
    Scope,
    StageRecord,
)
from .thresholds import Threshold


@dataclass(frozen=True)
class DetectorMeta:
    id: str
    title: str
    description: str
    reads: tuple[str, ...] = ()  # evidence parts (evidence.PARTS); the walk's record is always there
    thresholds: Mapping[str, Threshold] = field(default_factory=dict)
    scope: Scope = "journey"
    device_classes: tuple[str, ...] = DEVICE_CLASSES

    def __post_init__(self) -> None:
        unknown = [part for part in self.reads if part not in PARTS]
        if unknown:
            raise ValueError(f"detector {self.id!r} reads {unknown[0]!r}, which is no evidence part "
                             f"(known: {', '.join(PARTS)})")

    @property
    def defaults(self) -> dict[str, Any]:
        return {key: threshold.default for key, threshold in self.thresholds.items()}


@dataclass
class Judgement:
    """A detector's conclusion on one journey beyond its findings."""

    findings: list[Finding] = field(default_factory=list)
    not_applicable: dict[str | None, str] = field(default_factory=dict)  # stage (None: every stage) → why
    could_not_judge: dict[str | None, str] = field(default_factory=dict)  # stage → what its evidence says went wrong
    ratings: dict[str, dict[str, Rating]] = field(default_factory=dict)  # stage → what it measured → rating

    @classmethod
    def of(cls, returned: list[Finding] | Judgement) -> Judgement:
        return returned if isinstance(returned, Judgement) else cls(findings=list(returned))


@dataclass
class JourneyEvidence:
    """One journey as a detector sees it: the walk's record, the evidence parts it reads, the scenario's words."""

    record: JourneyRecord
    evidence: dict[str, Any]
    scenario: ScenarioInfo | None = None

    @property
    def device_class(self) -> str:
        return self.record.device.device_class

    def stage_evidence(self, index: int) -> dict[str, Any]:
        stages = self.evidence.get("stages", [])
        return stages[index] if index < len(stages) else {}

    def walked_stages(self) -> list[tuple[int, StageRecord, dict[str, Any]]]:
        return [(i, stage, self.stage_evidence(i)) for i, stage in enumerate(self.record.stages) if stage.reached]

    def signals(self, kind: str) -> list[dict[str, Any]]:
        return list(self.evidence.get("signals", {}).get(kind, []))

    def stage_needs(self, name: str) -> list[str]:
        if self.scenario is None:
            return []
        return next((s.needs for s in self.scenario.stages if s.name == name), [])

    def stage_landing(self, name: str) -> str | None:
        """What the scenario marks the stage as the landing page of (`landing: ad`), or None."""
        if self.scenario is None:
            return None
        return next((s.landing for s in self.scenario.stages if s.name == name), None)


@dataclass
class RunEvidence:
    """The walks of one scenario in a run, for detectors that judge across walks (scope `run`): with the run's
    folder (where its screenshots are) and the baseline run it is compared with, where there is one."""

    journeys: list[JourneyRecord]
    scenario: ScenarioInfo | None = None
    root: Path | None = None
    baseline: Baseline | None = None


@dataclass
class DetectorConfig:
    """Thresholds for one detector: its defaults, overridden by the scenario globally and per stage (parsed values)."""

    defaults: Mapping[str, Any]
    overrides: Mapping[str, Any] = field(default_factory=dict)
    stage_overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    disabled_stages: frozenset[str] = frozenset()

    def get(self, key: str, stage: str | None = None) -> Any:
        if stage is not None and key in self.stage_overrides.get(stage, {}):
            return self.stage_overrides[stage][key]
        return self.overrides.get(key, self.defaults[key])

    def enabled_for(self, stage: str | None) -> bool:
        return stage not in self.disabled_stages


Detect = Callable[[Any, DetectorConfig], Union[list[Finding], Judgement, Mapping[str, Any]]]


def box(value: Mapping[str, Any] | None, role: str = "target") -> Box | None:
    """An element's box from the evidence (x, y, width, height in CSS px) as a finding carries it."""
    if not value or not all(key in value for key in ("x", "y", "width", "height")):
        return None
    return Box(x=value["x"], y=value["y"], width=value["width"], height=value["height"], role=role)


def finding(meta: DetectorMeta, severity: str, stage: str | None, insight: str, title: str | None = None,
            boxes: list[Box | None] = (), cause: str | None = None, **evidence: Any) -> Finding:  # type: ignore[assignment]
    """Build a Finding with this detector's id and title; boxes that are None are left out.

    `cause` names what the finding is about where it is the same on every stage and device it shows on (a failing
    address, a script error, an element of the site's template): the run lists such findings once, with where they
    were seen. Without it a finding is its own on each stage, grouped only across devices."""
    return Finding(detector=meta.id, title=title or meta.title, severity=severity, stage=stage, insight=insight,
                   evidence=FindingEvidence(boxes=[b for b in boxes if b is not None], **evidence),
                   key=f"{meta.id}|{cause}" if cause is not None else None)
