"""`walkthrough history` as a synthetic monitor shows it — where each walk broke, degraded walks apart from broken
ones, --since, JSON and CSV, times in UTC stored and local shown, report links under --report-url — and the watch's
signs of life; on runs built in code, the command run in-process."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from walk_records import run_result

from walkthroughs.cli import main
from walkthroughs.cli.watching import Heartbeat
from walkthroughs.report.trend_charts import trends_view
from walkthroughs.watch.alerts import AlertConfig
from walkthroughs.watch.history import History
from walkthroughs.watch.incidents import update_incidents
from walkthroughs.watch.links import check_report_url, link_from_report, report_link
from walkthroughs.watch.loop import WalkOutcome, describe, record_walk
from walkthroughs.watch.regressions import Thresholds, find_regressions
from walkthroughs.watch.trends import load_trends

NOW = datetime.now(timezone.utc).replace(microsecond=0)


@pytest.fixture
def history_file(tmp_path):
    """Five walks of `shop`: two days ago, then four in the last hours — clean, clean, slower, broken."""
    path = tmp_path / "reports" / "history.sqlite"
    with History(path) as history:
        for number, (age, kwargs) in enumerate([
            (timedelta(days=2), {}), (timedelta(hours=3), {}), (timedelta(hours=2), {}),
            (timedelta(hours=1), {"durations": {"checkout": 9000}}), (timedelta(minutes=5), {"broken_at": "checkout"}),
        ]):
            run_dir = tmp_path / "reports" / f"run-{number}"
            (run_dir / "report").mkdir(parents=True)
            (run_dir / "report" / "index.html").write_text("<!doctype html>")
            result = run_result(f"run-{number}", started_at=(NOW - age).isoformat(), **kwargs)
            walk_id = history.record_run(result, run_dir, run_dir / "report" / "index.html")
            regressions = find_regressions(history, walk_id, Thresholds(baseline_walks=3))
            update_incidents(history, walk_id, regressions, NOW - age, timedelta(hours=4))
    return path


def history(*args: str, env: dict | None = None):
    result = CliRunner().invoke(main, ["history", *args], env={"COLUMNS": "250", **(env or {})})
    return result


def test_a_walk_that_got_through_but_slower_is_degraded_not_broken(history_file):
    with History(history_file) as store:
        statuses = [w.status for w in store.recent_walks(10)[::-1]]
        assert statuses == ["completed", "completed", "completed", "degraded", "broken"]
        trends = load_trends(store)
    assert trends.success_rate == 0.8  # a degraded walk got through
    assert [bar.css for bar in trends_view(trends).bars] == ["walk-ok"] * 3 + ["walk-degraded", "walk-lost"]
    degraded, broken = trends.walks[-2:]
    assert degraded.where.startswith("“checkout” on shop (desktop) took 9.0 s, usually 1.0 s")
    assert broken.where == "checkout (desktop): “Pay now” (button) was not reachable"  # the stage and the step's words


@pytest.fixture
def in_india(monkeypatch):
    """This process in India's time zone (UTC+5:30) for one test."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_table_shows_where_it_broke_and_local_times_with_their_zone(history_file, in_india):
    done = history("--history", str(history_file))
    assert done.exit_code == 0, done.output
    assert "where it broke" in done.output and "report" not in done.output.split("\n", 2)[1]
    assert "checkout (desktop): “Pay now” (button) was not reachable" in done.output
    assert "degraded" in done.output and "IST" in done.output  # UTC+5:30, named
    assert str(history_file.parent) not in done.output  # no report paths in the table


def test_since_json_and_csv(history_file):
    done = history("--history", str(history_file), "--since", "24h", "--json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert [w["id"] for w in data["walks"]] == [5, 4, 3, 2]  # newest first; the walk of two days ago is left out
    newest = data["walks"][0]
    assert newest["status"] == "broken" and newest["where_it_broke"].startswith("checkout (desktop): “Pay now”")
    assert datetime.fromisoformat(newest["started_at"]).utcoffset() == timedelta(0)  # stored in UTC, with the offset
    assert newest["report"].endswith("run-4/report/index.html")
    assert {i["state"] for i in data["open_incidents"]} == {"broken", "degraded"}
    assert data["got_through"] == 0.75

    rows = list(csv.DictReader(io.StringIO(history("--history", str(history_file), "--since", "90m", "--csv").output)))
    assert [(r["id"], r["status"]) for r in rows] == [("5", "broken"), ("4", "degraded")]
    assert rows[1]["where_it_broke"].startswith("“checkout” on shop (desktop) took 9.0 s")
    assert rows[0]["started_at"].endswith("+00:00") and rows[0]["started_local"]

    assert history("--history", str(history_file), "--since", "1m").output.startswith("No walks recorded since 1m ago")
    assert history("--history", str(history_file), "--since", "soon").exit_code == 2
    assert history("--history", str(history_file), "--json", "--csv").exit_code == 2


def test_report_links_point_at_the_hosted_reports(history_file):
    done = history("--history", str(history_file), "--json", "--report-url", "https://reports.example.com/shop/")
    assert json.loads(done.output)["walks"][0]["report"] == "https://reports.example.com/shop/run-4/report/index.html"
    bad = history("--history", str(history_file), "--report-url", "reports.example.com")
    assert bad.exit_code == 2 and "expected the http:// or https:// address" in bad.output
    with History(history_file) as store:
        walk = store.walk(5)
        assert link_from_report(walk) == "../../run-4/report/index.html"  # from one report to another, as files
        assert report_link(walk) == walk.report
    assert check_report_url(None) is None


def test_alerts_and_trend_bars_link_to_the_hosted_report(tmp_path):
    from loopback import HttpRecorder

    from walkthroughs.watch.alerts import Webhook

    out = tmp_path / "reports"
    with HttpRecorder() as hooks:
        alerts = AlertConfig(webhooks=(Webhook(f"http://127.0.0.1:{hooks.port}/json", "json"),), retries=0)
        for number, broken_at in enumerate((None, "product")):
            run_dir = out / f"run-{number}"
            run_dir.mkdir(parents=True)
            (run_dir / "results.json").write_text(run_result(f"run-{number}", broken_at=broken_at).model_dump_json())
            (run_dir / "report").mkdir()
            (run_dir / "report" / "index.html").write_text("<!doctype html>")
            recorded = record_walk(out / "history.sqlite", WalkOutcome(NOW.isoformat(), "completed", None, run_dir),
                                   alerts, report_url="https://reports.example.com")
    assert recorded.report == "https://reports.example.com/run-1/report/index.html"
    assert json.loads(hooks.requests[-1].body)["walk"]["report"] == recorded.report
    line = describe(recorded)[0]
    assert ": broken in 2.0 s, score 90 — product (desktop): “Pay now” (button) was not reachable · report: " in line
    assert line.endswith(recorded.report)
    trends = json.loads((out / "run-1" / "trends.json").read_text())
    assert [w["report"] for w in trends["walks"]] == ["https://reports.example.com/run-0/report/index.html",
                                                      "https://reports.example.com/run-1/report/index.html"]


def test_a_running_walk_shows_signs_of_life_in_a_log_without_flooding_it(capsys):
    beat = Heartbeat(every_s=60)
    beat.say("started walking at 2026-01-01 04:00:00 CET (time limit 5.0 min)")
    for second in range(1, 150):
        beat.alive(float(second), "[desktop] shop › product: passed in 1.2 s")
    beat.say("walk 1 (…): completed")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("started walking at")
    assert lines[1:3] == ["  still walking for 60.0 s · [desktop] shop › product: passed in 1.2 s",
                          "  still walking for 120.0 s · [desktop] shop › product: passed in 1.2 s"]
    assert lines[3] == "walk 1 (…): completed" and len(lines) == 4
