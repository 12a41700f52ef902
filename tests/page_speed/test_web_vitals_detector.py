"""The web-vitals detector on evidence saved from a real phone walk with slow-heavy-product and
landing-layout-shift switched on (and Lighthouse on the cart): no browser, so it is fast."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from walkthroughs.evidence import total_blocking_time, vitals_summary
from walkthroughs.friction.assess import assess_run
from walkthroughs.friction.detectors.web_vitals import GOOGLE_THRESHOLDS, rate

SAVED_RUN = Path(__file__).parent / "data" / "page-speed-mobile"


@pytest.fixture
def saved_run(tmp_path):
    return shutil.copytree(SAVED_RUN, tmp_path / "run")


def vitals_findings(result):
    return [f for j in result.journeys for f in j.findings if f.detector == "web-vitals"]


def test_the_heavy_product_page_is_a_major_lcp_finding_on_the_product_stage(saved_run):
    result = assess_run(saved_run, only={"web-vitals"})
    lcp = [f for f in vitals_findings(result) if "Largest Contentful Paint" in f.title]
    assert [(f.stage, f.severity) for f in lcp] == [("product", "major")]
    assert lcp[0].evidence.value > 4000 and lcp[0].evidence.threshold == 4000
    assert "img.product-image" in lcp[0].evidence.selector and "(poor)" in lcp[0].title
    assert "compress" in lcp[0].insight


def test_the_late_promo_banner_is_a_major_cls_finding_on_the_ad_landing_stage(saved_run):
    result = assess_run(saved_run, only={"web-vitals"})
    cls = [f for f in vitals_findings(result) if "Cumulative Layout Shift" in f.title]
    assert [(f.stage, f.severity) for f in cls] == [("ad landing", "major")]
    assert cls[0].evidence.value > 0.25 and "landing-product" in cls[0].evidence.selector


def test_the_other_stages_rate_good(saved_run):
    result = assess_run(saved_run, only={"web-vitals"})
    assert {f.stage for f in vitals_findings(result)} <= {"ad landing", "product"}
    journey = result.journeys[0]
    for name in ("cart", "checkout", "confirmation"):
        ratings = journey.ratings("web-vitals", name)
        assert ratings["lcp_ms"] == "good" and ratings["cls"] == "good", ratings
        assert "ratings" not in journey.stages[[s.name for s in journey.stages].index(name)].vitals


def test_a_scenario_can_move_the_thresholds_of_one_stage(saved_run):
    results = json.loads((saved_run / "results.json").read_text())
    product = next(s for s in results["scenarios"][0]["stages"] if s["name"] == "product")
    product["detectors"] = {"web-vitals": {"lcp_ms": [10_000, 20_000]}}
    (saved_run / "results.json").write_text(json.dumps(results))
    result = assess_run(saved_run, only={"web-vitals"})
    assert {f.stage for f in vitals_findings(result) if f.severity == "major"} == {"ad landing"}


def test_ratings_follow_googles_thresholds_with_the_boundary_on_the_better_side():
    assert rate(2500, GOOGLE_THRESHOLDS["lcp_ms"]) == "good"
    assert rate(2501, GOOGLE_THRESHOLDS["lcp_ms"]) == "needs-improvement"
    assert rate(4001, GOOGLE_THRESHOLDS["lcp_ms"]) == "poor"
    assert rate(0.1, GOOGLE_THRESHOLDS["cls"]) == "good" and rate(0.26, GOOGLE_THRESHOLDS["cls"]) == "poor"


def test_blocking_time_counts_only_long_tasks_after_the_first_paint():
    assert total_blocking_time([[10, 600], [900, 120], [1200, 40]], fcp_ms=700) == 70
    assert total_blocking_time([[10, 600]], fcp_ms=None) == 550


def test_a_stage_summary_keeps_the_worst_page_and_interaction_and_sums_the_costs():
    load = lambda lcp, cls, requests: {"metrics": {"LCP": {"value": lcp}, "CLS": {"value": cls}, "FCP": {"value": 100}},
                                       "requests": requests, "transfer_bytes": 1000, "long_tasks": [[200, 90]]}
    summary = vitals_summary({"page_loads": [load(1200, 0.02, 5), load(3000, 0.3, 7)],
                              "interactions": [{"value": 120}, {"value": 240}]})
    assert summary["lcp_ms"] == 3000 and summary["cls"] == 0.3 and summary["inp_ms"] == 240
    assert summary["requests"] == 12 and summary["transfer_bytes"] == 2000 and summary["tbt_ms"] == 40
    assert "ratings" not in summary, "the walk measures; only the web-vitals detector rates"
