"""Pydantic validation errors rewritten for a QA person, each tied to the YAML path it is about.

Pydantic's `loc` follows the models (with union tags such as the step's verb); `resolve` walks the
models alongside it to recover the YAML path and the type expected there, which the messages use
("expected a list of steps", "unknown key 'stage' — did you mean 'stages'?").
"""

from __future__ import annotations

import re
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from .errors import did_you_mean
from .model import STEP_OPTIONS, STEP_TYPES, VERBS, CustomDevice, Locator, Scenario
from .positions import YamlPath

Described = tuple[YamlPath, str, bool]
"""(where, message, whether to point at the key rather than the value)."""

_LIST_OF = {"stages": "stages", "steps": "steps", "devices": "devices", "needs": "texts",
            "only": "device names or classes"}
_SINGULAR = {"stages": "stage", "steps": "step", "devices": "device"}

# Playwright's (and other tools') names for what a scenario calls otherwise: their word → (our verb, how it reads here).
# Looked up in snake case, so `waitForSelector` and `wait-for-selector` find `wait_for_selector`.
_THEIR_VERBS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("tap", "click_element", "press_button"), ("click", "a tap is a `click` here, on touch screens too")),
    **dict.fromkeys(("dblclick", "double_click"), ("click", "a scenario clicks once, as a shopper does: `click`")),
    **dict.fromkeys(("navigate", "go_to", "goto_url", "open", "open_url", "visit", "load", "go"),
                    ("goto", "opening a page is `goto: /path`")),
    **dict.fromkeys(("wait_for_selector", "wait_for_element"), ("wait_for", "`wait_for` takes the locator itself")),
    **dict.fromkeys(("wait_for_url", "wait_for_navigation"), ("wait_for", "write `wait_for: {url: /cart}`")),
    "wait_for_load_state": ("wait_for", "write `wait_for: {load_state: networkidle}`"),
    **dict.fromkeys(("wait_for_timeout", "wait", "sleep", "pause"),
                    ("wait_for", "a walk waits for something on the page (a locator, a url, a load state), not for a time")),
    **dict.fromkeys(("type_text", "press_sequentially", "type_keys", "keyboard_type", "send_keys"),
                    ("type", "typing key by key is `type: {label: ..., value: ...}`")),
    **dict.fromkeys(("fill_in", "input", "enter_text", "set_value", "fill_field"), ("fill", "`fill` sets a field's value")),
    **dict.fromkeys(("select_option", "choose"), ("select", "choosing in a list is `select: {label: ..., option: ...}`")),
    **dict.fromkeys(("set_checked", "tick"), ("check", "ticking a box is `check`")),
    **dict.fromkeys(("keyboard_press", "press_key", "key_press", "key"), ("press", "a key is `press: Enter`")),
    **dict.fromkeys(("scroll_into_view_if_needed", "scroll_into_view", "scroll"), ("scroll_to", "`scroll_to` takes a locator")),
    **dict.fromkeys(("go_back", "navigate_back", "browser_back"), ("back", "the back button is `- back`")),
    **dict.fromkeys(("assert", "verify", "should", "assert_visible", "expect_visible", "to_be_visible", "assert_text",
                     "to_have_text", "to_contain_text", "assert_url", "to_have_url"),
                    ("expect", "checks are `expect: {visible: ...}`, `{text: ..., in: ...}`, `{url: ...}`")),
    **dict.fromkeys(("get_text", "inner_text", "text_content", "extract", "store", "save_text"),
                    ("remember", "keeping a text is `remember: {name: VAR, from: locator}`")),
    **dict.fromkeys(("take_screenshot", "snapshot"), ("screenshot", "`screenshot: a-name`")),
    **dict.fromkeys(("mouse_over", "hover_over", "move_to"), ("hover", "`hover` takes a locator")),
}
# Keys of a locator or an `expect` as Playwright spells them.
_THEIR_KEYS = {"selector": "css", "xpath": "css", "locator": "css", "testid": "test_id", "data_testid": "test_id",
               "alt_text": "alt", "aria_label": "label", "has_text": "text", "accessible_name": "name"}
_THEIR_PREFIXES = ("get_by_", "not_to_be_", "to_be_", "to_have_", "to_contain_")


def _snake(word: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", word).replace("-", "_").lower()


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """` — did you mean 'x'?` for a key or verb: Playwright's own name for it (`tap`, `getByRole`, `toBeVisible`)
    first, then the closest spelling; an empty string when nothing is close."""
    snake = _snake(word)
    if snake in _THEIR_VERBS and _THEIR_VERBS[snake][0] in choices:
        ours, how = _THEIR_VERBS[snake]
        return f" — did you mean '{ours}'? {how[0].upper()}{how[1:]}"
    ours = _THEIR_KEYS.get(snake)
    if ours is None:
        ours = next((snake.removeprefix(p) for p in _THEIR_PREFIXES if snake.startswith(p)), None)
        ours = _THEIR_KEYS.get(ours, ours)
    if ours in choices and ours != word:
        return f" — did you mean '{ours}'? (Playwright's {word!r} is {ours!r} here)"
    return did_you_mean(word, choices)


def describe_error(error: ErrorDetails) -> list[Described]:
    """The problems one pydantic error stands for (a step with two unknown keys gives two)."""
    path, expected = resolve(error["loc"])
    kind, value, last = error["type"], error["input"], (path[-1] if path else None)
    if kind == "scenario":
        at = tuple(error.get("ctx", {}).get("at", ()))
        return [((*path, *at), error["ctx"]["message"], bool(at))]
    if kind == "step_verb":
        return _describe_step(path, value)
    if kind == "extra_forbidden":
        parent = resolve(error["loc"][:-1])[1]
        valid = _keys_of(parent)
        if parent in STEP_TYPES.values():
            valid.sort(key=lambda key: key in STEP_OPTIONS)  # the verb first
        return [(path, f"unknown key '{last}'{suggest(str(last), valid)} (expected one of: {', '.join(valid)})",
                 True)]
    if kind == "missing":
        return [(path[:-1], f"{place(path[:-1])} has no '{last}'", False)]
    return [(path, _describe_value(kind, error, value, last, expected), False)]


def _describe_value(kind: str, error: ErrorDetails, value: Any, last: Any, expected: Any) -> str:
    """The message for a value of the wrong type or out of range."""
    got = f"got {kind_of(value)}"
    if kind == "list_type":
        return f"expected a list of {_LIST_OF.get(last, 'values')}, {got}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if isinstance(expected, type) and issubclass(expected, Locator):
            return f"expected a locator (a CSS selector, or a mapping such as {{role: button, name: Pay}}), {got}"
        if expected is CustomDevice:
            return f"expected a device name (desktop, mobile, iPhone 13) or a custom device mapping, {got}"
        return f"expected a mapping (key: value lines), {got}"
    if kind == "string_type":
        return f"expected text, {got}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, {got}"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, {got}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, {got}"
    if kind == "none_required":
        return f"'{last}' takes no value (write `- {last}:`)"
    if kind == "literal_error":
        allowed = [str(option) for option in get_args(expected)] if get_origin(expected) is Literal else []
        return f"unknown {last} {value!r}{did_you_mean(str(value), allowed)} (expected one of: {', '.join(allowed)})"
    if kind == "too_short":
        if isinstance(value, (list, tuple)):
            return f"'{last}' is empty; add at least one {_SINGULAR.get(last, 'item')}"
        return f"'{last}' is empty"
    if kind == "string_too_short":
        return f"'{last}' is empty"
    if kind in ("greater_than", "greater_than_equal"):
        bound, word = (error["ctx"]["gt"], "more than") if kind == "greater_than" else (error["ctx"]["ge"], "at least")
        return f"'{last}' must be {word} {bound}, got {value}"
    if kind == "string_pattern_mismatch" and last == "name":
        return f"{value!r} cannot be a variable name: use letters, digits and _, not starting with a digit"
    return error["msg"].removeprefix("Value error, ")


def _describe_step(path: YamlPath, value: Any) -> list[Described]:
    """Why a step has no single verb: none, an unknown one, or two."""
    expected = f"(expected one of: {', '.join(VERBS)})"
    if isinstance(value, str):
        word = value.split(":")[0].strip()
        if word in VERBS:
            return [(path, f"'{word}' needs a value: write `- {word}: ...`", False)]
        return [(path, f"unknown step {word!r}{suggest(word, VERBS)} {expected}", False)]
    if not isinstance(value, dict):
        return [(path, f"expected a step such as `- click: ...`, got {kind_of(value)}", False)]
    verbs = [key for key in value if key in VERBS]
    if len(verbs) > 1:
        return [((*path, verbs[1]), f"a step does one thing, this one has both '{verbs[0]}' and '{verbs[1]}'; "
                                    "split it into two steps", True)]
    unknown = [key for key in value if key not in STEP_OPTIONS]
    if not unknown:
        return [(path, f"this step has no verb {expected}", False)]
    first, *others = unknown
    options = f"(expected one of: {', '.join(STEP_OPTIONS)} and one verb)"
    return [((*path, first), f"unknown step '{first}'{suggest(str(first), VERBS)} {expected}", True)] + [
        ((*path, key), f"unknown key '{key}'{did_you_mean(str(key), STEP_OPTIONS)} {options}", True)
        for key in others
    ]


def resolve(loc: tuple[int | str, ...]) -> tuple[YamlPath, Any]:
    """Pydantic's error location → (YAML path, the type expected there); union tags are dropped."""
    expected: Any = Scenario
    path: list[int | str] = []
    for part in loc:
        expected = _unwrap(expected)
        if isinstance(expected, type) and issubclass(expected, BaseModel):
            name, field = _field(expected, part)
            path.append(name)
            expected = field.annotation if field else None
        elif get_origin(expected) in (list, dict):
            path.append(part)
            expected = get_args(expected)[-1]
        elif _is_union(expected):
            expected = _tagged_member(expected, part)
        else:
            path.append(part)
            expected = None
    return tuple(path), _unwrap(expected)


def place(path: YamlPath) -> str:
    """`stage 2`, `step 3 of stage 1`, `this fill step`: what the mapping at `path` is, in words."""
    match path:
        case ():
            return "the scenario"
        case ("stages", int(stage)):
            return f"stage {stage + 1}"
        case ("stages", int(stage), "steps", int(step)):
            return f"step {step + 1} of stage {stage + 1}"
        case ("stages", int(), "steps", int(), str(verb)) if verb in STEP_TYPES:
            return f"this {verb} step"
        case ("devices", int(device)):
            return f"device {device + 1}"
        case ("stages", int(stage), "needs", int(need)):
            return f"need {need + 1} of stage {stage + 1}"
    return f"'{path[-1]}'"


def _field(model: type[BaseModel], part: int | str) -> tuple[int | str, FieldInfo | None]:
    """The YAML key and field for a loc part, which pydantic gives by alias or by name."""
    for name, field in model.model_fields.items():
        if part in (name, field.alias):
            return field.alias or name, field
    return part, None


def _keys_of(model: Any) -> list[str]:
    """The keys a mapping validated by `model` may have, as written in YAML."""
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return []
    return [field.alias or name for name, field in model.model_fields.items()]


def _unwrap(expected: Any) -> Any:
    """Strip `Annotated` and `| None`, keeping tagged unions (steps, devices) whole."""
    while True:
        if get_origin(expected) is Annotated and not _is_union(get_args(expected)[0]):
            expected = get_args(expected)[0]
        elif _is_union(expected) and len([a for a in get_args(expected) if a is not type(None)]) == 1:
            expected = next(a for a in get_args(expected) if a is not type(None))
        else:
            return expected


def _is_union(expected: Any) -> bool:
    if get_origin(expected) is Annotated:
        expected = get_args(expected)[0]
    return get_origin(expected) in (Union, types.UnionType)


def _tagged_member(union: Any, tag: int | str) -> Any:
    members = get_args(get_args(union)[0] if get_origin(union) is Annotated else union)
    for member in members:
        if get_origin(member) is Annotated and any(getattr(m, "tag", None) == tag for m in get_args(member)[1:]):
            return get_args(member)[0]
    return None


def kind_of(value: Any) -> str:
    """A value's YAML kind in plain words: `a string`, `a list`, `nothing`."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return {str: "a string", list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)
