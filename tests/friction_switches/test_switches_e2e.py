"""Ground truth: the demo journey walked with each friction switch alone, and on the clean shop, in one run.

The run is the same library call as `walkthrough calibrate`; each test reads its result.
"""

from __future__ import annotations

from io import StringIO

import pytest
from rich.console import Console

from walkthroughs.cli.calibration import print_calibration
from walkthroughs.demo_shop import FRICTIONS
from walkthroughs.demo_shop.calibrate import calibrate
from walkthroughs.friction.registry import detector_ids
from walkthroughs.walk.browser import playwright_devices

pytestmark = pytest.mark.e2e
BUILT = set(detector_ids())
MINE = {"mobile-layout", "accessibility", "checkout-form", "hidden-costs", "ad-landing", "unmet-needs"}
SANE = {"mobile-layout": {"major"}, "checkout-form": {"major"}, "hidden-costs": {"major"}, "unmet-needs": {"major"}}
TIMED = {"Ad landing page is slow to open"}  # depends on how busy the machine is, not on the switch


WALKED = ("desktop", "mobile")  # a phone and a screen without touch tell every switch apart; the tablet, a third
# walk of each, is left to `walkthrough calibrate` (its figures are in the issue notes), to keep the suite short


@pytest.fixture(scope="module")
def calibration(tmp_path_factory, demo_scenario):
    return calibrate(demo_scenario, tmp_path_factory.mktemp("calibration"), playwright_devices(), list(WALKED),
                     workers=4)


@pytest.mark.parametrize("friction", [f for f in FRICTIONS if f.on_one_main_walk], ids=lambda f: f.id)
def test_the_expected_detectors_find_each_switch_on_its_stage_and_devices(calibration, friction):
    switch = next(s for s in calibration.switches if s.friction.id == friction.id)
    assert {e.cell.device for e in switch.expected} == set(friction.devices) & set(WALKED)
    judged = [e for e in switch.expected if e.cell.detector in BUILT]
    if not judged:
        pytest.skip(f"{', '.join(friction.expected)}: not built yet")
    for expectation in judged:
        cell = expectation.cell
        assert expectation.found, f"{cell.detector} missed {friction.id} on {cell.device} at “{cell.stage}”"
        assert expectation.severity in SANE.get(cell.detector, {"minor", "major", "blocker"}), expectation.found


def test_the_clean_shop_has_no_major_or_blocker_finding(calibration):
    assert calibration.clean_problems == []


def test_detectors_7_to_12_fire_nowhere_else(calibration):
    extra = {(s.friction.id, cell.detector, cell.stage) for s in calibration.switches for cell, found in s.unexpected
             if cell.detector in MINE and found.title not in TIMED}
    assert extra == set()  # real findings beside the expected ones are in the switch table's `also`
    for detector in ("mobile-layout", "checkout-form", "hidden-costs"):
        assert calibration.scores[detector].precision == 1.0 and calibration.scores[detector].recall == 1.0


def test_the_run_keeps_its_table_for_anyone_to_read(calibration):
    assert (calibration.run_dir / "calibration.json").exists() and (calibration.run_dir / "results.json").exists()
    out = StringIO()
    print_calibration(Console(file=out, width=200), calibration, BUILT)
    assert "Clean shop: no major or blocker finding." in out.getvalue()
    assert "✓ hidden-costs: desktop major, mobile major" in out.getvalue()
