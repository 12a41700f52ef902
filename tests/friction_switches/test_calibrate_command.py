"""The `walkthrough calibrate` front door refuses bad input before starting a browser."""

from __future__ import annotations


def test_an_unknown_switch_is_a_usage_error(cli, demo_scenario):
    completed = cli("calibrate", demo_scenario, "--switch", "no-such-switch")
    assert completed.returncode == 2
    assert "unknown demo friction 'no-such-switch'" in completed.stderr


def test_a_switch_met_only_on_a_detour_says_how_to_walk_it(cli, demo_scenario):
    completed = cli("calibrate", demo_scenario, "--switch", "search-dead-end")
    assert completed.returncode == 2
    assert "does not show on one walk of the main journey" in completed.stderr
    assert "--demo-friction search-dead-end --paths search" in completed.stderr
