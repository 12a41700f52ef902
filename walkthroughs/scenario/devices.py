"""Scenario device specs → Playwright browser-context settings.

The caller passes Playwright's `devices` descriptors (`playwright.devices`), because the walker
gets them from async Playwright and `validate` from sync Playwright; this module needs neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

from .errors import UnknownDevice
from .model import DEVICE_CLASSES, CustomDevice

ALIASES = {"desktop": "Desktop Chrome", "tablet": "Galaxy Tab S4", "mobile": "Pixel 7"}
_TABLET_MIN_SIDE = 600  # a touch screen whose short side is at least this is a tablet


@dataclass(frozen=True)
class DeviceProfile:
    """One device to walk on: `browser.new_context(**profile.context_args)`."""

    name: str
    device_class: str  # desktop, tablet or mobile
    context_args: dict[str, Any] = field(default_factory=dict, hash=False)

    def matches(self, name: str) -> bool:
        """Whether `name` (from `only:` or `--devices`) means this device: its name or its class."""
        return name.lower() in (self.name.lower(), self.device_class)


def resolve_devices(specs: Iterable[str | CustomDevice], descriptors: Mapping[str, dict]) -> list[DeviceProfile]:
    """Profiles for a scenario's `devices`; raises UnknownDevice for a name Playwright does not know."""
    return [resolve_device(spec, descriptors) for spec in specs]


def resolve_device(spec: str | CustomDevice, descriptors: Mapping[str, dict]) -> DeviceProfile:
    if isinstance(spec, CustomDevice):
        return _custom_profile(spec)
    wanted = ALIASES.get(spec.lower(), spec)
    by_lower = {name.lower(): name for name in descriptors}
    if wanted.lower() not in by_lower:
        raise UnknownDevice(spec, [*ALIASES, *descriptors])
    playwright_name = by_lower[wanted.lower()]
    context_args = {k: deepcopy(v) for k, v in descriptors[playwright_name].items() if k != "default_browser_type"}
    name = spec.lower() if spec.lower() in ALIASES else playwright_name
    return DeviceProfile(name, device_class_of(context_args), context_args)


def device_class_of(context_args: Mapping[str, Any]) -> str:
    """desktop, tablet or mobile, from what the device emulates."""
    viewport = context_args.get("viewport") or {}
    short_side = min(viewport.get("width", 0), viewport.get("height", 0))
    touch = context_args.get("is_mobile") or context_args.get("has_touch")
    if touch and short_side >= _TABLET_MIN_SIDE:
        return "tablet"
    return "mobile" if context_args.get("is_mobile") else "desktop"


def filter_devices(profiles: Iterable[DeviceProfile], names: Iterable[str]) -> list[DeviceProfile]:
    """The profiles a `--devices desktop,iPhone 13` option keeps; an unknown name raises UnknownDevice."""
    profiles = list(profiles)
    wanted = [name.strip() for name in names if name.strip()]
    for name in wanted:
        if not any(profile.matches(name) for profile in profiles):
            raise UnknownDevice(name, [*DEVICE_CLASSES, *(profile.name for profile in profiles)])
    return [profile for profile in profiles if any(profile.matches(name) for name in wanted)]


def _custom_profile(device: CustomDevice) -> DeviceProfile:
    context_args: dict[str, Any] = {
        "viewport": device.viewport.model_dump(),
        "device_scale_factor": device.device_scale_factor,
        "is_mobile": device.is_mobile,
        "has_touch": device.has_touch,
    }
    if device.user_agent is not None:
        context_args["user_agent"] = device.user_agent
    return DeviceProfile(device.name, device.device_class or device_class_of(context_args), context_args)
