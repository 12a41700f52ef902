"""Intervals and cron schedules: when the next walk starts, in which time zone, across daylight saving time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from walkthroughs.watch.schedule import Cron, Schedule, ScheduleError, parse_interval

UTC, BERLIN = ZoneInfo("UTC"), ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize("text, expected", [("90", 90), ("30s", 30), ("15m", 900), ("2h", 7200), ("1.5m", 90)])
def test_intervals(text, expected):
    assert parse_interval(text) == expected


@pytest.mark.parametrize("text, said", [("0", "must be more than 0"), ("fast", "expected an interval such as 30s"),
                                        ("15 minutes", "expected an interval such as 30s, 15m or 1h"),
                                        ("-5m", "expected an interval such as 30s")])
def test_bad_intervals_say_what_is_expected(text, said):
    with pytest.raises(ScheduleError, match=said):
        parse_interval(text)


@pytest.mark.parametrize("expression, after, expected", [
    ("*/15 * * * *", datetime(2026, 1, 1, 10, 7, 30), datetime(2026, 1, 1, 10, 15)),
    ("*/15 * * * *", datetime(2026, 1, 1, 10, 15), datetime(2026, 1, 1, 10, 30)),
    ("0 3 * * mon-fri", datetime(2026, 11, 21, 10, 0), datetime(2026, 11, 23, 3, 0)),  # Saturday → Monday
    ("30 2 1 * *", datetime(2026, 11, 21), datetime(2026, 12, 1, 2, 30)),
    ("0 0 29 feb *", datetime(2026, 3, 1), datetime(2028, 2, 29)),
    ("0 12 13 * 5", datetime(2026, 1, 1), datetime(2026, 1, 2, 12, 0)),  # day 13 OR a Friday, like cron
    ("5,35 8-9 * * 7", datetime(2026, 11, 21, 9, 0), datetime(2026, 11, 22, 8, 5)),  # 7 is Sunday too
    ("@hourly", datetime(2026, 1, 1, 10, 7), datetime(2026, 1, 1, 11, 0)),
    ("@daily", datetime(2026, 1, 1, 10, 7), datetime(2026, 1, 2, 0, 0)),
    ("@weekly", datetime(2026, 11, 21, 10, 0), datetime(2026, 11, 22, 0, 0)),
])
def test_cron_next_run(expression, after, expected):
    cron = Cron.parse(expression, "UTC")
    assert cron.next_after(after.replace(tzinfo=UTC)) == expected.replace(tzinfo=UTC)


def test_a_schedule_runs_in_its_time_zone():
    cron = Cron.parse("0 6 * * *", "Europe/Berlin")
    assert cron.next_after(datetime(2026, 7, 1, 12, 0, tzinfo=UTC)) == datetime(2026, 7, 2, 6, 0, tzinfo=BERLIN)
    assert cron.next_after(datetime(2026, 7, 1, 12, 0, tzinfo=UTC)).astimezone(UTC).hour == 4  # summer: UTC+2
    assert cron.next_after(datetime(2026, 1, 1, 12, 0, tzinfo=UTC)).astimezone(UTC).hour == 5  # winter: UTC+1
    assert Cron.parse("CRON_TZ=Europe/Berlin 0 6 * * *").zone == BERLIN  # as cronie writes it
    assert "Europe/Berlin" in Schedule(cron=cron).describe()


def test_daylight_saving_time_neither_skips_nor_repeats_a_walk():
    cron = Cron.parse("30 2 * * *", "Europe/Berlin")
    # 29 March 2026: 02:00 jumps to 03:00, so 02:30 never happens; the walk runs right after the jump
    assert cron.next_after(datetime(2026, 3, 28, 12, 0, tzinfo=BERLIN)) == datetime(2026, 3, 29, 3, 0, tzinfo=BERLIN)
    # 25 October 2026: 02:30 happens twice; the walk runs once
    first = cron.next_after(datetime(2026, 10, 24, 12, 0, tzinfo=BERLIN))
    assert first.date().isoformat() == "2026-10-25"
    assert cron.next_after(first).date().isoformat() == "2026-10-26"


@pytest.mark.parametrize("expression, message", [
    ("* * *", "a cron schedule has 5 fields"), ("61 * * * *", "minute field '61' must be 0–59"),
    ("*/0 * * * *", "minute field"), ("x * * * *", "minute field 'x'"), ("* 24 * * *", "hour field '24' must be 0–23"),
    ("@often", "unknown cron nickname '@often'"),
    ("CRON_TZ=Mars/Olympus 0 6 * * *", "unknown time zone 'Mars/Olympus'"),
])
def test_bad_cron_says_which_field(expression, message):
    with pytest.raises(ScheduleError, match=message):
        Cron.parse(expression)


def test_every_starts_now_then_an_interval_after_the_last_start():
    schedule, now = Schedule(every=900), datetime(2026, 1, 1, 10, 0)
    assert schedule.next_start(None, now) == now
    assert schedule.next_start(now, now) == datetime(2026, 1, 1, 10, 15)
    late = datetime(2026, 1, 1, 10, 20)  # the last walk took longer than the interval
    assert schedule.next_start(now, late) == late
