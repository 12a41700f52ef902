"""The detectors that judge a walk: the built-in ones, listed here, and third-party ones installed under the
`walkthroughs.detectors` entry-point group. Read once per process and kept.

A third-party package adds one with, in its pyproject.toml,
    [project.entry-points."walkthroughs.detectors"]
    slow-search = "my_package.slow_search"
naming a module (or any object) with `META` (a `friction.base.DetectorMeta`) and `detect`, like the built-in ones.
A built-in detector's file name is its id with `_` for `-` (`dead_clicks.py` → `dead-clicks`), like Lighthouse's audits.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from typing import Any, Iterable, Mapping

from ..errors import RunError, UsageError, one_line
from ..results import DetectorInfo
from ..scenario.errors import did_you_mean
from .base import Detect, DetectorMeta
from .detectors import (
    accessibility,
    ad_landing,
    checkout_form,
    dialogs,
    errors,
    failed_requests,
    frustration,
    header_overlap,
    hidden_costs,
    intermittent,
    journey_broken,
    lighthouse_assertions,
    lost_input,
    mobile_layout,
    obstruction,
    off_site_navigation,
    price_mismatch,
    recovery,
    slow_step,
    unmet_needs,
    visual_duplicate_images,
    visual_regression,
    web_vitals,
)
from .thresholds import ThresholdError

ENTRY_POINT_GROUP = "walkthroughs.detectors"
BUILT_IN = (accessibility, ad_landing, checkout_form, dialogs, errors, failed_requests, frustration, header_overlap,
            hidden_costs, intermittent, journey_broken, lighthouse_assertions, lost_input, mobile_layout, obstruction,
            off_site_navigation, price_mismatch, recovery, slow_step, unmet_needs, visual_duplicate_images,
            visual_regression, web_vitals)  # by id, as `walkthrough detectors` lists them


class DetectorPluginError(RunError):
    """A detector installed through the entry-point group that cannot be used; names the entry point."""


@dataclass(frozen=True)
class Detector:
    meta: DetectorMeta
    detect: Detect
    source: str = "built-in"  # or the entry point that brought it

    @property
    def thresholds(self) -> Mapping[str, Any]:  # what the scenario loader checks settings against
        return self.meta.thresholds


def _detector(found: Any, source: str) -> Detector:
    meta, detect = getattr(found, "META", None) or getattr(found, "meta", None), getattr(found, "detect", None)
    if not isinstance(meta, DetectorMeta) or not callable(detect):
        raise DetectorPluginError(f"the detector {source} has no META (a DetectorMeta) and detect function")
    if meta.scope == "run" and meta.reads:
        raise DetectorPluginError(f"the detector {source} judges across walks (scope run) and so reads the walks' "
                                  "records only, not evidence parts")
    return Detector(meta, detect, source)


def _installed() -> Iterable[Detector]:
    for point in entry_points(group=ENTRY_POINT_GROUP):
        source = f"{point.name!r} ({point.value}, entry point {ENTRY_POINT_GROUP})"
        try:
            found = point.load()
        except Exception as error:
            raise DetectorPluginError(f"the detector {source} could not be loaded: {one_line(error)}") from None
        yield _detector(found, source)


@cache
def all_detectors() -> tuple[Detector, ...]:
    """Every detector, built-in ones first; raises DetectorPluginError for an installed one that cannot be used."""
    found = [Detector(module.META, module.detect) for module in BUILT_IN]
    for detector in _installed():
        clash = next((d for d in found if d.meta.id == detector.meta.id), None)
        if clash is not None:
            raise DetectorPluginError(f"the detector {detector.source} has the id {detector.meta.id!r} of the "
                                      f"{clash.source} one; give it another id")
        found.append(detector)
    return tuple(found)


def known_detectors() -> dict[str, Detector]:
    """id → detector: what the scenario loader is handed to check `detectors:` settings."""
    return {detector.meta.id: detector for detector in all_detectors()}


def detector_ids() -> list[str]:
    return [d.meta.id for d in all_detectors()]


def detector_infos(only: set[str] | None = None) -> list[DetectorInfo]:
    return [DetectorInfo(id=d.meta.id, title=d.meta.title, scope=d.meta.scope) for d in all_detectors()
            if only is None or d.meta.id in only]


def parse_overrides(texts: Iterable[str]) -> dict[str, dict[str, Any]]:
    """`--threshold DETECTOR.KEY=VALUE` options, each value read by the threshold's type; raises UsageError."""
    import yaml

    known = known_detectors()
    overrides: dict[str, dict[str, Any]] = {}
    for text in texts:
        name, _, value = text.partition("=")
        detector_id, _, key = name.partition(".")
        if not value or not key or detector_id not in known:
            raise UsageError(f"--threshold {text!r}: expected DETECTOR.KEY=VALUE with a detector among "
                             f"{', '.join(known)}{did_you_mean(detector_id, known) if value and key else ''}")
        thresholds = known[detector_id].meta.thresholds
        if key not in thresholds:
            keys = ", ".join(thresholds) or "none"
            raise UsageError(f"--threshold {text!r}: {detector_id} has no threshold {key!r}"
                             f"{did_you_mean(key, thresholds)} (its thresholds: {keys})")
        try:
            overrides.setdefault(detector_id, {})[key] = thresholds[key].parse(yaml.safe_load(value))
        except (ThresholdError, yaml.YAMLError) as error:
            raise UsageError(f"--threshold {text!r}: {detector_id}.{key}: {error}") from None
    return overrides


def check_known(names: Iterable[str], option: str) -> None:
    """`--disable` and the like must name detectors; raises UsageError."""
    known = detector_ids()
    for name in names:
        if name not in known:
            raise UsageError(f"{option} {name!r}: no such detector{did_you_mean(name, known)} "
                             f"(known: {', '.join(known)})")
