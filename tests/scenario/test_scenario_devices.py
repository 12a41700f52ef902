"""Device specs → Playwright context settings, with device classes and did-you-mean for unknown names."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from walkthroughs.scenario import (
    CustomDevice,
    DeviceProfile,
    UnknownDevice,
    filter_devices,
    resolve_devices,
)

DESCRIPTORS = {
    "Desktop Chrome": {"viewport": {"width": 1280, "height": 720}, "user_agent": "desk", "device_scale_factor": 1,
                       "is_mobile": False, "has_touch": False, "default_browser_type": "chromium"},
    "Galaxy Tab S4": {"viewport": {"width": 712, "height": 1138}, "user_agent": "tab", "device_scale_factor": 2.25,
                      "is_mobile": True, "has_touch": True, "default_browser_type": "chromium"},
    "Pixel 7": {"viewport": {"width": 412, "height": 839}, "user_agent": "pixel", "device_scale_factor": 2.625,
                "is_mobile": True, "has_touch": True, "default_browser_type": "chromium"},
    "iPhone 13 landscape": {"viewport": {"width": 750, "height": 342}, "user_agent": "iphone",
                            "device_scale_factor": 3, "is_mobile": True, "has_touch": True,
                            "default_browser_type": "webkit"},
}


def test_aliases_resolve_to_playwright_devices_with_their_class():
    profiles = resolve_devices(["desktop", "tablet", "mobile"], DESCRIPTORS)
    assert [(p.name, p.device_class) for p in profiles] == [
        ("desktop", "desktop"), ("tablet", "tablet"), ("mobile", "mobile")]
    assert profiles[2].context_args == {"viewport": {"width": 412, "height": 839}, "user_agent": "pixel",
                                        "device_scale_factor": 2.625, "is_mobile": True, "has_touch": True}


def test_playwright_names_match_ignoring_case():
    (profile,) = resolve_devices(["IPHONE 13 landscape"], DESCRIPTORS)
    assert (profile.name, profile.device_class) == ("iPhone 13 landscape", "mobile")  # short side 342


def test_custom_devices_keep_their_class_or_get_one():
    kiosk = CustomDevice.model_validate({"name": "kiosk", "class": "tablet", "viewport": {"width": 1080, "height": 1920}})
    wall = CustomDevice.model_validate({"name": "wall", "viewport": {"width": 3840, "height": 2160}, "user_agent": "tv"})
    profiles = resolve_devices([kiosk, wall], DESCRIPTORS)
    assert [(p.name, p.device_class) for p in profiles] == [("kiosk", "tablet"), ("wall", "desktop")]
    assert profiles[1].context_args == {"viewport": {"width": 3840, "height": 2160}, "device_scale_factor": 1,
                                        "is_mobile": False, "has_touch": False, "user_agent": "tv"}


def test_an_unknown_device_suggests_a_close_name():
    with pytest.raises(UnknownDevice) as caught:
        resolve_devices(["Pixle 7"], DESCRIPTORS)
    assert caught.value.name == "Pixle 7"
    assert str(caught.value) == "unknown device 'Pixle 7' — did you mean 'Pixel 7'?"


def test_filter_devices_matches_names_and_classes():
    profiles = resolve_devices(["desktop", "mobile", "iPhone 13 landscape"], DESCRIPTORS)
    assert [p.name for p in filter_devices(profiles, ["mobile"])] == ["mobile", "iPhone 13 landscape"]
    assert [p.name for p in filter_devices(profiles, ["Desktop", " iphone 13 landscape"])] == [
        "desktop", "iPhone 13 landscape"]
    with pytest.raises(UnknownDevice, match="did you mean 'mobile'"):
        filter_devices(profiles, ["mobil"])


@pytest.mark.subprocess  # Playwright's driver (Node) holds the table
def test_real_playwright_descriptors(tmp_path, monkeypatch):
    """Read from Playwright's driver where the cache has no table yet, and the same table from the cache after."""
    from walkthroughs.walk.browser import playwright_devices

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    descriptors = playwright_devices()
    assert [path.name for path in (tmp_path / "walkthroughs").iterdir()] == [
        f"playwright-{version('playwright')}-devices.json"]
    assert playwright_devices() == descriptors
    profiles = resolve_devices(["desktop", "tablet", "mobile", "iPhone 13", "iPad Pro 11"], descriptors)
    assert [p.device_class for p in profiles] == ["desktop", "tablet", "mobile", "mobile", "tablet"]
    assert profiles[0].context_args["viewport"] == {"width": 1280, "height": 720}
    assert all("default_browser_type" not in p.context_args for p in profiles)
    assert isinstance(profiles[0], DeviceProfile)
    with pytest.raises(UnknownDevice, match="did you mean 'Pixel 7'"):
        resolve_devices(["Pixle 7"], descriptors)
