"""Web Vitals of every page the shopper loads, measured inside the page by Google's web-vitals library.

Each document reports TTFB, FCP, LCP, CLS and INP as they change, with its requests, transferred bytes
and long tasks, through a DevTools binding, so nothing is lost when a step navigates away. A page
load belongs to the stage it started in; an interaction (INP) to the stage whose step made it.

A single-page app renders later pages in the same document (History API route changes, recorded as
`soft_navigations`). What such a render costs — its layout shifts, long tasks and requests — is charged by the time
it happened to the stage whose steps were walking then (from its first step on), as a `soft` page load of that stage,
not to the stage that loaded the document first. web-vitals measures soft navigations only behind a Chrome flag, so
the document's raw entries are split here by the walk's own stage times.
A journey-long recorder (no `gather`): the journey starts it once and asks it for each stage's part. It measures
and never rates: the web-vitals detector rates, with the scenario's thresholds.
"""

from __future__ import annotations

import bisect
import json
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from playwright.async_api import BrowserContext, Page

from ..evidence import VitalsEvidence

NAME = "vitals"
EVIDENCE = VitalsEvidence
JS_DIR = Path(__file__).with_name("js")
BINDING = "__wtVitalsReport"
SHIFT_GAP_MS, SHIFT_WINDOW_MS = 1000, 5000  # CLS's session windows, as web-vitals defines them


def cumulative_layout_shift(shifts: list[list[Any]]) -> tuple[float, dict[str, Any]]:
    """CLS over some of a document's layout shifts ([start, value, had recent input, source]): the largest session
    window, and the largest shift's attribution. Written out because web-vitals computes it only per document, and a
    soft navigation's part is a slice of the document's shifts."""
    best = window = 0.0
    first = last = None
    counted = sorted((shift for shift in shifts if not shift[2]), key=lambda shift: shift[0])
    for start, value, _, _ in counted:
        if first is not None and start - last < SHIFT_GAP_MS and start - first < SHIFT_WINDOW_MS:
            window += value
        else:
            window, first = value, start
        last = start
        best = max(best, window)
    largest = max(counted, key=lambda shift: shift[1], default=None)
    attribution = {} if largest is None else {"largest_shift_element": largest[3], "largest_shift": largest[1],
                                              "largest_shift_at_ms": largest[0]}
    return round(best, 4), {key: value for key, value in attribution.items() if value is not None}


@lru_cache(maxsize=1)
def init_script() -> str:
    """web-vitals' IIFE build followed by our reporter, as one script for every new document."""
    return "\n".join((JS_DIR / name).read_text(encoding="utf-8")
                     for name in ("web-vitals.attribution.iife.js", "vitals.js"))


class VitalsRecorder:
    """Collects what every top-level document of one journey reports.

    `position()` says where the walk is — (stage, step) during a step, None between steps — the way
    `PageSignals.step` does; between steps a report belongs to the last stage walked.
    """

    def __init__(self, position: Callable[[], tuple[int, int] | None] = lambda: None) -> None:
        self.position = position
        self.documents: dict[str, dict[str, Any]] = {}
        self.stages: dict[int, VitalsEvidence] = {}
        self._stage = 0
        self.started_at = time.time() * 1000  # epoch ms, the clock the pages' time origins are on
        self.stage_starts: list[float] = []  # epoch ms at which each stage's first step began
        self._raw: dict[str, dict[str, Any]] = {}  # document → its raw entries, home stage and soft parts

    def stage_began(self, index: int) -> None:
        """The stage's first step begins now: what any document does from here on is this stage's."""
        now = time.time() * 1000
        while len(self.stage_starts) <= index:
            self.stage_starts.append(now)

    def _stage_at(self, epoch_ms: float) -> int:
        return max(0, bisect.bisect_right(self.stage_starts, epoch_ms) - 1)

    @property
    def stage(self) -> int:
        where = self.position()
        if where is not None:
            self._stage = where[0]
        return self._stage

    @property
    def step(self) -> int | None:
        where = self.position()
        return where[1] if where is not None else None

    async def start(self, context: BrowserContext, page: Page) -> None:
        """Measure every document the journey's tab loads from its first byte on (before its first page opens).

        The reports come as DevTools `Runtime.bindingCalled` events on a session of the tab's own, sent and
        forgotten. A Playwright binding (`expose_binding`) answers every call with a round trip back into the page;
        with a page load's half-dozen reports that made each navigation 20-40 ms slower (median of 12, measured
        apart), time the walk would charge to the shop."""
        session = await context.new_cdp_session(page)
        session.on("Runtime.bindingCalled", self._called)
        await session.send("Runtime.enable")  # bindingCalled is sent to a session with the Runtime domain on
        await session.send("Runtime.addBinding", {"name": BINDING})
        await context.add_init_script(init_script())

    def stage_evidence(self, index: int) -> VitalsEvidence:
        """The stage's page loads and interactions; the same objects keep filling while late reports arrive."""
        return self.stages.setdefault(index, {"page_loads": [], "interactions": []})

    def _called(self, event: dict[str, Any]) -> None:
        if event.get("name") != BINDING:
            return
        try:
            message = json.loads(event.get("payload") or "")
        except ValueError:
            return  # not our reporter's: the page called the binding itself
        if not isinstance(message, dict):
            return
        try:
            self._receive(message)
        except Exception:  # a report not in our reporter's shape (the page's own call): dropped, the walk goes on
            return

    def _receive(self, message: dict[str, Any]) -> None:
        """One report of a top-level document (vitals.js sends none from frames)."""
        document = self._document(message)
        raw = self._raw[str(message.get("document"))]
        if message.get("kind") == "metric":
            name = message.get("name")
            entry = {"value": message.get("value"), "attribution": message.get("attribution") or {}}
            if name == "INP":
                self._interaction(message, entry)
            elif name == "CLS" and raw["parts"]:
                return  # the document went on into later stages: its own part's CLS is counted from its shifts
            elif message.get("rating") is not None or name not in document["metrics"]:  # an early TTFB has no rating
                document["metrics"][name] = entry
        elif message.get("kind") == "load":
            for key in ("requests", "transfer_bytes", "long_tasks", "shifts", "resources"):
                raw[key] = message.get(key, raw[key])
            self._split(raw, document)
        elif message.get("kind") == "soft":
            at = raw["origin"] + float(message.get("at") or 0)
            stage = max(raw["home"], self._stage_at(at))
            navigation = {"url": message.get("url"), "kind": message.get("how"), "step": self.step,
                          "t_ms": round(at - self.started_at, 1)}
            self.stage_evidence(stage).setdefault("soft_navigations", []).append(navigation)  # type: ignore[typeddict-item]
            raw["urls"].setdefault(stage, (message.get("url"), self.step))
            self._split(raw, document)

    def _document(self, message: dict[str, Any]) -> dict[str, Any]:
        key = str(message.get("document"))
        if key not in self.documents:
            document = {"url": message.get("url"), "step": self.step, "metrics": {}, "requests": 0,
                        "transfer_bytes": 0, "long_tasks": []}
            self.documents[key] = document
            self.stage_evidence(self.stage)["page_loads"].append(document)
            try:
                origin = float(key)  # the document's id is its performance.timeOrigin
            except ValueError:
                origin = time.time() * 1000
            self._raw[key] = {"key": key, "home": self.stage, "origin": origin, "requests": 0, "transfer_bytes": 0,
                              "long_tasks": [], "shifts": [], "resources": [], "parts": {}, "urls": {}}
        return self.documents[key]

    def _split(self, raw: dict[str, Any], document: dict[str, Any]) -> None:
        """Charge the document's entries to the stages they happened in: its own stage's part stays its page load,
        each later stage's becomes a soft page load there."""
        home, origin = raw["home"], raw["origin"]

        def stage_of(start_ms: float) -> int:
            return max(home, self._stage_at(origin + start_ms))

        tasks: dict[int, list] = {}
        for task in raw["long_tasks"]:
            tasks.setdefault(stage_of(task[0]), []).append(task)
        shifts: dict[int, list] = {}
        for shift in raw["shifts"]:
            shifts.setdefault(stage_of(shift[0]), []).append(shift)
        resources: dict[int, list] = {}
        for resource in raw["resources"]:
            resources.setdefault(stage_of(resource[0]), []).append(resource)
        later = sorted({*tasks, *shifts, *resources, *raw["urls"]} - {home})
        for stage in later:
            part = raw["parts"].get(stage)
            if part is None:
                url, step = raw["urls"].get(stage, (document.get("url"), None))
                part = raw["parts"][stage] = {"url": url, "step": step, "metrics": {}, "requests": 0,
                                              "transfer_bytes": 0, "long_tasks": [], "soft": True,
                                              "document": raw["key"]}
                self.stage_evidence(stage)["page_loads"].append(part)  # type: ignore[arg-type]
            part["long_tasks"] = tasks.get(stage, [])
            part["requests"] = len(resources.get(stage, []))
            part["transfer_bytes"] = sum(r[1] for r in resources.get(stage, []))
            if shifts.get(stage):
                value, attribution = cumulative_layout_shift(shifts[stage])
                part["metrics"]["CLS"] = {"value": value, "attribution": attribution}
        soft_requests = sum(part["requests"] for part in raw["parts"].values())
        document["requests"] = max(0, raw["requests"] - soft_requests)
        document["transfer_bytes"] = max(0, raw["transfer_bytes"] - sum(p["transfer_bytes"]
                                                                         for p in raw["parts"].values()))
        document["long_tasks"] = tasks.get(home, [])
        if raw["parts"]:
            value, attribution = cumulative_layout_shift(shifts.get(home, []))
            document["metrics"]["CLS"] = {"value": value, "attribution": attribution}

    def _interaction(self, message: dict[str, Any], entry: dict[str, Any]) -> None:
        interactions = self.stage_evidence(self.stage)["interactions"]
        document = str(message.get("document"))
        for earlier in interactions:  # INP only grows: keep the latest value per document and stage
            if earlier["document"] == document:
                earlier.update(entry, step=self.step)
                return
        interactions.append({"document": document, "url": message.get("url"), "step": self.step, **entry})
