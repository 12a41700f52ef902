"""Intervals and cron schedules: when the next walk starts."""

from __future__ import annotations

from datetime import datetime

import pytest

from walkthroughs.watch.schedule import Cron, Schedule, ScheduleError, parse_interval


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
])
def test_cron_next_run(expression, after, expected):
    assert Cron.parse(expression).next_after(after) == expected


@pytest.mark.parametrize("expression, message", [
    ("* * *", "a cron schedule has 5 fields"), ("61 * * * *", "minute field '61' must stay within 0–59"),
    ("*/0 * * * *", "must be a positive number"), ("x * * * *", "cannot read the minute field"),
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
