"""End to end: the real command, the real browser, the real demo shop."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.e2e
STAGES = ["ad landing", "product", "cart", "checkout", "confirmation"]


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory, walkthrough, read_results, demo_scenario):
    out = tmp_path_factory.mktemp("clean")
    completed = walkthrough("run", "--demo", demo_scenario, "--out", out)
    return completed, out, read_results(out)


def test_the_demo_journey_completes_on_desktop_tablet_and_mobile(clean_run):
    completed, out, results = clean_run
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert results["schema_version"] == "2.0"
    assert results["status"] == "completed"
    assert sorted(j["device"]["device_class"] for j in results["journeys"]) == ["desktop", "mobile", "tablet"]
    for journey in results["journeys"]:
        assert journey["status"] == "completed"
        assert [s["name"] for s in journey["stages"]] == STAGES
        for stage in journey["stages"]:
            assert stage["status"] == "passed"
            assert stage["duration_ms"] > 0
            assert (out / "latest" / stage["screenshot"]).stat().st_size > 1000
            for step in stage["steps"]:
                assert step["status"] in ("passed", "skipped"), step
                if step["status"] == "passed":
                    assert step["duration_ms"] is not None and step["screenshot"]


def test_the_storyboard_has_a_picture_per_step_and_a_new_one_where_the_page_changed(clean_run):
    _, out, results = clean_run
    for journey in results["journeys"]:
        steps = [step for stage in journey["stages"] for step in stage["steps"] if step["status"] == "passed"]
        for step in (s for s in steps if s["verb"] in ("click", "fill", "select", "check", "goto")):
            assert step["screenshot"].endswith(f"step-{step['index'] + 1:02d}.jpg"), step  # acting: its own picture
        shared = [s for s in steps if s["verb"] in ("expect", "remember") and
                  not s["screenshot"].endswith(f"step-{s['index'] + 1:02d}.jpg")]
        assert shared, "checks that changed nothing share the picture before them"
        assert len({s["screenshot"] for s in steps}) < len(steps)


def test_without_detectors_the_walk_is_timed_but_nothing_is_judged(tmp_path, walkthrough, read_results, demo_scenario):
    completed = walkthrough("run", "--demo", demo_scenario, "--devices", "desktop", "--no-detectors", "--out", tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Friction detectors off" in completed.stdout
    (journey,) = read_results(tmp_path)["journeys"]
    assert journey["status"] == "completed" and journey["findings"] == []
    assert all(stage["duration_ms"] > 0 and stage["vitals"] is None for stage in journey["stages"])
    evidence = json.loads((tmp_path / "latest" / journey["evidence"]).read_text())
    assert all("axe" not in stage for stage in evidence["stages"])
    assert "friction detectors were off" in (tmp_path / "latest" / "report" / "index.html").read_text()


def test_the_run_names_its_browser_and_where_results_are(clean_run):
    completed, out, results = clean_run
    assert "Browser: " in completed.stdout
    assert str(out / results["run_id"] / "results.json") in completed.stdout.replace("\n", "")
    assert results["browser"]["version"]


def test_the_confirmation_shows_an_order_number_each_device_remembered(clean_run):
    _, out, results = clean_run
    for journey in results["journeys"]:
        evidence = json.loads((out / "latest" / journey["evidence"]).read_text())
        remembered = [step.get("remembered") for stage in evidence["stages"] for step in stage["steps"] if step.get("remembered")]
        assert remembered, "the scenario remembers the price and the order number"
        assert not evidence["signals"]["page_errors"]


def _break_cart_on_mobile(source: Path, target: Path) -> Path:
    scenario = yaml.safe_load(source.read_text())
    cart = next(stage for stage in scenario["stages"] if stage["name"] == "cart")
    cart["steps"].insert(1, {"click": {"role": "button", "name": "Checkout now — no such button"},
                             "only": ["mobile"], "timeout": "2s"})
    target.write_text(yaml.safe_dump(scenario, sort_keys=False))
    return target


def test_a_wrong_selector_breaks_that_device_at_that_stage_and_no_other(tmp_path, walkthrough, read_results, demo_scenario):
    scenario = _break_cart_on_mobile(demo_scenario, tmp_path / "broken.yaml")
    completed = walkthrough("run", "--demo", scenario, "--out", tmp_path / "out")
    assert completed.returncode == 1, completed.stdout + completed.stderr
    results = read_results(tmp_path / "out")
    journeys = {j["device"]["device_class"]: j for j in results["journeys"]}
    mobile = journeys["mobile"]
    assert mobile["status"] == "broken"
    # The cart's `resume: [{goto: /cart}]` is the shopper's way past it: checkout is reached by a detour.
    assert [s["status"] for s in mobile["stages"]] == ["passed", "passed", "failed", "passed", "passed"]
    assert [s.get("detour_from") for s in mobile["stages"]] == [None, None, None, "cart", None]
    cart = mobile["stages"][2]
    assert [(step["label"], step["status"]) for step in cart["steps"] if step["resume"]] == [("Open /cart", "passed")]
    failed_step = next(step for step in cart["steps"] if step["status"] == "failed")
    assert failed_step["error"]["kind"] == "missing"
    assert "matches nothing on this page" in failed_step["error"]["message"]
    run_dir = tmp_path / "out" / "latest"
    for evidence in ("screenshot", "html", "trace"):
        assert (run_dir / cart["failure"][evidence]).exists(), evidence
    assert "/cart" in cart["failure"]["url"]
    for device in ("desktop", "tablet"):
        assert journeys[device]["status"] == "completed"
        assert all(s["status"] == "passed" for s in journeys[device]["stages"])
    assert "cart" in completed.stdout and "matches nothing" in completed.stdout


def test_killing_a_run_midway_keeps_the_stages_already_measured(tmp_path, demo_scenario):
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "walkthroughs", "run", "--demo", "--demo-friction", "slow-product", str(demo_scenario),
         "--devices", "desktop", "--out", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            results_file = out / "latest" / "results.json"
            if results_file.exists():
                stages = json.loads(results_file.read_text())["journeys"][0]["stages"]
                if stages[0]["status"] == "passed":
                    break
            time.sleep(0.1)
        else:
            pytest.fail("the first stage never finished")
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    results = json.loads((out / "latest" / "results.json").read_text())
    first = results["journeys"][0]["stages"][0]
    assert first["status"] == "passed" and first["duration_ms"] > 0
    assert (out / "latest" / first["screenshot"]).exists()
    assert results["journeys"][0]["stages"][-1]["status"] == "not_reached"


def test_ctrl_c_stops_cleanly_and_marks_the_run_interrupted(tmp_path, demo_scenario):
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "walkthroughs", "run", "--demo", "--demo-friction", "slow-product", str(demo_scenario),
         "--devices", "desktop", "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out / "latest" / "results.json").exists():
        time.sleep(0.1)
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stdout + stderr
    assert "Traceback" not in stderr
    results = json.loads((out / "latest" / "results.json").read_text())
    assert results["status"] == "interrupted"
    assert results["journeys"][0]["status"] == "interrupted"
