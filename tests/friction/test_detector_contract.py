"""The detector contract, as Lighthouse has it: a detector gets only the evidence it reads; missing or failed evidence
is an error naming its gatherer; every detector leaves a result on every stage it applies to; run-scope detectors
judge walks together; the registry is read once and open to installed detectors through an entry point."""

from __future__ import annotations

import importlib
import json
import shutil
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from walkthroughs.cli import main
from walkthroughs.evidence import PARTS, load_evidence
from walkthroughs.friction.assess import assess_journey, assess_run
from walkthroughs.friction.base import DetectorConfig, JourneyEvidence, Judgement
from walkthroughs.friction.handed import handed
from walkthroughs.friction.registry import (
    ENTRY_POINT_GROUP,
    all_detectors,
    known_detectors,
)
from walkthroughs.results import load_results
from walkthroughs.scenario import ScenarioError, load_scenario

DATA = Path(__file__).parents[1] / "data" / "runs"


@pytest.fixture
def saved_run(tmp_path):
    return shutil.copytree(DATA / "frictions-mobile", tmp_path / "frictions-mobile")


def saved_journey(run_dir: Path) -> JourneyEvidence:
    result = load_results(run_dir / "results.json")
    record = result.journeys[0]
    return JourneyEvidence(record, load_evidence(run_dir / record.evidence), result.scenarios[0])


def test_each_detector_finds_the_same_with_only_the_parts_it_reads_as_with_all_the_evidence(saved_run):
    """So `reads` is true: a detector reaching for a part it did not declare would find nothing there."""
    journey = saved_journey(saved_run)
    for detector in (d for d in all_detectors() if d.meta.scope == "journey"):
        config = DetectorConfig(detector.meta.defaults)
        everything = Judgement.of(detector.detect(JourneyEvidence(journey.record, journey.evidence, journey.scenario),
                                                  config)).findings
        view, problems = handed(journey.record, journey.evidence, detector.meta.reads)
        handed_in = JourneyEvidence(journey.record, view, journey.scenario)
        declared = Judgement.of(detector.detect(handed_in, config)).findings
        assert problems == {} and declared == everything, detector.meta.id


def test_a_detector_is_handed_its_parts_and_nothing_else(saved_run):
    journey = saved_journey(saved_run)
    view, _ = handed(journey.record, journey.evidence, ("layout", "step:click"))
    assert set(view["stages"][1]) == {"name", "layout", "steps"}
    assert all(set(step) <= {"click"} for step in view["stages"][1]["steps"])
    assert "signals" not in view and "safety" not in view
    assert all(name in PARTS for d in all_detectors() for name in d.meta.reads)


def test_a_failed_gatherer_is_an_error_on_that_stage_for_every_detector_that_reads_it(saved_run):
    journey = saved_journey(saved_run)
    product = journey.evidence["stages"][1]
    del product["page_text"]
    product["gather_errors"] = {"page_text": "ProbeError: the page could not be read"}
    assess_journey(journey)
    readers = {d.meta.id for d in all_detectors() if "page_text" in d.meta.reads}
    errors = {r.detector: r.reason for r in journey.record.detector_results
              if r.stage == "product" and r.status == "error"}
    assert set(errors) == readers == {"ad-landing", "hidden-costs", "price-mismatch", "unmet-needs"}
    assert set(errors.values()) == {
        "the page-text gatherer failed on this stage: ProbeError: the page could not be read"}
    others = [r for r in journey.record.detector_results if r.stage != "product" and r.detector in readers]
    assert all(r.status != "error" for r in others), "the other stages are judged as usual"


def test_a_journey_whose_evidence_cannot_be_read_is_an_error_for_the_detectors_that_need_it(saved_run):
    (saved_run / "journeys" / "checkout-journey--mobile" / "evidence.json").write_text("{not json")
    result = assess_run(saved_run)
    journey = result.journeys[0]
    statuses = {(r.detector, r.status) for r in journey.detector_results}
    assert ("accessibility", "error") in statuses and ("accessibility", "passed") not in statuses
    reason = next(r.reason for r in journey.detector_results if r.detector == "accessibility")
    assert "the evidence cannot be read" in reason and "evidence.json" in reason
    assert {s for d, s in statuses if d == "journey-broken"} == {"passed"}, "it reads only the walk's record"


def test_every_detector_leaves_one_result_on_every_reached_stage_and_they_are_saved(saved_run):
    result = assess_run(saved_run)
    journey = result.journeys[0]
    reached = [s.name for s in journey.stages if s.reached]
    for detector in all_detectors():
        stages = [r.stage for r in journey.detector_results if r.detector == detector.meta.id and r.stage is not None]
        assert stages == reached, detector.meta.id
    for result_ in journey.detector_results:
        found = [f for f in journey.findings if f.detector == result_.detector and f.stage == result_.stage]
        assert (result_.status == "findings") == bool(found) or result_.status == "error", result_
    saved = json.loads((saved_run / "results.json").read_text())
    assert saved["schema_version"] == "2.0" and saved["journeys"][0]["detector_results"]
    assert [d["id"] for d in saved["detectors"]] == [d.meta.id for d in all_detectors()]


def test_the_registry_is_read_once_and_lists_run_scope_judges_too():
    assert all_detectors() is all_detectors()
    assert {d.meta.id: d.meta.scope for d in all_detectors()}["intermittent"] == "run"
    listing = CliRunner().invoke(main, ["detectors"]).output
    assert "intermittent — Works only some of the time (run scope" in " ".join(listing.split())


# ---- typed thresholds: the scenario loader, assess --threshold and the detector read a value the same way

SCENARIO = """\
name: shop
base_url: http://127.0.0.1:8000
detectors: {{{settings}}}
stages:
  - name: product
    steps:
      - goto: /
"""


def scenario_file(tmp_path: Path, settings: str) -> Path:
    path = tmp_path / "shop.yaml"
    path.write_text(SCENARIO.format(settings=settings))
    return path


def test_the_loader_checks_each_threshold_by_its_type_at_its_line(tmp_path):
    detectors = known_detectors()
    path = scenario_file(tmp_path, "slow-step: {step_ms: fast}")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path, environ={}, detectors=detectors)
    assert str(caught.value) == (f"{path}:3:34: slow-step's step_ms: expected a duration such as 2s or 1500ms "
                                 "(a bare number is milliseconds), got 'fast'")
    with pytest.raises(ScenarioError, match=r"slow-step has no threshold 'step' — did you mean 'step_ms'\?"):
        load_scenario(scenario_file(tmp_path, "slow-step: {step: 2s}"), environ={}, detectors=detectors)
    accepted = load_scenario(scenario_file(tmp_path, "slow-step: {step_ms: 2s}, intermittent: false"), environ={},
                             detectors=detectors)
    assert accepted.detectors == {"slow-step": {"step_ms": "2s"}, "intermittent": False}


def test_assess_reads_threshold_options_by_type_and_names_the_known_keys(saved_run):
    runner = CliRunner()
    wrong_key = runner.invoke(main, ["assess", str(saved_run), "--threshold", "slow-step.step=1500"])
    assert wrong_key.exit_code == 2 and "slow-step has no threshold 'step'" in wrong_key.output
    assert "(its thresholds: step_ms, step_major_ms, budget_major_ratio)" in wrong_key.output
    wrong_type = runner.invoke(main, ["assess", str(saved_run), "--threshold", "slow-step.step_ms=fast"])
    assert wrong_type.exit_code == 2 and "expected a duration" in wrong_type.output
    assert "Traceback" not in wrong_key.output + wrong_type.output
    done = runner.invoke(main, ["assess", str(saved_run), "--threshold", "slow-step.step_ms=10s",
                                "--disable", "intermittent"])
    assert done.exit_code in (0, 1), done.output
    result = load_results(saved_run / "results.json")
    assert not [f for f in result.journeys[0].findings if f.detector == "slow-step" and f.evidence.step is not None]
    assert "intermittent" not in {r.detector for r in result.journeys[0].detector_results}


# ---- detectors installed by another package, through the entry-point group

PLUGIN = '''
"""A third-party detector: a search that answers slowly."""
from walkthroughs.friction.base import DetectorMeta, Judgement, finding
from walkthroughs.friction.thresholds import Duration

META = DetectorMeta(id="slow-search", title="Search is slow", description="A search step over its limit.",
                    reads=("step:click",), thresholds={"limit_ms": Duration(500)})


def detect(journey, config):
    if journey.record.device.name == "raise":
        raise ValueError("this plugin has a bug")
    found = [finding(META, "minor", stage.name, "Make the search faster.", step=step.index)
             for stage in journey.record.stages for step in stage.steps
             if "search" in step.label.lower() and (step.duration_ms or 0) > config.get("limit_ms", stage.name)]
    return Judgement(found)
'''


@pytest.fixture
def installed_plugin(tmp_path):
    """A real distribution on sys.path with an entry point in the `walkthroughs.detectors` group."""
    site = tmp_path / "site"
    (site / "wt_slow_search-1.0.dist-info").mkdir(parents=True)
    (site / "wt_slow_search.py").write_text(PLUGIN)
    (site / "wt_slow_search-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: wt-slow-search\nVersion: 1.0\n")
    (site / "wt_slow_search-1.0.dist-info" / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\nslow-search = wt_slow_search\n")
    sys.path.insert(0, str(site))
    all_detectors.cache_clear()
    yield site
    sys.path.remove(str(site))
    sys.modules.pop("wt_slow_search", None)
    all_detectors.cache_clear()


def test_an_installed_detector_is_listed_judges_and_its_settings_are_checked(installed_plugin, tmp_path):
    from detectors.detector_cases import evidence, journey, judge, stage, step

    [plugin] = [d for d in all_detectors() if d.meta.id == "slow-search"]
    assert "entry point walkthroughs.detectors" in plugin.source
    record = journey(stage("search", step("Search for “trial”", duration_ms=900)))
    judged = judge("slow-search", record, evidence(record))
    assert [(f.detector, f.stage) for f in judged.findings] == [("slow-search", "search")]
    assert judge("slow-search", record, evidence(record), overrides={"limit_ms": "1s"}).findings == []
    load_scenario(scenario_file(tmp_path, "slow-search: {limit_ms: 2s}"), environ={}, detectors=known_detectors())
    with pytest.raises(ScenarioError, match="slow-search's limit_ms: expected a duration"):
        load_scenario(scenario_file(tmp_path, "slow-search: {limit_ms: soon}"), environ={}, detectors=known_detectors())


def test_a_detector_that_raises_is_an_error_on_its_stages_and_the_others_still_judge(installed_plugin):
    from detectors.detector_cases import evidence, journey, stage, step

    record = journey(stage("search", step("Search", duration_ms=9000)))
    record.device.name = "raise"
    assess_journey(JourneyEvidence(record, evidence(record)))
    failed = [r for r in record.detector_results if r.detector == "slow-search"]
    assert [(r.stage, r.status, r.reason) for r in failed] == [
        ("search", "error", "the detector failed: ValueError: this plugin has a bug")]
    assert any(f.detector == "slow-step" for f in record.findings), "slow-step still finds the 9 s step"


def test_the_cli_lists_an_installed_detector_and_refuses_a_broken_one_in_one_line(installed_plugin, cli):
    listed = cli("detectors")
    assert listed.returncode == 0 and "slow-search — Search is slow" in listed.stdout, listed.stderr
    (installed_plugin / "wt_slow_search.py").write_text("raise ImportError('no module named search_client')\n")
    sys.modules.pop("wt_slow_search", None)
    importlib.invalidate_caches()
    all_detectors.cache_clear()
    broken = cli("detectors")
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
    assert textwrap.dedent("""\
        the detector 'slow-search' (wt_slow_search, entry point walkthroughs.detectors) could not be loaded: \
ImportError: no module named search_client""") in " ".join(broken.stderr.split())
