"""`watch` and `history`: walk the live shop on a schedule, and read what the schedule remembered."""

from __future__ import annotations

from pathlib import Path

import click

from ..scenario import load_scenarios
from ..watch.history import ENV_VARIABLE as HISTORY_ENV
from ..watch.retention import DEFAULT_KEEP
from .common import console, fail
from .walking import alert_settings


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("run_args", nargs=-1, required=True, type=click.UNPROCESSED, metavar="SCENARIO... [RUN OPTIONS]")
@click.option("--every", metavar="INTERVAL", help="Walk this often: 30s, 15m, 1h.")
@click.option("--cron", metavar="SCHEDULE", help='Walk on a cron schedule in local time, e.g. "*/15 * * * *".')
@click.option("--time-limit", metavar="DURATION",
              help="Stop a walk that takes longer and record it as failed (default: the interval, 5 to 30 minutes).")
@click.option("--max-walks", type=click.IntRange(min=1), help="Stop after this many walks.")
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder that receives the run folders.")
@click.option("--history", "history_file", type=click.Path(dir_okay=False, path_type=Path),
              help=f"History file (default: ${HISTORY_ENV}, else OUT/history.sqlite).")
@click.option("--alerts", "alerts_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Alert settings, TOML or YAML (also $WALKTHROUGHS_ALERTS, WALKTHROUGHS_WEBHOOK_URL, WALKTHROUGHS_SMTP_HOST…).")
@click.option("--keep", type=click.IntRange(min=1), default=DEFAULT_KEEP, show_default=True,
              help="Run folders kept whole; older ones keep only results.json and evidence.json.")
def watch(run_args, every, cron, time_limit, max_walks, out_dir, history_file, alerts_file, keep) -> None:
    """Walk scenarios on a schedule until stopped (Ctrl-C); every option `watch` does not know goes to `run`.

    Each walk runs in a fresh process with a time limit; it is recorded in the history, compared with
    the recent good walks, and regressions are alerted once, reminded, and announced when they recover.
    """
    from ..watch.history import history_path
    from ..watch.loop import WatchPlan, time_limit_default
    from ..watch.loop import watch as watch_schedule
    from ..watch.schedule import Cron, Schedule, parse_interval

    if bool(every) == bool(cron):
        raise fail("say when to walk: --every INTERVAL or --cron SCHEDULE (one of them)")
    schedule = Schedule(every=parse_interval(every)) if every else Schedule(cron=Cron.parse(cron))
    limit_s = parse_interval(time_limit) if time_limit else time_limit_default(schedule.every)
    files = [Path(arg) for arg in run_args if not arg.startswith("-") and arg.endswith((".yaml", ".yml"))]
    if not files:
        raise fail("name the scenario files to walk")
    scenarios = load_scenarios(files)
    plan = WatchPlan(run_args=tuple(run_args), out_dir=out_dir, schedule=schedule, time_limit_s=limit_s,
                     history=history_path(history_file, out_dir), alerts=alert_settings(alerts_file),
                     scenarios=tuple(s.name for s in scenarios), keep=keep, max_walks=max_walks)
    raise click.exceptions.Exit(watch_schedule(plan, lambda line: console.print(line, highlight=False, markup=False)))


@click.command()
@click.option("--history", "history_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=f"History file (default: ${HISTORY_ENV}, else reports/history.sqlite).")
@click.option("--last", type=click.IntRange(min=1), default=20, show_default=True, help="How many walks to show.")
@click.option("--scenario", help="Only walks of this scenario.")
def history(history_file, last, scenario) -> None:
    """Recent walks, per-stage trends (median, last, change) and open incidents, from the history file."""
    from ..watch.history import History, history_path
    from ..watch.trends import load_trends
    from .history_tables import incidents_table, stage_trend_table, walks_table

    path = history_path(history_file)
    if not path.exists():
        raise fail(f"no history at {path}: `walkthrough watch` or `walkthrough run --history` writes one")
    with History(path) as store:
        trends = load_trends(store, last, scenario)
        open_incidents = store.open_incidents()
    if not trends.walks:
        console.print(f"No walks recorded{f' for {scenario}' if scenario else ''} in {path}.", highlight=False)
        return
    console.print(walks_table(trends))
    console.print(stage_trend_table(trends))
    if open_incidents:
        console.print(incidents_table(open_incidents))
