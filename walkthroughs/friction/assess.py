"""Judge a walk: run every friction detector over a journey's evidence, then score stages and journey.

A detector that raises becomes a `DetectorError` on that journey; the other findings still stand.
Runs after each journey during a walk, and offline on a saved run (`walkthrough assess RUN_DIR`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping

from ..results import (
    DetectorError,
    JourneyRecord,
    RunResult,
    ScenarioInfo,
    load_results,
    save_results,
)
from .base import DetectorConfig, JourneyEvidence
from .detectors.intermittent import META as INTERMITTENT
from .detectors.intermittent import detect_intermittent
from .registry import Detector, all_detectors
from .scoring import score_journey


def detector_config(detector: Detector, scenario: ScenarioInfo | None,
                    overrides: Mapping[str, Mapping[str, Any]] | None = None) -> DetectorConfig | None:
    """The detector's thresholds for this scenario, or None where the scenario switched it off."""
    meta = detector.meta
    scenario_setting = (scenario.detectors if scenario else {}).get(meta.id, {})
    if scenario_setting is False:
        return None
    merged = {**(scenario_setting or {}), **((overrides or {}).get(meta.id, {}))}
    stage_overrides, disabled = {}, set()
    for stage in scenario.stages if scenario else []:
        setting = stage.detectors.get(meta.id)
        if setting is False:
            disabled.add(stage.name)
        elif setting:
            stage_overrides[stage.name] = setting
    return DetectorConfig(defaults=meta.defaults, overrides=merged, stage_overrides=stage_overrides,
                          disabled_stages=frozenset(disabled))


def assess_journey(journey: JourneyEvidence, overrides: Mapping[str, Mapping[str, Any]] | None = None,
                   only: set[str] | None = None) -> JourneyRecord:
    """Fill the journey's findings, stage friction scores and journey score from its evidence."""
    record = journey.record
    record.findings, record.detector_errors = [], []
    for detector in all_detectors():
        if only is not None and detector.meta.id not in only:
            continue
        if journey.device_class not in detector.meta.device_classes:
            continue
        config = detector_config(detector, journey.scenario, overrides)
        if config is None:
            continue
        try:
            findings = detector.detect(journey, config)
        except Exception as error:
            record.detector_errors.append(DetectorError(detector=detector.meta.id, message=f"{type(error).__name__}: {error}"))
            continue
        record.findings.extend(f for f in findings if config.enabled_for(f.stage))
    score_journey(record)
    return record


def assess_repeats(result: RunResult) -> None:
    """Judge across walks, once every walk of the run is assessed: stages that fail only some of the time."""
    for journey in result.journeys:
        journey.findings = [f for f in journey.findings if f.detector != INTERMITTENT.id]
    for journey, found in detect_intermittent(result.journeys):
        journey.findings.append(found)
        score_journey(journey)


def load_evidence(run_dir: Path, record: JourneyRecord) -> dict[str, Any]:
    if not record.evidence:
        return {}
    path = run_dir / record.evidence
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def assess_run(run_dir: Path, overrides: Mapping[str, Mapping[str, Any]] | None = None,
               only: set[str] | None = None) -> RunResult:
    """Re-run the detectors on a saved run, without a browser, and rewrite its results.json."""
    path = Path(run_dir) / "results.json"
    result = load_results(path)
    scenarios = {s.name: s for s in result.scenarios}
    for record in result.journeys:
        evidence = JourneyEvidence(record, load_evidence(Path(run_dir), record), scenarios.get(record.scenario), Path(run_dir))
        assess_journey(evidence, overrides, only)
    assess_repeats(result)
    save_results(result, path)
    return result
