"""Detectors 1–6 on evidence saved from real walks of the demo shop: no browser, so they are fast.

tests/data/runs/frictions-mobile: a phone walk with cookie-banner-mobile, cart-script-error, cart-api-500,
broken-image, newsletter-popup and slow-product switched on; dead-button-desktop: dead-buy-button.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from walkthroughs.friction.assess import assess_run

DATA = Path(__file__).parent.parent / "data" / "runs"


@pytest.fixture
def saved_run(tmp_path):
    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(DATA / name, target)
        return target
    return copy


def findings(result, detector: str | None = None):
    return [f for j in result.journeys for f in j.findings if detector in (None, f.detector)]


def by_stage(result, detector: str) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for f in findings(result, detector):
        grouped.setdefault(f.stage, []).append(f)
    return grouped


def test_a_script_error_is_major_on_the_stage_whose_step_caused_it(saved_run):
    result = assess_run(saved_run("frictions-mobile"))
    errors = by_stage(result, "errors")
    assert list(errors) == ["cart"]
    (error,) = errors["cart"]
    assert error.severity == "major"
    assert "Cannot read properties of undefined" in error.insight and "open the cart" in error.insight


def test_failed_requests_name_the_broken_image_and_the_failing_api(saved_run):
    result = assess_run(saved_run("frictions-mobile"))
    failed = by_stage(result, "failed-requests")
    assert set(failed) == {"product", "cart"}, "a request cancelled by leaving the page is not a failure"
    (image,) = failed["product"]
    assert image.title == "Broken image" and image.severity == "major" and image.evidence.value == 404
    (api,) = failed["cart"]
    assert "/api/recommendations" in api.evidence.url and api.evidence.value == 500 and api.severity == "major"


def test_obstructions_name_the_cover_its_kind_and_box_both(saved_run):
    run_dir = saved_run("frictions-mobile")
    result = assess_run(run_dir)
    covers = by_stage(result, "obstruction")
    assert set(covers) == {"product", "checkout"}
    (banner,) = covers["product"]
    assert "cookie banner" in banner.title and "div.cookie-banner" in banner.insight
    assert banner.severity == "major" and banner.evidence.unit == "ms"
    assert banner.evidence.screenshot == "journeys/checkout-journey--mobile/02-product/step-07.jpg"
    assert [b.role for b in banner.evidence.boxes] == ["cover", "target"]
    assert not list(run_dir.rglob("*annotated*")), "detectors never write files: the report draws the boxes"
    (popup,) = covers["checkout"]
    assert "pop-up" in popup.title and "No thanks" in popup.insight


def test_the_slow_product_page_is_a_slow_step_with_time_and_threshold(saved_run):
    result = assess_run(saved_run("frictions-mobile"))
    slow = by_stage(result, "slow-step")
    assert set(slow) == {"product"}
    step = next(f for f in slow["product"] if f.evidence.step is not None)
    assert step.severity == "major" and step.evidence.value >= 3000 and step.evidence.threshold == 2000


def test_a_dead_button_is_a_dead_click_and_breaks_the_journey_there(saved_run):
    result = assess_run(saved_run("dead-button-desktop"))
    (dead,) = findings(result, "frustration")
    assert dead.stage == "product" and dead.severity == "major" and dead.title.startswith("Dead click")
    (broken,) = findings(result, "journey-broken")
    assert broken.stage == "product" and broken.severity == "blocker"
    assert "never reach the 3 stage(s) after this" in broken.insight
    journey = result.journeys[0]
    assert [s.friction_score for s in journey.stages] == [100.0, 0.0, None, None, None]
    assert journey.score == 20.0


def test_thresholds_from_the_command_change_findings_without_a_browser(saved_run):
    run_dir = saved_run("frictions-mobile")
    lenient = assess_run(run_dir, {"slow-step": {"step_ms": 10_000}}, only={"slow-step"})
    assert not [f for f in findings(lenient, "slow-step") if f.evidence.step is not None]
    saved = json.loads((run_dir / "results.json").read_text())
    assert {f["detector"] for j in saved["journeys"] for f in j["findings"]} <= {"slow-step"}


def test_a_detector_switched_off_for_a_stage_stays_quiet_there(saved_run):
    run_dir = saved_run("frictions-mobile")
    results = json.loads((run_dir / "results.json").read_text())
    cart = next(s for s in results["scenarios"][0]["stages"] if s["name"] == "cart")
    cart["detectors"] = {"errors": False, "failed-requests": {"ignore": ["/api/recommendations"]}}
    (run_dir / "results.json").write_text(json.dumps(results))
    result = assess_run(run_dir)
    assert not by_stage(result, "errors")
    assert "cart" not in by_stage(result, "failed-requests")
    assert "product" in by_stage(result, "failed-requests")


def test_the_assess_command_rewrites_results_and_gates_on_fail_on(saved_run, cli):
    run_dir = saved_run("frictions-mobile")
    completed = cli("assess", run_dir, "--fail-on", "major")
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "major" in completed.stdout
    completed = cli("assess", run_dir, "--fail-on", "blocker")
    assert completed.returncode == 0, "every journey completed and nothing is a blocker"
    broken = cli("assess", saved_run("dead-button-desktop"))
    assert broken.returncode == 1
    bad = cli("assess", run_dir, "--threshold", "slow-stp.step_ms=1")
    assert bad.returncode == 2 and "DETECTOR.KEY=VALUE" in bad.stderr and "Traceback" not in bad.stderr


def test_the_detectors_command_lists_every_detector_with_its_defaults(cli):
    from walkthroughs.friction.registry import all_detectors

    completed = cli("detectors", env={"COLUMNS": "200"})
    assert completed.returncode == 0, completed.stderr
    listing = " ".join(completed.stdout.split())
    for detector in all_detectors():
        assert detector.meta.id in listing
    assert "step_ms: 2.0 s — a duration" in listing and "tap_target_min_px: 24 px — a number" in listing
    assert "intermittent — Works only some of the time (run scope" in listing
    assert "reads: axe (the accessibility gatherer (axe-core))" in listing
