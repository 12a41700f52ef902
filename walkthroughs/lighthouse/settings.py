"""Which stages Lighthouse audits, how often, and what it asserts: the scenario's wishes, overridden by the CLI.

A scenario asks for Lighthouse with a top-level `lighthouse:` (true, or options) or `lighthouse: true`
on stages; `--lighthouse` audits every stage of any scenario, `--no-lighthouse` none. What Lighthouse CI asserts
and where it uploads come from `assert_config` (the scenario's options over its Lighthouse CI config file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..scenario import model as m
from ..scenario.errors import ScenarioError
from .assert_config import lighthouse_config
from .vocabulary import vocabulary


@dataclass(frozen=True)
class LighthouseChoice:
    """What the command line says; None leaves it to the scenario."""

    enabled: bool | None = None
    stages: tuple[str, ...] | None = None
    runs: int | None = None
    port: int | None = None  # Chromium's remote-debugging port, for Lighthouse (None: a free one)


@dataclass(frozen=True)
class LighthousePlan:
    """What Lighthouse does for one scenario."""

    stages: frozenset[str]
    runs: int = 1
    assert_config: dict[str, Any] = field(default_factory=dict)  # `ci.assert` for lhci assert; {}: nothing asserted
    upload: dict[str, Any] | None = None  # `ci.upload`, in Lighthouse CI's names
    notes: tuple[str, ...] = ()  # what of the config was left out, in words


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
    config, problems = lighthouse_config(scenario, vocabulary())
    if problems:
        raise ScenarioError(problems)
    return LighthousePlan(stages=frozenset(stages), runs=choice.runs or options.runs or config.runs or 1,
                          assert_config=config.assert_config, upload=config.upload, notes=tuple(config.notes))
