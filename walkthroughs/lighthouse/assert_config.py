"""What Lighthouse CI asserts and where it uploads, for one scenario: its `lighthouse:` options laid over a Lighthouse
CI config (`config:`, or a `lighthouserc.*` beside the scenario), checked before anything is walked.

The config's `ci.assert` is read as `lhci assert` reads it — `preset` (from the installed Lighthouse CI),
`assertions`, `assertMatrix`, `budgetsFile`, `aggregationMethod` — and the scenario's own `assertions` replace the
config's key by key. A preset's assertions on audits the installed Lighthouse no longer runs are left out (said in
a note), since `lhci assert` would fail them as never run. Assertions are checked against Lighthouse's categories
and audit ids and Lighthouse CI's options; each problem names its file and line, with a "did you mean".
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..scenario import model as m
from ..scenario.errors import Problem, ScenarioError, did_you_mean
from ..scenario.positions import Positions, YamlPath
from .rc_file import RcFile, find_rc, read_rc
from .vocabulary import Vocabulary

LEVELS = ("off", "warn", "error")
# Lighthouse CI's assertion options and ways to aggregate runs (@lhci/utils/src/assertions.js).
OPTIONS = ("minScore", "maxLength", "maxNumericValue", "aggregationMethod")
AGGREGATION_METHODS = ("median", "optimistic", "pessimistic", "median-run")
ASSERT_KEYS = ("preset", "assertions", "assertMatrix", "budgetsFile", "aggregationMethod", "includePassedAssertions")
MATRIX_KEYS = ("matchingUrlPattern", "preset", "assertions", "aggregationMethod")
RESOURCE_TYPES = ("document", "script", "stylesheet", "image", "media", "font", "other", "third-party", "total")
PSEUDO_AUDITS = ("categories", "resource-summary", "user-timings")  # audit ids lhci reads with a property
UPLOAD_TARGETS = ("lhci", "filesystem", "temporary-public-storage")

Report = Callable[[YamlPath, str, bool], None]


@dataclass
class LighthouseConfig:
    """The Lighthouse CI side of one scenario's page-speed plan."""

    assert_config: dict[str, Any] = field(default_factory=dict)  # `ci.assert` as lhci assert gets it; {}: nothing
    upload: dict[str, Any] | None = None  # `ci.upload` in Lighthouse CI's names
    runs: int | None = None  # the config's ci.collect.numberOfRuns
    rc: Path | None = None  # the config file it came from
    notes: list[str] = field(default_factory=list)  # what was left out, in words


def lodash_merge(base: Any, override: Any) -> Any:
    """Lodash's `_.merge`, as `lhci assert` lays a config over its preset: mappings key by key and lists item by item,
    anything else replaced (hand-written: the semantics must be lodash's, not a Python library's)."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = lodash_merge(base[key], value) if key in base else copy.deepcopy(value)
        return merged
    if isinstance(base, list) and isinstance(override, list):
        merged = list(base)
        for index, value in enumerate(override):
            if index < len(merged):
                merged[index] = lodash_merge(merged[index], value)
            else:
                merged.append(copy.deepcopy(value))
        return merged
    return copy.deepcopy(override)


def audit_of(key: str) -> tuple[str, list[str]]:
    """`categories:performance` → (categories, [performance]); `resource-summary.script.size` → the audit and
    its parts."""
    audit, *rest = [part for part in re.split(r"[.:]", key) if part] or [key]
    return audit, rest


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_assertion(key: str, value: Any, vocabulary: Vocabulary | None, report: Report,
                    notes: list[str] | None = None) -> None:
    """One assertion (`key: level` or `key: [level, {options}]`); `report(path, message, at_key)` with the path below
    the assertion (() for its key). An assertion switched `off` on an audit this Lighthouse does not have is harmless
    (a config written for an earlier Lighthouse): a note, not a problem."""
    audit, rest = audit_of(str(key))
    level = value if isinstance(value, str) else value[0] if isinstance(value, list) and value else None
    if level == "off" and vocabulary is not None and audit not in vocabulary.audits and audit not in PSEUDO_AUDITS:
        if notes is not None:
            notes.append(f"{key} is switched off, and Lighthouse {vocabulary.lighthouse} has no such audit anyway")
        return
    if audit == "categories":
        if len(rest) != 1:
            report((), f"{key}: a category assertion is written categories:<category>, e.g. categories:performance",
                   True)
        elif vocabulary is not None and rest[0] not in vocabulary.categories:
            names = ", ".join(vocabulary.categories)
            if rest[0] in vocabulary.skipped_categories:
                report((), f"{key}: walkthroughs audits only the categories {names}", True)
            else:
                report((), f"{key}: Lighthouse {vocabulary.lighthouse} has no category {rest[0]!r}"
                           f"{did_you_mean(rest[0], vocabulary.categories)} (its categories: {names})", True)
    elif audit == "resource-summary" and rest:
        if len(rest) != 2 or rest[0] not in RESOURCE_TYPES or rest[1] not in ("size", "count"):
            report((), f"{key}: written resource-summary:<type>:size or :count, with a type of "
                       f"{', '.join(RESOURCE_TYPES)}", True)
    elif vocabulary is not None and audit not in vocabulary.audits and audit not in PSEUDO_AUDITS:
        if audit in vocabulary.skipped_audits:
            report((), f"{key}: this audit belongs to a category walkthroughs does not audit (it audits "
                       f"{', '.join(vocabulary.categories)})", True)
        else:
            report((), f"{key}: Lighthouse {vocabulary.lighthouse} has no audit {audit!r}"
                       f"{did_you_mean(audit, vocabulary.audits)}", True)
    _check_level_and_options(key, value, report)


def _check_level_and_options(key: str, value: Any, report: Report) -> None:
    if isinstance(value, str):
        if value not in LEVELS:
            report((), f"{key}: the level is one of {', '.join(LEVELS)}, not {value!r}{did_you_mean(value, LEVELS)}",
                   False)
        return
    if not isinstance(value, list) or not 1 <= len(value) <= 2 or not isinstance(value[0], str):
        report((), f"{key}: expected a level ({', '.join(LEVELS)}) or [level, {{options}}], e.g. "
                   "[error, {minScore: 0.9}]", False)
        return
    if value[0] not in LEVELS:
        report((0,), f"{key}: the level is one of {', '.join(LEVELS)}, not {value[0]!r}"
                     f"{did_you_mean(value[0], LEVELS)}", False)
    options = value[1] if len(value) == 2 else {}
    if not isinstance(options, dict):
        report((1,), f"{key}: the options are a mapping, e.g. {{minScore: 0.9}}", False)
        return
    for name, setting in options.items():
        where = (1, name)
        if name not in OPTIONS:
            report(where, f"{key}: {name!r} is not an assertion option{did_you_mean(str(name), OPTIONS)} "
                          f"(options: {', '.join(OPTIONS)})", True)
        elif name == "minScore" and not (_is_number(setting) and 0 <= setting <= 1):
            report(where, f"{key}: minScore is a score from 0 to 1 (0.9 for 90), not {setting!r}", False)
        elif name == "maxLength" and not (isinstance(setting, int) and not isinstance(setting, bool) and setting >= 0):
            report(where, f"{key}: maxLength is a count of items, 0 or more, not {setting!r}", False)
        elif name == "maxNumericValue" and not _is_number(setting):
            report(where, f"{key}: maxNumericValue is a number (milliseconds, bytes or a layout shift), "
                          f"not {setting!r}", False)
        elif name == "aggregationMethod" and setting not in AGGREGATION_METHODS:
            report(where, f"{key}: aggregationMethod is one of {', '.join(AGGREGATION_METHODS)}"
                          f"{did_you_mean(str(setting), AGGREGATION_METHODS)}", False)


class _Place:
    """Where problems of one document are reported: a file, its positions, and the path of the part checked."""

    def __init__(self, file: str | None, line_of: Callable[[YamlPath, bool], int | None], problems: list[Problem]):
        self.file, self.line_of, self.problems = file, line_of, problems

    def report(self, path: YamlPath, message: str, at_key: bool = False) -> None:
        self.problems.append(Problem(self.file, self.line_of(path, at_key), None, message))

    def below(self, prefix: YamlPath) -> Report:
        return lambda path, message, at_key=False: self.report((*prefix, *path), message, at_key)


def _scenario_place(scenario: m.Scenario, problems: list[Problem]) -> _Place:
    source = scenario.source
    positions: Positions | None = scenario.positions  # the loader's; None for a scenario built in code

    def line_of(path: YamlPath, at_key: bool) -> int | None:
        if positions is None:
            return None
        node = positions.key(path) if at_key else positions.value(path)
        return node.start_mark.line + 1 if node is not None else None

    return _Place(str(source) if source else None, line_of, problems)


def _rc_place(rc: RcFile, problems: list[Problem]) -> _Place:
    return _Place(str(rc.path), rc.line, problems)


def expand_preset(name: str, vocabulary: Vocabulary | None, notes: list[str]) -> dict[str, Any]:
    """A preset's assertions from the installed Lighthouse CI, less those on audits this Lighthouse does not run."""
    if vocabulary is None or name not in vocabulary.presets:
        return {}
    assertions = vocabulary.presets[name]
    kept = {key: value for key, value in assertions.items()
            if audit_of(key)[0] in vocabulary.audits or audit_of(key)[0] in PSEUDO_AUDITS}
    dropped = sorted(set(assertions) - set(kept))
    if dropped:
        shown = ", ".join(dropped[:5]) + (", …" if len(dropped) > 5 else "")
        notes.append(f"{name} asserts {len(dropped)} audits Lighthouse {vocabulary.lighthouse} does not run "
                     f"({shown}); they are left out")
    return kept


def _check_preset(value: Any, vocabulary: Vocabulary | None, report: Report) -> bool:
    known = sorted(vocabulary.presets) if vocabulary is not None and vocabulary.presets else None
    if not isinstance(value, str) or (known is not None and value not in known):
        choices = ", ".join(known) if known else "lighthouse:recommended"
        report((), f"preset: {value!r} is not a Lighthouse CI preset{did_you_mean(str(value), known or [])} "
                   f"(presets: {choices})", False)
        return False
    return True


def _assertions_of(section: dict[str, Any], vocabulary: Vocabulary | None, place: _Place, prefix: YamlPath,
                   notes: list[str]) -> dict[str, Any]:
    """A `ci.assert` (or one assertMatrix entry): its preset laid under its assertions, each checked."""
    preset = section.get("preset")
    base = expand_preset(preset, vocabulary, notes) if preset is not None and _check_preset(
        preset, vocabulary, place.below((*prefix, "preset"))) else {}
    own = section.get("assertions") or {}
    if not isinstance(own, dict):
        place.report((*prefix, "assertions"), "assertions: expected a mapping of audit id → level or "
                                              "[level, {options}]")
        return base
    for key, value in own.items():
        check_assertion(key, value, vocabulary, place.below((*prefix, "assertions", key)), notes)
    method = section.get("aggregationMethod")
    if method is not None and method not in AGGREGATION_METHODS:
        place.report((*prefix, "aggregationMethod"), f"aggregationMethod is one of {', '.join(AGGREGATION_METHODS)}"
                                                     f"{did_you_mean(str(method), AGGREGATION_METHODS)}")
    return lodash_merge(base, own)


def _unknown_keys(section: dict[str, Any], known: tuple[str, ...], place: _Place, prefix: YamlPath, what: str) -> None:
    for key in section:
        if key not in known:
            place.report((*prefix, key), f"{what} has no {key!r}{did_you_mean(str(key), known)} "
                                         f"(it has {', '.join(known)})", True)


def _from_rc(rc: RcFile, scenario_assertions: dict[str, Any], vocabulary: Vocabulary | None, place: _Place,
             scenario_place: _Place, config: LighthouseConfig) -> None:
    ci = rc.data.get("ci")
    if not isinstance(ci, dict):
        place.report((), "a Lighthouse CI config has its settings under `ci:` (ci.assert, ci.upload)")
        return
    section = ci.get("assert") or {}
    if not isinstance(section, dict):
        place.report(("ci", "assert"), "ci.assert: expected a mapping (preset, assertions, assertMatrix, budgetsFile, "
                                       "aggregationMethod)")
        section = {}
    prefix: YamlPath = ("ci", "assert")
    _unknown_keys(section, ASSERT_KEYS, place, prefix, "ci.assert")
    runs = (ci.get("collect") or {}).get("numberOfRuns") if isinstance(ci.get("collect"), dict) else None
    if runs is not None:
        if isinstance(runs, int) and not isinstance(runs, bool) and 1 <= runs <= 9:
            config.runs = runs
        else:
            place.report(("ci", "collect", "numberOfRuns"), "numberOfRuns: walkthroughs audits a page 1 to 9 times")
    if section.get("budgetsFile") is not None:
        _budgets(section, rc, scenario_assertions, place, scenario_place, config)
    elif section.get("assertMatrix") is not None:
        _matrix(section, scenario_assertions, vocabulary, place, scenario_place, config)
    elif section:
        assertions = _assertions_of(section, vocabulary, place, prefix, config.notes)
        config.assert_config = {"assertions": {**assertions, **scenario_assertions}}
        if section.get("aggregationMethod") is not None:
            config.assert_config["aggregationMethod"] = section["aggregationMethod"]
    upload = ci.get("upload")
    if upload is not None:
        if not isinstance(upload, dict):
            place.report(("ci", "upload"), "ci.upload: expected a mapping (target, serverBaseUrl, token, outputDir)")
        else:
            config.upload = dict(upload)


def _budgets(section: dict[str, Any], rc: RcFile, scenario_assertions: dict[str, Any], place: _Place,
             scenario_place: _Place, config: LighthouseConfig) -> None:
    """budgetsFile: a Lighthouse budget.json, relative to the config file; lhci turns it into assertions itself."""
    others = [key for key in ("assertions", "preset", "assertMatrix") if section.get(key) is not None]
    if others:
        place.report(("ci", "assert", others[0]), f"ci.assert: budgetsFile and {others[0]} cannot be used together "
                                                  "(Lighthouse CI refuses both budgets and assertions)", True)
    if scenario_assertions:
        scenario_place.report(("lighthouse", "assertions"), f"the scenario's assertions cannot be added to the budgets "
                                                            f"of {rc.path.name} (Lighthouse CI refuses both)", True)
    budgets = (rc.path.parent / str(section["budgetsFile"])).resolve()
    try:
        json.loads(budgets.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        reason = "it does not exist" if isinstance(error, FileNotFoundError) else f"it cannot be read: {error}"
        place.report(("ci", "assert", "budgetsFile"), f"budgetsFile {section['budgetsFile']}: {reason} "
                                                      f"(looked for {budgets})")
        return
    config.assert_config = {"budgetsFile": str(budgets)}


def _matrix(section: dict[str, Any], scenario_assertions: dict[str, Any], vocabulary: Vocabulary | None, place: _Place,
            scenario_place: _Place, config: LighthouseConfig) -> None:
    """assertMatrix: assertions per URL pattern; lhci takes nothing else beside it."""
    prefix: YamlPath = ("ci", "assert")
    others = [key for key in ("assertions", "preset", "aggregationMethod") if section.get(key) is not None]
    if others:
        place.report((*prefix, others[0]), f"ci.assert: assertMatrix and {others[0]} cannot be used together "
                                           "(Lighthouse CI takes nothing else beside assertMatrix)", True)
    if scenario_assertions:
        scenario_place.report(("lighthouse", "assertions"), "the scenario's assertions cannot be laid over an "
                                                            "assertMatrix: add them to its entries", True)
    matrix = section["assertMatrix"]
    if not isinstance(matrix, list):
        place.report((*prefix, "assertMatrix"), "assertMatrix: expected a list of {matchingUrlPattern, assertions}")
        return
    entries = []
    for index, entry in enumerate(matrix):
        at: YamlPath = (*prefix, "assertMatrix", index)
        if not isinstance(entry, dict):
            place.report(at, "an assertMatrix entry is a mapping: {matchingUrlPattern, preset, assertions}")
            continue
        _unknown_keys(entry, MATRIX_KEYS, place, at, "an assertMatrix entry")
        pattern = entry.get("matchingUrlPattern")
        if pattern is not None:
            try:
                re.compile(str(pattern))
            except re.error as error:
                place.report((*at, "matchingUrlPattern"), f"matchingUrlPattern is not a pattern: {error}")
        resolved = {"assertions": _assertions_of(entry, vocabulary, place, at, config.notes)}
        for key in ("matchingUrlPattern", "aggregationMethod"):
            if entry.get(key) is not None:
                resolved[key] = entry[key]
        entries.append(resolved)
    config.assert_config = {"assertMatrix": entries}


def _check_upload(upload: dict[str, Any], place: _Place, prefix: YamlPath) -> None:
    target = upload.get("target", "lhci")
    if target not in UPLOAD_TARGETS:
        place.report((*prefix, "target"), f"target is one of {', '.join(UPLOAD_TARGETS)}"
                                          f"{did_you_mean(str(target), UPLOAD_TARGETS)}")
    elif target == "lhci" and not upload.get("serverBaseUrl"):
        place.report(prefix, "target lhci needs `serverBaseUrl`: the Lighthouse CI server to send the reports to")
    elif target == "filesystem" and not upload.get("outputDir"):
        place.report(prefix, "target filesystem needs `outputDir`: the folder to write the reports to")


def asks_for_lighthouse(scenario: m.Scenario) -> bool:
    setting = scenario.lighthouse
    return setting is True or (isinstance(setting, m.LighthouseOptions) and setting.enabled) or \
        any(stage.lighthouse for stage in scenario.stages)


def lighthouse_config(scenario: m.Scenario, vocabulary: Vocabulary | None) -> tuple[LighthouseConfig, list[Problem]]:
    """The scenario's Lighthouse CI settings and every problem with them, at its file:line."""
    problems: list[Problem] = []
    options = scenario.lighthouse if isinstance(scenario.lighthouse, m.LighthouseOptions) else m.LighthouseOptions()
    scenario_place = _scenario_place(scenario, problems)
    config = LighthouseConfig()
    source = scenario.source
    folder = Path(source).parent if source else Path.cwd()  # a scenario built in code looks for no config
    if options.config:
        rc_path = (folder / options.config)
        if not rc_path.is_file():
            scenario_place.report(("lighthouse", "config"), f"config: {options.config} does not exist (looked for "
                                                            f"{rc_path.resolve()})")
            return config, problems
    else:
        rc_path = find_rc(folder) if source else None
    own = dict(options.assertions)
    for key, value in own.items():
        check_assertion(key, value, vocabulary, scenario_place.below(("lighthouse", "assertions", key)), config.notes)
    config.assert_config = {"assertions": own} if own else {}
    if rc_path is not None:
        try:
            rc = read_rc(rc_path)
        except ScenarioError as error:
            return config, problems + error.problems
        config.rc = rc_path
        _from_rc(rc, own, vocabulary, _rc_place(rc, problems), scenario_place, config)
        if config.upload is not None:
            _check_upload(config.upload, _rc_place(rc, problems), ("ci", "upload"))
    if options.upload is not None:  # the scenario's own upload wins over the config's, name by name
        config.upload = {**(config.upload or {}), **options.upload.model_dump(exclude_none=True, by_alias=True)}
    return config, problems


def check_lighthouse_settings(scenarios: list[m.Scenario], vocabulary: Callable[[], Vocabulary | None]) -> None:
    """Raise ScenarioError with every problem in the Lighthouse settings of the scenarios that ask for Lighthouse."""
    problems: list[Problem] = []
    for scenario in scenarios:
        if asks_for_lighthouse(scenario):
            problems += lighthouse_config(scenario, vocabulary())[1]
    if problems:
        raise ScenarioError(sorted(set(problems), key=lambda p: (p.file or "", p.line or 0, p.message)))
