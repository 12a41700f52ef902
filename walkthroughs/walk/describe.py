"""Name steps and elements the way a QA person would read them in a report."""

from __future__ import annotations

from ..scenario import model as m
from ..scenario.variables import expand


def element_name(locator: m.Locator, variables: dict[str, str] | None = None) -> str:
    """The element in a shopper's words, with the scenario's variables filled in."""
    return expand(_raw_element_name(locator), _KnownOnly(variables or {}))


def _raw_element_name(locator: m.Locator) -> str:
    if locator.any is not None:
        return " or ".join(_raw_element_name(alternative) for alternative in locator.any)
    if locator.role is not None and locator.name:
        return f"“{locator.name}” ({locator.role})"
    if locator.label is not None:
        return f"the “{locator.label}” field"
    if locator.text is not None:
        return f"“{locator.text}”"
    if locator.placeholder is not None:
        return f"the field “{locator.placeholder}”"
    return f"`{locator.describe()}`"


def step_target(step: m._StepBase) -> m.Locator | None:
    """The element a step acts on or checks, if any."""
    verb = m.step_verb(step)
    value = getattr(step, verb)
    if isinstance(value, m.Locator):
        return value
    if isinstance(value, (m.PressArgs, m.WaitForArgs)):
        return value.locator()
    if isinstance(value, m.ExpectArgs):
        return next((getattr(value, state) for state in m.ELEMENT_STATES if getattr(value, state) is not None),
                    value.in_ or value.of)
    if isinstance(value, m.RememberArgs):
        return value.from_
    return None


_STATE_WORDS = {"checked": "is ticked", "unchecked": "is not ticked", "focused": "has the focus"}


class _KnownOnly(dict):
    """Variables for labels: the scenario's own values; anything else (the environment, secrets,
    values remembered during the walk) stays written as `${NAME}`."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> str:
        return "${" + key + "}"


def step_label(step: m._StepBase, variables: dict[str, str] | None = None) -> str:
    """The step's name, or a description of it, with the scenario's variables filled in."""
    return expand(_raw_label(step), _KnownOnly(variables or {}))


def _raw_label(step: m._StepBase) -> str:
    if step.name:
        return step.name
    verb = m.step_verb(step)
    value = getattr(step, verb)
    target = step_target(step)
    what = element_name(target) if target is not None else ""
    if verb == "goto":
        return f"Open {value}"
    if verb == "fill":
        return f"Fill {what}"
    if verb == "check":
        return f"Tick {what}"
    if verb == "type":
        return f"Type into {what}" + (f", {value.delay:g} ms a key" if value.delay else "")
    if verb == "select":
        return f"Choose “{value.option}” in {what}"
    if verb == "press":
        return f"Press {value.key}" + (f" in {what}" if target is not None else "")
    if verb == "expect":
        check = value.check
        if check == "text":
            return f"Check {what} shows “{value.text}”"
        if check == "value":
            return f"Check {what} holds “{value.value}”"
        if check == "count":
            return f"Check there are {value.count} × {what}"
        if check in ("url", "title"):
            return f"Check the {check} contains “{getattr(value, check)}”"
        return f"Check {what} {_STATE_WORDS.get(check, 'is ' + check)}"
    if verb == "remember":
        return f"Remember {what} as ${{{value.name}}}"
    if verb == "screenshot":
        return f"Screenshot “{value.name}”"
    if verb == "back":
        return "Go back"
    if verb == "wait_for":
        return f"Wait for {what or value.url or value.load_state}"
    return f"{verb.replace('_', ' ').capitalize()} {what}".strip()
