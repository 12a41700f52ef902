"""Which stages Lighthouse audits, how often, and what it asserts: the scenario's wishes, overridden by the CLI.

A scenario asks for Lighthouse with a top-level `lighthouse:` (true, or options) or `lighthouse: true`
on stages; `--lighthouse` audits every stage of any scenario, `--no-lighthouse` none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..scenario import model as m


@dataclass(frozen=True)
class LighthouseChoice:
    """What the command line says; None leaves it to the scenario."""

    enabled: bool | None = None
    stages: tuple[str, ...] | None = None
    runs: int | None = None


@dataclass(frozen=True)
class LighthousePlan:
    """What Lighthouse does for one scenario."""

    stages: frozenset[str]
    runs: int = 1
    assertions: dict[str, Any] = field(default_factory=dict)
    upload: dict[str, Any] | None = None


class UnknownLighthouseStage(InputError):
    """A stage named for Lighthouse that the scenario does not have."""


def lighthouse_plan(scenario: m.Scenario, choice: LighthouseChoice = LighthouseChoice()) -> LighthousePlan | None:
    """The scenario's Lighthouse plan, or None when its pages are not to be audited."""
    setting = scenario.lighthouse
    options = setting if isinstance(setting, m.LighthouseOptions) else m.LighthouseOptions()
    marked = [stage.name for stage in scenario.stages if stage.lighthouse]
    asked = setting is True or (isinstance(setting, m.LighthouseOptions) and setting.enabled) or bool(marked)
    enabled = choice.enabled if choice.enabled is not None else (asked or choice.stages is not None)
    if not enabled:
        return None
    names = [stage.name for stage in scenario.stages]
    stages = (choice.stages or options.stages or marked
              or [stage.name for stage in scenario.stages if stage.lighthouse is not False])
    unknown = [name for name in stages if name not in names]
    if unknown:
        raise UnknownLighthouseStage(f"scenario {scenario.name!r} has no stage {unknown[0]!r} to audit with Lighthouse "
                                     f"(its stages: {', '.join(names)})")
    return LighthousePlan(stages=frozenset(stages), runs=choice.runs or options.runs, assertions=dict(options.assertions),
                          upload=options.upload.model_dump(exclude_none=True) if options.upload else None)
