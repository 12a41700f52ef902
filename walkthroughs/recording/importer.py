"""`walkthrough import`: a Chrome DevTools Recorder export becomes a scenario — a stage at each page reached, each
step in the scenario language, and a comment wherever the recording says something a scenario cannot.

    Recorder step                     scenario
    setViewport                       devices: the class it emulates is noted; every listed device is walked
    navigate                          a new stage beginning with `goto`
    click                             click; check on a radio button or tick box; right, middle clicks: a comment
    doubleClick                       click, once (the two clicks before it are the same click)
    change                            fill, or select on a drop-down; a password: a ${VARIABLE} from `secrets`
    keyDown/keyUp                     press (Control+A with a key held), on the field just filled; characters
                                      typed into the element clicked before them: type
    hover                             hover
    scroll with selectors / without   scroll_to / a comment (the walker scrolls to what it uses)
    waitForElement                    expect visible / hidden / count / text (textContent, innerText)
    waitForExpression, customStep     a comment
    emulateNetworkConditions          throttling of the device class recorded
    assertedEvents navigation         the step begins a new stage, then expect: {url: …}
    close                             a comment
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..scenario import Scenario
from ..scenario.devices import device_class_of
from . import replay_format as replay
from .draft import (
    SECRET_COMMENT,
    DraftScenario,
    DraftStep,
    address,
    origin,
    url_expectation,
)
from .locator_choice import literal
from .recorder_selectors import Element, element_of, kind_of, parts_of
from .scenario_text import checked_scenario, scenario_text

MODIFIERS = ("Shift", "Control", "Alt", "Meta", "AltGraph", "CapsLock")
KEY_NAMES = {"\r": "Enter", "\n": "Enter", " ": "Space", "NumpadEnter": "Enter"}
GUESSED_CHECK = "a radio button or tick box, as far as the recording tells; a button: click"
CLICK_BUTTONS = {"secondary": "right", "auxiliary": "middle", "back": "back-button", "forward": "forward-button"}


@dataclass
class ImportedScenario:
    """The scenario written from a recording, as text, and as the loader reads it."""

    text: str
    scenario: Scenario
    steps: int
    not_imported: int


def import_recording(path: str | Path, name: str | None = None, devices: list[str] | None = None) -> ImportedScenario:
    """Read a Recorder export and write it as a scenario; raises RecordingError for a file it cannot read."""
    recording = replay.read_recording(path)
    importer = _Importer(recording, name, devices)
    for step in recording.steps:
        importer.take(step)
    draft = importer.finish()
    text = scenario_text(draft)
    return ImportedScenario(text, checked_scenario(text, recording.source, draft.secrets), draft.step_count(),
                            importer.not_imported)


class _Importer:
    """Reads the Recorder's steps in order and writes them into a draft."""

    def __init__(self, recording: replay.Recording, name: str | None, devices: list[str] | None) -> None:
        self.recording = recording
        self.draft = DraftScenario(name=name or recording.title)
        if devices:
            self.draft.devices = devices
        self.device_class: str | None = None
        self.not_imported = 0
        self.held: list[str] = []
        self.pressed: dict[str, DraftStep] = {}
        self.typed: dict[int, str] = {}  # what a `type` step has typed so far, as the Recorder's keys said
        self.origin: str | None = None

    # ---- the steps ------------------------------------------------------------------------------------------------

    def take(self, step: replay._Step) -> None:
        if step.target not in (None, "main"):
            return self.skip(step, f"it happened in another tab or window ({step.target}); a walk stays in one tab")
        if step.frame:
            return self.skip(step, "it happened inside a frame of the page, which a scenario cannot reach into yet")
        handler = getattr(self, f"_{step.type}", None)
        if handler is None:
            name = getattr(step, "name", None) or (step.model_extra or {}).get("name")
            what = f"a {step.type} step" + (f" ({name})" if name else "")
            return self.skip(step, f"{what} is not something a scenario can do")
        produced = handler(step)
        if produced is not None and step.timeout:
            produced.options["timeout"] = f"{step.timeout:g}ms"
        arrived = step.navigated_to
        if arrived and arrived.get("url") and step.type != "navigate":
            self.arrive(step, arrived, produced)

    def _setViewport(self, step: replay.SetViewport) -> None:
        device_class = device_class_of({"viewport": {"width": step.width, "height": step.height},
                                       "is_mobile": step.is_mobile, "has_touch": step.has_touch})
        screen = f"{step.width}×{step.height}" + (", touch" if step.has_touch or step.is_mobile else "")
        if self.device_class is None:
            self.device_class = device_class
            self.draft.devices_comment = f"recorded on {device_class} ({screen}); each device listed is walked"
        elif device_class != self.device_class:
            self.draft.note(f"the recording switched to a {device_class} screen ({screen}) here; a walk keeps its "
                            f"device from start to end (line {step.line})")

    def _navigate(self, step: replay.Navigate) -> DraftStep:
        if self.origin is None:
            self.origin = origin(step.url)
            self.draft.base_url = self.origin or None
        self.draft.open_stage(step.url)
        goto = DraftStep("goto", address(step.url, self.origin))
        self.draft.add(goto)
        arrived = step.navigated_to
        if arrived and arrived.get("url") and _path(arrived["url"]) != _path(step.url):
            self.add_expectation(arrived)
        return goto

    def _click(self, step: replay.Click) -> DraftStep | None:
        if step.button in CLICK_BUTTONS:
            return self.skip(step, f"a {CLICK_BUTTONS[step.button]} click; a walk clicks as a shopper does, "
                                   "with the main button")
        element = self.element(step)
        if element is None:
            return None
        comment = element.comment
        if element.is_checkable:
            verb = "check"
        elif element.named_by_label:  # a click into a field is dropped by the typing after it: a box or a button
            verb, comment = "check", GUESSED_CHECK
        else:
            verb = "click"
        return self.add(DraftStep(verb, element.locator, comment=comment, key=_key(step)))

    def _doubleClick(self, step: replay.Click) -> DraftStep | None:
        key, steps = _key(step), self.current_steps()
        clicks = [s for s in steps[-2:] if s.verb in ("click", "check") and s.key == key]
        if len(clicks) == 2:  # the Recorder writes the two clicks of a double click before it
            steps.remove(clicks[1])
            clicks[0].comment = "a double click in the recording, walked as one click"
            return clicks[0]
        produced = self._click(step)
        if produced is not None:
            produced.comment = "a double click in the recording, walked as one click"
        return produced

    def _hover(self, step: replay.Hover) -> DraftStep | None:
        element = self.element(step)
        return None if element is None else self.add(DraftStep("hover", element.locator, comment=element.comment))

    def _change(self, step: replay.Change) -> DraftStep | None:
        element = self.element(step, field=True)
        if element is None:
            return None
        key, value, comment = _key(step), step.value.replace("${", "$${"), element.comment  # a value, not a match
        if element.is_password:
            value, comment = self.draft.secret(element.name or "password"), SECRET_COMMENT
        # Chrome reads a drop-down's text as its chosen value, so a text selector equal to the value marks one.
        is_select = element.is_select or (element.role is None and element.tag is None and element.text == step.value)
        verb, field = ("select", "option") if is_select else ("fill", "value")
        last = self.last_action()
        if last is not None and last.key == key and last.verb in ("click", "check", "fill", "select", "type"):
            self.current_steps().remove(last)  # the click that put the cursor in the field, or an earlier value
        locator = {"css": element.locator} if isinstance(element.locator, str) else element.locator
        return self.add(DraftStep(verb, {**locator, field: value}, comment=comment, key=key))

    def _keyDown(self, step: replay.Key) -> DraftStep | None:
        key = KEY_NAMES.get(step.key, step.key)
        if key in MODIFIERS:
            self.held.append(key)
            return None
        held = [m for m in self.held if m != "CapsLock" and not (m == "Shift" and len(key) == 1)]
        last = self.last_action()
        typing_into = last is not None and (last.verb in ("click", "type") or last.comment == GUESSED_CHECK)
        if len(key) == 1 and not held and typing_into:
            self.pressed[step.key] = typed = self._type(last, key)  # a character typed into the element clicked
            return typed
        combination = "+".join([*held, key])
        if last is not None and last.verb in ("fill", "select", "type"):  # a key pressed in the field just filled
            locator = {k: v for k, v in last.value.items() if k not in ("value", "option")}
            press = DraftStep("press", {"key": combination, **locator})
        else:
            press = DraftStep("press", combination)
        self.pressed[step.key] = press
        return self.add(press)

    def _type(self, last: DraftStep, character: str) -> DraftStep:
        """Characters the Recorder kept key by key (it folds typing into `change` where it can): typed the same
        way, into the element clicked before them, which the typing clicks itself."""
        if last.verb == "type":
            self.typed[id(last)] += character
            last.value["value"] = literal(self.typed[id(last)])
            return last
        locator = {"css": last.value} if isinstance(last.value, str) else dict(last.value)
        typed = DraftStep("type", {**locator, "value": literal(character)}, key=last.key)  # a field, not a box
        self.typed[id(typed)] = character
        steps = self.current_steps()
        steps[steps.index(last)] = typed
        return typed

    def _keyUp(self, step: replay.Key) -> DraftStep | None:
        key = KEY_NAMES.get(step.key, step.key)
        if key in self.held:
            self.held.remove(key)
        return self.pressed.pop(step.key, None)

    def _scroll(self, step: replay.Scroll) -> DraftStep | None:
        if not step.selectors:
            self.draft.note(f"a scroll of the page to ({step.x or 0:g}, {step.y or 0:g}) is left out: a walk scrolls "
                            f"to each element it uses (line {step.line})")
            return None
        element = self.element(step)
        return None if element is None else self.add(DraftStep("scroll_to", element.locator, comment=element.comment))

    def _waitForElement(self, step: replay.WaitForElement) -> DraftStep | None:
        expected_text = next((str(v) for k, v in (step.properties or {}).items() if k in ("textContent", "innerText")),
                             None)
        element = self.element(step, checks_text=expected_text is not None)
        if element is None:
            return None
        locator = {"css": element.locator} if isinstance(element.locator, str) else element.locator
        others = sorted(set(step.properties or {}) - {"textContent", "innerText"}) + sorted(step.attributes or {})
        if others:
            self.skip(step, f"its check of {', '.join(others)} is not in the scenario language; the element itself "
                            "is checked below")
        if expected_text is not None:
            check = {"text": literal(expected_text.strip()), "in": locator}
        elif not step.visible or (step.operator == "==" and step.count == 0):
            check = {"hidden": locator}
        elif step.operator == "==" and step.count != 1:
            check = {"count": step.count, "of": locator}
        elif step.operator == ">=" and step.count > 1:
            check = {"visible": {**locator, "nth": step.count - 1}}
        elif step.operator == "<=":
            return self.skip(step, f"a check that there are at most {step.count} of an element is not in the "
                                   "scenario language")
        else:
            check = {"visible": locator}
        return self.add(DraftStep("expect", check, comment=element.comment))

    def _waitForExpression(self, step: replay.WaitForExpression) -> None:
        expression = " ".join(step.expression.split())
        self.skip(step, f"a wait for the script condition `{expression[:80]}`; a scenario checks what the shopper "
                        "sees — write an `expect` for what it shows")

    def _emulateNetworkConditions(self, step: replay.EmulateNetworkConditions) -> None:
        device_class = self.device_class or "desktop"
        if step.download < 0 and step.upload < 0 and step.latency <= 0:
            self.draft.note(f"the recording stopped slowing the network here (line {step.line})")
            return
        conditions: dict = {}
        if step.latency > 0:
            conditions["latency"] = f"{step.latency:g}ms"
        if step.download > 0:  # the Recorder's throughput is in bytes a second, a scenario's in kbit/s
            conditions["download_kbps"] = round(step.download * 8 / 1000, 1)
        if step.upload > 0:
            conditions["upload_kbps"] = round(step.upload * 8 / 1000, 1)
        if conditions:
            self.draft.throttling[device_class] = conditions
        if self.draft.stages:
            self.draft.note(f"the recording slowed the network down here; the scenario slows the {device_class} "
                            f"walk from its start (line {step.line})")

    def _close(self, step: replay._Step) -> None:
        self.draft.note(f"the recording closes the page here; a walk ends after its last step (line {step.line})")

    # ---- helpers --------------------------------------------------------------------------------------------------

    def arrive(self, step: replay._Step, arrived: dict, leading: DraftStep | None) -> None:
        url = arrived["url"]
        if leading is None:
            self.draft.note(f"the shopper reached {url} after a step that could not be imported; the walk opens "
                            "the page itself")
            self.draft.open_stage(url)
            self.draft.add(DraftStep("goto", address(url, self.origin)))
            return
        self.draft.arrive(url, leading)
        last = self.last_action()
        if last is not None and last.verb == "expect" and arrived.get("title"):
            last.comment = "; ".join(filter(None, [last.comment, f"the page was titled “{arrived['title']}”"]))

    def add_expectation(self, arrived: dict) -> None:
        expectation = url_expectation(arrived["url"])
        if expectation is not None:
            self.draft.add(expectation)

    def add(self, step: DraftStep) -> DraftStep:
        if self.draft.current is None:
            self.draft.note("the recording does not open a page first: add a `goto` to the page it starts on")
            self.draft.open_stage("/")
        self.draft.add(step)
        return step

    def element(self, step: replay._Step, field: bool = False, checks_text: bool = False) -> Element | None:
        element = element_of(getattr(step, "selectors", None) or [], field=field, checks_text=checks_text)
        if element.locator is None:
            self.skip(step, "none of its selectors can be written as a locator")
            return None
        return element

    def skip(self, step: replay._Step, why: str) -> None:
        self.not_imported += 1
        self.draft.note(f"not imported: the {step.type} step at line {step.line} of the recording — {why}"
                        if step.line else f"not imported: a {step.type} step — {why}")

    def current_steps(self) -> list[DraftStep]:
        return self.draft.current.steps if self.draft.current else []

    def last_action(self) -> DraftStep | None:
        return self.draft.last_action()

    def finish(self) -> DraftScenario:
        draft = self.draft
        source = Path(self.recording.source).name
        draft.header = [f"Imported by `walkthrough import` from {source}, the Chrome DevTools Recorder's "
                        f"“{self.recording.title}”.",
                        "Give each stage its phase and needs, read the comments, then walk it with `walkthrough run`."]
        if self.recording.timeout:
            draft.header.append(f"The recording's time limit of {self.recording.timeout:g} ms per step is not carried "
                                f"over: use `walkthrough run --timeout {self.recording.timeout:g}ms`.")
        if self.not_imported:
            draft.header.append(f"{self.not_imported} step(s) of the recording could not be imported: see the "
                                "comments starting “not imported”.")
        if not any(step.verb for stage in draft.stages for step in stage.steps):
            raise replay.RecordingError([replay.Problem(self.recording.source, None, None, "the recording has no step "
                                                        "a scenario can walk; expected at least a navigate step")])
        return draft


def _key(step: replay._Step) -> str:
    """Which element a step acts on, to tell the click into a field from the change that follows it. Text selectors
    are left out: the Recorder reads a field's text as its value, which the change itself alters."""
    parts = [parts_of(selector) for selector in getattr(step, "selectors", None) or []]
    return repr([each for each in parts if each and kind_of(each[-1]) != "text"])


def _path(url: str) -> str:
    return urlsplit(url).path
