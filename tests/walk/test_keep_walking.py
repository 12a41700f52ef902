"""End to end: the walk goes on past a failed check and, by a stage's `resume:` steps, past a broken stage, so the
stages behind it are still walked and measured; `--strict` and `on_failure: stop` end it at the first failure."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.e2e
SCENARIO = Path(__file__).parent / "scenarios" / "keep-walking.yaml"
QUICK = ("--trace", "off", "--screenshots", "failure", "--no-lighthouse", "--no-detectors")


def statuses(journey: dict) -> list[str]:
    return [stage["status"] for stage in journey["stages"]]


def test_a_failed_check_is_recorded_and_a_broken_stage_is_walked_past_by_its_detour(tmp_path, test_pages, walkthrough,
                                                                                     read_results):
    completed = walkthrough("run", SCENARIO, "--base-url", test_pages, "--out", tmp_path, *QUICK)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    [journey] = read_results(tmp_path)["journeys"]
    assert journey["status"] == "broken"
    assert statuses(journey) == ["passed", "failed", "passed"]
    choose, broken, after = journey["stages"]
    assert [step["status"] for step in choose["steps"]] == ["passed", "passed", "failed", "passed", "passed", "passed",
                                                            "passed"]
    check = choose["steps"][2]
    assert check["error"]["kind"] == "assertion" and "Sold out" in check["error"]["message"]
    assert choose["duration_ms"] < sum(step["duration_ms"] for step in choose["steps"]), "the check's wait is not the shop's"
    assert [(step["status"], step["resume"]) for step in broken["steps"]] == [("failed", False), ("not_reached", False),
                                                                              ("passed", True)]
    assert broken["steps"][0]["error"]["kind"] == "missing"
    assert after["detour_from"] == "broken" and after["steps"][0]["status"] == "passed"
    out = completed.stdout
    assert "1 check failed" in out and "walked on by its detour" in out and "after the detour (reached by a detour)" in out


def test_select_chooses_by_label_or_value_without_a_timed_out_attempt(tmp_path, test_pages, walkthrough, read_results):
    scenario = yaml.safe_load(SCENARIO.read_text())
    scenario["stages"] = [{"name": "choose", "steps": [
        {"goto": "/steps.html"},
        {"select": {"label": "Size", "option": "m"}},  # by value
        {"select": {"label": "Size", "option": "large"}},  # by its words, case aside
        {"select": {"label": "Quantity", "option": "3"}, "timeout": "5s"},
        {"expect": {"value": "l", "in": {"label": "Size"}}},
        {"select": {"label": "Size", "option": "Extra large"}, "timeout": "1s"},
    ]}]
    path = tmp_path / "select.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    walkthrough("run", path, "--base-url", test_pages, "--out", tmp_path / "out", *QUICK)
    [journey] = read_results(tmp_path / "out")["journeys"]
    steps = journey["stages"][0]["steps"]
    assert [step["status"] for step in steps] == ["passed"] * 5 + ["failed"]
    assert all(step["duration_ms"] < 1500 for step in steps[1:4]), [step["duration_ms"] for step in steps]
    assert steps[5]["error"]["kind"] == "missing"
    assert "has no option “Extra large” — options here: “Choose a size”, “Small”, “Medium”, “Large”" in \
        steps[5]["error"]["message"]


def test_strict_ends_the_journey_at_the_first_failure_a_checks_too(tmp_path, test_pages, walkthrough, read_results):
    completed = walkthrough("run", SCENARIO, "--base-url", test_pages, "--out", tmp_path, "--strict", *QUICK)
    assert completed.returncode == 1
    [journey] = read_results(tmp_path)["journeys"]
    assert journey["status"] == "broken" and statuses(journey) == ["failed", "not_reached", "not_reached"]
    assert journey["stages"][0]["steps"][3]["status"] == "not_reached"


def test_on_failure_stop_on_a_stage_walks_no_detour_past_it(tmp_path, test_pages, walkthrough, read_results):
    scenario = yaml.safe_load(SCENARIO.read_text())
    scenario["stages"][1]["on_failure"] = "stop"
    path = tmp_path / "stop.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    walkthrough("run", path, "--base-url", test_pages, "--out", tmp_path / "out", *QUICK)
    [journey] = read_results(tmp_path / "out")["journeys"]
    assert statuses(journey) == ["passed", "failed", "not_reached"]
    assert not any(step["resume"] for step in journey["stages"][1]["steps"])


def test_a_journey_whose_only_failures_are_checks_completes_with_failed_checks(tmp_path, test_pages, walkthrough,
                                                                               read_results):
    scenario = yaml.safe_load(SCENARIO.read_text())
    scenario["stages"] = scenario["stages"][:1]
    path = tmp_path / "checks.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    completed = walkthrough("run", path, "--base-url", test_pages, "--out", tmp_path / "out", *QUICK)
    assert completed.returncode == 1, "a check the scenario makes still fails the run"
    results = read_results(tmp_path / "out")
    assert results["status"] == "checks_failed" and results["journeys"][0]["status"] == "checks_failed"
    summary = (tmp_path / "out" / "latest" / "report" / "summary.md").read_text()
    assert "Check failed at **choose** on desktop: a check that fails:" in summary


def test_a_broken_product_list_no_longer_hides_the_stages_behind_it(tmp_path, walkthrough, read_results, spa_scenario):
    """With a broken product link, the defects behind it (a list price the cart does not charge, a last name typed
    into the first name) are still found, and so is the alert the sort raised before it."""
    switches = ("wrong-product-link", "alert-on-sort", "list-price-mismatch", "last-name-into-first-name")
    completed = walkthrough("run", "--demo", "spa", spa_scenario, *(f"--demo-friction={s}" for s in switches),
                            "--devices", "desktop", "--out", tmp_path, "--trace", "off", "--screenshots", "stage",
                            "--no-lighthouse")
    assert completed.returncode == 1, completed.stdout + completed.stderr
    [journey] = read_results(tmp_path)["journeys"]
    assert journey["status"] == "broken"
    assert statuses(journey)[:4] == ["passed", "failed", "passed", "passed"]
    product, cart = journey["stages"][1], journey["stages"][2]
    assert [step["label"] for step in product["steps"] if step["status"] == "failed" and not step["resume"]][:2] == [
        "Check the url contains “/products/travel-mug”", "Check “Insulated Travel Mug” (heading) is visible"]
    assert all(step["status"] == "passed" for step in product["steps"] if step["resume"])
    assert cart["detour_from"] == "product"
    assert any(f["detector"] == "journey-broken" and f["stage"] == "product" for f in journey["findings"])
    assert journey["stages"][4]["vitals"] is not None, "the stages behind it are measured"
    found = {(f["detector"], f["stage"], f["severity"]): f["title"] for f in journey["findings"]
             if f["detector"] in ("dialogs", "price-mismatch", "lost-input")}
    assert found == {
        ("dialogs", "product list", "minor"): "An alert pops up after “sort by price”",
        ("price-mismatch", "cart", "major"): "“Insulated Travel Mug” costs more in the cart than in the list",
        ("lost-input", "checkout", "major"): "Typing into Last name writes into First name"}
    report = (tmp_path / "latest" / "report" / "index.html").read_text()
    assert "Reached by a detour" in report and "walked past by its detour" in report
