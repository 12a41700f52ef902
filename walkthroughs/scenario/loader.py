"""YAML scenario files → `Scenario`, with every problem reported at its file:line:column.

YAML is composed into nodes first, within the limits of `yaml_limits`, so each value keeps its position;
pydantic's error paths are then mapped back onto those nodes and rewritten in a QA person's words (see
`messages`). What is valid but probably not meant becomes a warning on `Scenario.warnings` (`likely_mistakes`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .checks import (
    KnownDetector,
    check_detectors,
    check_devices,
    check_only,
    check_paths,
    check_unique_names,
    check_variables,
)
from .errors import Problem, ScenarioError
from .likely_mistakes import check_likely_mistakes
from .messages import describe_error, kind_of
from .model import NewStage, Scenario, Stage
from .positions import Positions, YamlPath
from .yaml_limits import (
    MAX_BYTES,
    LimitedLoader,
    Refused,
    character_problems,
    read_scenario_text,
    too_large,
)

SCENARIO_SUFFIXES = (".yaml", ".yml")


def load_scenario(
    path: str | Path,
    *,
    environ: Mapping[str, str] | None = None,
    device_descriptors: Mapping[str, dict] | None = None,
    detectors: Mapping[str, KnownDetector] | None = None,
) -> Scenario:
    """Read and check one scenario file; raise ScenarioError listing all its problems."""
    text = read_scenario_text(Path(path))
    return parse_scenario(text, path, environ=environ, device_descriptors=device_descriptors, detectors=detectors)


def load_scenarios(
    paths: Iterable[str | Path],
    *,
    environ: Mapping[str, str] | None = None,
    device_descriptors: Mapping[str, dict] | None = None,
    detectors: Mapping[str, KnownDetector] | None = None,
) -> list[Scenario]:
    """Load several files (a folder means its *.yaml/*.yml files); raise one ScenarioError for all of them."""
    scenarios, problems = [], []
    for path in _expand_folders(paths):
        try:
            scenarios.append(load_scenario(path, environ=environ, device_descriptors=device_descriptors,
                                           detectors=detectors))
        except ScenarioError as error:
            problems.extend(error.problems)
    if problems:
        raise ScenarioError(problems)
    return scenarios


def parse_scenario(
    text: str,
    source: str | Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    device_descriptors: Mapping[str, dict] | None = None,
    detectors: Mapping[str, KnownDetector] | None = None,
) -> Scenario:
    """Check scenario YAML `text`; `source` names it in problems and becomes `Scenario.source`.

    `environ` (default `os.environ`) counts as defined variables; with `device_descriptors`
    (Playwright's `devices`), device names are checked too; with `detectors` (id → detector, the registry's),
    the `detectors:` settings are.
    """
    file = None if source is None else str(source)
    data, positions, problems = _compose(text, file)
    warnings: list[Problem] = []

    def report(path: YamlPath, message: str, *, at_key: bool = False, warning: bool = False) -> None:
        node = positions.key(path) if at_key else positions.value(path)
        mark = node.start_mark if node is not None else None
        (warnings if warning else problems).append(
            Problem(file, mark and mark.line + 1, mark and mark.column + 1, message, warning))

    for path in positions.duplicate_keys:
        report(path, f"'{path[-1]}' appears twice in this mapping; keep one", at_key=True)
    if not isinstance(data, dict):
        wanted = "a scenario: a mapping with `name:` and `stages:`"
        report((), f"the file is empty; expected {wanted}" if data is None else f"expected {wanted}, got {kind_of(data)}")
        raise ScenarioError(problems)
    data = {key: value for key, value in data.items() if not _is_extension(key)}

    scenario = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        for pydantic_error in error.errors():
            for path, message, at_key in describe_error(pydantic_error):
                report(path, message, at_key=at_key)
    check_unique_names(data, report)
    check_variables(data, os.environ if environ is None else environ, report)
    check_only(data, report)
    if detectors is not None:
        check_detectors(data, detectors, report)
    check_paths(data, os.environ if environ is None else environ, report)
    if device_descriptors is not None:
        check_devices(data, device_descriptors, report)
    check_likely_mistakes(data, lambda path, message: report(path, message, warning=True))

    if problems or scenario is None:
        raise ScenarioError(_in_file_order(problems))
    scenario._source = None if source is None else Path(source)
    scenario._warnings = _in_file_order(warnings)
    _note_step_lines(scenario, positions)
    scenario._positions = positions
    return scenario


def _is_extension(key: Any) -> bool:
    """`x-common-steps:` and the like are the writer's own, a place for YAML anchors (as in Compose files): ignored."""
    return isinstance(key, str) and key.startswith("x-")


MAX_PROBLEMS = 100  # per file: a file with thousands of problems is the wrong file; the first hundred say so


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    ordered = sorted(set(problems), key=lambda p: (p.line or 0, p.column or 0, p.message))
    if len(ordered) <= MAX_PROBLEMS:
        return ordered
    first_left_out = ordered[MAX_PROBLEMS]
    return ordered[:MAX_PROBLEMS] + [Problem(first_left_out.file, first_left_out.line, first_left_out.column,
                                             f"and {len(ordered) - MAX_PROBLEMS} more problems like these from here on",
                                             first_left_out.warning)]


def _note_step_lines(scenario: Scenario, positions: Positions) -> None:
    """Each stage and step keeps the line it is written on, so a failure or a finding can point at it."""
    stages: list[tuple[YamlPath, Stage]] = [(("stages", index), stage) for index, stage in enumerate(scenario.stages)]
    for name, path in scenario.paths.items():
        stages += [(("paths", name, "stages", index, "stage"), item.stage)
                   for index, item in enumerate(path.stages) if isinstance(item, NewStage)]
    stages += [(("personas", name, "sign_in"), persona.sign_in)
               for name, persona in scenario.personas.items() if persona.sign_in is not None]
    for stage_path, stage in stages:
        stage._line = positions.line(stage_path)
        for index, step in enumerate(stage.steps):
            step._line = positions.line((*stage_path, "steps", index))
        for index, step in enumerate(stage.resume):
            step._line = positions.line((*stage_path, "resume", index))


def _compose(text: str, file: str | None) -> tuple[Any, Positions, list[Problem]]:
    """Parse YAML safely and within limits, keeping the node of every value; YAML's own errors become Problems.

    Returns the data, the positions and the problems found on the way (values holding control characters)."""
    if len(text) > MAX_BYTES:
        raise too_large(file, text.count("\n", 0, MAX_BYTES) + 1)
    if problems := character_problems(text, file):
        raise ScenarioError(problems)
    loader = LimitedLoader(text)
    try:
        node = loader.get_single_node()
        positions = Positions.of(node, loader)  # before construction, which flattens merge keys in place
        data = loader.construct_document(node) if node is not None else None
    except Refused as refused:
        raise ScenarioError([Problem(file, refused.mark.line + 1, refused.mark.column + 1, refused.message)]) from None
    except yaml.MarkedYAMLError as error:
        raise ScenarioError([_yaml_problem(error, file)]) from None
    except yaml.YAMLError as error:
        raise ScenarioError.single(f"invalid YAML: {error}", file) from None
    finally:
        loader.dispose()
    found = [Problem(file, mark.line + 1, mark.column + 1, "this value holds a control character (written as an "
                                                           "escape such as \\0 or \\e); a scenario's text cannot "
                                                           "use them — remove it")
             for mark in loader.value_marks]
    return data, positions, found


_OPENERS = {"while parsing a flow sequence": "'['", "while parsing a flow mapping": "'{'",
            "while scanning a quoted scalar": "quote"}


def _yaml_problem(error: yaml.MarkedYAMLError, file: str | None) -> Problem:
    """YAML's own message and position; an unclosed bracket or quote points where it opens, not at the end."""
    mark, message = error.problem_mark or error.context_mark, f"invalid YAML: {error.problem or error.context}"
    opener = _OPENERS.get(error.context or "")
    if opener and error.context_mark and "stream" in (error.problem or ""):  # '<stream end>', 'end of stream'
        mark, message = error.context_mark, f"invalid YAML: the {opener} here is never closed ({error.problem})"
    elif error.context and error.context_mark and error.problem:
        message += f" ({error.context} at line {error.context_mark.line + 1})"
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return Problem(file, line, column, message)


def _expand_folders(paths: Iterable[str | Path]) -> list[Path]:
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in SCENARIO_SUFFIXES))
        else:
            found.append(path)
    return found
