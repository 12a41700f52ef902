"""Web Vitals of every page the shopper loads, measured inside the page by Google's web-vitals library.

Each document reports TTFB, FCP, LCP, CLS and INP as they change, with its requests, transferred bytes
and long tasks, through a Playwright binding, so nothing is lost when a step navigates away. A page
load belongs to the stage it started in; an interaction (INP) to the stage whose step made it.
Not a stage-end gatherer (no `gather`): the journey starts it once and asks it for each stage.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from playwright.async_api import BrowserContext, Page

JS_DIR = Path(__file__).with_name("js")
BINDING = "__wtVitalsReport"
LONG_TASK_BLOCKING_MS = 50  # a task blocks input for the time it runs beyond 50 ms (how TBT is defined)

# Google's published thresholds: (good up to, poor above). web.dev/articles/vitals, /fcp, /ttfb;
# TBT as Lighthouse scores it on mobile.
GOOGLE_THRESHOLDS: dict[str, tuple[float, float]] = {
    "lcp_ms": (2500, 4000),
    "inp_ms": (200, 500),
    "cls": (0.1, 0.25),
    "fcp_ms": (1800, 3000),
    "ttfb_ms": (800, 1800),
    "tbt_ms": (200, 600),
}
_METRIC_KEYS = {"TTFB": "ttfb_ms", "FCP": "fcp_ms", "LCP": "lcp_ms", "CLS": "cls"}


def rate(value: float, thresholds: tuple[float, float]) -> str:
    """good, needs-improvement or poor, the way web-vitals rates (a value on a threshold is the better side)."""
    good, poor = thresholds
    return "poor" if value > poor else "needs-improvement" if value > good else "good"


@lru_cache(maxsize=1)
def init_script() -> str:
    """web-vitals' IIFE build followed by our reporter, as one script for every new document."""
    return "\n".join((JS_DIR / name).read_text(encoding="utf-8")
                     for name in ("web-vitals.attribution.iife.js", "vitals.js"))


def total_blocking_time(long_tasks: list[list[float]], fcp_ms: float | None) -> float:
    """Blocking time of the long tasks that started after the first paint (all of them when it is unknown)."""
    start = fcp_ms or 0
    return round(sum(max(0.0, duration - LONG_TASK_BLOCKING_MS) for at, duration in long_tasks if at >= start), 1)


def summarize_stage(stage: dict[str, Any]) -> dict[str, Any]:
    """The compact figures a report shows for a stage: the worst page load's vitals, the worst interaction,
    what the stage's pages cost to load, and Google's rating of each vital."""
    loads, interactions = stage.get("page_loads", []), stage.get("interactions", [])
    summary: dict[str, Any] = {}
    for name, key in _METRIC_KEYS.items():
        values = [load["metrics"][name]["value"] for load in loads if name in load.get("metrics", {})]
        if values:
            summary[key] = max(values)
    blocking = [total_blocking_time(load.get("long_tasks", []), load.get("metrics", {}).get("FCP", {}).get("value"))
                for load in loads]
    if blocking:
        summary["tbt_ms"] = max(blocking)
    if interactions:
        summary["inp_ms"] = max(interaction["value"] for interaction in interactions)
    summary["pages"] = len(loads)
    summary["requests"] = sum(load.get("requests", 0) for load in loads)
    summary["transfer_bytes"] = sum(load.get("transfer_bytes", 0) for load in loads)
    summary["long_tasks"] = sum(len(load.get("long_tasks", [])) for load in loads)
    summary["ratings"] = {key.removesuffix("_ms"): rate(summary[key], limits)
                          for key, limits in GOOGLE_THRESHOLDS.items() if key in summary}
    return summary


class VitalsRecorder:
    """Collects what every top-level document of one journey reports.

    `position()` says where the walk is — (stage, step) during a step, None between steps — the way
    `PageSignals.step` does; between steps a report belongs to the last stage walked.
    """

    def __init__(self, position: Callable[[], tuple[int, int] | None] = lambda: None) -> None:
        self.position = position
        self.documents: dict[str, dict[str, Any]] = {}
        self.stages: dict[int, dict[str, Any]] = {}
        self._stage = 0

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

    async def start(self, context: BrowserContext) -> None:
        """Measure every page of this browser context from its first byte on (before the first page opens)."""
        await context.expose_binding(BINDING, self._receive)
        await context.add_init_script(init_script())

    def stage_evidence(self, index: int) -> dict[str, Any]:
        """The stage's page loads and interactions; the same objects keep filling while late reports arrive."""
        return self.stages.setdefault(index, {"page_loads": [], "interactions": []})

    def _receive(self, source: dict, message: dict[str, Any]) -> None:
        frame = source.get("frame")
        page: Page | None = source.get("page")
        if page is not None and frame is not None and frame != page.main_frame:
            return
        document = self._document(message)
        if message.get("kind") == "metric":
            name = message.get("name")
            entry = {"value": message.get("value"), "rating": message.get("rating"),
                     "attribution": message.get("attribution") or {}}
            if name == "INP":
                self._interaction(message, entry)
            elif entry["rating"] is not None or name not in document["metrics"]:  # an early TTFB has no rating
                document["metrics"][name] = entry
        elif message.get("kind") == "load":
            for key in ("requests", "transfer_bytes", "long_tasks"):
                document[key] = message.get(key, document[key])

    def _document(self, message: dict[str, Any]) -> dict[str, Any]:
        key = str(message.get("document"))
        if key not in self.documents:
            document = {"url": message.get("url"), "step": self.step, "metrics": {}, "requests": 0,
                        "transfer_bytes": 0, "long_tasks": []}
            self.documents[key] = document
            self.stage_evidence(self.stage)["page_loads"].append(document)
        return self.documents[key]

    def _interaction(self, message: dict[str, Any], entry: dict[str, Any]) -> None:
        interactions = self.stage_evidence(self.stage)["interactions"]
        document = str(message.get("document"))
        for earlier in interactions:  # INP only grows: keep the latest value per document and stage
            if earlier["document"] == document:
                earlier.update(entry, step=self.step)
                return
        interactions.append({"document": document, "url": message.get("url"), "step": self.step, **entry})
