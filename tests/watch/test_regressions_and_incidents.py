"""Regressions against the rolling baseline, and incidents that alert once, remind, and recover — on runs built in code."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from walk_records import run_result

from walkthroughs.watch.history import History
from walkthroughs.watch.incidents import update_incidents
from walkthroughs.watch.regressions import Thresholds, find_regressions

T0 = datetime(2026, 1, 1, 3, 0, tzinfo=timezone.utc)
HOUR = timedelta(hours=1)


@pytest.fixture
def history(tmp_path):
    with History(tmp_path / "history.sqlite") as store:
        yield store


def walk(history: History, tmp_path: Path, **kwargs) -> tuple[int, list]:
    walk_id = history.record_run(run_result(f"run-{len(history.recent_walks(1000))}", **kwargs), tmp_path)
    return walk_id, find_regressions(history, walk_id, Thresholds(baseline_walks=3))


def test_the_first_walk_has_no_baseline_so_only_breakage_counts(history, tmp_path):
    _, regressions = walk(history, tmp_path, durations={"product": 9000}, findings=[("product", "major", "Slow")])
    assert regressions == []
    _, regressions = walk(history, tmp_path, broken_at="product")
    assert [(r.kind, r.stage) for r in regressions] == [("journey-broken", "product")]


def test_a_stage_is_slower_only_past_both_thresholds(history, tmp_path):
    for duration in (1000, 1100, 900):
        walk(history, tmp_path, durations={"product": duration})
    _, regressions = walk(history, tmp_path, durations={"product": 1450})  # +45 % but only +450 ms
    assert regressions == []
    _, regressions = walk(history, tmp_path, durations={"product": 1700})  # the baseline: 1100, 900, 1450
    assert [(r.kind, r.stage) for r in regressions] == [("slower", "product")]
    assert "took 1.7 s, usually 1.1 s (+55%)" in regressions[0].summary


def test_a_regressed_walk_never_becomes_the_baseline(history, tmp_path):
    walk(history, tmp_path)
    for _ in range(4):  # a lasting slowdown stays a regression instead of becoming the new normal
        walk_id, regressions = walk(history, tmp_path, durations={"checkout": 5000})
        assert [r.kind for r in regressions] == ["slower"]
        assert not history.walk(walk_id).clean


def test_only_new_major_findings_count(history, tmp_path):
    walk(history, tmp_path, findings=[("product", "major", "Old problem")])
    _, regressions = walk(history, tmp_path, findings=[("product", "major", "Old problem"), ("product", "minor", "Small"),
                                                       ("checkout", "blocker", "New problem")])
    assert [r.summary for r in regressions] == ["new blocker finding on shop (desktop), at “checkout”: New problem"]


def test_a_failed_walk_is_a_regression_with_its_reason(history, tmp_path):
    walk_id = history.record_failed_walk("2026-01-01T03:00:00+00:00", "the walk took longer than its time limit of 5.0s")
    regressions = find_regressions(history, walk_id)
    assert [r.summary for r in regressions] == ["the walk could not finish: the walk took longer than its time limit of 5.0s"]


def test_an_incident_is_announced_once_reminded_at_most_every_interval_and_recovers_once(history, tmp_path):
    events = []
    script = [({}, T0), ({"broken_at": "checkout"}, T0 + HOUR), ({"broken_at": "checkout"}, T0 + 2 * HOUR),
              ({"broken_at": "checkout"}, T0 + 4 * HOUR + timedelta(minutes=1)), ({}, T0 + 5 * HOUR), ({}, T0 + 6 * HOUR)]
    for kwargs, now in script:
        walk_id, regressions = walk(history, tmp_path, **kwargs)
        notices = update_incidents(history, walk_id, regressions, now, remind_every=3 * HOUR)
        history.mark_alerted([n.incident_id for n in notices if n.event != "recovered"], now.isoformat())
        events.append([n.event for n in notices])
    assert events == [[], ["started"], [], ["reminder"], ["recovered"], []]
    assert history.open_incidents() == []


def test_an_unannounced_incident_is_announced_after_the_next_walk(history, tmp_path):
    walk(history, tmp_path)
    walk_id, regressions = walk(history, tmp_path, broken_at="landing")
    assert [n.event for n in update_incidents(history, walk_id, regressions, T0, HOUR)] == ["started"]
    walk_id, regressions = walk(history, tmp_path, broken_at="landing")  # the alert did not go out: say it again
    assert [n.event for n in update_incidents(history, walk_id, regressions, T0, HOUR)] == ["started"]


def test_a_slow_stage_does_not_recover_while_the_journey_breaks_before_it(history, tmp_path):
    walk(history, tmp_path)
    walk_id, regressions = walk(history, tmp_path, durations={"checkout": 5000})
    notices = update_incidents(history, walk_id, regressions, T0, HOUR)
    history.mark_alerted([n.incident_id for n in notices], T0.isoformat())
    walk_id, regressions = walk(history, tmp_path, broken_at="product")  # checkout not reached: cannot tell
    events = [(n.event, n.kind) for n in update_incidents(history, walk_id, regressions, T0 + HOUR, 3 * HOUR)]
    assert events == [("started", "journey-broken")]
    assert {i["kind"] for i in history.open_incidents()} == {"slower", "journey-broken"}


def test_a_detour_is_compared_with_its_own_walks_not_with_the_main_journey(history, tmp_path):
    def main_and_detour(run_id: str, detour_product_ms: float):
        result = run_result(run_id)
        detour = run_result(run_id, durations={"product": detour_product_ms}).journeys[0]
        detour.id, detour.path = "shop--search--desktop", "search"
        result.journeys.append(detour)
        return result

    for number in range(3):  # the search detour always takes 4 s on the product stage; the main journey 1 s
        history.record_run(main_and_detour(f"run-{number}", 4000), tmp_path)
    walk_id = history.record_run(main_and_detour("run-3", 4100), tmp_path)
    assert find_regressions(history, walk_id, Thresholds(baseline_walks=3)) == []
    walk_id = history.record_run(main_and_detour("run-4", 9000), tmp_path)
    [slower] = find_regressions(history, walk_id, Thresholds(baseline_walks=3))
    assert (slower.kind, slower.device, slower.stage) == ("slower", "desktop · search", "product")
