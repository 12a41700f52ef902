"""Chrome DevTools Recorder exports — the `@puppeteer/replay` JSON format (its `Schema.ts`) — read and checked, every
problem at the file's line and column.

Only what the importer reads is modelled; the Recorder's other fields (click offsets, `deviceScaleFactor`, …) are
allowed and ignored. A step of a type this version does not know is kept, so the importer can say so in a comment.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..scenario import Problem, ScenarioError

Selector = Union[str, list[str]]  # a list: the ancestors first (shadow roots, frames of an ARIA path), the element last


class RecordingError(ScenarioError):
    """A file that is not a Recorder export this version can read; each problem names its line."""


class _Step(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    type: str
    timeout: float | None = Field(None, gt=0)
    target: str | None = None  # "main", or the URL of another tab or pop-up
    frame: list[int] | None = None  # indexes of nested frames, from the page down
    asserted_events: list[dict[str, Any]] = Field(default_factory=list, alias="assertedEvents")
    line: int | None = Field(None, exclude=True)

    @property
    def navigated_to(self) -> dict[str, Any] | None:
        """The page this step led to, as the Recorder saw it: `{url, title}`, or None."""
        events = [event for event in self.asserted_events if event.get("type") == "navigation"]
        return events[-1] if events else None


class SetViewport(_Step):
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    is_mobile: bool = Field(False, alias="isMobile")
    has_touch: bool = Field(False, alias="hasTouch")


class Navigate(_Step):
    url: str = Field(min_length=1)


class _WithSelectors(_Step):
    selectors: list[Selector] = Field(min_length=1)


class Click(_WithSelectors):
    button: Literal["primary", "auxiliary", "secondary", "back", "forward"] | None = None
    device_type: Literal["mouse", "pen", "touch"] | None = Field(None, alias="deviceType")


class Hover(_WithSelectors):
    pass


class Change(_WithSelectors):
    value: str


class Key(_Step):
    key: str = Field(min_length=1)


class Scroll(_Step):
    selectors: list[Selector] | None = None
    x: float | None = None
    y: float | None = None


class WaitForElement(_WithSelectors):
    operator: Literal[">=", "==", "<="] = "=="
    count: int = Field(1, ge=0)
    visible: bool = True
    properties: dict[str, Any] | None = None
    attributes: dict[str, str] | None = None


class WaitForExpression(_Step):
    expression: str


class EmulateNetworkConditions(_Step):
    download: float
    upload: float
    latency: float


STEP_MODELS: dict[str, type[_Step]] = {
    "setViewport": SetViewport,
    "navigate": Navigate,
    "click": Click,
    "doubleClick": Click,
    "hover": Hover,
    "change": Change,
    "keyDown": Key,
    "keyUp": Key,
    "scroll": Scroll,
    "waitForElement": WaitForElement,
    "waitForExpression": WaitForExpression,
    "emulateNetworkConditions": EmulateNetworkConditions,
}
EXPECTED = 'a Chrome DevTools Recorder recording (exported as JSON): an object with "title" and "steps"'


class Recording(BaseModel):
    title: str
    timeout: float | None = None
    steps: list[_Step]
    source: str


def read_recording(path: str | Path) -> Recording:
    """Read and check a Recorder export; raise RecordingError naming every problem with its line."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise RecordingError([Problem(file, None, None, f"cannot read the recording: {reason}")]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problem = Problem(file, error.lineno, error.colno, f"invalid JSON: {error.msg}; expected {EXPECTED}")
        raise RecordingError([problem]) from None
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        raise RecordingError([Problem(file, 1, 1, f"expected {EXPECTED}")])
    lines = _step_lines(text)
    problems, steps = [], []
    for index, raw in enumerate(data["steps"]):
        line = lines[index] if index < len(lines) else None
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
            problems.append(Problem(file, line, None, f'step {index + 1} has no "type" (expected a step such as '
                                                      '{"type": "click", "selectors": [...]})'))
            continue
        model = STEP_MODELS.get(raw["type"], _Step)
        try:
            step = model.model_validate(raw)
        except ValidationError as error:
            problems += [Problem(file, line, None, f"step {index + 1} ({raw['type']}): {_say(each)}")
                         for each in error.errors()]
            continue
        step.line = line
        steps.append(step)
    if problems:
        raise RecordingError(problems)
    title, timeout = data.get("title"), data.get("timeout")
    return Recording(title=title if isinstance(title, str) and title.strip() else Path(path).stem, steps=steps,
                     timeout=timeout if isinstance(timeout, (int, float)) else None, source=file)


def _say(error: dict) -> str:
    where = ".".join(str(part) for part in error["loc"])
    if error["type"] == "missing":
        return f'"{where}" is missing'
    return f'"{where}": {error["msg"][0].lower()}{error["msg"][1:]}, got {json.dumps(error.get("input"))[:60]}'


def _step_lines(text: str) -> list[int | None]:
    """The line each step starts on. JSON is YAML, whose parser keeps positions; where it cannot read this file
    the problems go without a line rather than not at all."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "steps" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []
