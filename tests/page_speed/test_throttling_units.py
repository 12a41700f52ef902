"""Which network and CPU conditions a scenario gives each device."""

from __future__ import annotations

from typing import get_args

from walkthroughs.scenario import model as m
from walkthroughs.walk.throttling import PRESETS, device_throttling


def throttling(setting: dict) -> dict:
    return m.Scenario.model_validate({"name": "x", "throttling": setting, "stages": [{"name": "a", "steps": [{"goto": "/"}]}]}).throttling


def test_devices_are_unthrottled_unless_the_scenario_says_so():
    assert device_throttling({}, "desktop", "desktop") is None
    assert device_throttling(throttling({"mobile": "none"}), "mobile", "mobile") is None


def test_a_device_name_wins_over_its_class():
    setting = throttling({"mobile": "slow-4g", "iPhone 13": "fast-4g"})
    assert device_throttling(setting, "Pixel 7", "mobile")["name"] == "slow-4g"
    assert device_throttling(setting, "iPhone 13", "mobile") == {"name": "fast-4g", **PRESETS["fast-4g"]}


def test_slow_4g_is_devtools_slow_4g_with_a_four_times_slower_cpu():
    assert device_throttling(throttling({"mobile": "slow-4g"}), "mobile", "mobile") == {
        "name": "slow-4g", "latency_ms": 562.5, "download_kbps": 1440, "upload_kbps": 675, "cpu_slowdown": 4}


def test_custom_conditions_keep_only_what_is_set():
    setting = throttling({"tablet": {"latency": "150ms", "cpu_slowdown": 2}})
    assert device_throttling(setting, "tablet", "tablet") == {"name": "custom", "latency_ms": 150, "cpu_slowdown": 2}


def test_the_scenario_language_names_exactly_the_presets():
    preset_spec = get_args(get_args(m.ThrottlingSpec)[0])[0]
    assert set(get_args(get_args(preset_spec)[0])) == set(PRESETS)
