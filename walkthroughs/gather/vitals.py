"""Web Vitals of every page the shopper loads, measured inside the page by Google's web-vitals library.

Each document reports TTFB, FCP, LCP, CLS and INP as they change, with its requests, transferred bytes
and long tasks, through a Playwright binding, so nothing is lost when a step navigates away. A page
load belongs to the stage it started in; an interaction (INP) to the stage whose step made it.
A journey-long recorder (no `gather`): the journey starts it once and asks it for each stage's part. It measures
and never rates: the web-vitals detector rates, with the scenario's thresholds.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from playwright.async_api import BrowserContext, Page

from ..evidence import VitalsEvidence

NAME = "vitals"
EVIDENCE = VitalsEvidence
JS_DIR = Path(__file__).with_name("js")
BINDING = "__wtVitalsReport"


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

    def stage_evidence(self, index: int) -> VitalsEvidence:
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
            entry = {"value": message.get("value"), "attribution": message.get("attribution") or {}}
            if name == "INP":
                self._interaction(message, entry)
            elif message.get("rating") is not None or name not in document["metrics"]:  # an early TTFB has no rating
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
