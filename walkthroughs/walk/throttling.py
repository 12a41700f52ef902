"""Network and CPU conditions for a device, applied to the walk itself so step timings reflect real phones.

Off unless the scenario asks (`throttling: {mobile: slow-4g}`): a throttled walk is several times
slower, and budgets written for a fast connection would all fail. Applied through the Chrome DevTools
Protocol to the journey's page (`Network.emulateNetworkConditions`, `Emulation.setCPUThrottlingRate`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playwright.async_api import BrowserContext, CDPSession, Page

from ..scenario.model import Throttling

# Chrome DevTools' network presets (download/upload in kbit/s, latency per request); the CPU slowdown of
# slow-4g is Lighthouse's mobile default, a mid-range phone.
PRESETS: dict[str, dict[str, float] | None] = {
    "none": None,
    "slow-4g": {"latency_ms": 562.5, "download_kbps": 1440, "upload_kbps": 675, "cpu_slowdown": 4},
    "fast-4g": {"latency_ms": 165, "download_kbps": 8100, "upload_kbps": 1350, "cpu_slowdown": 1},
}


def device_throttling(setting: Mapping[str, str | Throttling], device_name: str, device_class: str) -> dict[str, Any] | None:
    """The conditions a scenario's `throttling` gives a device (its name wins over its class), or None."""
    by_name = {str(key).lower(): value for key, value in setting.items()}
    spec = by_name.get(device_name.lower(), by_name.get(device_class))
    if spec is None:
        return None
    if isinstance(spec, str):
        preset = PRESETS[spec]
        return {"name": spec, **preset} if preset else None
    custom = {"latency_ms": spec.latency, "download_kbps": spec.download_kbps, "upload_kbps": spec.upload_kbps,
              "cpu_slowdown": spec.cpu_slowdown}
    conditions = {"name": "custom", **{key: value for key, value in custom.items() if value is not None}}
    return conditions if len(conditions) > 1 else None


async def apply_throttling(context: BrowserContext, page: Page, conditions: dict[str, Any]) -> CDPSession:
    """Slow this page's network and CPU; keep the returned session open for as long as the page is walked."""
    session = await context.new_cdp_session(page)
    if any(key in conditions for key in ("latency_ms", "download_kbps", "upload_kbps")):
        await session.send("Network.enable")
        await session.send("Network.emulateNetworkConditions", {
            "offline": False,
            "latency": conditions.get("latency_ms", 0),
            "downloadThroughput": _bytes_per_second(conditions.get("download_kbps")),
            "uploadThroughput": _bytes_per_second(conditions.get("upload_kbps")),
        })
    if conditions.get("cpu_slowdown", 1) > 1:
        await session.send("Emulation.setCPUThrottlingRate", {"rate": conditions["cpu_slowdown"]})
    return session


def _bytes_per_second(kbps: float | None) -> float:
    return kbps * 1000 / 8 if kbps else -1  # -1: not limited
