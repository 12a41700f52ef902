"""When `walkthrough watch` walks next: every fixed interval (`--every 15m`) or on a cron schedule (`--cron "*/15 * * * *"`).

Cron expressions are read by cronsim, which follows Debian's cron, daylight saving time included: a time the
clock skips runs once right after the jump, a time the clock passes twice runs once. A schedule runs in the
machine's local time zone, in `--tz ZONE`, or in the zone a `CRON_TZ=Europe/Berlin` prefix names, as cronie has it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cronsim import CronSim, CronSimError

from ..errors import InputError
from ..scenario.durations import DurationError, parse_duration_ms

# The nicknames crontab(5) defines; cronsim reads only the five fields, so they are spelled out here.
NICKNAMES = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
             "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
FIELD_NAMES = ("minute", "hour", "day of month", "month", "day of week")
FIELD_RANGES = ("0–59", "0–23", "1–31", "1–12 or jan–dec", "0–7 or sun–sat")


class ScheduleError(InputError):
    """An interval, cron expression or time zone that cannot be read; the message says what is wrong."""


def parse_interval(text: str) -> float:
    """`90`, `30s`, `15m`, `2h`, `1d` → seconds."""
    try:
        return parse_duration_ms(text, examples="30s, 15m or 1h") / 1000
    except DurationError as error:
        raise ScheduleError(str(error).replace("a duration", "an interval")) from None


def time_zone(name: str) -> ZoneInfo:
    """An IANA time zone by name (`Europe/Berlin`, `UTC`)."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"unknown time zone {name!r}: expected an IANA name such as Europe/Berlin or UTC") from None


def local_zone() -> tzinfo:
    """The machine's time zone with its daylight saving rules ($TZ, else /etc/localtime), else its current offset."""
    if os.environ.get("TZ", "").strip(":"):
        try:
            return ZoneInfo(os.environ["TZ"].strip(":"))
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        with Path("/etc/localtime").open("rb") as file:
            return ZoneInfo.from_file(file, key="localtime")
    except (OSError, ValueError):
        return datetime.now().astimezone().tzinfo


@dataclass(frozen=True)
class Cron:
    expression: str  # as written, nickname and CRON_TZ prefix included
    fields: str  # the five fields cronsim reads
    zone: tzinfo

    @classmethod
    def parse(cls, expression: str, zone: str | None = None) -> "Cron":
        text = expression.strip()
        if text.upper().startswith("CRON_TZ="):
            prefix, _, text = text.partition(" ")
            zone = prefix.split("=", 1)[1]
            text = text.strip()
        fields = NICKNAMES.get(text.lower(), text)
        if text.startswith("@") and fields == text:
            raise ScheduleError(f"unknown cron nickname {text!r}: expected one of {', '.join(NICKNAMES)}")
        if len(fields.split()) != 5:
            raise ScheduleError(f"a cron schedule has 5 fields (minute hour day month weekday), got {expression!r}")
        try:
            CronSim(fields, datetime(2026, 1, 1))
        except CronSimError as error:
            raise ScheduleError(f"cannot read the cron schedule {expression!r}: {_said(error, fields)}") from None
        return cls(expression.strip(), fields, time_zone(zone) if zone else local_zone())

    def next_after(self, moment: datetime) -> datetime:
        """The first matching minute strictly after `moment`, in the schedule's zone (a naive `moment` is read in it)."""
        local = moment.replace(tzinfo=self.zone) if moment.tzinfo is None else moment.astimezone(self.zone)
        try:
            return next(CronSim(self.fields, local))
        except StopIteration:
            raise ScheduleError(f"the cron schedule {self.expression!r} never runs") from None

    @property
    def zone_name(self) -> str:
        key = getattr(self.zone, "key", None)
        return key if key and key != "localtime" else datetime.now(self.zone).tzname() or "local time"


def _said(error: CronSimError, fields: str) -> str:
    """cronsim says "Bad day-of-month"; say which field as written, and what it may hold."""
    message = str(error).lower().replace("-", " ")
    for index, name in enumerate(FIELD_NAMES):
        if message == f"bad {name}":
            field = fields.split()[index]
            return f"the {name} field {field!r} must be {FIELD_RANGES[index]}, a list, a range or */step"
    return str(error)


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
        if self.cron:
            return f"on the cron schedule “{self.cron.expression}” ({self.cron.zone_name})"
        return f"every {self.every:g}s"
