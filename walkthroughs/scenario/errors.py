"""What can be wrong with a scenario, said so a QA person can fix it.

    ScenarioError            one or more Problems, each pointing at file:line:column
    ├── UnknownVariable      `${NAME}` with no value (raised by `expand` while walking)
    └── UnknownDevice        a device name that is neither an alias nor a Playwright device

Catch `ScenarioError` to handle all of them; `str()` of any gives ready-to-print lines.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where it is. `line` and `column` are 1-based; None when unknown."""

    file: str | None
    line: int | None
    column: int | None
    message: str
    warning: bool = False  # valid, but probably not what was meant (`Scenario.warnings`)

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.line, self.column) if part is not None)
        message = f"warning: {self.message}" if self.warning else self.message
        return f"{where}: {message}" if where else message


class ScenarioError(InputError):
    """A scenario that cannot be walked; `problems` lists every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    @classmethod
    def single(cls, message: str, file: str | Path | None = None) -> ScenarioError:
        return cls([Problem(None if file is None else str(file), None, None, message)])


class UnknownVariable(ScenarioError):
    """`${name}` was used but no variable, environment variable or earlier `remember` sets it."""

    def __init__(self, name: str, known: Iterable[str] = ()) -> None:
        self.name = name
        super().__init__([Problem(None, None, None, f"unknown variable ${{{name}}}" + did_you_mean(name, known))])


class UnknownDevice(ScenarioError):
    """A device name that matches no alias, Playwright device or custom device."""

    def __init__(self, name: str, known: Iterable[str] = ()) -> None:
        self.name = name
        super().__init__([Problem(None, None, None, f"unknown device {name!r}" + did_you_mean(name, known))])


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` — did you mean 'x'?` for the closest choice (ignoring case), or an empty string."""
    by_lower = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(str(word).lower(), by_lower, n=1, cutoff=0.6)
    return f" — did you mean {by_lower[close[0]]!r}?" if close else ""
