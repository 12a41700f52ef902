"""The one way walkthroughs reads a length of time, wherever it is written: a scenario's budgets and timeouts,
`--timeout`, `watch --every`, alert settings. A number with a unit — `250ms`, `1.5s`, `2m`, `1h`, `1d` — or a bare
number of seconds; it must be more than zero and finite."""

from __future__ import annotations

import math
import re

from ..errors import InputError

UNITS_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
PATTERN = r"^\s*\d+(\.\d+)?\s*(ms|s|m|h|d)?\s*$"
EXAMPLES = "2s, 1.5s or 500ms"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")


class DurationError(InputError):
    """A value that is not a length of time walkthroughs can read; the message says what was expected."""


def parse_duration_ms(value: object, examples: str = EXAMPLES) -> float:
    """Milliseconds in `value` (`2` and `"2"` are seconds); raises DurationError naming what was expected."""
    if isinstance(value, bool):
        raise DurationError(f"expected a duration such as {examples}, got {str(value).lower()}")
    if isinstance(value, (int, float)):
        ms = float(value) * 1000
    elif isinstance(value, str) and (match := _DURATION.match(value)):
        ms = float(match.group(1)) * UNITS_MS[match.group(2) or "s"]
    else:
        raise DurationError(f"expected a duration such as {examples}, got {value!r}")
    if not math.isfinite(ms) or ms <= 0:
        raise DurationError(f"a duration must be more than 0 and finite, got {value!r}")
    return ms


MAX_TIMEOUT_MS = 600_000
"""A step's timeout is at most 10 minutes: a step that waits longer waits for something that will not come."""
BARE_SECONDS_LIMIT = 60
"""A bare number above 60 (seconds) is more often meant as milliseconds (`budget: 5000`): the loader warns."""


def in_words(ms: float) -> str:
    """`1.5 s`, `83 min`, `14 h`: a length of time as a person says it (minutes up to two hours)."""
    seconds = ms / 1000
    if seconds < 60:
        return f"{seconds:g} s"
    if seconds <= 7200:
        return f"{round(seconds / 60)} min"
    return f"{round(seconds / 3600)} h"


def bare_seconds_hint(value: object) -> str | None:
    """For a bare number above BARE_SECONDS_LIMIT: `5000 is read as seconds (83 min) — did you mean 5000ms?`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    if value <= BARE_SECONDS_LIMIT:
        return None
    return f"{value:g} is read as seconds ({in_words(value * 1000)}) — did you mean {value:g}ms?"
