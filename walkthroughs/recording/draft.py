"""A scenario being written from a recording: stages opened at each page the shopper reaches, their names and a
guessed phase from the address — one set of rules for the importer and the recorder alike.

A stage begins with the step that leads to its page (the format's rule), so a navigation takes the step that caused
it into the new stage and checks the address after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..scenario.model import DEVICE_CLASSES, PHASES

# Words in an address that say which part of the journey a page belongs to; the first segment that names one wins.
PHASE_WORDS = {
    "awareness": ("landing", "lp", "promo", "campaign", "offer", "offers"),
    "consideration": ("product", "products", "p", "item", "items", "catalogue", "catalog", "category", "categories",
                      "collections", "collection", "shop", "search", "c"),
    "decision": ("cart", "basket", "bag", "trolley"),
    "purchase": ("checkout", "payment", "pay", "shipping", "billing"),
    "post-purchase": ("order", "orders", "confirmation", "thank-you", "thankyou", "thanks", "success", "receipt"),
}
CAMPAIGN_PARAMETERS = ("utm_", "gclid", "fbclid")
SECRET_COMMENT = "a password: its value comes from the environment, never this file"
COMMIT_COMMENT = "placed the order in the recording: in production the walk checks it could and stops before it"


@dataclass(eq=False)  # a step is itself, not any step that reads the same: two equal clicks are two clicks
class DraftStep:
    """One scenario step: `{verb: value}` with its options, and the comments a person should read next to it."""

    verb: str | None  # None: a comment only, where something could not be written as a step
    value: Any
    options: dict[str, Any] = field(default_factory=dict)
    comment: str | None = None  # written after the step, on its line
    notes: list[str] = field(default_factory=list)  # written as comment lines before the step
    key: Any = None  # what the step acts on (a recorder's element, an importer's selectors), to merge repeats


@dataclass
class DraftStage:
    name: str
    url: str
    phase: str | None
    steps: list[DraftStep] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class DraftScenario:
    """Everything the YAML writer needs; stages are opened with `open_stage` so names stay unique."""

    name: str
    base_url: str | None = None
    devices: list[str] = field(default_factory=lambda: list(DEVICE_CLASSES))
    devices_comment: str | None = None
    secrets: list[str] = field(default_factory=list)
    throttling: dict[str, dict[str, Any]] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)
    stages: list[DraftStage] = field(default_factory=list)
    pending_notes: list[str] = field(default_factory=list)  # said before the first step exists

    @property
    def current(self) -> DraftStage | None:
        return self.stages[-1] if self.stages else None

    def open_stage(self, url: str) -> DraftStage:
        """A new stage for the page at `url`, named after its address and unique in the scenario."""
        base = stage_name_for(url)
        names = {stage.name for stage in self.stages}
        name, number = base, 2
        while name in names:
            name, number = f"{base} {number}", number + 1
        stage = DraftStage(name, url, guess_phase(url, first=not self.stages))
        stage.notes, self.pending_notes = self.pending_notes, []
        self.stages.append(stage)
        return stage

    def add(self, step: DraftStep) -> None:
        if self.current is None:
            raise ValueError("a step needs a stage; open one first")
        self.current.steps.append(step)

    def note(self, text: str) -> None:
        """A comment where the journey has got to: after the last step, or before the first stage."""
        if self.current is None:
            self.pending_notes.append(text)
        else:
            self.current.steps.append(DraftStep(None, None, notes=[text]))

    def last_action(self) -> DraftStep | None:
        """The current stage's last written step (comments skipped)."""
        steps = self.current.steps if self.current else []
        return next((step for step in reversed(steps) if step.verb is not None), None)

    def arrive(self, url: str, leading: DraftStep | None) -> DraftStage:
        """The shopper reached a new page: `leading` (the step that led there, already written in the stage
        before) begins the new stage, followed by a check of the address."""
        if leading is not None and self.current is not None and leading in self.current.steps:
            self.current.steps.remove(leading)
        stage = self.open_stage(url)
        if leading is not None:
            if stage.phase == "post-purchase" and leading.verb in ("click", "press", "check"):
                leading.options["commit"] = True  # it led to the confirmation: in the recording, the order was placed
                leading.comment = "; ".join(filter(None, [leading.comment, COMMIT_COMMENT]))
            stage.steps.append(leading)
            expectation = url_expectation(url)
            if expectation is not None:
                stage.steps.append(expectation)
        return stage

    def secret(self, label: str) -> str:
        """`${PASSWORD}` for a password field labelled “Password”, listed under `secrets`: its value is the
        environment's, never the file's."""
        name = re.sub(r"[^A-Za-z0-9]+", "_", label).strip("_").upper()
        name = name if re.match(r"^[A-Z_][A-Z0-9_]*$", name or "") else "PASSWORD"
        if name not in self.secrets:
            self.secrets.append(name)
        return f"${{{name}}}"

    def step_count(self) -> int:
        return sum(1 for stage in self.stages for step in stage.steps if step.verb is not None)


def origin(url: str) -> str:
    """`https://shop.example.com` of a page's URL; empty for what is not a web page."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def address(url: str, site: str | None) -> str:
    """A URL on the recording's own site as a path, so `--base-url` can point the walk elsewhere; others whole."""
    if site and origin(url) == site:
        return urlunsplit(urlsplit(url)._replace(scheme="", netloc="")) or "/"
    return url


def stage_name_for(url: str) -> str:
    """`/product/trail-runner` → `product`, `/` → `home`: the first segment of the address that does not change."""
    segments = [segment for segment in urlsplit(url).path.split("/") if segment and not looks_changing(segment)]
    if not segments:
        return "home"
    return re.sub(r"[-_.+]+", " ", segments[0]).strip() or "page"


def guess_phase(url: str, first: bool = False) -> str | None:
    """The journey phase an address suggests (`/cart` → decision), or None; a first page carrying campaign
    parameters is the ad's landing page."""
    parts = urlsplit(url)
    for segment in (s.lower() for s in parts.path.split("/") if s):
        for phase, words in PHASE_WORDS.items():
            if segment in words or any(segment.startswith(word + "-") for word in words if len(word) > 2):
                return phase
    if first and any(parameter in parts.query for parameter in CAMPAIGN_PARAMETERS):
        return "awareness"
    return None


def url_expectation(url: str) -> DraftStep | None:
    """`expect: {url: /product/trail-runner}` for a page reached: the path without the parts that change between
    walks (an order number, a session id); None for the home page, whose path says nothing."""
    segments = (urlsplit(url).path or "/").split("/")
    changing = next((index for index, segment in enumerate(segments) if segment and looks_changing(segment)), None)
    expected = "/".join(segments) if changing is None else "/".join(segments[:changing]) + "/"
    if expected.strip("/") == "":
        return None
    step = DraftStep("expect", {"url": expected})
    if changing is not None:
        step.comment = (f"the address went on with {'/'.join(segments[changing:])} when recorded, "
                        "which changes from walk to walk")
    return step


_PRICE = re.compile(r"[€$£¥₹]\s?\d|\d\s?[€$£¥₹]|\d+[.,]\d{2}\b")


def looks_changing(text: str) -> bool:
    """Text that will differ on the next walk: an order or session number (a run of three digits or more), a price,
    or a bare number such as a count."""
    stripped = text.strip()
    return bool(re.search(r"\d{3,}", stripped) or _PRICE.search(stripped) or re.fullmatch(r"[\d\s.,+-]+", stripped))


def phase_comment(stage: DraftStage) -> str:
    if stage.phase is None:
        return "phase: one of " + ", ".join(PHASES)
    return f"guessed from the address {urlsplit(stage.url).path or '/'}; check it"
