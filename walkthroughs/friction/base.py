"""What every friction detector is: declared metadata plus a pure function from evidence to findings.

Modelled on Lighthouse's audits: a detector module defines `META` (id, title, description, default
thresholds, the evidence it reads) and `detect(journey, config) -> list[Finding]`. It never touches
the browser, so it can be re-run offline on saved evidence (`walkthrough assess`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from ..results import Finding, FindingEvidence, JourneyRecord, ScenarioInfo, StageRecord

DEVICE_CLASSES = ("desktop", "tablet", "mobile")


@dataclass(frozen=True)
class DetectorMeta:
    id: str
    title: str
    description: str
    reads: tuple[str, ...]  # evidence it needs: "steps", "signals", "stage:layout", ...
    defaults: Mapping[str, Any] = field(default_factory=dict)
    device_classes: tuple[str, ...] = DEVICE_CLASSES


@dataclass
class JourneyEvidence:
    """One journey as the detectors see it: the walk record, the gathered evidence, the scenario's words."""

    record: JourneyRecord
    evidence: dict[str, Any]
    scenario: ScenarioInfo | None
    run_dir: Any = None  # pathlib.Path of the run folder, for drawing on screenshots

    @property
    def device_class(self) -> str:
        return self.record.device.device_class

    def stage_evidence(self, index: int) -> dict[str, Any]:
        stages = self.evidence.get("stages", [])
        return stages[index] if index < len(stages) else {}

    def walked_stages(self) -> list[tuple[int, StageRecord, dict[str, Any]]]:
        return [(i, stage, self.stage_evidence(i)) for i, stage in enumerate(self.record.stages)
                if stage.status in ("passed", "failed")]

    def signals(self, kind: str) -> list[dict[str, Any]]:
        return list(self.evidence.get("signals", {}).get(kind, []))

    def stage_needs(self, name: str) -> list[str]:
        if self.scenario is None:
            return []
        return next((s.needs for s in self.scenario.stages if s.name == name), [])


@dataclass
class DetectorConfig:
    """Thresholds for one detector: its defaults, overridden by the scenario globally and per stage."""

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


Detect = Callable[[JourneyEvidence, DetectorConfig], list[Finding]]


def finding(meta: DetectorMeta, severity: str, stage: str | None, insight: str, title: str | None = None,
            **evidence: Any) -> Finding:
    """Build a Finding with this detector's id and title."""
    return Finding(detector=meta.id, title=title or meta.title, severity=severity, stage=stage, insight=insight,
                   evidence=FindingEvidence(**evidence))
