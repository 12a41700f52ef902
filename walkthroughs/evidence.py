"""evidence.json: what the walker saw on one journey, in a versioned, typed schema — saved and loaded here only.

The walker saves through `save_evidence`, `walkthrough assess` loads through `load_evidence`; the detectors read the
parts named in `PARTS` (each a gatherer's or recorder's evidence) and declare which ones in their `META.reads`.
The shapes are TypedDicts, so the detectors keep reading plain JSON while pydantic checks it and writes its JSON
Schema (`walkthrough schema --evidence`).

Version history:
- 1.0: stages with steps and each gatherer's evidence, a gatherer's failure as `{"error": …}` under its name;
  signals; safety.
- 2.0: a gatherer's failure under the stage's `gather_errors` (its name → what went wrong), never in place of its
  evidence; Web Vitals without web-vitals' own ratings (the web-vitals detector rates, with the scenario's
  thresholds). 1.x files are upgraded as they load.
  Added since, optional: a stage's `pictures` (product pictures and their fingerprints) and `header` (the page's
  header and what is drawn over it); `failure_capture` (what capturing a failure could keep), `signals.redirect_loops`,
  `signals.dropped` (entries beyond the log's limit, counted) and `notes`.
- 2.1 (additive): evidence that reads real pages — prices from an element's whole rendered text (`page_text.prices`,
  with the browser's locale beside the page's), the page's dialogs (`signals.dialogs`), what a `fill`/`type` left in
  its field (`steps[].input`), form-level error banners that a step brought up (`steps[].form_errors`), a click's
  response by the change the shopper sees (`text`, `shown`, `hidden`, `layout`, `focus`, `scroll`; `dom` is 2.0's
  any-mutation), a single-page app's route changes and the vitals of its client-side renders charged to the stage
  whose step caused them (`vitals.soft_navigations`, `page_loads[].soft`), a stage's `resume` steps (the detour past a
  broken stage) and the tool's own time inside each step (`steps[].tool_ms`), left out of the shop's timings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, Optional, Union

from pydantic import TypeAdapter, ValidationError
from typing_extensions import NotRequired, TypedDict

from .errors import InputError, one_line
from .results import write_json_atomic

EVIDENCE_VERSION = "2.1"
READABLE_MAJORS = ("1", "2")
LONG_TASK_BLOCKING_MS = 50  # a task blocks input for the time it runs beyond 50 ms (how TBT is defined)


class Box(TypedDict):
    """An element's box in CSS px of the viewport at the moment it was read."""

    x: float
    y: float
    width: float
    height: float


class Size(TypedDict):
    width: float
    height: float


# ---- the stage-end gatherers (gather/layout.py, axe.py, forms.py, navigation.py, page_text.py) ----

class Viewport(TypedDict):
    width: float
    height: float
    scroll_x: float
    scroll_y: float


class Overflowing(TypedDict):
    selector: str
    box: Box
    right: float


class TapTarget(TypedDict):
    selector: str
    name: str
    box: Box
    width: float
    height: float
    neighbour: str


class TapTargets(TypedDict):
    count: int
    too_small: list[TapTarget]
    crowded: list[TapTarget]
    too_small_count: int
    crowded_count: int


class SmallTextElement(TypedDict):
    selector: str
    text: str
    font_px: float
    box: Box
    # Text hidden on purpose for screen readers: "font-size 0", "clipped", "a visually-hidden class", "off screen".
    visually_hidden: NotRequired[str]


class SmallText(TypedDict):
    count: int  # small text a shopper sees (not the visually hidden)
    elements: list[SmallTextElement]


class CallToAction(TypedDict):
    selector: str
    name: str
    box: Box
    page_top: float
    page_left: float
    page_right: float


class LayoutEvidence(TypedDict):
    """Sideways scrolling, tap targets, small text, the viewport set-up and the main call to action."""

    viewport: Viewport
    viewport_meta: Optional[str]
    scroll_width: float
    overflowing: list[Overflowing]
    tap_targets: TapTargets
    small_text: SmallText
    primary_cta: Optional[CallToAction]


class AxeNode(TypedDict):
    target: str
    html: str
    summary: str
    box: Optional[Box]


class AxeViolation(TypedDict):
    id: str
    impact: Optional[str]
    help: str
    help_url: str
    tags: list[str]
    node_count: int
    nodes: list[AxeNode]


class AxeOther(TypedDict):
    id: str
    impact: Optional[str]


class AxeEvidence(TypedDict):
    """axe-core's serious and critical WCAG A/AA violations, by rule; the others only by id."""

    version: str
    violations: list[AxeViolation]
    other: list[AxeOther]


class FieldError(TypedDict):
    text: str
    distance_px: float
    box: Box


class Choice(TypedDict):
    value: str
    text: str


class FormField(TypedDict):
    selector: str
    name: Optional[str]
    label: str
    type: str
    autocomplete: Optional[str]
    inputmode: Optional[str]
    required: bool
    filled: bool
    invalid: bool
    error: Optional[FieldError]
    form: Optional[int]
    box: Box
    chosen: NotRequired[Choice]  # a drop-down's selected option (the shop's own words, never typed text)


class GuestOption(TypedDict):
    text: str
    box: Box
    page_top: float


class FormsEvidence(TypedDict):
    """The form fields a shopper sees (never what was typed in them; a drop-down's chosen option), alerts, and the
    guest-checkout option."""

    fields: list[FormField]
    forms: int
    alerts: list[str]
    guest_option: Optional[GuestOption]
    viewport_height: float
    lang: NotRequired[Optional[str]]  # the page's <html lang> and the browser's locale: which country the form is
    browser_locale: NotRequired[Optional[str]]  # for, where no country field says


class NavigationEvidence(TypedDict):
    """How the stage's page arrived: redirects and Navigation Timing milestones, ms from the first request."""

    url: str
    type: str
    redirect_count: int
    redirect_ms: Optional[float]
    response_start_ms: Optional[float]
    dom_interactive_ms: Optional[float]
    dom_content_loaded_ms: Optional[float]
    load_ms: Optional[float]


class Price(TypedDict):
    """An amount of money the page shows. `text` is the amount as the shopper reads it, taken from the rendered text
    of the smallest element that holds all of it — `<span>$</span><span>29</span><span>.99</span>` is one price,
    "$29.99" — with the currency sign or code and the separators as written ("25,90 €"): `friction/money.py` parses
    it, by the page's `lang` and the browser's locale. `box` is that element's."""

    text: str
    label: str  # the words around it: the nearest ancestor that says more than the amount ("Shipping €4.95")
    font_px: float
    test_id: Optional[str]
    in_main: bool
    box: Box
    selector: NotRequired[str]
    struck: NotRequired[bool]  # shown struck through (<del>, <s>, line-through): a was-price beside the price


class Heading(TypedDict):
    level: int
    text: str


class PageTextEvidence(TypedDict):
    """What the page says, capped: its main text, its chrome's text, headings and every amount of money."""

    url: str
    protocol: str
    title: str
    lang: Optional[str]  # the page's own language (<html lang>)
    browser_locale: NotRequired[Optional[str]]  # navigator.language: the persona's locale the page was shown in
    headings: list[Heading]
    prices: list[Price]
    text: str
    text_length: int
    chrome_text: str


class PictureProduct(TypedDict):
    key: Optional[str]  # the product's address (path on this shop): the same key is the same product
    name: str
    page: NotRequired[bool]  # the page's own picture (a product page's), named by its heading


class PictureFingerprint(TypedDict):
    dhash: str  # 64-bit difference hash, hex
    colours: str  # 4×4 average colours, RGB bytes as hex


class Picture(TypedDict):
    src: str
    alt: str
    box: Box
    product: Optional[PictureProduct]  # None: a picture that stands for no product the gatherer could name
    fingerprint: Optional[PictureFingerprint]
    unread: NotRequired[str]  # why there is no fingerprint


class PicturesEvidence(TypedDict):
    """The product pictures of the page's main content, with the product each stands for and a fingerprint."""

    url: str
    pictures: list[Picture]
    unloaded: int  # pictures big enough but not loaded yet (lazy, below the fold)


class PageHeader(TypedDict):
    selector: str
    box: Box
    position: str  # its CSS position: static, relative, sticky, fixed


class HeaderCover(TypedDict):
    selector: str
    name: str
    tag: str
    box: Box
    overlap: Box  # the part of the header it covers
    share: float  # of the header's visible area
    position: str
    covers: list[str]  # the names of what of the header lies under it, its controls first
    covers_control: bool  # a link or button of the header lies under it


class HeaderEvidence(TypedDict):
    """The page's header (its banner at the top of the screen) and what from outside it is drawn over it."""

    header: Optional[PageHeader]
    covered_by: list[HeaderCover]


# ---- what the walker records over the whole journey (gather/vitals.py, gather/recovery.py, walk/needs.py, Lighthouse)

class VitalMetric(TypedDict):
    value: float
    attribution: dict[str, Union[float, str]]


class PageLoad(TypedDict):
    """A document the stage loaded — or, `soft`, a document an earlier stage loaded that this stage's steps went on
    rendering on the client (a single-page app's route): then `metrics` holds only CLS, and the layout shifts, long
    tasks and requests are those from this stage's first step on, charged here and not to the stage that loaded it."""

    url: Optional[str]
    step: Optional[int]
    metrics: dict[str, VitalMetric]  # TTFB, FCP, LCP, CLS
    requests: int
    transfer_bytes: float
    long_tasks: list[list[float]]  # [start, duration] in ms (start: from the document's time origin)
    soft: NotRequired[bool]
    document: NotRequired[str]  # which document (its time origin), the same for a load and its soft parts


class Interaction(TypedDict):
    document: str
    url: Optional[str]
    step: Optional[int]
    value: float
    attribution: dict[str, Union[float, str]]


class SoftNavigation(TypedDict):
    """A route change of a single-page app (History API pushState, replaceState, or back/forward): no new document."""

    url: str
    kind: Literal["push", "replace", "pop"]
    step: Optional[int]  # the step of the stage that made it
    t_ms: float  # since the journey began


class VitalsEvidence(TypedDict):
    """Every page load the stage started and every interaction its steps made, as web-vitals measured them, and the
    client-side renders of a single-page app its steps caused (soft page loads)."""

    page_loads: list[PageLoad]
    interactions: list[Interaction]
    soft_navigations: NotRequired[list[SoftNavigation]]


class RecoveryLink(TypedDict):
    href: str
    text: str
    box: Box
    first_screen: bool


class RecoveryMessage(TypedDict):
    text: str
    box: Box
    distance_px: float
    linked: bool


class RecoveryField(TypedDict):
    field: str
    box: Box
    invalid: bool
    messages: list[RecoveryMessage]


class RecoveryCheckEvidence(TypedDict):
    """One of a stage's `recovery:` checks, as the stage ended; `error` where the check could not look."""

    check: str
    where: Optional[str]
    url: str
    error: NotRequired[str]
    viewport: NotRequired[Size]
    links: NotRequired[list[RecoveryLink]]
    fields: NotRequired[list[RecoveryField]]
    messages_on_page: NotRequired[int]
    before: NotRequired[Optional[int]]
    after: NotRequired[Optional[int]]


class NeedLooked(TypedDict):
    need: str
    locator: str
    found: bool


class LighthouseEvidence(TypedDict, total=False):
    """Lighthouse's runs of the stage's page and the scenario's budgets lhci assert found broken."""

    reports: list[str]
    median_run: int
    assertions: list[dict[str, Any]]
    assertion_error: str
    error: str
    queued_ms: float
    audit_ms: float


# ---- the walker's own signals, steps and safety ----

class RequestSeen(TypedDict):
    url: str
    method: str
    resource_type: str


# What a click changed that a shopper notices, first seen first: a new page; visible text; an element shown or hidden;
# boxes moved; the focus moved; the page scrolled; or only a request sent (`request`: nothing visible within the
# window). A DOM mutation that changes none of these (a same-value attribute write) is no response. `dom`: evidence
# 2.0, where any mutation counted.
ClickChange = Literal["navigation", "text", "shown", "hidden", "layout", "focus", "scroll", "request", "dom"]


class ClickResponse(TypedDict):
    kind: ClickChange
    after_ms: float
    request: NotRequired[RequestSeen]  # the first request the click sent, when it sent one


class ClickEvidence(TypedDict):
    response: Optional[ClickResponse]
    retried: bool
    retry_response: NotRequired[Optional[ClickResponse]]
    duration_ms: float
    paint_ms: NotRequired[Optional[float]]


class Cover(TypedDict):
    selector: str
    kind: str
    position: str
    text: str
    box: Box


class ObstructionEvidence(TypedDict):
    target_box: Optional[Box]
    cover: Cover
    actions: list[str]
    cleared: bool
    time_to_clear_ms: float
    screenshot: NotRequired[Optional[str]]  # the page as the hit test found it, before the cover was dismissed


class FieldChange(TypedDict):
    selector: str
    label: str
    before: str
    after: str


class InputEvidence(TypedDict):
    """What a `fill` or `type` step left in its field, read back once the page had rendered what was typed, and the
    other fields of its form whose value changed meanwhile — where a shop throws typing away or writes it into
    another field. Values are capped at 200 characters; a password field's are masked, and secrets are scrubbed."""

    selector: str
    label: str
    typed: str
    value: str  # what the field holds after the step
    kept: bool  # value == typed, exactly (an input mask that reformats shows as not kept: the detector judges)
    others_changed: list[FieldChange]


class NamedField(TypedDict):
    selector: str
    label: str
    filled: bool  # holds a value (or is ticked) now
    filled_by_walk: bool  # a fill, type, select or check step of this walk wrote into it


class FormErrorBanner(TypedDict):
    """A form-level error message — role=alert, an aria-live region, an error summary at the top of a form — that a
    step brought up or changed, with the fields it names (by link, aria-describedby or their label in its text)."""

    text: str
    selector: str
    box: Box
    form: Optional[int]  # the form's index in document.forms
    fields: list[NamedField]


class StepEvidence(TypedDict, total=False):
    """What the walker saw during one step, beyond its record in results.json."""

    click: ClickEvidence
    obstructions: list[ObstructionEvidence]
    remembered: dict[str, str]
    http_status: int
    picked: dict[str, Any]
    named_screenshot: dict[str, Any]
    input: InputEvidence  # fill and type steps
    form_errors: list[FormErrorBanner]  # steps after which a form-level error banner appeared or changed
    resume: bool  # one of the stage's `resume:` steps, walked because the stage broke
    tool_ms: float  # the tool's own work inside the step (probes, hit tests, waits it chose), not in its duration


class FailureCapture(TypedDict, total=False):
    """What the walker could not keep of a failed stage, in words: a picture or HTML cut to size or not read."""

    not_captured: str
    html: str
    picture: str


class StageEvidence(TypedDict):
    name: str
    steps: list[StepEvidence]
    gather_ms: NotRequired[dict[str, float]]
    gather_errors: NotRequired[dict[str, str]]  # gatherer name → why it could not collect its evidence
    layout: NotRequired[LayoutEvidence]
    axe: NotRequired[AxeEvidence]
    forms: NotRequired[FormsEvidence]
    navigation: NotRequired[Optional[NavigationEvidence]]
    page_text: NotRequired[PageTextEvidence]
    pictures: NotRequired[PicturesEvidence]
    header: NotRequired[HeaderEvidence]
    needs: NotRequired[list[NeedLooked]]
    vitals: NotRequired[VitalsEvidence]
    recovery: NotRequired[list[RecoveryCheckEvidence]]
    lighthouse: NotRequired[LighthouseEvidence]
    lighthouse_wait_ms: NotRequired[float]
    failure_capture: NotRequired[FailureCapture]


class _Signal(TypedDict):
    stage: Optional[int]
    step: Optional[int]
    t_ms: float


class ConsoleMessage(_Signal):
    type: str
    text: str
    url: Optional[str]
    line: Optional[int]


class PageError(_Signal):
    message: str


class FailedRequest(_Signal):
    url: str
    method: str
    resource_type: str
    failure: Optional[str]


class HttpError(_Signal):
    url: str
    method: str
    status: int
    resource_type: str


class RedirectLoop(TypedDict):
    """Page loads of the main frame going round a few addresses, from the step during which the first was asked."""

    urls: list[str]
    loads: int
    stage: Optional[int]
    step: Optional[int]
    t_ms: float
    over_ms: float


class Dialog(_Signal):
    """A browser dialog the page opened, with its words, and how the walker answered it so the walk goes on: an
    alert, confirm or prompt dismissed, a beforeunload ("leave this page?") accepted."""

    type: Literal["alert", "confirm", "prompt", "beforeunload"]
    message: str
    url: Optional[str]
    answer: Literal["dismissed", "accepted"]


class LoadedFile(_Signal):
    """A script, stylesheet or font the page received (status below 400): what tells a page that fell back to its own
    copy of a file that failed elsewhere."""

    url: str
    resource_type: str


class Signals(TypedDict):
    """What the page did on its own during the walk, each entry tagged with the stage and step it happened in."""

    console: list[ConsoleMessage]
    page_errors: list[PageError]
    failed_requests: list[FailedRequest]
    http_errors: list[HttpError]
    redirect_loops: NotRequired[list[RedirectLoop]]
    dropped: NotRequired[dict[str, int]]  # entries of each kind beyond the log's limit, counted, not kept
    dialogs: NotRequired[list[Dialog]]  # since 2.1
    loaded: NotRequired[list[LoadedFile]]


class GuardedRequest(_Signal):
    url: str
    host: Optional[str]
    resource_type: NotRequired[str]


class SafetyEvidence(TypedDict):
    """What the walk's guard did: the environment, the hosts it may visit, what it blocked and held back."""

    environment: Optional[str]
    allowed_hosts: list[str]
    blocked_requests: list[GuardedRequest]
    off_site_navigations: list[GuardedRequest]


class Evidence(TypedDict):
    """One journey's evidence.json."""

    evidence_version: str
    journey: str
    device: str
    device_class: str
    stages: list[StageEvidence]
    signals: NotRequired[Signals]
    safety: NotRequired[SafetyEvidence]
    notes: NotRequired[list[str]]  # what the evidence lacks, and why (a trace lost with the browser)


@cache
def _schema() -> TypeAdapter[Evidence]:
    """Built on first use: pydantic takes a moment to compile the schema, and a walk never needs it."""
    return TypeAdapter(Evidence)


@dataclass(frozen=True)
class Part:
    """A named piece of evidence a detector can read (`META.reads`), where it sits and who collects it."""

    name: str
    level: Literal["stage", "step", "signals", "journey"]
    collector: str  # for a QA person: "the layout gatherer"
    kind: Any  # its type, for the gatherers' contract
    always: bool = True  # collected on every walked stage (or journey); False: only where it applies

    @property
    def key(self) -> str:
        return self.name.split(":")[-1]


PARTS: dict[str, Part] = {part.name: part for part in (
    Part("layout", "stage", "the layout gatherer", LayoutEvidence),
    Part("axe", "stage", "the accessibility gatherer (axe-core)", AxeEvidence),
    Part("forms", "stage", "the forms gatherer", FormsEvidence),
    Part("navigation", "stage", "the navigation gatherer", NavigationEvidence),
    Part("page_text", "stage", "the page-text gatherer", PageTextEvidence),
    # Newer than 2.0: evidence saved before these gatherers has none, and is judged without them.
    Part("pictures", "stage", "the pictures gatherer", PicturesEvidence, always=False),
    Part("header", "stage", "the header gatherer", HeaderEvidence, always=False),
    Part("needs", "stage", "the walker's look for the needs the scenario locates", list[NeedLooked]),
    Part("vitals", "stage", "the Web Vitals recorder", VitalsEvidence),
    Part("recovery", "stage", "the recovery checks", list[RecoveryCheckEvidence], always=False),
    Part("lighthouse", "stage", "Lighthouse", LighthouseEvidence, always=False),
    Part("step:click", "step", "the walker's clicks", ClickEvidence, always=False),
    Part("step:obstructions", "step", "the walker's hit test", list[ObstructionEvidence], always=False),
    Part("step:remembered", "step", "the walker's remember steps", dict[str, str], always=False),
    Part("step:input", "step", "the walker's read-back of what it typed", InputEvidence, always=False),
    Part("step:form_errors", "step", "the walker's look for form-level error banners", list[FormErrorBanner],
         always=False),
    Part("signals:console", "signals", "the page's console", list[ConsoleMessage]),
    Part("signals:page_errors", "signals", "the page's error listener", list[PageError]),
    Part("signals:failed_requests", "signals", "the page's request listener", list[FailedRequest]),
    Part("signals:http_errors", "signals", "the page's response listener", list[HttpError]),
    Part("signals:dialogs", "signals", "the page's dialog listener", list[Dialog], always=False),  # since 2.1
    Part("signals:loaded", "signals", "the page's response listener", list[LoadedFile], always=False),
    Part("safety", "journey", "the walk's safety guard", SafetyEvidence),
)}


class EvidenceError(InputError):
    """An evidence.json that cannot be read: missing, not JSON, of a newer version, or not in its schema."""


def new_evidence(journey: str, device: str, device_class: str) -> dict[str, Any]:
    """The evidence of a journey about to be walked; the walker fills it as it goes."""
    return {"evidence_version": EVIDENCE_VERSION, "journey": journey, "device": device, "device_class": device_class,
            "stages": []}


def save_evidence(evidence: dict[str, Any], path: Path) -> None:
    """Written after every stage, atomically, so a crash keeps what was seen. Not validated here: the walk must not
    pay for it, and `load_evidence` checks every file it reads."""
    write_json_atomic(path, json.dumps(evidence, indent=1, default=str))


def load_evidence(path: Path) -> dict[str, Any]:
    """A journey's evidence.json, upgraded to this version and checked against the schema."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise EvidenceError(f"{path}: the evidence cannot be read ({one_line(error)})") from None
    return checked(data, str(path))


def checked(data: Any, where: str = "evidence") -> dict[str, Any]:
    """`data` upgraded to this version, once it is known to fit the schema; keys the schema does not name are kept."""
    version = str(data.get("evidence_version", "0")) if isinstance(data, dict) else "0"
    if version.split(".")[0] not in READABLE_MAJORS:
        raise EvidenceError(f"{where}: evidence version {version} is not readable by this version "
                            f"(expects {EVIDENCE_VERSION})")
    data = upgraded(data)
    try:
        _schema().validate_python(data)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(map(str, first["loc"]))
        raise EvidenceError(f"{where}: {place}: {first['msg']}") from None
    return data


def upgraded(data: dict[str, Any]) -> dict[str, Any]:
    """Evidence of version 1.x in the 2.0 shape (a no-op on current evidence)."""
    if not str(data.get("evidence_version", "")).startswith("1."):
        return data
    data = {**data, "evidence_version": EVIDENCE_VERSION, "stages": [dict(stage) for stage in data.get("stages", [])]}
    for stage in data["stages"]:
        for name in [n for n, p in PARTS.items() if p.level == "stage"]:
            value = stage.get(name)
            if isinstance(value, dict) and set(value) == {"error"}:
                stage.setdefault("gather_errors", {})[name] = str(stage.pop(name)["error"])
        for load in (stage.get("vitals") or {}).get("page_loads", []):
            for metric in load.get("metrics", {}).values():
                metric.pop("rating", None)
        for interaction in (stage.get("vitals") or {}).get("interactions", []):
            interaction.pop("rating", None)
    return data


def evidence_json_schema() -> dict[str, Any]:
    schema = _schema().json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": "walkthroughs evidence.json",
            "description": f"What the walker saw on one journey, evidence version {EVIDENCE_VERSION}."}


# ---- readings of the Web Vitals evidence, in one place: the walk's summary and the web-vitals detector use them

LOAD_METRICS = {"ttfb_ms": "TTFB", "fcp_ms": "FCP", "lcp_ms": "LCP", "cls": "CLS"}


@dataclass(frozen=True)
class Worst:
    """A stage's worst value of a vital, and where it comes from."""

    value: float
    url: str | None
    step: int | None
    attribution: dict[str, Any]


def total_blocking_time(long_tasks: list[list[float]], fcp_ms: float | None) -> float:
    """Blocking time of the long tasks that started after the first paint (all of them when it is unknown)."""
    start = fcp_ms or 0
    return round(sum(max(0.0, duration - LONG_TASK_BLOCKING_MS) for at, duration in long_tasks if at >= start), 1)


def worst_vital(vitals: VitalsEvidence, key: str) -> Worst | None:
    """The stage's worst value of `key` — lcp_ms, cls, fcp_ms, ttfb_ms, tbt_ms (over its page loads) or inp_ms
    (over its interactions) — or None where nothing measured it."""
    candidates: list[Worst] = []
    if key == "inp_ms":
        candidates = [Worst(i["value"], i.get("url"), i.get("step"), i.get("attribution") or {})
                      for i in vitals.get("interactions", [])]
    for load in vitals.get("page_loads", []) if key != "inp_ms" else []:
        metrics = load.get("metrics", {})
        if key == "tbt_ms":
            value = total_blocking_time(load.get("long_tasks", []), metrics.get("FCP", {}).get("value"))
            candidates.append(Worst(value, load.get("url"), load.get("step"), {}))
        elif LOAD_METRICS[key] in metrics:
            metric = metrics[LOAD_METRICS[key]]
            candidates.append(Worst(metric["value"], load.get("url"), load.get("step"),
                                    metric.get("attribution") or {}))
    return max(candidates, key=lambda worst: worst.value, default=None)


VITAL_KEYS = ("lcp_ms", "inp_ms", "cls", "fcp_ms", "ttfb_ms", "tbt_ms")


def vitals_summary(vitals: VitalsEvidence) -> dict[str, Any]:
    """The compact figures results.json keeps for a stage: each vital's worst value and what the pages cost."""
    summary: dict[str, Any] = {}
    for key in VITAL_KEYS:
        found = worst_vital(vitals, key)
        if found is not None:
            summary[key] = found.value
    loads = vitals.get("page_loads", [])
    summary["pages"] = len(loads)
    summary["requests"] = sum(load.get("requests", 0) for load in loads)
    summary["transfer_bytes"] = sum(load.get("transfer_bytes", 0) for load in loads)
    summary["long_tasks"] = sum(len(load.get("long_tasks", [])) for load in loads)
    return summary
