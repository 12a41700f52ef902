"""A detector's thresholds, each of a known type, so a scenario, `assess --threshold` and the detector read a value
the same way: `step_ms: 2s` is 2000, `step_ms: fast` is refused with what was expected.

Parsing is the one check every door shares: the scenario loader reports its error at file:line, the CLI names the
option, and the detector's configuration applies the parsed value.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from .. import formatting as fmt
from ..errors import InputError
from ..results import SEVERITIES
from ..scenario.durations import DurationError, parse_duration_ms

_NUMBER = re.compile(r"^\s*\d+(\.\d+)?\s*$")


class ThresholdError(InputError):
    """A threshold value of the wrong type or out of range; the message says what was expected."""


def _tidy(value: float) -> float | int:
    """2000.0 → 2000, so thresholds read as they were written in findings and listings."""
    return int(value) if float(value).is_integer() else value


def _got(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else repr(value)


@dataclass(frozen=True)
class Threshold:
    """A setting of a detector: its default and how a value given for it is read."""

    default: Any

    kind = "a value"

    def parse(self, value: Any) -> Any:
        raise NotImplementedError

    def show(self, value: Any) -> str:
        return str(value)

    def _refuse(self, value: Any) -> ThresholdError:
        return ThresholdError(f"expected {self.kind}, got {_got(value)}")


@dataclass(frozen=True)
class Duration(Threshold):
    """Milliseconds; written as a number of ms (`1500`) or with a unit (`2s`, `1500ms`)."""

    kind = "a duration such as 2s or 1500ms (a bare number is milliseconds)"

    def parse(self, value: Any) -> float | int:
        if isinstance(value, bool):
            raise self._refuse(value)
        if isinstance(value, (int, float)) or (isinstance(value, str) and _NUMBER.match(value)):
            ms = float(value)
            if not math.isfinite(ms) or ms < 0:
                raise ThresholdError(f"expected a duration of 0 ms or more, got {_got(value)}")
            return _tidy(ms)
        try:
            return _tidy(parse_duration_ms(value))
        except DurationError:
            raise self._refuse(value) from None

    def show(self, value: Any) -> str:
        return fmt.duration(value)


@dataclass(frozen=True)
class Number(Threshold):
    """A number (a count, pixels, a ratio), at least `minimum` and at most `maximum` where they are given."""

    minimum: float | None = 0
    maximum: float | None = None
    integer: bool = False
    unit: str = ""

    @property
    def kind(self) -> str:  # type: ignore[override]
        what = "a whole number" if self.integer else "a number"
        limits = [f"at least {self.minimum:g}" if self.minimum is not None else "",
                  f"at most {self.maximum:g}" if self.maximum is not None else ""]
        return " ".join(filter(None, [what, " and ".join(filter(None, limits))]))

    def parse(self, value: Any) -> float | int:
        if isinstance(value, str) and _NUMBER.match(value):
            value = float(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise self._refuse(value)
        if (self.integer and not float(value).is_integer()) or (self.minimum is not None and value < self.minimum) \
                or (self.maximum is not None and value > self.maximum):
            raise self._refuse(value)
        return _tidy(value)

    def show(self, value: Any) -> str:
        return f"{value:g} {self.unit}".strip() if isinstance(value, (int, float)) else str(value)


@dataclass(frozen=True)
class Severity(Threshold):
    """One of the severities: blocker, major, minor, info."""

    kind = f"a severity ({', '.join(SEVERITIES)})"

    def parse(self, value: Any) -> str:
        if value not in SEVERITIES:
            raise self._refuse(value)
        return value


@dataclass(frozen=True)
class Strings(Threshold):
    """A list of words (rule ids, paths); with `choices`, each must be one of them."""

    choices: tuple[str, ...] = ()

    @property
    def kind(self) -> str:  # type: ignore[override]
        return f"a list of {', '.join(self.choices)}" if self.choices else "a list of strings"

    def parse(self, value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self._refuse(value)
        unknown = [item for item in value if self.choices and item not in self.choices]
        if unknown:
            raise ThresholdError(f"expected {self.kind}, got {unknown[0]!r}")
        return list(value)

    def show(self, value: Any) -> str:
        return ", ".join(value) if value else "none"


@dataclass(frozen=True)
class Pair(Threshold):
    """Two limits of one kind, the first not above the second: good up to the first, poor above the second."""

    of: Threshold = Number(None)

    @property
    def kind(self) -> str:  # type: ignore[override]
        return f"a pair [good, poor] of {self.of.kind}, good not above poor"

    def parse(self, value: Any) -> list:
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise self._refuse(value)
        try:
            good, poor = (self.of.parse(item) for item in value)
        except ThresholdError:
            raise self._refuse(value) from None
        if good > poor:
            raise self._refuse(value)
        return [good, poor]

    def show(self, value: Any) -> str:
        return f"good ≤ {self.of.show(value[0])}, poor > {self.of.show(value[1])}"


@dataclass(frozen=True)
class Addresses(Strings):
    """A list of request addresses, each a host (`telemetry.example.com`: it and its subdomains), a glob over the
    whole URL or its path (`*/collect?*`, `/static/*.map`), a path (`/favicon.ico`: exactly), or a regular expression
    written `/…/` (searched in the URL). How they match: `friction.addresses`."""

    kind = "a list of hosts, paths, globs (*/collect?*) or /regular expressions/"

    def parse(self, value: Any) -> list[str]:
        entries = super().parse(value)
        for entry in entries:
            if len(entry) > 2 and entry.startswith("/") and entry.endswith("/"):
                try:
                    re.compile(entry[1:-1])
                except re.error as error:
                    raise ThresholdError(f"{entry!r} is not a regular expression: {error}") from None
            elif not entry.strip():
                raise ThresholdError("expected a host, path, glob or /regular expression/, got an empty string")
        return entries
