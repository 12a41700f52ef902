"""`walkthrough watch`: walk the live shop on a schedule until stopped, and remember every walk.

Each walk is `walkthrough run` in a fresh process (so a fresh browser) with a hard time limit: a walk
that hangs is stopped, a walk that fails is recorded as failed with its reason, and the schedule goes
on. After each walk: the history records it, regressions are found against the baseline, incidents
are opened or closed and alerts sent, and old run folders are pruned.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from ..errors import INTERRUPTED_CODES
from ..formatting import duration, local_time
from ..report.trends import write_trends
from ..results import ResultsVersionError, load_results
from .alerts import AlertConfig, WalkSummary, deliver
from .history import History, Walk, now_iso
from .incidents import Notice, update_incidents
from .links import link_from_report, report_link
from .regressions import Regression, find_regressions
from .retention import DEFAULT_KEEP, prune_old_runs
from .schedule import Schedule
from .trends import load_trends

STOP_GRACE_S = 10  # after Ctrl-C or the time limit, how long a walk may take to save what it has
EXIT_USAGE = 2
TREND_WALKS = 30  # walks in a report's trend charts
TICK_S = 1.0  # how often a running walk is looked at (time limit, signs of life)

# Told every TICK_S while a walk runs: seconds since it started, and the last line the walk printed.
Alive = Callable[[float, str | None], None]


@dataclass(frozen=True)
class WalkOutcome:
    """How one walk ended, seen from outside: its run folder (if it got that far) and, if it failed, why."""

    started_at: str
    status: str  # completed | broken | failed | interrupted
    reason: str | None = None
    run_dir: Path | None = None


@dataclass
class Recorded:
    walk: Walk
    regressions: list[Regression]
    notices: list[Notice]
    channels_reached: int = 0
    delivery_problems: list[str] = field(default_factory=list)
    pruned: int = 0
    report: str | None = None  # a link (hosted with --report-url) or the local path
    where: str | None = None  # where it broke, what got worse, or why it failed


@dataclass(frozen=True)
class WatchPlan:
    run_args: tuple[str, ...]  # what `walkthrough run` gets, scenario files included, besides --out
    out_dir: Path
    schedule: Schedule
    time_limit_s: float
    history: Path
    alerts: AlertConfig
    scenarios: tuple[str, ...] = ()
    keep: int = DEFAULT_KEEP
    max_walks: int | None = None
    report_url: str | None = None  # where the reports folder is published, for links in alerts and trends


# ---- one walk in its own process ------------------------------------------------------------------

def _run_folders(out_dir: Path) -> set[Path]:
    return {p for p in out_dir.iterdir() if p.is_dir() and not p.is_symlink()} if out_dir.is_dir() else set()


def _spawned_sessions(session: int) -> set[int]:
    """Process groups started from the walk's session: Playwright gives each browser one of its own (Linux /proc)."""
    stats = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        stats[int(stat.parent.name)] = (int(fields[1]), int(fields[3]))  # parent, session
    walk = {pid for pid, (_, sid) in stats.items() if sid == session}
    return {sid for pid, (parent, sid) in stats.items() if parent in walk and sid == pid}


def _stop(process: subprocess.Popen) -> None:
    """Ask the walk's process group to stop (it saves its results and closes its browser); past the grace
    period, kill it and the browsers it started."""
    try:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=STOP_GRACE_S)
        return
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        pass
    for group in {process.pid, *_spawned_sessions(process.pid)}:
        try:
            os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    process.wait()


def _last_error(output: str) -> str | None:
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in output.splitlines() if line.strip()]
    errors = [line.removeprefix("error:").strip() for line in lines if line.startswith("error:")]
    return (errors or lines or [None])[-1]


def _last_line(output) -> str | None:
    """The last line the walk printed so far (its progress: one line per stage), without colours."""
    output.seek(0, os.SEEK_END)
    size = output.tell()
    output.seek(max(0, size - 4096))
    text = output.read().decode("utf-8", "replace")
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    return lines[-1] if lines else None


def walk_once(run_args: Iterable[str], out_dir: Path, time_limit_s: float, alive: Alive | None = None) -> WalkOutcome:
    """Run `walkthrough run ... --out OUT_DIR` with a time limit; Ctrl-C stops the walk and is raised again."""
    started_at, before = now_iso(), _run_folders(out_dir)
    command = [sys.executable, "-m", "walkthroughs", "run", *run_args, "--out", str(out_dir)]
    with tempfile.TemporaryFile() as output:  # a file, not a pipe: a chatty walk must never block on a full pipe
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        clock = time.monotonic()
        status = reason = None
        try:
            while status is None:
                try:
                    code = process.wait(timeout=min(TICK_S, max(0.01, time_limit_s - (time.monotonic() - clock))))
                    status, reason = ("completed", None) if code == 0 else (
                        ("interrupted", "the walk was interrupted") if code in INTERRUPTED_CODES else ("broken", None))
                except subprocess.TimeoutExpired:
                    if time.monotonic() - clock >= time_limit_s:
                        _stop(process)
                        status = "failed"
                        reason = (f"the walk took longer than its time limit of {duration(time_limit_s * 1000)} "
                                  "and was stopped")
                    elif alive is not None:
                        alive(time.monotonic() - clock, _last_line(output))
        except KeyboardInterrupt:
            _stop(process)
            raise
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    run_dirs = sorted(_run_folders(out_dir) - before)
    run_dir = run_dirs[-1] if run_dirs else None
    if status == "broken" and (process.returncode == EXIT_USAGE or run_dir is None):
        status, reason = "failed", _last_error(text) or f"walkthrough run exited with code {process.returncode}"
    return WalkOutcome(started_at, status, reason, run_dir)


# ---- after a walk -------------------------------------------------------------------------------

def store_outcome(history: History, outcome: WalkOutcome, scenarios: Iterable[str] = ()) -> int:
    """The walk's row in the history, from its results.json when it wrote one."""
    results = outcome.run_dir / "results.json" if outcome.run_dir else None
    if results is not None and results.exists():
        try:
            result = load_results(results)
        except (ValueError, ResultsVersionError, OSError):
            result = None
        if result is not None:
            report = outcome.run_dir / "report" / "index.html"
            override = outcome.status if outcome.status in ("failed", "interrupted") else None
            return history.record_run(result, outcome.run_dir, report if report.exists() else None, override,
                                      outcome.reason)
    return history.record_failed_walk(outcome.started_at, outcome.reason or "the walk wrote no results", scenarios,
                                      outcome.run_dir)


def add_trends_to_report(history: History, walk_id: int, run_dir: Path, report_url: str | None = None) -> None:
    """Give the walk's report its trend charts: the walks up to this one, drawn again with them, each linking to
    its own report."""
    from ..report import render_report

    if not (run_dir / "report" / "index.html").exists():
        return
    write_trends(load_trends(history, TREND_WALKS, up_to=walk_id, link=lambda w: link_from_report(w, report_url)),
                 run_dir)
    try:
        render_report(run_dir)
    except (OSError, ValueError):
        pass  # the report without trends stays; the walk is recorded either way


def record_walk(history_path: Path, outcome: WalkOutcome, alerts: AlertConfig, keep: int = DEFAULT_KEEP,
                scenarios: Iterable[str] = (), now: datetime | None = None, report_url: str | None = None) -> Recorded:
    """Everything that follows a walk: history, regressions, incidents and alerts, retention."""
    now = now or datetime.now(timezone.utc)
    with History(history_path) as history:
        walk_id = store_outcome(history, outcome, scenarios)
        regressions = find_regressions(history, walk_id, alerts.thresholds)
        if outcome.run_dir is not None:
            add_trends_to_report(history, walk_id, outcome.run_dir, report_url)
        notices = update_incidents(history, walk_id, regressions, now, alerts.remind_every)
        walk = history.walk(walk_id)
        link = report_link(walk, report_url)
        reached, problems = deliver(notices, WalkSummary(walk.id, walk.started_at, walk.status, walk.scenarios, link),
                                    alerts)
        if reached or not alerts.channels:  # undelivered: announced again after the next walk
            history.mark_alerted([n.incident_id for n in notices if n.event != "recovered"],
                                 now.astimezone(timezone.utc).isoformat(timespec="seconds"))
        pruned, _ = prune_old_runs(history, keep)
        return Recorded(walk, regressions, notices, reached, problems, pruned, link, history.what_went_wrong(walk))


def describe(recorded: Recorded) -> list[str]:
    """What the watch prints about a walk: one line, then one per notice and per delivery problem."""
    walk = recorded.walk
    line = f"walk {walk.id} ({local_time(walk.started_at, seconds=True)}): {walk.status}"
    if walk.duration_ms is not None:
        line += f" in {duration(walk.duration_ms)}"
    if walk.score is not None:
        line += f", score {walk.score:g}"
    if recorded.where:
        line += f" — {recorded.where}"
    if recorded.report:
        line += f" · report: {recorded.report}"
    lines = [line]
    lines += [f"  {n.event}: {n.summary}" for n in recorded.notices]
    if recorded.notices and recorded.channels_reached:
        lines.append(f"  alert sent ({recorded.channels_reached} channel{'s' * (recorded.channels_reached != 1)})")
    lines += [f"  warning: {problem}" for problem in recorded.delivery_problems]
    return lines


# ---- the schedule ---------------------------------------------------------------------------------

def _sleep_until(moment: datetime) -> None:
    while (left := (moment - datetime.now().astimezone()).total_seconds()) > 0:
        time.sleep(min(left, 1.0))


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def watch(plan: WatchPlan, say: Callable[[str], None], alive: Alive | None = None) -> int:
    """Walk on the schedule until `max_walks` or Ctrl-C (or SIGTERM); returns the exit code. `say` gets every line to
    print; `alive`, if given, hears about a running walk every second."""
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)  # a service manager stops the watch like Ctrl-C
    last_start: datetime | None = None
    walks = 0
    say(f"Watching {', '.join(plan.scenarios) or 'the scenarios'} {plan.schedule.describe()}; history: {plan.history}"
        + (f"; alerts: {', '.join(plan.alerts.channels)}" if plan.alerts.channels else "; no alert channels set"))
    try:
        while plan.max_walks is None or walks < plan.max_walks:
            start = plan.schedule.next_start(last_start, datetime.now().astimezone())
            if last_start is not None or plan.schedule.cron is not None:
                say(f"next walk at {local_time(start.isoformat(), seconds=True)}")
            _sleep_until(start)
            last_start = datetime.now().astimezone()
            say(f"started walking at {local_time(last_start.isoformat(), seconds=True)} "
                f"(time limit {duration(plan.time_limit_s * 1000)})")
            try:
                outcome = walk_once(plan.run_args, plan.out_dir, plan.time_limit_s, alive)
            except KeyboardInterrupt:
                say("interrupted: the walk was stopped")
                return 130
            for line in describe(record_walk(plan.history, outcome, plan.alerts, plan.keep, plan.scenarios,
                                             report_url=plan.report_url)):
                say(line)
            walks += 1
    except KeyboardInterrupt:
        say("stopped")
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


def time_limit_default(every_s: float | None) -> float:
    """Without --time-limit: the interval, but at least 5 and at most 30 minutes."""
    return min(max(every_s or 0, 300.0), 1800.0)

