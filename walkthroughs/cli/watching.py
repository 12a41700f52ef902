"""`watch` and `history`: walk the live shop on a schedule, and read what the schedule remembered."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import click

from ..formatting import duration
from ..watch.history import ENV_VARIABLE as HISTORY_ENV
from ..watch.links import ENV_REPORT_URL
from ..watch.retention import DEFAULT_KEEP
from .common import console, duration_ms, fail

HEARTBEAT_S = 60  # in a log (not a terminal), a line this often while a walk runs


class Heartbeat:
    """Signs of life while a watched walk runs: on a terminal, one line that changes in place (how long, and the
    walk's last progress line); in a log, a line a minute, so a long walk is visibly alive without flooding it."""

    def __init__(self, every_s: float = HEARTBEAT_S) -> None:
        self.every_s, self.next_line_at, self.status = every_s, every_s, None

    def alive(self, elapsed_s: float, last_line: str | None) -> None:
        text = f"walking for {duration(elapsed_s * 1000)}" + (f" · {last_line}" if last_line else "")
        if console.is_terminal:
            if self.status is None:
                self.status = console.status(text)
                self.status.start()
            else:
                self.status.update(text)
        elif elapsed_s >= self.next_line_at:
            console.print(f"  still {text}", highlight=False, markup=False)
            self.next_line_at += self.every_s

    def say(self, line: str) -> None:
        if self.status is not None:
            self.status.stop()
            self.status = None
        self.next_line_at = self.every_s
        console.print(line, highlight=False, markup=False)


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("run_args", nargs=-1, required=True, type=click.UNPROCESSED, metavar="SCENARIO... [RUN OPTIONS]")
@click.option("--every", metavar="INTERVAL", help="Walk this often: 30s, 15m, 1h.")
@click.option("--cron", metavar="SCHEDULE",
              help='Walk on a cron schedule: "*/15 7-22 * * *", @hourly, @daily; "CRON_TZ=Europe/Berlin 0 6 * * *".')
@click.option("--tz", "zone", metavar="ZONE",
              help="The time zone of --cron, e.g. Europe/Berlin (default: this machine's).")
@click.option("--time-limit", metavar="DURATION",
              help="Stop a walk that takes longer and record it as failed (default: the interval, 5 to 30 minutes).")
@click.option("--max-walks", type=click.IntRange(min=1), help="Stop after this many walks.")
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder that receives the run folders.")
@click.option("--history", "history_file", type=click.Path(dir_okay=False, path_type=Path),
              help=f"History file (default: ${HISTORY_ENV}, else OUT/history.sqlite).")
@click.option("--alerts", "alerts_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Alert settings, TOML or YAML (also $WALKTHROUGHS_ALERTS, WALKTHROUGHS_ALERT_URLS, "
                   "WALKTHROUGHS_WEBHOOK_URL, WALKTHROUGHS_SMTP_HOST…).")
@click.option("--report-url", metavar="BASE",
              help=f"Where the OUT folder is published: alerts and trend bars link to BASE/<run>/report/index.html "
                   f"(also ${ENV_REPORT_URL}).")
@click.option("--keep", type=click.IntRange(min=1), default=DEFAULT_KEEP, show_default=True,
              help="Run folders kept whole; older ones keep only results.json and evidence.json.")
def watch(run_args, every, cron, zone, time_limit, max_walks, out_dir, history_file, alerts_file, report_url,
          keep) -> None:
    """Walk scenarios on a schedule until stopped (Ctrl-C); every option `watch` does not know goes to `run`.

    Each walk runs in a fresh process with a time limit; it is recorded in the history, compared with
    the recent good walks, and regressions are alerted once, reminded, and announced when they recover.
    """
    from ..pipeline import load_scenarios
    from ..watch.history import history_path
    from ..watch.links import check_report_url
    from ..watch.loop import WatchPlan, time_limit_default
    from ..watch.loop import watch as watch_schedule
    from ..watch.schedule import Cron, Schedule, parse_interval
    from .walking import alert_settings

    if bool(every) == bool(cron):
        raise fail("say when to walk: --every INTERVAL or --cron SCHEDULE (one of them)")
    if zone and not cron:
        raise fail("--tz is the time zone of a --cron schedule; --every needs none")
    schedule = Schedule(every=parse_interval(every)) if every else Schedule(cron=Cron.parse(cron, zone))
    limit_s = parse_interval(time_limit) if time_limit else time_limit_default(schedule.every)
    files = [Path(arg) for arg in run_args if not arg.startswith("-") and arg.endswith((".yaml", ".yml"))]
    if not files:
        raise fail("name the scenario files to walk")
    scenarios = load_scenarios(files)
    plan = WatchPlan(run_args=tuple(run_args), out_dir=out_dir, schedule=schedule, time_limit_s=limit_s,
                     history=history_path(history_file, out_dir), alerts=alert_settings(alerts_file),
                     scenarios=tuple(s.name for s in scenarios), keep=keep, max_walks=max_walks,
                     report_url=check_report_url(report_url))
    heartbeat = Heartbeat()
    raise click.exceptions.Exit(watch_schedule(plan, heartbeat.say, heartbeat.alive))


@click.command()
@click.option("--history", "history_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=f"History file (default: ${HISTORY_ENV}, else reports/history.sqlite).")
@click.option("--last", type=click.IntRange(min=1), help="How many walks to show (default: 20, or all with --since).")
@click.option("--since", metavar="DURATION", help="Only walks started this long ago or later: 24h, 7d, 90m.")
@click.option("--scenario", help="Only walks of this scenario.")
@click.option("--json", "as_json", is_flag=True, help="Print the walks, stage trends and open incidents as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the walks as CSV, one row per walk.")
@click.option("--report-url", metavar="BASE",
              help=f"Link each walk's report under BASE, where the reports folder is published "
                   f"(also ${ENV_REPORT_URL}).")
def history(history_file, last, since, scenario, as_json, as_csv, report_url) -> None:
    """Recent walks (where each one broke), per-stage trends (median, last, change) and open incidents, from the
    history file. Times are stored in UTC and shown in this machine's time zone."""
    from ..watch.history import History, history_path
    from ..watch.links import check_report_url, report_link
    from ..watch.trends import load_trends
    from .history_tables import (
        history_csv,
        history_json,
        incidents_table,
        stage_trend_table,
        walks_table,
    )

    if as_json and as_csv:
        raise fail("--json or --csv, not both")
    base = check_report_url(report_url)
    after = datetime.now(timezone.utc) - timedelta(milliseconds=duration_ms(since)) if since else None
    path = history_path(history_file)
    if not path.exists():
        raise fail(f"no history at {path}: `walkthrough watch` or `walkthrough run --history` writes one")
    with History(path) as store:
        trends = load_trends(store, last or (None if since else 20), scenario, since=after,
                             link=lambda walk: report_link(walk, base))
        open_incidents = store.open_incidents()
    if as_json:
        click.echo(history_json(trends, open_incidents, path, after))
        return
    if as_csv:
        click.echo(history_csv(trends), nl=False)
        return
    if not trends.walks:
        window = f" since {since} ago" if since else ""
        console.print(f"No walks recorded{f' for {scenario}' if scenario else ''}{window} in {path}.", highlight=False)
        return
    console.print(walks_table(trends))
    console.print(stage_trend_table(trends))
    if open_incidents:
        console.print(incidents_table(open_incidents))
