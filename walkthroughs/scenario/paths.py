"""A scenario's paths as journeys the walker can walk: each path becomes a copy of the scenario whose stages
are the path's, so the walker, the gatherers and the detectors need not know about paths at all."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import InputError
from .model import MAIN_PATH, NewStage, Scenario, Stage


class UnknownName(InputError):
    """A path or persona asked for on the command line that the scenarios do not define."""


def stages_of_path(scenario: Scenario, name: str) -> list[Stage]:
    """The stages the path walks, in order (`use` resolved against every stage the scenario defines)."""
    written = scenario.as_written
    if name == MAIN_PATH:
        return list(written.stages)
    new = [item.stage for path in written.paths.values() for item in path.stages if isinstance(item, NewStage)]
    defined = {stage.name: stage for stage in [*written.stages, *new]}
    stages: list[Stage] = []
    for item in written.paths[name].stages:
        stages.extend([item.stage] if isinstance(item, NewStage) else [defined[used] for used in item.use])
    return stages


def path_scenario(scenario: Scenario, name: str) -> Scenario:
    """The scenario as walked on path `name`: its stages and its variables (the path's win)."""
    written = scenario.as_written
    if name == MAIN_PATH:
        return scenario
    path = written.paths[name]
    copy = scenario.model_copy(update={"stages": stages_of_path(written, name),
                                       "variables": {**scenario.variables, **path.variables}})
    copy._written = written
    return copy


def chosen(asked: Iterable[str] | None, scenarios: Iterable[Scenario], kind: str) -> list[str] | None:
    """The names `--paths` or `--personas` asked for, checked against the scenarios; `all` means every one.

    `kind` is "paths" or "personas". None (not asked) walks the main path only, without a persona.
    """
    if asked is None:
        return None
    asked = [name.strip() for name in asked if name.strip()]
    defined = {name for scenario in scenarios for name in getattr(scenario, kind)}
    if kind == "paths":
        defined.add(MAIN_PATH)
    if "all" in asked:
        return ["all"]
    unknown = [name for name in asked if name not in defined]
    if unknown:
        known = ", ".join(sorted(defined)) or "none"
        raise UnknownName(f"no scenario has the {kind[:-1]} {unknown[0]!r} (defined {kind}: {known})")
    return asked


def wanted(asked: list[str] | None, defined: Iterable[str]) -> list[str]:
    """Which of one scenario's paths or personas to walk: those `chosen` asked for (`all`: every one) that it defines."""
    defined = list(defined)
    if asked is None:
        return []
    return defined if asked == ["all"] else [name for name in defined if name in asked]
