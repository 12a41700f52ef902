"""A draft scenario as YAML text in the shape people write by hand — `- click: {role: button, name: Pay}`, comments
where a person has something to check — and checked with the project's own loader before anyone walks it.

The lines are laid out here, and every value goes through PyYAML's emitter, which quotes what YAML would misread
(`"42"`, `yes`, `a: b`); ruamel.yaml could keep comments too, but would be one more dependency for this one use.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import RunError
from ..scenario import Scenario, ScenarioError, parse_scenario
from .draft import DraftScenario, DraftStage, DraftStep, phase_comment

STAGE_RULE = ("Each stage begins with the step that leads to its page and ends on that page, so what is "
              "gathered at the end of a stage belongs to it.")
NEEDS_COMMENT = "what the shopper needs on this page, in words"


class DraftInvalid(RunError):
    """The scenario written from a recording does not load: a fault of this tool, said with the problems found."""


def flow(value: Any) -> str:
    """One value in YAML's flow style, on one line, quoted only where YAML needs it."""
    text = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, sort_keys=False, width=1 << 30)
    return text.strip()[1:-1]


def comment(text: str) -> str:
    return " ".join(str(text).split())


def scenario_text(draft: DraftScenario) -> str:
    """The draft as a commented scenario file."""
    lines = [f"# {comment(line)}" for line in draft.header]
    lines.append(f"name: {flow(draft.name)}")
    lines.append("# goal: what the shopper wants, in words")
    if draft.base_url:
        lines.append(f"base_url: {flow(draft.base_url)}")
    lines.append(_with_comment(f"devices: {flow(draft.devices)}", draft.devices_comment))
    if draft.secrets:
        names = " ".join(f"{name}=..." for name in draft.secrets)
        lines.append(_with_comment(f"secrets: {flow(draft.secrets)}",
                                   f"from the environment, never this file: {names} walkthrough run ..."))
    if draft.throttling:
        lines.append("throttling:")
        lines += [f"  {flow(device)}: {flow(conditions)}" for device, conditions in draft.throttling.items()]
    lines += ["", f"# {STAGE_RULE}", "stages:"]
    lines += [f"  # {comment(note)}" for note in draft.pending_notes]
    for stage in draft.stages:
        lines += _stage_lines(stage)
    return "\n".join(lines) + "\n"


def _stage_lines(stage: DraftStage) -> list[str]:
    lines = [f"  # {comment(note)}" for note in stage.notes]
    lines.append(f"  - name: {flow(stage.name)}")
    if stage.phase is None:
        lines.append(f"    # {phase_comment(stage)}")
    else:
        lines.append(_with_comment(f"    phase: {stage.phase}", phase_comment(stage)))
    lines.append(_with_comment("    needs: []", NEEDS_COMMENT))
    lines.append("    steps:")
    for step in stage.steps:
        lines += _step_lines(step)
    return lines


def _step_lines(step: DraftStep, indent: str = "      ") -> list[str]:
    lines = [f"{indent}# {comment(note)}" for note in step.notes]
    if step.verb is None:
        return lines
    head = f"{indent}- {step.verb}" if step.value is None else f"{indent}- {step.verb}: {flow(step.value)}"
    lines.append(_with_comment(head, step.comment))
    lines += [f"{indent}  {key}: {flow(value)}" for key, value in step.options.items()]
    return lines


def _with_comment(line: str, text: str | None) -> str:
    return f"{line}  # {comment(text)}" if text else line


def checked_scenario(text: str, source: str, secrets: list[str]) -> Scenario:
    """Load `text` as the walker will; a problem is this tool's fault, raised with the loader's own words."""
    try:
        return parse_scenario(text, source, environ={name: "" for name in secrets})
    except ScenarioError as error:
        raise DraftInvalid(f"the scenario written from {source} does not load, which is a fault of walkthroughs; "
                           f"please report it with the recording: {error.problems[0]}") from None
