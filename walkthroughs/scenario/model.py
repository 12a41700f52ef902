"""The scenario language as pydantic models: what a YAML journey may say, checked before any browser starts.

Validators raise `PydanticCustomError("scenario", ...)` with an `at` path (YAML keys below the
failing object) so the loader can point a QA person at the exact line, not only the enclosing mapping.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..results import DEVICE_CLASSES
from .durations import (
    MAX_TIMEOUT_MS,
    DurationError,
    bare_seconds_hint,
    in_words,
    parse_duration_ms,
)
from .durations import PATTERN as DURATION_PATTERN
from .errors import did_you_mean
from .patterns import pattern_problem

PHASES = ("awareness", "consideration", "decision", "purchase", "post-purchase")
LOCATOR_KINDS = ("css", "text", "role", "label", "placeholder", "test_id", "alt", "title", "any")
TEXT_LOCATOR_KINDS = ("text", "name", "label", "placeholder", "alt", "title")  # where a /…/ value is a pattern
ELEMENT_STATES = ("visible", "hidden", "enabled", "disabled", "checked", "unchecked", "focused")
EXPECT_CHECKS = (*ELEMENT_STATES, "text", "value", "count", "url", "title")
MAX_KEY_DELAY_MS = 2000
"""`type`'s pause between keys: a slow typist pauses half a second; more is a delay meant in milliseconds."""
ARIA_ROLES = (
    "alert", "alertdialog", "application", "article", "banner", "blockquote", "button", "caption", "cell", "checkbox",
    "code", "columnheader", "combobox", "complementary", "contentinfo", "definition", "deletion", "dialog", "directory",
    "document", "emphasis", "feed", "figure", "form", "generic", "grid", "gridcell", "group", "heading", "img",
    "insertion", "link", "list", "listbox", "listitem", "log", "main", "marquee", "math", "menu", "menubar", "menuitem",
    "menuitemcheckbox", "menuitemradio", "meter", "navigation", "none", "note", "option", "paragraph", "presentation",
    "progressbar", "radio", "radiogroup", "region", "row", "rowgroup", "rowheader", "scrollbar", "search", "searchbox",
    "separator", "slider", "spinbutton", "status", "strong", "subscript", "superscript", "switch", "tab", "table",
    "tablist", "tabpanel", "term", "textbox", "time", "timer", "toolbar", "tooltip", "tree", "treegrid", "treeitem",
)
"""The roles Playwright's `get_by_role` knows (its `AriaRole`; a test keeps the two the same)."""
COMMON_ROLES = ("button", "link", "heading", "textbox", "checkbox", "radio", "combobox", "img", "dialog", "status")

WEB_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")


def url_scheme_problem(url: str, what: str) -> str | None:
    """Why `url` is not a web address the walk may open (`file:`, `javascript:`, `data:`…), or None."""
    scheme = _SCHEME.match(url)
    if scheme and scheme.group(1).lower() not in WEB_SCHEMES:
        return f"{what} opens web pages only — an http(s) address or a path on the shop — not {url.strip()[:80]!r}"
    return None


def base_url_problem(url: str) -> str | None:
    """Why `url` cannot be the shop's address, or None: it must be an absolute http(s) address."""
    scheme = _SCHEME.match(url)
    if not scheme or scheme.group(1).lower() not in WEB_SCHEMES or not re.match(r"^\s*https?://[^/?#\s]+", url, re.I):
        return f"base_url must be an absolute http(s) address such as https://shop.example.com, not {url[:80]!r}"
    return None


def scenario_problem(message: str, *at: str) -> PydanticCustomError:
    """An error whose message is already written for a QA person; `at` names the offending key."""
    return PydanticCustomError("scenario", "{message}", {"message": message, "at": at})


def _duration_ms(value: Any) -> float:
    """`2`, `1.5s`, `250ms`, `2m` → milliseconds, in the loader's words when it cannot be read."""
    try:
        return parse_duration_ms(value)
    except DurationError as error:
        raise scenario_problem(str(error)) from None


def _duration_schema(description: str) -> WithJsonSchema:
    return WithJsonSchema({
        "anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "string", "pattern": DURATION_PATTERN}],
        "description": description,
    })


def _at_most(maximum_ms: float, what: str) -> Any:
    """A duration that may not exceed `maximum_ms`; the message says so, and what a bare number was read as."""

    def check(value: Any) -> float:
        ms = _duration_ms(value)
        if ms > maximum_ms:
            hint = bare_seconds_hint(value)
            got = f"got {value!r}" if hint is None else hint
            raise scenario_problem(f"{what} is at most {in_words(maximum_ms)}; {got}")
        return ms

    return BeforeValidator(check)


DurationMs = Annotated[float, BeforeValidator(_duration_ms),
                       _duration_schema("seconds, or a string with a unit: 250ms, 1.5s, 2m, 1h")]
TimeoutMs = Annotated[float, _at_most(MAX_TIMEOUT_MS, "a step's timeout"),
                      _duration_schema("seconds, or a string with a unit: 250ms, 1.5s, 2m; at most 10 minutes")]
KeyDelayMs = Annotated[float, _at_most(MAX_KEY_DELAY_MS, "the pause between keys"),
                       _duration_schema("the pause between keys: 50ms, 0.1s; at most 2s")]


class _Strict(BaseModel):
    # Numbers become text where text is expected: `value: 10115` is a postcode, not a mistake.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, coerce_numbers_to_str=True)


def _as_mapping(value: Any, key: str) -> Any:
    """Read a bare string as `{key: string}` (`click: "#buy"`, `press: Enter`), so short steps stay short."""
    return {key: value} if isinstance(value, str) else value


class _LocatorFields(_Strict):
    """The keys that find an element; shared by `Locator` and the verbs whose mapping also locates."""

    css: str | None = None
    text: str | None = Field(None, description="text the element shows, or /regex/")
    role: str | None = Field(None, description="an ARIA role", examples=list(ARIA_ROLES))
    name: str | None = Field(None, description="accessible name, with `role`; or /regex/")
    label: str | None = Field(None, description="the field's label, or /regex/")
    placeholder: str | None = None
    test_id: str | None = None
    alt: str | None = None
    title: str | None = None
    any: list[Locator] | None = Field(
        None, min_length=1, description="alternatives, e.g. a mini-basket on wide screens and a cart icon on phones: "
                                        "the first in this list that is visible wins")
    exact: bool = False
    nth: int | None = Field(None, description="0-based; -1 is the last")

    def _kinds(self) -> list[str]:
        return [k for k in LOCATOR_KINDS if getattr(self, k) is not None]

    def _check_locator(self, required: bool) -> None:
        kinds = self._kinds()
        if len(kinds) > 1:
            raise scenario_problem(
                f"a locator uses one way to find the element, this one has both '{kinds[0]}' and '{kinds[1]}'",
                kinds[1],
            )
        if not kinds and (required or self.name is not None or self.nth is not None or self.exact):
            raise scenario_problem(f"a locator needs one of {', '.join(LOCATOR_KINDS)}")
        if self.name is not None and self.role is None:
            raise scenario_problem("`name` goes with `role` (e.g. {role: button, name: Pay})", "name")
        if self.any is not None and (self.exact or self.nth is not None):
            at = "nth" if self.nth is not None else "exact"
            raise scenario_problem(f"`any` lists whole locators; put `{at}` inside the alternative it belongs to", at)
        if self.role is not None and "${" not in self.role and self.role not in ARIA_ROLES:
            raise scenario_problem(f"unknown role {self.role!r}{did_you_mean(self.role, ARIA_ROLES)} (expected an ARIA "
                                   f"role such as {', '.join(COMMON_ROLES)})", "role")
        for key in TEXT_LOCATOR_KINDS:
            value = getattr(self, key)
            if value is not None and (problem := pattern_problem(value)):
                raise scenario_problem(problem, key)

    def locator(self) -> Locator | None:
        """The locator part of this mapping, or None when it has none."""
        fields = self.model_dump(include=set(_LocatorFields.model_fields), exclude_defaults=True)
        return Locator(**fields) if fields else None


class Locator(_LocatorFields):
    """How a step finds an element; exactly one kind, like Playwright's locators."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return _as_mapping(value, "css")

    @model_validator(mode="after")
    def _one_kind(self) -> Locator:
        self._check_locator(required=True)
        return self

    @property
    def kind(self) -> str:
        return self._kinds()[0]

    def describe(self) -> str:
        """A short human description: `role=button "Add to cart"`, `#checkout`, `any of: #mini-cart | role=link`."""
        if self.any is not None:
            return "any of: " + " | ".join(alternative.describe() for alternative in self.any)
        if self.role is not None:
            text = f"role={self.role}" + (f' "{self.name}"' if self.name else "")
        elif self.css is not None:
            text = self.css
        else:
            text = f'{self.kind}="{getattr(self, self.kind)}"'
        return text + (f" [nth={self.nth}]" if self.nth is not None else "")


class FillArgs(Locator):
    value: str


class TypeArgs(Locator):
    """Typing key by key (Playwright's `press_sequentially`), for fields that react to each key: search suggestions,
    masked dates and card numbers. It types after what the field holds; `fill` sets the whole value at once."""

    value: str
    delay: KeyDelayMs | None = Field(None, description="the pause between keys (default: none)")


class SelectArgs(Locator):
    option: str = Field(description="the option's label or value")


class PressArgs(_LocatorFields):
    """A key press, on an element when locator keys are given."""

    key: str = Field(description="a Playwright key name: Enter, Tab, ArrowDown, Control+A")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return _as_mapping(value, "key")

    @model_validator(mode="after")
    def _optional_locator(self) -> PressArgs:
        self._check_locator(required=False)
        return self


class WaitForArgs(_LocatorFields):
    """Wait for an element (to reach `state`), a URL, or a page load state."""

    state: Literal["visible", "hidden", "attached", "detached"] = "visible"
    url: str | None = None
    load_state: Literal["load", "domcontentloaded", "networkidle"] | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return _as_mapping(value, "css")

    @model_validator(mode="after")
    def _one_target(self) -> WaitForArgs:
        targets = [k for k in ("url", "load_state") if getattr(self, k) is not None]
        if self._kinds():
            targets.insert(0, self._kinds()[0])
        if len(targets) != 1:
            raise scenario_problem(
                "wait_for waits for one thing: a locator, or `url`, or `load_state`", *targets[1:2]
            )
        self._check_locator(required=False)
        return self


class ExpectArgs(_Strict):
    visible: Locator | None = None
    hidden: Locator | None = None
    enabled: Locator | None = Field(None, description="the element can be used (not disabled)")
    disabled: Locator | None = None
    checked: Locator | None = Field(None, description="the checkbox or radio button is ticked")
    unchecked: Locator | None = Field(None, description="the checkbox or radio button is not ticked")
    focused: Locator | None = Field(None, description="the element has the keyboard focus")
    text: str | None = Field(None, description="text the element (`in`) contains, or /regex/")
    value: str | None = Field(None, description="the value of the field (`in`): exactly this, or /regex/")
    in_: Locator | None = Field(None, alias="in")
    count: int | None = Field(None, ge=0, description="how many elements (`of`) there are")
    of: Locator | None = None
    url: str | None = Field(None, description="text the URL contains, or /regex/")
    title: str | None = Field(None, description="text the title contains, or /regex/")

    @model_validator(mode="after")
    def _one_check(self) -> ExpectArgs:
        checks = [k for k in EXPECT_CHECKS if getattr(self, k) is not None]
        if not checks:
            raise scenario_problem(f"expect needs one of {', '.join(EXPECT_CHECKS)}")
        if len(checks) > 1:
            raise scenario_problem(
                f"expect checks one thing at a time, this one has both '{checks[0]}' and '{checks[1]}'; "
                "write two expect steps",
                checks[1],
            )
        (check,) = checks
        if check in ("text", "value") and self.in_ is None:
            raise scenario_problem(f"`{check}` goes with `in` (the element whose {check} is checked)", check)
        if self.in_ is not None and check not in ("text", "value"):
            raise scenario_problem("`in` goes with `text` or `value` (what the element should hold)", "in")
        if (self.count is None) != (self.of is None):
            at = "of" if self.of is not None else "count"
            raise scenario_problem("`count` goes with `of` (the elements counted)", at)
        for key in ("text", "value", "url", "title"):
            if (value := getattr(self, key)) is not None and (problem := pattern_problem(value)):
                raise scenario_problem(problem, key)
        return self

    @property
    def check(self) -> str:
        return next(k for k in EXPECT_CHECKS if getattr(self, k) is not None)


class RememberArgs(_Strict):
    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", description="the variable, used later as ${name}")
    from_: Locator = Field(alias="from")
    pattern: str | None = Field(None, description="a regex; its first group (or whole match) is kept")

    @model_validator(mode="after")
    def _valid_pattern(self) -> RememberArgs:
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as error:
                raise scenario_problem(f"`pattern` is not a valid regular expression: {error}", "pattern")
        return self


class ScreenshotArgs(_Strict):
    name: str
    full_page: bool = False

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return _as_mapping(value, "name")


class _StepBase(_Strict):
    name: str | None = Field(None, description="a label for reports")
    only: list[str] | None = Field(None, description="device names or classes (desktop, tablet, mobile)")
    timeout: TimeoutMs | None = None
    commit: bool | None = Field(None, description="true: the step places an order, pays or subscribes, so in "
                                                  "production the walk checks it could be done and stops before it; "
                                                  "false: it does not, though its words say so (logged); unset: the "
                                                  "walk judges")

    _line: int | None = PrivateAttr(None)  # set by the loader

    @property
    def line(self) -> int | None:
        """The line of the scenario file the step is written on (None when built in code)."""
        return self._line


class GotoStep(_StepBase):
    goto: str = Field(description="a path on the shop (relative to base_url) or an http(s) address")

    @model_validator(mode="after")
    def _web_only(self) -> GotoStep:
        problem = url_scheme_problem(self.goto, "goto")
        if problem:
            raise scenario_problem(problem, "goto")
        return self


class ClickStep(_StepBase):
    click: Locator
    pick: Literal["random"] | None = Field(
        None, description="random: click one of the elements that match, chosen with the run's seed (`--seed`), so "
                          "repeated walks explore and any walk can be replayed")

    @model_validator(mode="after")
    def _pick_among_all(self) -> ClickStep:
        if self.pick and self.click.nth is not None:
            raise scenario_problem("`pick: random` chooses among every element that matches; remove `nth`", "pick")
        return self


class FillStep(_StepBase):
    fill: FillArgs


class TypeStep(_StepBase):
    type: TypeArgs


class SelectStep(_StepBase):
    select: SelectArgs


class CheckStep(_StepBase):
    check: Locator


class PressStep(_StepBase):
    press: PressArgs


class HoverStep(_StepBase):
    hover: Locator


class ScrollToStep(_StepBase):
    scroll_to: Locator


class WaitForStep(_StepBase):
    wait_for: WaitForArgs


class ExpectStep(_StepBase):
    expect: ExpectArgs


class ScreenshotStep(_StepBase):
    screenshot: ScreenshotArgs


class RememberStep(_StepBase):
    remember: RememberArgs


class BackStep(_StepBase):
    back: None  # written `- back:` or `- back`

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"back": None} if value == "back" else value  # `- back` reads as `- back:`


STEP_TYPES: dict[str, type[_StepBase]] = {
    "goto": GotoStep,
    "click": ClickStep,
    "fill": FillStep,
    "type": TypeStep,
    "select": SelectStep,
    "check": CheckStep,
    "press": PressStep,
    "hover": HoverStep,
    "scroll_to": ScrollToStep,
    "wait_for": WaitForStep,
    "expect": ExpectStep,
    "screenshot": ScreenshotStep,
    "remember": RememberStep,
    "back": BackStep,
}
VERBS = tuple(STEP_TYPES)
STEP_OPTIONS = ("name", "only", "timeout", "commit", "pick")


def _step_tag(value: Any) -> str | None:
    """The verb of a raw step, or None when it has none or several (the loader then explains which)."""
    if value == "back":
        return "back"
    if isinstance(value, dict):
        verbs = [key for key in value if key in STEP_TYPES]
        return verbs[0] if len(verbs) == 1 else None
    if isinstance(value, BaseModel):
        return next((verb for verb, cls in STEP_TYPES.items() if type(value) is cls), None)
    return None


Step = Annotated[
    Union[tuple(Annotated[cls, Tag(verb)] for verb, cls in STEP_TYPES.items())],  # type: ignore[misc]
    Discriminator(_step_tag, custom_error_type="step_verb", custom_error_message="a step needs exactly one verb"),
]


def step_verb(step: _StepBase) -> str:
    return next(verb for verb, cls in STEP_TYPES.items() if type(step) is cls)


class Viewport(_Strict):
    width: int = Field(gt=0)
    height: int = Field(gt=0)


class CustomDevice(_Strict):
    """A device the scenario describes itself, when no Playwright descriptor fits."""

    name: str = Field(min_length=1)
    device_class: Literal["desktop", "tablet", "mobile"] | None = Field(None, alias="class")
    viewport: Viewport
    user_agent: str | None = None
    device_scale_factor: float = Field(1, gt=0)
    is_mobile: bool = False
    has_touch: bool = False


DeviceSpec = Annotated[
    Union[Annotated[str, Tag("named")], Annotated[CustomDevice, Tag("custom")]],
    Discriminator(lambda value: "named" if isinstance(value, str) else "custom"),
]


class LocatedNeed(_Strict):
    """A need the built-in checks cannot see: met when the locator finds a visible element as the stage ends."""

    need: str = Field(min_length=1, description="what the shopper needs, in words")
    locator: Locator


Need = Annotated[
    Union[Annotated[str, Tag("words")], Annotated[LocatedNeed, Tag("located")]],
    Discriminator(lambda value: "words" if isinstance(value, str) else "located"),
]


class Throttling(_Strict):
    """Network and CPU conditions of your own, where the presets do not fit."""

    latency: DurationMs | None = Field(None, description="added to every request")
    download_kbps: float | None = Field(None, gt=0)
    upload_kbps: float | None = Field(None, gt=0)
    cpu_slowdown: float | None = Field(None, ge=1, description="4 makes the page's scripts run four times slower")


ThrottlingSpec = Annotated[
    Union[Annotated[Literal["none", "slow-4g", "fast-4g"], Tag("preset")], Annotated[Throttling, Tag("custom")]],
    Discriminator(lambda value: "preset" if isinstance(value, str) else "custom"),
]


class LighthouseUpload(_Strict):
    """Where `lhci upload` sends the run's Lighthouse reports, in Lighthouse CI's own names (`ci.upload`); the
    snake_case names of earlier versions are still read. A Lighthouse CI server's token is best left to LHCI_TOKEN."""

    target: Literal["lhci", "filesystem", "temporary-public-storage"] = "lhci"
    server_base_url: str | None = Field(None, validation_alias=AliasChoices("serverBaseUrl", "server_base_url"),
                                        serialization_alias="serverBaseUrl",
                                        description="the Lighthouse CI server, for target lhci")
    token: str | None = Field(None, description="the build token of the Lighthouse CI project (default: $LHCI_TOKEN)")
    output_dir: str | None = Field(None, validation_alias=AliasChoices("outputDir", "output_dir"),
                                   serialization_alias="outputDir",
                                   description="the folder to write the reports to, for target filesystem")

    @model_validator(mode="after")
    def _where_to(self) -> LighthouseUpload:
        if self.target == "lhci" and not self.server_base_url:
            raise scenario_problem("target lhci needs `serverBaseUrl`: the Lighthouse CI server to send the reports "
                                   "to", "target")
        if self.target == "filesystem" and not self.output_dir:
            raise scenario_problem("target filesystem needs `outputDir`: the folder to write the reports to", "target")
        return self


class LighthouseOptions(_Strict):
    """Lighthouse audits of the stages' pages, in the state the journey left them."""

    enabled: bool = True
    stages: list[str] | None = Field(None, description="stages to audit; default: those marked `lighthouse: true`, "
                                                       "else every stage")
    runs: int | None = Field(None, ge=1, le=9, description="audits per page; the median run is kept (default: the "
                                                           "config's ci.collect.numberOfRuns, else 1)")
    config: str | None = Field(
        None, description="a Lighthouse CI config file (lighthouserc.json, .yml, .yaml, .js or .cjs) whose ci.assert "
                          "and ci.upload apply, relative to the scenario; default: a lighthouserc.* beside the "
                          "scenario")
    assertions: dict[str, Any] = Field(
        default_factory=dict,
        description="Lighthouse CI assertions, e.g. {'categories:performance': ['error', {minScore: 0.9}]}; laid over "
                    "the config's")
    upload: LighthouseUpload | None = None


LighthouseSetting = Annotated[
    Union[Annotated[bool, Tag("switch")], Annotated[LighthouseOptions, Tag("options")]],
    Discriminator(lambda value: "switch" if isinstance(value, bool) else "options"),
]


DetectorSettings = dict[str, Union[bool, dict[str, Any]]]
DETECTORS_DESCRIPTION = "friction detector id → false to switch it off, or its thresholds to change them"


CheckPlace = Annotated[
    Union[Annotated[bool, Tag("switch")], Annotated[Locator, Tag("locator")]],
    Discriminator(lambda value: "switch" if isinstance(value, bool) else "locator"),
]


class RecoveryChecks(_Strict):
    """What the shop should offer when this stage goes wrong, judged by the recovery detector from what the
    walker sees as the stage ends: `true` for the check's own place, or a locator that names it."""

    suggestions_on_no_results: CheckPlace | None = Field(  # type: ignore[valid-type]
        None, alias="suggestions-on-no-results",
        description="a search without results still offers ways on (suggested products, categories); a locator "
                    "narrows where to look (default: the page's main content)")
    alternative_when_sold_out: CheckPlace | None = Field(  # type: ignore[valid-type]
        None, alias="alternative-when-sold-out",
        description="a sold-out product offers an alternative on the first screen; a locator narrows where to look")
    error_next_to_field: CheckPlace | None = Field(  # type: ignore[valid-type]
        None, alias="error-next-to-field",
        description="the message about a wrong entry is next to its field: the field's locator, or true for every "
                    "field the page marks invalid")
    cart_kept: Locator | None = Field(
        None, alias="cart-kept", description="the cart count (its locator) is not lower as the stage ends than as it began")

    def enabled(self) -> list[tuple[str, Locator | None]]:
        """(check, locator or None) for every check switched on, in the order of the fields."""
        checks = []
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            if value is not None and value is not False:
                checks.append((field.alias or name, value if isinstance(value, Locator) else None))
        return checks


RECOVERY_CHECKS = tuple(field.alias for field in RecoveryChecks.model_fields.values())


OnFailure = Literal["continue", "stop"]
ON_FAILURE_DESCRIPTION = ("continue: a failed check is recorded and the walk goes on with the next step, and a stage "
                          "that breaks is walked past by its `resume:` steps; stop: the first failure ends the journey")


class Stage(_Strict):
    name: str = Field(min_length=1)
    phase: Literal["awareness", "consideration", "decision", "purchase", "post-purchase"] | None = None
    landing: Literal["ad"] | None = Field(
        None, description="ad: the page a shopper who tapped an ad lands on, judged by the ad-landing checks (without "
                          "it, the stage whose first goto carries campaign tags such as utm_source or gclid)")
    needs: list[Need] = Field(  # type: ignore[valid-type]
        default_factory=list,
        description="what the shopper needs here: words the built-in checks look for, or {need, locator}",
    )
    budget: DurationMs | None = None
    lighthouse: bool | None = Field(None, description="audit the page this stage ends on with Lighthouse")
    detectors: DetectorSettings = Field(default_factory=dict, description=DETECTORS_DESCRIPTION)
    recovery: RecoveryChecks | None = Field(
        None, description="what the shop should offer when things go wrong here, e.g. {suggestions-on-no-results: true}")
    steps: list[Step] = Field(min_length=1)  # type: ignore[valid-type]
    resume: list[Step] = Field(  # type: ignore[valid-type]
        default_factory=list,
        description="how a shopper gets past this stage when it breaks, e.g. [{goto: /cart}]: walked only then, so "
                    "the stages after it are still walked and measured (reached by a detour)")
    on_failure: OnFailure | None = Field(None, description=ON_FAILURE_DESCRIPTION + "; unset: the scenario's")

    _line: int | None = PrivateAttr(None)  # set by the loader

    @property
    def line(self) -> int | None:
        """The line of the scenario file the stage begins on (None when built in code)."""
        return self._line

    @property
    def need_texts(self) -> list[str]:
        return [need if isinstance(need, str) else need.need for need in self.needs]


MAIN_PATH = "main"  # the journey `stages` describe; `--paths main,search` names it


class UseStages(_Strict):
    """Stages of the main journey (or of another path) walked again on this path, by name."""

    use: list[str] = Field(min_length=1, description="a stage name, or a list of them")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("use"), str):
            return {**value, "use": [value["use"]]}
        return value


class NewStage(_Strict):
    """A stage only this path walks (or that later paths `use`)."""

    stage: Stage


def _path_item_tag(value: Any) -> str | None:
    if isinstance(value, (UseStages, NewStage)):
        return "use" if isinstance(value, UseStages) else "stage"
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("use", "stage"):
        return next(iter(value))
    return None


PathItem = Annotated[
    Union[Annotated[UseStages, Tag("use")], Annotated[NewStage, Tag("stage")]],
    Discriminator(_path_item_tag, custom_error_type="path_item",
                  custom_error_message="a path's stage is `use: STAGE` (a stage named elsewhere in the scenario, or a "
                                       "list of names) or `stage: {name: ..., steps: [...]}` (a new stage)"),
]


class JourneyPath(_Strict):
    """A detour: the shopper's path besides the main one, walked and reported as its own journey."""

    goal: str | None = Field(None, description="what this path tries, in words (shown in the report)")
    variables: dict[str, str] = Field(default_factory=dict, description="values that differ on this path")
    stages: list[PathItem] = Field(min_length=1)  # type: ignore[valid-type]


class Geolocation(_Strict):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    accuracy: float = Field(0, ge=0, description="in metres")


class Persona(_Strict):
    """Who walks: language, place, screen preferences, connection and whether they are signed in."""

    description: str | None = None
    locale: str | None = Field(None, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
                               description="language and region: de-DE, en-GB (navigator.language, Accept-Language)")
    timezone_id: str | None = Field(None, description="an IANA time zone: Europe/Berlin")
    geolocation: Geolocation | None = Field(None, description="where the browser says it is (permission granted)")
    color_scheme: Literal["light", "dark", "no-preference"] | None = None
    reduced_motion: Literal["reduce", "no-preference"] | None = None
    throttling: ThrottlingSpec | None = Field(  # type: ignore[valid-type]
        None, description="none, slow-4g, fast-4g or your own conditions, on every device this persona walks")
    storage_state: str | None = Field(
        None, description="a Playwright storage state file (cookies, local storage), relative to the scenario file")
    sign_in: Stage | None = Field(
        None, description="a stage walked first in a fresh browser; the journey starts with its cookies and storage")

    @model_validator(mode="after")
    def _one_way_to_sign_in(self) -> Persona:
        if self.storage_state is not None and self.sign_in is not None:
            raise scenario_problem("a persona is signed in by a `storage_state` file or a `sign_in` stage, not both",
                                   "sign_in")
        if self.timezone_id is not None and not _known_time_zone(self.timezone_id):
            raise scenario_problem(f"unknown time zone {self.timezone_id!r} (expected an IANA name such as "
                                   "Europe/Berlin or America/New_York)", "timezone_id")
        return self


def _known_time_zone(name: str) -> bool:
    import zoneinfo

    known = zoneinfo.available_timezones()
    return not known or name in known  # without a time zone database, leave it to the browser


class Scenario(_Strict):
    """One shopper's journey. Checks across stages (unique names, variables) live in `checks`,
    where they can run even when a single stage is malformed."""

    name: str = Field(min_length=1)
    goal: str | None = None
    base_url: str | None = Field(None, description="the shop: an absolute http(s) address")
    devices: list[DeviceSpec] = Field(  # type: ignore[valid-type]
        default_factory=lambda: list(DEVICE_CLASSES),
        min_length=1,
        description="desktop, tablet, mobile, a Playwright device name, or a custom device",
    )
    variables: dict[str, str] = Field(default_factory=dict)
    throttling: dict[str, ThrottlingSpec] = Field(  # type: ignore[valid-type]
        default_factory=dict,
        description="device name or class → none, slow-4g, fast-4g or your own conditions; unthrottled by default")
    lighthouse: LighthouseSetting | None = Field(  # type: ignore[valid-type]
        None, description="true, or options, to audit stages with Lighthouse")
    environment: Literal["staging", "production"] = Field(
        "staging", description="production: steps marked `commit: true` are checked, not performed")
    allowed_hosts: list[str] = Field(
        default_factory=list, description="hosts the walk may navigate to, each with its subdomains, besides the "
                                          "shop's own; empty: anywhere")
    block: list[str] = Field(
        default_factory=list, description="requests to block besides the built-in tracker list: a host "
                                          "(ads.example.com) or a URL pattern with * (*/collect?*)")
    secrets: list[str] = Field(
        default_factory=list, description="environment variables whose values never appear in the output")
    commit_words: list[str] = Field(
        default_factory=list, description="files of words that commit a shopper (placing an order, paying, "
                                          "subscribing), relative to this file, added to the shipped ones")
    detectors: DetectorSettings = Field(default_factory=dict, description=DETECTORS_DESCRIPTION)
    on_failure: OnFailure = Field("continue", description=ON_FAILURE_DESCRIPTION + " (as `run --strict` does)")
    stages: list[Stage] = Field(min_length=1)
    paths: dict[str, JourneyPath] = Field(
        default_factory=dict, description="detours besides the main journey, by name; walked with `--paths`")
    personas: dict[str, Persona] = Field(
        default_factory=dict, description="who walks, by name; walked with `--personas`")

    _source: Path | None = PrivateAttr(None)
    _warnings: list = PrivateAttr(default_factory=list)  # Problems the loader warns about
    _written: Scenario | None = PrivateAttr(None)  # set on a path's or persona's copy: the scenario as written
    _positions: Any = PrivateAttr(None)  # the loader's positions.Positions: where each value is written

    @model_validator(mode="before")
    @classmethod
    def _one_commit_words_file(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("commit_words"), str):
            return {**value, "commit_words": [value["commit_words"]]}
        return value

    @model_validator(mode="after")
    def _web_shop(self) -> Scenario:
        if self.base_url is not None:
            problem = base_url_problem(self.base_url)
            if problem:
                raise scenario_problem(problem, "base_url")
        return self

    @model_validator(mode="after")
    def _secrets_from_environment(self) -> Scenario:
        for name in self.secrets:
            if name in self.variables:
                raise scenario_problem(f"{name} is a secret: it comes from the environment, never from the scenario "
                                       f"file; remove it from `variables`", "secrets")
        return self

    @model_validator(mode="after")
    def _main_is_the_stages(self) -> Scenario:
        if MAIN_PATH in self.paths:
            raise scenario_problem(f"'{MAIN_PATH}' is the journey `stages` describe; give this path another name",
                                   "paths", MAIN_PATH)
        return self

    @property
    def warnings(self) -> list:
        """What the file says that is valid but probably not meant (`Problem`s with `warning` set), in file order."""
        return self._warnings

    @property
    def positions(self) -> Any:
        """Where the file writes each value (`positions.Positions`), for checks that report a line; None when built
        in code."""
        return self.as_written._positions

    @property
    def source(self) -> Path | None:
        """The file the scenario was loaded from (a Path), or None when built in code."""
        return self._source

    @property
    def as_written(self) -> Scenario:
        """The scenario as its file says, also when this is the copy walked for one path or persona."""
        return self._written or self


for _model in (_LocatorFields, Locator, FillArgs, TypeArgs, SelectArgs, PressArgs, WaitForArgs):
    _model.model_rebuild()  # `any` refers to Locator, defined after the fields it shares
