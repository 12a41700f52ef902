"""Failed requests, judged by what the shopper loses: the shop's own page, script, stylesheet, API or picture is
major; a beacon, analytics or telemetry call, another site's text font (the text falls back to another typeface), or
another site's file the page fell back from and works without, is info and says so.

Whose a request is comes from its registrable domain (`friction.parties`); "fell back" is a file of the same name
arriving after the failure (the page loaded its own copy), "works without it" is no script error on the stage after
the failure and the stage passed. One address failing on several stages and devices is one cause: the run lists it
once with where it was seen.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ...results import Finding
from ..addresses import any_matches
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, finding
from ..parties import Parties, host_of
from ..steps import stage_name, step_of
from ..thresholds import Addresses

META = DetectorMeta(
    id="failed-requests",
    title="Requests fail",
    description="A page, script, stylesheet, API call or picture that failed — answered with an HTTP error, or never "
                "completed — judged by what the shopper loses: the shop's own ones are major; beacons, analytics, "
                "other sites' text fonts and files the page fell back from or works without are info.",
    reads=("signals:http_errors", "signals:failed_requests", "signals:page_errors", "signals:loaded"),
    thresholds={"ignore": Addresses(["/favicon.ico"]), "first_party": Addresses([])},
)

WHAT = {"document": "The page", "fetch": "A request the page makes", "xhr": "A request the page makes",
        "image": "An image", "script": "A script", "stylesheet": "A stylesheet", "font": "A font",
        "ping": "A beacon", "beacon": "A beacon"}
# Not the shop's failures: requests the walker refused (blocked trackers, hosts outside allowed_hosts),
# and requests the browser cancelled because the shopper moved on to the next page.
NOT_FAILURES = ("net::ERR_BLOCKED_BY_CLIENT", "net::ERR_ABORTED")
# Requests that only measure the visit: sendBeacon and <a ping>, and addresses whose words say so (a Sentry envelope,
# a RUM collector, an analytics hit). Nothing on the page waits for them.
BEACON_TYPES = ("ping", "beacon", "csp_report")
MEASURING = re.compile(r"(^|[./_?&=-])(telemetry|analytics|collect|beacon|rum|sentry|ingest|envelope|metrics?|"
                       r"track(ing|er)?|pixel|stats|insights|monitoring|logs?|events?|error-?report(s|ing)?|"
                       r"sentry_key|gtag|gtm)([./_?&=-]|$)", re.IGNORECASE)
NEEDED = ("document", "script", "stylesheet")
# Font services: their font files, and the stylesheets that carry no family in their address (Adobe Fonts' kits).
WEB_FONT_HOSTS = frozenset({"fonts.gstatic.com", "fonts.bunny.net", "cdn.fontshare.com", "use.typekit.net",
                            "p.typekit.net"})
ICON_FONT = re.compile(r"icon|symbol|awesome", re.IGNORECASE)


@dataclass
class Failure:
    stage: int
    url: str
    resource_type: str
    status: int | None
    entries: list[dict[str, Any]]

    @property
    def outcome(self) -> str:
        return f"answered {self.status}" if self.status else f"failed ({self.entries[0].get('failure') or 'no response'})"

    @property
    def t_ms(self) -> float:
        return self.entries[0].get("t_ms", 0)


@dataclass
class Verdict:
    severity: str
    title: str
    advice: str


def _failures(journey: JourneyEvidence) -> list[Failure]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for entry in journey.signals("http_errors"):
        groups[(entry.get("stage"), entry["url"], entry.get("resource_type") or "", entry.get("status"))].append(entry)
    for entry in journey.signals("failed_requests"):
        if entry.get("failure") and entry["failure"].startswith(NOT_FAILURES):
            continue
        groups[(entry.get("stage"), entry["url"], entry.get("resource_type") or "", None)].append(entry)
    return [Failure(stage, url, kind, status, entries) for (stage, url, kind, status), entries in groups.items()
            if stage is not None]


def measuring(url: str, resource_type: str) -> bool:
    """A beacon, analytics hit or telemetry post: nothing the shopper sees depends on it."""
    parts = urlsplit(url)
    return resource_type in BEACON_TYPES or bool(MEASURING.search(f"{parts.hostname or ''}{parts.path}?{parts.query}"))


def _file_name(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rpartition("/")[2]


def fallback(journey: JourneyEvidence, failure: Failure) -> str | None:
    """The address of a file of the same name that arrived after the failure from elsewhere: the page's own copy."""
    name = _file_name(failure.url)
    if not name:
        return None
    return next((entry["url"] for entry in journey.signals("loaded")
                 if entry.get("t_ms", 0) >= failure.t_ms and entry["url"] != failure.url
                 and _file_name(entry["url"]) == name), None)


def works_without(journey: JourneyEvidence, failure: Failure) -> bool:
    """No script error on the stage after the failure, and the stage passed: nothing visible broke."""
    stage = journey.record.stages[failure.stage]
    errors = [e for e in journey.signals("page_errors") if e.get("stage") == failure.stage
              and e.get("t_ms", 0) >= failure.t_ms]
    checks_held = not any(step.status == "failed" for step in stage.steps)
    return stage.status == "passed" and checks_held and not errors


def web_font(url: str, kind: str) -> bool:
    """A font service's text font: its stylesheet (Google Fonts' and Bunny Fonts' `css2?family=`, Fontshare's
    `css?f[]=`, Adobe Fonts' kits) or its font file. Without it the text shows in a fallback typeface and nothing else
    is lost, whether the stage passed or failed for a reason of its own. Not an icon font (Material Symbols, Font
    Awesome): without it an icon-only button loses its only label."""
    parts = urlsplit(url)
    if ICON_FONT.search(f"{parts.path}?{parts.query}"):
        return False
    if kind == "font":
        return host_of(url) in WEB_FONT_HOSTS
    query = parse_qs(parts.query)
    return kind == "stylesheet" and ("family" in query or "f[]" in query or host_of(url) in WEB_FONT_HOSTS)


def _verdict(journey: JourneyEvidence, failure: Failure, parties: Parties) -> Verdict:
    kind, url, host = failure.resource_type, failure.url, host_of(failure.url)
    what = WHAT.get(kind, "A request")
    own = parties.first_party(url)
    if measuring(url, kind):
        return Verdict("info", "A measuring request fails",
                       f"It only measures the visit (analytics, telemetry, error reports): shoppers lose nothing, "
                       f"the shop's own figures have a gap. Fix its address or token{'' if own else f' at {host}'}, "
                       "or remove the call.")
    if kind in NEEDED + ("font",) and (copy := fallback(journey, failure)):
        return Verdict("info", f"{what} fails; the page loaded its local copy",
                       f"The page loaded its local copy ({copy}) and works: shoppers lose only the time the failed "
                       "request took. Point the page at the copy that works, or keep the fallback.")
    if own:
        if kind == "image":
            return Verdict("major", "Broken image", "Shoppers see a broken picture where the product should be: fix "
                                                    "the image's address or upload it again.")
        if kind in NEEDED + ("fetch", "xhr"):
            advice = ("The server failed: check its logs for this address; whatever it feeds on the page is missing."
                      if failure.status and failure.status >= 500 else
                      "Part of the page that depends on it is missing or stale: fix the endpoint or handle the error "
                      "visibly." if kind in ("fetch", "xhr") else
                      "The page needs it: without it, parts of the page look or work wrong. Fix the address or "
                      "publish the file.")
            return Verdict("major", f"{what} fails", advice)
        return Verdict("minor", f"{what} fails", "Fix the address or remove the reference.")
    if web_font(url, kind):
        return Verdict("info", "A web font from another site fails",
                       f"It comes from {host}: the text shows in the browser's fallback typeface, nothing else is "
                       "lost. Host the font with the shop's own files, or choose a fallback font stack that keeps "
                       "the look.")
    if kind != "image" and works_without(journey, failure):  # a broken picture shows: never "works without it"
        return Verdict("info", f"{what} from another site fails; the page works without it",
                       f"It comes from {host}, and the page worked without it: no script error followed and the stage "
                       "passed. Remove the reference, or host the file with the shop's own.")
    if kind in NEEDED + ("fetch", "xhr"):
        return Verdict("major", f"{what} from another site fails",
                       f"It comes from {host}, and the page broke after it (a script error, or the stage failed): the "
                       "page needs it. Host it with the shop's own files, or load a local copy when it fails.")
    return Verdict("minor", f"{what} from another site fails", f"It comes from {host}: fix the address or remove "
                                                               "the reference (add the host to `first_party` in the "
                                                               "failed-requests settings if it is the shop's own).")


def _shop_urls(journey: JourneyEvidence) -> list[str | None]:
    base = journey.scenario.base_url if journey.scenario else None
    first = next((stage.url for stage in journey.record.stages if stage.url), None)
    return [base, first]


def detect(journey: JourneyEvidence, config: DetectorConfig) -> list[Finding]:
    found = []
    parties: Parties | None = None
    for failure in _failures(journey):
        stage = stage_name(journey, failure.stage)
        if stage is None or any_matches(failure.url, config.get("ignore", stage)):
            continue
        parties = parties or Parties(_shop_urls(journey), config.get("first_party"))
        verdict = _verdict(journey, failure, parties)
        step = step_of(journey, failure.stage, failure.entries[0].get("step"))
        what = WHAT.get(failure.resource_type, "A request")
        parts = urlsplit(failure.url)
        found.append(finding(
            META, verdict.severity, stage, title=verdict.title,
            insight=f"{what} at {failure.url} {failure.outcome}" + (f" during “{step.label}”" if step else "")
                    + f". {verdict.advice}",
            step=step.index if step else None, url=failure.url, screenshot=step.screenshot if step else None,
            value=failure.status or failure.entries[0].get("failure"),
            details=[f"{e.get('method', 'GET')} {failure.url}" for e in failure.entries[:3]],
            cause=f"{parts.scheme}://{parts.netloc}{parts.path} {failure.outcome}",
        ))
    return found
