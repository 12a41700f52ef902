"""Checks across the whole scenario, on the raw YAML data so they run even when the models reject
something else: unique stage and device names, variables defined before use, `only` naming real
devices, device names Playwright knows, detector settings naming real detectors, paths made of real stages."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol

from .devices import ALIASES, resolve_device
from .errors import UnknownDevice, did_you_mean
from .model import DEVICE_CLASSES
from .positions import YamlPath
from .variables import names_in

Report = Callable[..., None]
"""`report(path, message, at_key=False)`: record a problem at the YAML node of `path`."""


class KnownThreshold(Protocol):
    def parse(self, value: Any) -> Any:
        """The value read by the threshold's type; raises ValueError saying what was expected."""


class KnownDetector(Protocol):
    """What the loader needs to know of a detector to check a scenario's `detectors:` settings. The front doors hand
    in the registry's (`friction.registry.known_detectors()`), so scenarios never import the detectors."""

    @property
    def thresholds(self) -> Mapping[str, KnownThreshold]: ...


def check_variables(data: dict, environ: Mapping[str, str], report: Report) -> None:
    """Every `${NAME}` needs a value from `variables`, the environment or an earlier `remember`."""
    variables = data.get("variables")
    defined = set(environ) | (set(map(str, variables)) if isinstance(variables, dict) else set())
    remembered: set[str] = set()
    later = {name for _, step in _steps(data) if (name := _remembers(step))}

    def check(value: Any, path: YamlPath) -> None:
        for text, text_path in _strings(value, path):
            for name in sorted(names_in(text) - defined - remembered):
                if name in later:
                    message = f"${{{name}}} is used before the `remember` step that sets it"
                else:
                    hint = did_you_mean(name, (defined - set(environ)) | remembered | later)
                    message = (f"unknown variable ${{{name}}}{hint} (set it under `variables`, "
                               "in the environment, or with an earlier `remember`)")
                report(text_path, message)

    for key, value in data.items():
        if key not in ("variables", "stages", "paths", "personas"):  # paths and personas: `check_paths`
            check(value, (key,))
    for stage_path, stage in _stages(data):
        for key, value in stage.items():
            if key not in ("steps", "resume"):  # steps, then the resume steps walked after them: below
                check(value, (*stage_path, key))
        for step_path, step in _steps_of(stage, stage_path):
            check(step, step_path)
            if name := _remembers(step):
                remembered.add(name)


def check_only(data: dict, report: Report) -> None:
    """`only:` must name a device class or one of the scenario's devices."""
    devices = data.get("devices", list(DEVICE_CLASSES))
    if not isinstance(devices, list):
        return
    names = list(DEVICE_CLASSES) + [name for spec in devices if (name := _device_name(spec)) not in DEVICE_CLASSES]
    known = {name.lower() for name in names if isinstance(name, str)}
    for step_path, step in _defined_steps(data):
        only = step.get("only")
        for index, name in enumerate(only if isinstance(only, list) else []):
            if isinstance(name, str) and name.lower() not in known:
                report((*step_path, "only", index), f"unknown device {name!r} in `only`{did_you_mean(name, names)} "
                                                    f"(expected one of: {', '.join(map(str, names))})")


def check_unique_names(data: dict, report: Report) -> None:
    """Stage names and device names must not repeat: reports and `only:` refer to them by name."""
    seen_stages: set[str] = set()
    for stage_path, stage in _defined_stages(data):
        name = stage.get("name")
        if isinstance(name, str):
            if name in seen_stages:
                report((*stage_path, "name"), f"two stages are named {name!r}; stage names must be unique")
            seen_stages.add(name)
    seen_devices: set[str] = set()
    for index, spec in enumerate(_devices(data)):
        name = _device_name(spec)
        if isinstance(name, str):
            if name.lower() in seen_devices:
                report(("devices", index), f"device {name!r} is listed twice")
            seen_devices.add(name.lower())


def check_devices(data: dict, descriptors: Mapping[str, dict], report: Report) -> None:
    """Device names must be aliases or Playwright devices (the descriptors are only read for names other than aliases)."""
    for index, spec in enumerate(_devices(data)):
        if isinstance(spec, str) and spec.lower() not in ALIASES:
            try:
                resolve_device(spec, descriptors)
            except UnknownDevice as error:
                report(("devices", index), str(error))


def check_detectors(data: dict, detectors: Mapping[str, KnownDetector], report: Report) -> None:
    """`detectors:` settings must name known detectors, their thresholds, and values of each threshold's type."""
    defaults = {name: detector.thresholds for name, detector in detectors.items()}
    places = [(("detectors",), data.get("detectors"))]
    places += [((*stage_path, "detectors"), stage.get("detectors")) for stage_path, stage in _defined_stages(data)]
    for path, settings in places:
        for detector, setting in (settings.items() if isinstance(settings, dict) else []):
            if detector not in defaults:
                report((*path, detector), f"unknown detector {detector!r}{did_you_mean(detector, defaults)} "
                                          f"(expected one of: {', '.join(defaults)})", at_key=True)
                continue
            for key, value in setting.items() if isinstance(setting, dict) else []:
                if key not in defaults[detector]:
                    known = ", ".join(defaults[detector]) or "none"
                    report((*path, detector, key), f"{detector} has no threshold {key!r}"
                                                   f"{did_you_mean(key, defaults[detector])} (its thresholds: {known})",
                           at_key=True)
                    continue
                try:
                    defaults[detector][key].parse(value)
                except ValueError as error:
                    report((*path, detector, key), f"{detector}'s {key}: {error}")


def check_paths(data: dict, environ: Mapping[str, str], report: Report) -> None:
    """A path `use`s stages that exist, each at most once, and every `${NAME}` its stages use has a value by then."""
    defined_stages = {stage.get("name"): stage for _, stage in _defined_stages(data)}
    variables = data.get("variables")
    defined = set(environ) | (set(map(str, variables)) if isinstance(variables, dict) else set())
    for name, path in (data.get("paths") or {}).items() if isinstance(data.get("paths"), dict) else []:
        if not isinstance(path, dict) or not isinstance(path.get("stages"), list):
            continue
        own = path.get("variables")
        known = defined | (set(map(str, own)) if isinstance(own, dict) else set())
        remembered: set[str] = set()
        walked: set[str] = set()
        for item_path, stage, reused in _path_stages(name, path, defined_stages, report):
            if stage.get("name") in walked:
                report(item_path, f"path {name!r} walks stage {stage.get('name')!r} twice; a journey's stage names "
                                  "must be unique, so define a new stage with its own name")
            walked.add(stage.get("name"))
            for step_path, step in _steps_of(stage, item_path):
                for text, text_path in _strings(step, step_path):
                    for missing in sorted(names_in(text) - known - remembered):
                        if reused:
                            report(item_path, f"stage {stage.get('name')!r} uses ${{{missing}}}, which path {name!r} "
                                              "does not set before it (remember it in an earlier stage of the path, "
                                              "or set it under the path's `variables`)")
                        else:
                            report(text_path, f"unknown variable ${{{missing}}}{did_you_mean(missing, known | remembered)}"
                                              f" on path {name!r} (set it under `variables`, the path's `variables`, "
                                              "or with an earlier `remember`)")
                if remembers := _remembers(step):
                    remembered.add(remembers)
    for name, persona in (data.get("personas") or {}).items() if isinstance(data.get("personas"), dict) else []:
        stage = persona.get("sign_in") if isinstance(persona, dict) else None
        for step_path, step in _steps_of(stage, ("personas", name, "sign_in")) if isinstance(stage, dict) else []:
            for text, text_path in _strings(step, step_path):
                for missing in sorted(names_in(text) - defined):
                    report(text_path, f"unknown variable ${{{missing}}}{did_you_mean(missing, defined)} in the sign-in "
                                      "stage (set it under `variables` or in the environment)")


def _path_stages(name: str, path: dict, defined_stages: dict, report: Report) -> Iterator[tuple[YamlPath, dict, bool]]:
    """(where, stage, whether it is reused by name) for each stage the path walks, in order; unknown names reported."""
    for index, item in enumerate(path["stages"]):
        item_path: YamlPath = ("paths", name, "stages", index)
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("stage"), dict):
            yield (*item_path, "stage"), item["stage"], False
            continue
        uses = item.get("use")
        for position, used in enumerate([uses] if isinstance(uses, str) else uses if isinstance(uses, list) else []):
            used_path = (*item_path, "use") if isinstance(uses, str) else (*item_path, "use", position)
            if used not in defined_stages:
                names = [n for n in defined_stages if isinstance(n, str)]
                report(used_path, f"path {name!r} uses stage {used!r}, which the scenario does not define"
                                  f"{did_you_mean(str(used), names)} (its stages: {', '.join(names)})")
            else:
                yield used_path, defined_stages[used], True


def _devices(data: dict) -> list:
    devices = data.get("devices")
    return devices if isinstance(devices, list) else []


def _device_name(spec: Any) -> Any:
    return spec.get("name") if isinstance(spec, dict) else spec


def _remembers(step: dict) -> str | None:
    remember = step.get("remember")
    name = remember.get("name") if isinstance(remember, dict) else None
    return name if isinstance(name, str) else None


def _stages(data: dict) -> Iterator[tuple[YamlPath, dict]]:
    stages = data.get("stages")
    for index, stage in enumerate(stages if isinstance(stages, list) else []):
        if isinstance(stage, dict):
            yield ("stages", index), stage


def _steps_of(stage: dict, stage_path: YamlPath) -> Iterator[tuple[YamlPath, dict]]:
    """The stage's steps, then its `resume:` steps (walked after them, when the stage breaks)."""
    for key in ("steps", "resume"):
        steps = stage.get(key)
        for index, step in enumerate(steps if isinstance(steps, list) else []):
            if isinstance(step, dict):
                yield (*stage_path, key, index), step


def _defined_stages(data: dict) -> Iterator[tuple[YamlPath, dict]]:
    """Every stage the scenario defines: the main journey's, the paths' new ones and the personas' sign-in stages."""
    yield from _stages(data)
    paths = data.get("paths")
    for name, path in paths.items() if isinstance(paths, dict) else []:
        items = path.get("stages") if isinstance(path, dict) else None
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("stage"), dict):
                yield ("paths", name, "stages", index, "stage"), item["stage"]
    personas = data.get("personas")
    for name, persona in personas.items() if isinstance(personas, dict) else []:
        if isinstance(persona, dict) and isinstance(persona.get("sign_in"), dict):
            yield ("personas", name, "sign_in"), persona["sign_in"]


def _defined_steps(data: dict) -> Iterator[tuple[YamlPath, dict]]:
    for stage_path, stage in _defined_stages(data):
        yield from _steps_of(stage, stage_path)


def _steps(data: dict) -> Iterator[tuple[YamlPath, dict]]:
    for stage_path, stage in _stages(data):
        yield from _steps_of(stage, stage_path)


def _strings(value: Any, path: YamlPath) -> Iterator[tuple[str, YamlPath]]:
    """Every string inside `value`, with its path."""
    if isinstance(value, str):
        yield value, path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))
