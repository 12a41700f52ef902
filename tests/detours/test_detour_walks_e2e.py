"""Ground truth for detours: every path of the demo scenario walked on the clean shop, and each path whose
recovery a switch breaks walked with that switch, side by side in one run (desktop, to keep it short)."""

from __future__ import annotations

import json

import pytest
from walks import plan, walk

from walkthroughs.demo_shop import FRICTIONS, DemoShop
from walkthroughs.walk.variants import Walks

pytestmark = pytest.mark.e2e
RECOVERY_SWITCHES = [f for f in FRICTIONS if f.path and "recovery" in f.expected]
PATHS = ["search", "change-size", "coupon", "postcode-typo", "sold-out"]


@pytest.fixture(scope="module")
def run(tmp_path_factory, demo_scenario):
    with DemoShop(port=0) as shop:
        plans = plan(demo_scenario, ["desktop"], Walks(paths=PATHS, seed=1))
        for friction in RECOVERY_SWITCHES:
            plans += plan(demo_scenario, ["desktop"], Walks(paths=[friction.path], seed=1), friction.id, shop.url)
        result = walk(shop, plans, tmp_path_factory.mktemp("detours"))
        return result, list(shop.orders)


def clean(result, path):
    return next(j for j in result.journeys if j.path == path and j.id.startswith("checkout-journey--"))


@pytest.mark.parametrize("path", PATHS)
def test_each_detour_walked_on_the_clean_shop_reaches_the_end_without_a_recovery_finding(run, path):
    journey = clean(run[0], path)
    assert journey.id == f"checkout-journey--{path}--desktop" and journey.status == "completed", journey.error
    assert [f for f in journey.findings if f.detector in ("recovery", "journey-broken")] == []
    assert [s.status for s in journey.stages] == ["passed"] * len(journey.stages)


def test_the_detours_place_the_orders_they_mean_to(run):
    orders = run[1]
    assert len(orders) == len(PATHS) + 2  # the clean paths, and the broken ones whose shopper still got through
    sizes = sorted(line["size"] for o in orders for line in o["lines"])
    assert "43" in sizes and "M" in sizes  # change-size swapped 42 for 43; sold-out bought the jacket in M
    assert any(o["coupon"] == "RUN10" and o["discount"] == 890 for o in orders)


@pytest.mark.parametrize("friction", RECOVERY_SWITCHES, ids=lambda f: f.id)
def test_each_recovery_switch_is_found_on_its_path_and_stage(run, friction):
    journey = next(j for j in run[0].journeys if j.id.startswith(friction.id + "--"))
    assert journey.path == friction.path
    recovery = [f for f in journey.findings if f.detector == "recovery"]
    assert [f.stage for f in recovery] == [friction.stage_for("recovery")], recovery
    assert recovery[0].severity == "major" and recovery[0].evidence.screenshot
    for detector in friction.expected:
        assert any(f.detector == detector and f.stage == friction.stage_for(detector) for f in journey.findings)


def test_the_recovery_evidence_says_what_was_offered(run, tmp_path):
    result = run[0]
    dead_end = next(j for j in result.journeys if j.id.startswith("search-dead-end--"))
    helped = clean(result, "search")
    assert "nothing to click" in next(f for f in dead_end.findings if f.detector == "recovery").insight
    far = next(f for f in next(j for j in result.journeys if j.id.startswith("error-far-from-field--")).findings
               if f.detector == "recovery")
    assert far.title == "The error message is far from the field" and far.evidence.value > 150
    lost = next(f for f in next(j for j in result.journeys if j.id.startswith("cart-lost-on-back--")).findings
                if f.detector == "recovery")
    assert (lost.evidence.threshold, lost.evidence.value) == (1, 0)
    assert helped.stages[0].name == "search without results" and helped.stages[0].status == "passed"


def test_results_name_each_path_and_keep_its_stages(run):
    result = run[0]
    info = result.scenarios[0]
    assert info.paths["search"] == "Search for the shoes, with a typo first, instead of following the ad"
    names = [s.name for s in info.stages]
    assert names[:6] == ["search without results", "search results", "product from search", "cart", "checkout",
                         "confirmation"]  # the first journey's, then what the other paths add
    assert {"ad landing", "back to the product", "invalid coupon", "postcode typo", "alternative"} <= set(names)
    assert len(names) == len(set(names))
    assert [s.name for s in clean(result, "coupon").stages] == [
        "ad landing", "product", "cart", "invalid coupon", "valid coupon", "checkout", "confirmation"]
    assert json.loads(result.model_dump_json())["journeys"][0]["seed"] == 1
