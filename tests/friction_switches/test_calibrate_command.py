"""The `walkthrough calibrate` front door refuses bad input before starting a browser."""

from __future__ import annotations


def test_an_unknown_switch_is_a_usage_error(walkthrough, demo_scenario):
    completed = walkthrough("calibrate", demo_scenario, "--switch", "no-such-switch")
    assert completed.returncode == 2
    assert "unknown demo friction 'no-such-switch'" in completed.stderr
