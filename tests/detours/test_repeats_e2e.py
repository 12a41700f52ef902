"""Repeats and exploration: `--repeat 3` keeps every walk, a stage that fails in only some of them becomes an
"intermittent" finding with its rate, and `pick: random` with a seed replays the same choices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from walks import plan, walk

from walkthroughs.demo_shop import DemoShop
from walkthroughs.walk.variants import Walks

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def flaky(tmp_path_factory, walkthrough, detour_scenarios):
    """The command line, as a user runs it: one walk at a time, so the second add-to-cart is the one that fails."""
    out = tmp_path_factory.mktemp("repeats")
    done = walkthrough("run", detour_scenarios / "add-to-cart.yaml", "--demo", "--demo-friction", "flaky-add-to-cart",
                       "--repeat", "3", "--seed", "4", "--workers", "1", "--screenshots", "stage", "--out", out)
    return done, json.loads((out / "latest" / "results.json").read_text()), out / "latest"


def test_every_walk_is_kept_with_its_repeat_and_seed(flaky):
    done, results, _ = flaky
    assert done.returncode == 1, done.stderr
    assert [(j["id"], j["repeat"], j["seed"]) for j in results["journeys"]] == [
        (f"add-to-cart--desktop--r{n}", n, 4) for n in (1, 2, 3)]
    assert [j["status"] for j in results["journeys"]] == ["completed", "checks_failed", "completed"]
    assert results["options"]["repeat"] == 3 and results["options"]["seed"] == 4


def test_a_stage_failing_in_some_walks_is_an_intermittent_finding_with_its_rate(flaky):
    journeys = flaky[1]["journeys"]
    intermittent = [(j["repeat"], f) for j in journeys for f in j["findings"] if f["detector"] == "intermittent"]
    assert len(intermittent) == 1
    walk_number, finding = intermittent[0]
    assert walk_number == 2 and finding["stage"] == "product" and finding["severity"] == "major"
    assert finding["title"] == "Fails in 1 of 3 walks" and finding["evidence"]["value"] == 0.33
    assert "Sorry, something went wrong" in finding["insight"]


def test_the_report_shows_median_and_p95_per_stage_over_the_walks(flaky):
    html = (flaky[2] / "report" / "index.html").read_text()
    assert "Over repeated walks: median and 95th-percentile time per stage" in html
    assert "desktop <span class=\"muted\">(3 walks)</span>" in html and "1 of 3 failed" in html
    assert "desktop · walk 2" in html


def picks(result, out: Path) -> dict[str, str]:
    chosen = {}
    for journey in result.journeys:
        evidence = json.loads((out / result.run_id / journey.evidence).read_text())
        step = evidence["stages"][0]["steps"][1]
        chosen[journey.id] = step["picked"]["text"]
        assert step["picked"]["of"] == 6
    return chosen


def test_pick_random_with_a_seed_replays_the_same_choices(tmp_path, detour_scenarios):
    scenario = detour_scenarios / "explore.yaml"
    with DemoShop(port=0) as shop:
        first = walk(shop, plan(scenario, ["desktop"], Walks(repeat=3, seed=11)), tmp_path / "a")
        again = walk(shop, plan(scenario, ["desktop"], Walks(repeat=3, seed=11)), tmp_path / "b")
    assert {j.seed for j in first.journeys} == {11}
    chosen = picks(first, tmp_path / "a")
    assert chosen == picks(again, tmp_path / "b")
    assert len(set(chosen.values())) > 1  # the walks explore different products
