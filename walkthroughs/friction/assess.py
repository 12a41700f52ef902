"""Judge a walk: every detector over the evidence it reads, a result for every stage it applies to, then the scores.

Journey-scope detectors judge each journey as it ends; run-scope ones (intermittent) judge the walks of a scenario
together once all are walked. A detector that raises, or whose evidence is missing or was not collected, gets an
error result on the stages it could not judge; the other detectors' findings still stand.
Runs during a walk (through `pipeline`) and offline on a saved run (`walkthrough assess RUN_DIR`).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Mapping

from ..baseline import Baseline, remembered_baseline
from ..errors import one_line
from ..evidence import EvidenceError, load_evidence, upgraded
from ..results import (
    DetectorResult,
    JourneyRecord,
    RunResult,
    ScenarioInfo,
    load_results,
    save_results,
)
from .base import DetectorConfig, JourneyEvidence, Judgement, RunEvidence
from .handed import Problems, handed
from .registry import Detector, all_detectors, detector_infos
from .scoring import score_journey
from .thresholds import ThresholdError

Overrides = Mapping[str, Mapping[str, Any]]
SWITCHED_OFF = "switched off by the scenario"
SWITCHED_OFF_HERE = "switched off for this stage by the scenario"


def detector_config(detector: Detector, scenario: ScenarioInfo | None, overrides: Overrides | None = None
                    ) -> DetectorConfig | None:
    """The detector's thresholds for this scenario, read by their types, or None where the scenario switched it off.

    Raises ThresholdError for a value of the wrong type (a results.json edited by hand, an override in code)."""
    meta = detector.meta
    scenario_setting = (scenario.detectors if scenario else {}).get(meta.id, {})
    if scenario_setting is False:
        return None

    def parsed(setting: Mapping[str, Any]) -> dict[str, Any]:
        values = {}
        for key, value in setting.items():
            if key not in meta.thresholds:
                raise ThresholdError(f"{meta.id} has no threshold {key!r} (its thresholds: "
                                     f"{', '.join(meta.thresholds) or 'none'})")
            try:
                values[key] = meta.thresholds[key].parse(value)
            except ThresholdError as error:
                raise ThresholdError(f"{meta.id}.{key}: {error}") from None
        return values

    merged = {**parsed(scenario_setting if isinstance(scenario_setting, dict) else {}),
              **parsed((overrides or {}).get(meta.id, {}))}
    stage_overrides, disabled = {}, set()
    for stage in scenario.stages if scenario else []:
        setting = stage.detectors.get(meta.id)
        if setting is False:
            disabled.add(stage.name)
        elif isinstance(setting, dict) and setting:
            stage_overrides[stage.name] = parsed(setting)
    return DetectorConfig(defaults=meta.defaults, overrides=merged, stage_overrides=stage_overrides,
                          disabled_stages=frozenset(disabled))


def _chosen(scope: str, only: set[str] | None) -> list[Detector]:
    return [d for d in all_detectors() if d.meta.scope == scope and (only is None or d.meta.id in only)]


def stage_results(detector: Detector, record: JourneyRecord, judgement: Judgement, config: DetectorConfig | None,
                  problems: Problems, failure: str | None = None) -> list[DetectorResult]:
    """One result per stage the shopper reached — passed, findings, not applicable or error — plus one for the
    journey as a whole where the detector found something about it (or about a stage never reached)."""
    meta = detector.meta
    counts = Counter(f.stage for f in judgement.findings)
    names = {stage.name for stage in record.stages if stage.reached}
    results = []
    for stage in (s for s in record.stages if s.reached):
        name, count = stage.name, counts.get(stage.name, 0)
        error = failure or problems.get(name) or problems.get(None) or judgement.could_not_judge.get(name) \
            or judgement.could_not_judge.get(None)
        if record.device.device_class not in meta.device_classes:
            status, reason = "not_applicable", f"judges only {' and '.join(meta.device_classes)} screens"
        elif config is None:
            status, reason = "not_applicable", SWITCHED_OFF
        elif not config.enabled_for(name):
            status, reason = "not_applicable", SWITCHED_OFF_HERE
        elif error:
            status, reason = "error", error
        elif count:
            status, reason = "findings", None
        elif why := judgement.not_applicable.get(name) or judgement.not_applicable.get(None):
            status, reason = "not_applicable", why
        else:
            status, reason = "passed", None
        results.append(DetectorResult(detector=meta.id, stage=name, status=status, findings=count, reason=reason,
                                      ratings=judgement.ratings.get(name, {}) if status != "not_applicable" else {}))
    loose = sum(n for stage, n in counts.items() if stage not in names)
    if loose or (failure and not results):
        results.append(DetectorResult(detector=meta.id, stage=None, status="error" if failure else "findings",
                                      findings=loose, reason=failure))
    return results


def _judge(detector: Detector, evidence: Any, config: DetectorConfig) -> tuple[Any, str | None]:
    try:
        return detector.detect(evidence, config), None
    except Exception as error:  # one detector's bug never costs the others their findings
        return None, f"the detector failed: {one_line(error)}"


def _file(record: JourneyRecord, detector: Detector, judgement: Judgement, config: DetectorConfig | None,
          problems: Problems, failure: str | None) -> None:
    """Put a detector's findings (those on stages it may judge) and its results into the journey's record."""
    if config is not None:
        judgement.findings = [f for f in judgement.findings if config.enabled_for(f.stage)]
    record.findings.extend(judgement.findings)
    record.detector_results.extend(stage_results(detector, record, judgement, config, problems, failure))


def assess_journey(journey: JourneyEvidence, overrides: Overrides | None = None, only: set[str] | None = None,
                   unreadable: str | None = None) -> JourneyRecord:
    """Fill the journey's findings, detector results, stage friction scores and journey score from its evidence
    (journey-scope detectors; `unreadable` says why its evidence could not be read)."""
    record = journey.record
    record.findings, record.detector_results = [], []
    evidence = upgraded(journey.evidence) if journey.evidence else journey.evidence
    for detector in _chosen("journey", only):
        judgement, problems, failure = Judgement(), {}, None
        try:
            config = detector_config(detector, journey.scenario, overrides)
        except ThresholdError as error:
            config, failure = DetectorConfig(detector.meta.defaults), f"its settings cannot be used: {error}"
        applies = config is not None and record.device.device_class in detector.meta.device_classes
        if applies and failure is None:
            view, problems = handed(record, evidence, detector.meta.reads, unreadable)
            returned, failure = _judge(detector, JourneyEvidence(record, view, journey.scenario), config)
            judgement = Judgement.of(returned) if returned is not None else judgement
        _file(record, detector, judgement, config, problems, failure)
    score_journey(record)
    return record


def assess_across_walks(result: RunResult, overrides: Overrides | None = None, only: set[str] | None = None,
                        root: Path | None = None, baseline: Baseline | None = None) -> None:
    """Run-scope detectors over the walks of each scenario, once every walk of the run is assessed; `root` is the
    run's folder and `baseline` the earlier run its screens are compared with."""
    chosen = _chosen("run", only)
    ids = {d.meta.id for d in chosen}
    for journey in result.journeys:
        journey.findings = [f for f in journey.findings if f.detector not in ids]
        journey.detector_results = [r for r in journey.detector_results if r.detector not in ids]
    scenarios = {s.name: s for s in result.scenarios}
    for detector in chosen:
        for name in dict.fromkeys(j.scenario for j in result.journeys):
            journeys = [j for j in result.journeys if j.scenario == name]
            failure, returned = None, {}
            try:
                config = detector_config(detector, scenarios.get(name), overrides)
            except ThresholdError as error:
                config, failure = DetectorConfig(detector.meta.defaults), f"its settings cannot be used: {error}"
            if config is not None and failure is None:
                returned, failure = _judge(detector, RunEvidence(journeys, scenarios.get(name), root, baseline),
                                           config)
            for journey in journeys:
                judged = (returned or {}).get(journey.id)
                judgement = Judgement.of(judged) if judged is not None else Judgement(
                    not_applicable={None: "this detector did not judge this walk"})
                _file(journey, detector, judgement, config, {}, failure)
    for journey in result.journeys:
        score_journey(journey)


def journey_evidence(run_dir: Path, record: JourneyRecord, scenario: ScenarioInfo | None
                     ) -> tuple[JourneyEvidence, str | None]:
    """A saved journey's evidence, and why it could not be read where it could not."""
    if not record.evidence:
        return JourneyEvidence(record, {}, scenario), "no evidence was saved for this journey"
    try:
        return JourneyEvidence(record, load_evidence(run_dir / record.evidence), scenario), None
    except EvidenceError as error:
        return JourneyEvidence(record, {}, scenario), str(error)


def assess_run(run_dir: Path, overrides: Overrides | None = None, only: set[str] | None = None,
               fail_on: str | None = None) -> RunResult:
    """Re-run the detectors on a saved run, without a browser, and rewrite its results.json (with `fail_on` where
    given; otherwise the run keeps its own)."""
    run_dir = Path(run_dir)
    path = run_dir / "results.json"
    result = load_results(path)
    scenarios = {s.name: s for s in result.scenarios}
    for record in result.journeys:
        journey, unreadable = journey_evidence(run_dir, record, scenarios.get(record.scenario))
        assess_journey(journey, overrides, only, unreadable)
    assess_across_walks(result, overrides, only, run_dir, remembered_baseline(run_dir, result))
    result.detectors = detector_infos(only)
    if fail_on is not None:
        result.fail_on = fail_on
    save_results(result, path)
    return result
