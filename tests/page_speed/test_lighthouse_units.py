"""The pure parts of the Lighthouse integration: the report summary, the median run, the stage plan,
failed assertions as findings, and finding the Node tools. No browser."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from walkthroughs.friction.assess import assess_run
from walkthroughs.lighthouse import (
    LighthouseChoice,
    NodeToolsMissing,
    UnknownLighthouseStage,
    find_tools,
    lighthouse_plan,
    lighthouse_plans,
)
from walkthroughs.lighthouse.summary import (
    category_scores,
    key_metrics,
    median_run,
    top_opportunities,
)
from walkthroughs.scenario import model as m

DATA = Path(__file__).parent / "data"


def lhr() -> dict:
    return json.loads((DATA / "lhr-cart-mobile.json").read_text())


def scenario(**extra) -> m.Scenario:
    stages = [{"name": name, "steps": [{"goto": "/"}], **extra.pop(name, {})} for name in ("landing", "cart", "paid")]
    return m.Scenario.model_validate({"name": "shop", "stages": stages, **extra})


def test_the_summary_keeps_four_category_scores_and_the_key_metrics():
    report = lhr()
    assert category_scores(report) == {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
    metrics = key_metrics(report)
    assert set(metrics) == {"fcp_ms", "lcp_ms", "tbt_ms", "cls", "speed_index_ms", "ttfb_ms"}
    assert metrics["lcp_ms"] == pytest.approx(1328.6, abs=0.1)


def test_opportunities_put_the_biggest_time_saving_first_and_leave_out_passed_audits():
    report = lhr()
    report["audits"]["render-blocking-insight"].update(score=0, metricSavings={"FCP": 300, "LCP": 450})
    report["audits"]["cache-insight"].update(score=0.5, metricSavings={"LCP": 120})
    report["audits"]["modern-http-insight"].update(score=1, metricSavings={"LCP": 900})
    found = top_opportunities(report)
    assert [item["id"] for item in found[:2]] == ["render-blocking-insight", "cache-insight"]
    assert found[0]["savings_ms"] == 450
    assert "modern-http-insight" not in [item["id"] for item in found]
    assert found[-1]["id"] == "unminified-css" and found[-1]["savings_bytes"] > 0


def test_the_median_run_is_the_one_nearest_the_median_paint_and_interactive_times():
    def run(fcp: float, tti: float) -> dict:
        return {"audits": {"first-contentful-paint": {"numericValue": fcp}, "interactive": {"numericValue": tti}}}
    assert median_run([run(900, 3000), run(700, 2000), run(2000, 5000)]) == 0
    assert median_run([{"audits": {}}]) == 0


def test_stages_marked_in_the_scenario_are_audited_and_the_command_line_wins():
    marked = scenario(cart={"lighthouse": True})
    assert lighthouse_plan(marked).stages == {"cart"}
    assert lighthouse_plan(marked, LighthouseChoice(enabled=False)) is None
    assert lighthouse_plan(marked, LighthouseChoice(stages=("landing", "paid"))).stages == {"landing", "paid"}
    assert lighthouse_plan(scenario()) is None
    everything = lighthouse_plan(scenario(paid={"lighthouse": False}), LighthouseChoice(enabled=True, runs=3))
    assert everything.stages == {"landing", "cart"} and everything.runs == 3


def test_top_level_options_carry_runs_assertions_and_upload():
    options = {"stages": ["cart"], "runs": 3, "assertions": {"categories:performance": ["error", {"minScore": 0.9}]},
               "upload": {"target": "filesystem", "output_dir": "lhci-reports"}}
    plan = lighthouse_plan(scenario(lighthouse=options))
    assert plan.stages == {"cart"} and plan.runs == 3
    assert plan.assert_config == {"assertions": options["assertions"]}
    assert plan.upload == {"target": "filesystem", "outputDir": "lhci-reports"}  # in Lighthouse CI's names
    assert lighthouse_plan(scenario(lighthouse={"enabled": False})) is None


def test_a_stage_the_scenario_does_not_have_is_refused_by_name():
    with pytest.raises(UnknownLighthouseStage, match="no stage 'checkout'.*landing, cart, paid"):
        lighthouse_plans([scenario()], LighthouseChoice(stages=("checkout",)))


def test_failed_assertions_become_findings_on_their_stage(tmp_path):
    run = shutil.copytree(DATA / "page-speed-mobile", tmp_path / "run")
    result = assess_run(run, only={"lighthouse-assertions"})
    found = [(f.stage, f.severity, f.gate, f.title) for j in result.journeys for f in j.findings]
    assert found == [
        ("cart", "major", "error", "Lighthouse budget broken: the performance score is 0.95, expected >= 1.01"),
        ("cart", "minor", "warn", "Lighthouse budget broken: “Largest Contentful Paint” is 1,329, expected <= 100"),
    ]
    assert result.fail_on == "blocker" and not result.verdict().passed  # lhci's error fails the run, as lhci exits
    saved = json.loads((run / "results.json").read_text())
    assert [f["gate"] for j in saved["journeys"] for f in j["findings"]] == ["error", "warn"]


def test_missing_lighthouse_is_said_in_words_with_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("WALKTHROUGHS_LIGHTHOUSE", str(tmp_path / "no-such-lighthouse"))
    with pytest.raises(NodeToolsMissing, match="Lighthouse was not found .*scripts/setup.sh"):
        find_tools()
    monkeypatch.setenv("WALKTHROUGHS_NODE", str(tmp_path / "no-such-node"))
    with pytest.raises(NodeToolsMissing, match="Node.js was not found"):
        find_tools()


def test_the_projects_node_tools_are_found():
    tools = find_tools()
    assert tools.lighthouse_version == "13.5.0" and (tools.lighthouse_dir / "core" / "index.js").exists()
    assert tools.lhci and Path(tools.lhci).exists()
