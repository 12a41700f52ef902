"""Failed requests: pages and API calls answered with 4xx/5xx, requests that never completed, broken images."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

from ...results import Finding
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, finding
from ..steps import stage_name, step_of
from ..thresholds import Strings

META = DetectorMeta(
    id="failed-requests",
    title="Requests fail",
    description="A page, an API call or an image that failed: answered with an HTTP error, or never completed.",
    reads=("signals:http_errors", "signals:failed_requests"),
    thresholds={"ignore": Strings(["/favicon.ico"])},
)

WHAT = {"document": "The page", "fetch": "A request the page makes", "xhr": "A request the page makes",
        "image": "An image", "script": "A script", "stylesheet": "A stylesheet", "font": "A font"}
# Not the shop's failures: requests the walker refused (blocked trackers, hosts outside allowed_hosts),
# and requests the browser cancelled because the shopper moved on to the next page.
NOT_FAILURES = ("net::ERR_BLOCKED_BY_CLIENT", "net::ERR_ABORTED")


def _severity(resource_type: str, status: int | None) -> str:
    if resource_type in ("document", "fetch", "xhr", "script") or (resource_type == "image" and status):
        return "major"
    return "minor"


def _advice(resource_type: str, status: int | None) -> str:
    if resource_type == "image":
        return "Shoppers see a broken picture where the product should be: fix the image's address or upload it again."
    if status and status >= 500:
        return "The server failed: check its logs for this address; whatever it feeds on the page is missing."
    if resource_type in ("fetch", "xhr"):
        return "Part of the page that depends on it is missing or stale: fix the endpoint or handle the error visibly."
    return "Fix the address or remove the reference."


def detect(journey: JourneyEvidence, config: DetectorConfig) -> list[Finding]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for entry in journey.signals("http_errors"):
        groups[(entry.get("stage"), entry["url"], entry.get("resource_type"), entry.get("status"))].append(entry)
    for entry in journey.signals("failed_requests"):
        if entry.get("failure") and entry["failure"].startswith(NOT_FAILURES):
            continue
        groups[(entry.get("stage"), entry["url"], entry.get("resource_type"), None)].append(entry)
    found = []
    for (stage_index, url, resource_type, status), entries in groups.items():
        stage = stage_name(journey, stage_index)
        if stage is None or urlsplit(url).path in config.get("ignore", stage):
            continue
        step = step_of(journey, stage_index, entries[0].get("step"))
        outcome = f"answered {status}" if status else f"failed ({entries[0].get('failure') or 'no response'})"
        severity = _severity(resource_type or "", status)
        found.append(finding(
            META, severity, stage,
            title="Broken image" if resource_type == "image" else f"{WHAT.get(resource_type, 'A request')} fails",
            insight=f"{WHAT.get(resource_type, 'A request')} at {url} {outcome}"
                    + (f" during “{step.label}”" if step else "") + f". {_advice(resource_type or '', status)}",
            step=step.index if step else None, url=url, screenshot=step.screenshot if step else None,
            value=status or entries[0].get("failure"), details=[f"{e.get('method', 'GET')} {url}" for e in entries[:3]],
        ))
    return found
