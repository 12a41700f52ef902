"""How the calibration counts: findings the clean shop also has are noise, expected cells are hits, the rest misses."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from rich.console import Console

from walkthroughs.cli.calibration import print_calibration
from walkthroughs.demo_shop import Friction
from walkthroughs.demo_shop.calibrate import CLEAN, judge
from walkthroughs.results import DeviceInfo, Finding, JourneyRecord

WIDE = Friction("wide", "Wide page", "product", ("tablet", "mobile"), ("mobile-layout",), "A wide table.")
LATE = Friction("late", "Late shipping", "confirmation", ("desktop", "tablet", "mobile"), ("hidden-costs",), "Late.")


def journey(device: str, *found: tuple[str, str, str, str]) -> JourneyRecord:
    return JourneyRecord(id=device, scenario="s", device=DeviceInfo(name=device, device_class=device), status="completed",
                         findings=[Finding(detector=d, stage=s, title=t, severity=v, insight="") for d, s, t, v in found])


def calibration():
    noise = ("unmet-needs", "cart", "Missing", "minor")
    journeys = {
        (CLEAN, "desktop"): journey("desktop", noise),
        (CLEAN, "mobile"): journey("mobile", noise, ("mobile-layout", "cart", "Crowded", "minor")),
        ("wide", "desktop"): journey("desktop", noise),
        ("wide", "mobile"): journey("mobile", noise, ("mobile-layout", "cart", "Crowded", "minor"),
                                    ("mobile-layout", "product", "Page scrolls sideways", "major"),
                                    ("mobile-layout", "product", "Text too small", "minor"),
                                    ("accessibility", "product", "Contrast", "minor")),
        ("late", "desktop"): journey("desktop", noise, ("hidden-costs", "confirmation", "Late", "major"),
                                     ("hidden-costs", "checkout", "Late", "info")),
        ("late", "mobile"): journey("mobile", noise, ("unmet-needs", "checkout", "Missing", "major")),
    }
    return judge([WIDE, LATE], journeys, Path("run"), ["mobile-layout", "hidden-costs", "unmet-needs", "accessibility"])


def test_expected_cells_are_found_with_their_strongest_new_finding_and_missed_cells_named():
    result = calibration()
    wide, late = result.switches
    assert [(e.cell.device, e.severity) for e in wide.expected] == [("mobile", "major")]  # tablet was not walked
    assert [(e.cell.device, e.severity) for e in late.expected] == [("desktop", "major"), ("mobile", None)]
    assert [(f.id, e.cell.detector, e.cell.device) for f, e in result.missed] == [("late", "hidden-costs", "mobile")]
    assert not result.passed


def test_findings_the_clean_shop_also_has_and_info_findings_count_for_nothing():
    result = calibration()
    wide, late = result.switches
    assert [(c.detector, c.stage, c.device) for c, _ in wide.unexpected] == [("accessibility", "product", "mobile")]
    assert [(c.detector, c.stage, c.device, f.severity) for c, f in late.unexpected] == [
        ("unmet-needs", "checkout", "mobile", "major")]  # same title as the clean shop's, but stronger


def test_precision_and_recall_per_detector():
    scores = calibration().scores
    assert (scores["mobile-layout"].precision, scores["mobile-layout"].recall) == (1.0, 1.0)
    assert (scores["hidden-costs"].precision, scores["hidden-costs"].recall) == (1.0, 0.5)
    assert (scores["unmet-needs"].precision, scores["unmet-needs"].recall) == (0.0, None)
    assert scores["accessibility"].false_positives == 1


def test_a_major_finding_on_the_clean_shop_fails_the_calibration():
    result = judge([WIDE], {(CLEAN, "mobile"): journey("mobile", ("checkout-form", "checkout", "Forced", "major")),
                            ("wide", "mobile"): journey("mobile", ("mobile-layout", "product", "Wide", "major"))},
                   Path("run"), ["mobile-layout", "checkout-form"])
    assert not result.missed and not result.passed
    assert [(c.detector, c.device) for c, _ in result.clean_problems] == [("checkout-form", "mobile")]
    assert result.scores["checkout-form"].precision == 0.0


def test_the_table_shows_each_switch_what_was_expected_found_and_missed():
    out = StringIO()
    print_calibration(Console(file=out, width=200), calibration(), {"mobile-layout", "hidden-costs", "unmet-needs"})
    text = out.getvalue()
    assert "✓ mobile-layout: mobile major" in text
    assert "✗ hidden-costs: desktop major, mobile missed" in text
    assert "accessibility (not built)" in text
    assert "missed: late — hidden-costs on mobile at “confirmation”" in text


def test_the_same_cause_at_the_same_severity_is_the_clean_shops_finding_whatever_value_was_measured():
    def blocking(ms: int, severity: str) -> Finding:
        return Finding(detector="web-vitals", stage="product", title=f"Total Blocking Time {ms} ms", severity=severity,
                       insight="", key="TBT product")

    def walked(device: str, *found: Finding) -> JourneyRecord:
        return JourneyRecord(id=device, scenario="s", device=DeviceInfo(name=device, device_class=device),
                             status="completed", findings=list(found))

    journeys = {(CLEAN, "mobile"): walked("mobile", blocking(823, "minor")),
                ("wide", "mobile"): walked("mobile", blocking(790, "minor"))}
    [wide] = judge([WIDE], journeys, Path("run"), ["web-vitals"]).switches
    assert wide.unexpected == []
    journeys[("wide", "mobile")] = walked("mobile", blocking(1790, "major"))
    [wide] = judge([WIDE], journeys, Path("run"), ["web-vitals"]).switches
    assert [(c.detector, f.severity) for c, f in wide.unexpected] == [("web-vitals", "major")]
