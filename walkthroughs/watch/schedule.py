"""When `walkthrough watch` walks next: every fixed interval (`--every 15m`) or on a cron schedule (`--cron "*/15 * * * *"`).

The cron reader takes the five standard fields (minute hour day-of-month month day-of-week) with `*`,
lists, ranges and steps, and day and month names; like cron, when both day fields are restricted a day
matching either one runs. Times are local.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..errors import InputError
from ..scenario.durations import DurationError, parse_duration_ms

_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12), ("day of week", 0, 7))
_NAMES = {3: "jan feb mar apr may jun jul aug sep oct nov dec".split(), 4: "sun mon tue wed thu fri sat".split()}


class ScheduleError(InputError):
    """An interval or cron expression that cannot be read; the message says what is wrong."""


def parse_interval(text: str) -> float:
    """`90`, `30s`, `15m`, `2h`, `1d` → seconds."""
    try:
        return parse_duration_ms(text, examples="30s, 15m or 1h") / 1000
    except DurationError as error:
        raise ScheduleError(str(error).replace("a duration", "an interval")) from None


def _field_values(text: str, index: int) -> set[int]:
    name, low, high = _FIELDS[index]
    values: set[int] = set()
    for part in text.lower().split(","):
        body, _, step_text = part.partition("/")
        for number, word in enumerate(_NAMES.get(index, [])):
            body = re.sub(rf"\b{word}\b", str(number + (1 if index == 3 else 0)), body)
        if body == "*":
            start, end = low, high
        elif re.fullmatch(r"\d+-\d+", body):
            start, end = map(int, body.split("-"))
        elif body.isdigit():
            start = end = int(body)
            if step_text:
                end = high
        else:
            raise ScheduleError(f"cannot read the {name} field {text!r}")
        step = int(step_text) if step_text.isdigit() and int(step_text) > 0 else None
        if step_text and step is None:
            raise ScheduleError(f"the step in the {name} field {text!r} must be a positive number")
        if not low <= start <= end <= high:
            raise ScheduleError(f"the {name} field {text!r} must stay within {low}–{high}")
        values.update(range(start, end + 1, step or 1))
    if index == 4 and 7 in values:
        values = (values - {7}) | {0}  # Sunday is 0 or 7
    return values


@dataclass(frozen=True)
class Cron:
    expression: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday
    any_day: bool
    any_weekday: bool

    @classmethod
    def parse(cls, expression: str) -> "Cron":
        fields = expression.split()
        if len(fields) != 5:
            raise ScheduleError(f"a cron schedule has 5 fields (minute hour day month weekday), got {expression!r}")
        values = [frozenset(_field_values(text, index)) for index, text in enumerate(fields)]
        return cls(expression, *values, any_day=fields[2] == "*", any_weekday=fields[4] == "*")

    def _day_matches(self, moment: datetime) -> bool:
        in_month = moment.day in self.days
        in_week = (moment.isoweekday() % 7) in self.weekdays
        if self.any_day or self.any_weekday:
            return in_month and in_week
        return in_month or in_week

    def next_after(self, moment: datetime) -> datetime:
        """The first matching minute strictly after `moment`."""
        candidate = moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
        for _ in range(366 * 24 * 60 * 5):  # a schedule such as 29 Feb waits up to four years
            if candidate.month not in self.months or not self._day_matches(candidate):
                candidate = (candidate + timedelta(days=1)).replace(hour=0, minute=0)
            elif candidate.hour not in self.hours:
                candidate = (candidate + timedelta(hours=1)).replace(minute=0)
            elif candidate.minute not in self.minutes:
                candidate += timedelta(minutes=1)
            else:
                return candidate
        raise ScheduleError(f"the cron schedule {self.expression!r} never runs")


@dataclass(frozen=True)
class Schedule:
    """`every` seconds between walk starts, or a cron schedule."""

    every: float | None = None
    cron: Cron | None = None

    def next_start(self, last_start: datetime | None, now: datetime) -> datetime:
        if self.cron is not None:
            return self.cron.next_after(now)
        if last_start is None:
            return now
        upcoming = last_start + timedelta(seconds=self.every or 0)
        return upcoming if upcoming > now else now  # a walk longer than the interval: the next one starts at once

    def describe(self) -> str:
        return f"on the cron schedule “{self.cron.expression}”" if self.cron else f"every {self.every:g}s"
