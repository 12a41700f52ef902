"""One judge per question: where the shopper was lost, whether a stage was reached, a stage's tone, the run's verdict
and "slower than before" live on the results model, and every front door says what it says."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from junitparser import JUnitXml
from saved_runs import broken_journey, completed_journey, run_result, save_run

from walkthroughs.ci.github import annotations
from walkthroughs.ci.junit import write_junit
from walkthroughs.cli import main
from walkthroughs.pytest_plugin import failure_message
from walkthroughs.report.baseline import timing_change
from walkthroughs.report.images import PictureStore
from walkthroughs.report.summary import summary_markdown
from walkthroughs.report.view import build_view
from walkthroughs.results import SLOWER, RunResult, load_results
from walkthroughs.watch.alerts import load_alert_config
from walkthroughs.watch.regressions import Thresholds

DATA = Path(__file__).parents[1] / "data" / "runs"


def test_lost_at_and_reached_answer_for_a_lost_shopper_a_broken_browser_and_a_completed_walk():
    lost = broken_journey().lost_at()
    assert (lost.stage, lost.step) == ("product", "click Add to cart")
    assert lost.words == ("at step “click Add to cart”: “Add to cart” (button) was not reachable: "
                          "a cookie banner covers it")
    assert lost.screenshot == "journeys/checkout-journey--mobile/02-product/failure.jpg"
    crashed = broken_journey()
    crashed.status, crashed.error = "error", "TargetClosedError: the browser closed"
    for stage in crashed.stages:
        stage.status = "not_reached"
    assert (crashed.lost_at().stage, crashed.lost_at().reason) == (None, "TargetClosedError: the browser closed")
    assert completed_journey().lost_at() is None
    assert [s.reached for s in broken_journey().stages] == [True, True, False]


@pytest.mark.parametrize("fail_on, passes", [("blocker", True), ("major", False), (None, True)])
def test_every_front_door_gives_the_verdict_the_run_stores(tmp_path, fail_on, passes):
    """A completed run with a major and a minor finding: whether it fails is the stored fail_on's answer, everywhere."""
    result = run_result([completed_journey()], fail_on=fail_on)
    verdict = result.verdict()
    assert verdict.passed is passes and verdict.level == ("smooth" if passes else "friction")
    view = build_view(result, PictureStore(tmp_path, tmp_path / "report"), None)
    assert view.verdict.level == verdict.level
    summary = summary_markdown(view, "index.html")
    assert ("✅" if passes else "⚠️") in summary.splitlines()[2]
    xml = JUnitXml.fromfile(str(write_junit(result, tmp_path / "junit.xml")))
    assert (xml.failures == 0) is passes
    levels = [line.split(" ")[0] for line in annotations(result)]
    assert ("::error" not in levels) is passes
    assert (failure_message(result.journeys[0], tmp_path, fail_on) is None) is passes
    run_dir = save_run(tmp_path / "reports", result)
    assessed = CliRunner().invoke(main, ["assess", str(run_dir), "--disable", "hidden-costs", "--disable", "slow-step"])
    stored = load_results(run_dir / "results.json")
    assert stored.fail_on == fail_on, "assess keeps the run's own fail_on unless told otherwise"
    assert assessed.exit_code == (0 if stored.verdict().passed else 1), assessed.output


def test_a_lost_shopper_fails_the_run_whatever_fail_on_says(tmp_path):
    result = run_result([completed_journey(), broken_journey()], fail_on=None)
    assert result.verdict().level == "lost" and not result.verdict().passed
    assert [j.id for j, _ in result.verdict().lost] == ["checkout-journey--mobile"]
    assert build_view(result, PictureStore(tmp_path, tmp_path / "r"), None).verdict.level == "lost"


def test_a_stage_s_tone_is_its_worst_finding_and_a_stage_without_detectors_is_not_judged():
    journey = completed_journey()
    product, cart = journey.stages[1], journey.stages[2]
    assert (journey.stage_tone(cart), journey.stage_tone(product), journey.stage_tone(journey.stages[0])) == (
        "major", "minor", "clear")
    assert journey.stage_tone(journey.stages[0], judged=False) == "not-judged"
    assert broken_journey().stage_tone(broken_journey().stages[2]) == "not-reached"


def test_slower_than_before_is_one_rule_for_the_report_and_the_watch(tmp_path):
    assert (SLOWER.ratio, SLOWER.min_ms) == (0.30, 500.0)
    assert Thresholds().slower == SLOWER
    journey = completed_journey()
    assert timing_change(journey, "cart", 2000, 2700).regression  # +700 ms, +35 %
    assert not timing_change(journey, "cart", 2000, 2450).regression  # +22 %, +450 ms
    assert not timing_change(journey, "cart", 3000, 3800).regression  # +800 ms but +27 %
    settings = tmp_path / "alerts.toml"
    settings.write_text('[regressions]\nslower_by = "50%"\nslower_min = "1s"\n')
    rule = load_alert_config(settings).thresholds.slower
    assert (rule.ratio, rule.min_ms) == (0.5, 1000) and not rule.slower(2000, 2900) and rule.slower(2000, 3100)


def test_results_of_schema_1_are_read_and_upgraded(tmp_path):
    run_dir = shutil.copytree(DATA / "frictions-mobile", tmp_path / "run")
    raw = json.loads((run_dir / "results.json").read_text())
    assert raw["schema_version"] == "1.0" and "detector_errors" in raw["journeys"][0]
    result = load_results(run_dir / "results.json")
    assert result.schema_version == "2.0" and result.fail_on == "blocker"
    assert isinstance(result, RunResult) and result.journeys[0].detector_results == []
    newer = {**raw, "schema_version": "3.0"}
    (run_dir / "results.json").write_text(json.dumps(newer))
    with pytest.raises(ValueError, match="results schema 3.0 is not readable by this version"):
        load_results(run_dir / "results.json")
