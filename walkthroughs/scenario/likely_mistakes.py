"""What a scenario may say but probably does not mean: warned at its line by `validate` and `run`, never refused.

`budget: 5000` is valid — 5000 seconds — and a budget that can never fire; the writer meant milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .checks import _defined_stages, _defined_steps
from .durations import bare_seconds_hint
from .positions import YamlPath

Warn = Callable[[YamlPath, str], None]


def check_likely_mistakes(data: dict, warn: Warn) -> None:
    for path, value in _durations(data):
        if (hint := bare_seconds_hint(value)) is not None:
            warn(path, hint)


def _durations(data: dict) -> Iterator[tuple[YamlPath, Any]]:
    """Every duration a scenario writes where a bare number is read as seconds: budgets, timeouts, latencies."""
    for stage_path, stage in _defined_stages(data):
        if "budget" in stage:
            yield (*stage_path, "budget"), stage["budget"]
    for step_path, step in _defined_steps(data):
        if "timeout" in step:
            yield (*step_path, "timeout"), step["timeout"]
    places: list[tuple[YamlPath, Any]] = []
    if isinstance(data.get("throttling"), dict):
        places += [(("throttling", device), spec) for device, spec in data["throttling"].items()]
    if isinstance(data.get("personas"), dict):
        places += [(("personas", name, "throttling"), persona.get("throttling"))
                   for name, persona in data["personas"].items() if isinstance(persona, dict)]
    for path, spec in places:
        if isinstance(spec, dict) and "latency" in spec:
            yield (*path, "latency"), spec["latency"]
