"""Every walk a schedule makes, in one SQLite file: what was walked, how long each stage took on each device,
Web Vitals, scores, findings, the report's path, and the state of alert incidents.

`walkthrough history` reads it; `walkthrough watch` and `walkthrough run --history` write it. The file
holds its schema version; a newer file than this tool reads is refused rather than damaged.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError
from ..results import JourneyRecord, RunResult

SCHEMA_VERSION = 1
ENV_VARIABLE = "WALKTHROUGHS_HISTORY"
DEFAULT_FILE = "history.sqlite"
# failed: the walk itself could not finish; degraded: it got through, slower than usual or with new major findings
WALK_STATUSES = ("completed", "degraded", "broken", "failed", "interrupted")

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE walks (
    id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT, started_at TEXT NOT NULL, finished_at TEXT,
    status TEXT NOT NULL, reason TEXT, scenarios TEXT NOT NULL DEFAULT '', run_dir TEXT, report TEXT,
    duration_ms REAL, score REAL, clean INTEGER NOT NULL DEFAULT 0, pruned INTEGER NOT NULL DEFAULT 0);
CREATE TABLE journeys (
    walk_id INTEGER NOT NULL REFERENCES walks(id), scenario TEXT NOT NULL, device TEXT NOT NULL, status TEXT NOT NULL,
    score REAL, duration_ms REAL, broke_at TEXT, error TEXT, stopped_before TEXT);
CREATE TABLE stages (
    walk_id INTEGER NOT NULL REFERENCES walks(id), scenario TEXT NOT NULL, device TEXT NOT NULL, position INTEGER NOT NULL,
    stage TEXT NOT NULL, status TEXT NOT NULL, duration_ms REAL, budget_ms REAL, friction_score REAL,
    lcp_ms REAL, cls REAL, inp_ms REAL, ttfb_ms REAL, vitals TEXT);
CREATE TABLE findings (
    walk_id INTEGER NOT NULL REFERENCES walks(id), scenario TEXT NOT NULL, device TEXT NOT NULL, stage TEXT,
    detector TEXT NOT NULL, severity TEXT NOT NULL, title TEXT NOT NULL);
CREATE TABLE regressions (
    walk_id INTEGER NOT NULL REFERENCES walks(id), key TEXT NOT NULL, kind TEXT NOT NULL, summary TEXT NOT NULL,
    scenario TEXT, device TEXT, stage TEXT);
CREATE TABLE incidents (
    id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, kind TEXT NOT NULL, summary TEXT NOT NULL,
    scenario TEXT, device TEXT, stage TEXT, opened_at TEXT NOT NULL, opened_walk INTEGER NOT NULL,
    announced INTEGER NOT NULL DEFAULT 0, last_alert_at TEXT, resolved_at TEXT, resolved_walk INTEGER);
CREATE INDEX stages_by_walk ON stages (walk_id);
CREATE INDEX findings_by_walk ON findings (walk_id);
CREATE INDEX open_incidents ON incidents (resolved_at);
"""


class HistoryVersionError(InputError):
    """The history file was written by a newer version of walkthroughs."""


def history_path(option: Path | None, out_dir: Path | None = None) -> Path:
    """`--history`, else $WALKTHROUGHS_HISTORY, else history.sqlite in the reports folder."""
    if option:
        return Path(option)
    if os.environ.get(ENV_VARIABLE):
        return Path(os.environ[ENV_VARIABLE])
    return Path(out_dir or "reports") / DEFAULT_FILE


def now_iso() -> str:
    """Now in UTC with its offset (`2026-01-01T03:00:00+00:00`): how every time in the history is stored."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def parse_time(iso: str) -> datetime:
    """A stored time, aware; a time written without an offset (an older file) is UTC."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Walk:
    id: int
    run_id: str | None
    started_at: str
    status: str
    reason: str | None
    scenarios: str
    run_dir: str | None
    report: str | None
    duration_ms: float | None
    score: float | None
    clean: bool
    pruned: bool


@dataclass(frozen=True)
class StageRow:
    walk_id: int
    scenario: str
    device: str
    position: int
    stage: str
    status: str
    duration_ms: float | None
    lcp_ms: float | None

    @property
    def key(self) -> tuple[str, str, str]:
        return self.scenario, self.device, self.stage


WENT_WRONG = ("broken", "error", "checks_failed")  # a journey's statuses that make a watched walk broken


def _who(journey: JourneyRecord) -> str:
    """The history's `device`: the device, and the path and persona walked on it, so that a detour or a persona
    is compared with its own earlier walks (repeats of one journey share it)."""
    return " · ".join(part for part in (journey.device.name, journey.path, journey.persona) if part)


def _where_it_broke(journey: JourneyRecord) -> tuple[str | None, str | None]:
    """The stage and the words of where a journey went wrong: where the shopper was lost, else its first failed
    check (the walk went on, a watched shop is broken all the same), else the journey's error."""
    lost = journey.lost_at()
    if lost:
        return lost.stage, lost.reason
    checks = journey.failed_checks()
    if checks:
        stage, step = checks[0]
        return stage.name, step.error.message if step.error else f"“{step.label}” failed"
    return None, journey.error


def _journey_rows(walk_id: int, result: RunResult) -> Iterable[tuple]:
    for journey in result.journeys:
        yield (walk_id, journey.scenario, _who(journey), journey.status, journey.score, journey.duration_ms,
               *_where_it_broke(journey), journey.stopped_before)


def _stage_rows(walk_id: int, result: RunResult) -> Iterable[tuple]:
    for journey in result.journeys:
        for position, stage in enumerate(journey.stages):
            vitals = stage.vitals or {}
            yield (walk_id, journey.scenario, _who(journey), position, stage.name, stage.status,
                   stage.duration_ms, stage.budget_ms, stage.friction_score, vitals.get("lcp_ms"), vitals.get("cls"),
                   vitals.get("inp_ms"), vitals.get("ttfb_ms"), json.dumps(vitals) if vitals else None)


def _finding_rows(walk_id: int, result: RunResult) -> Iterable[tuple]:
    for journey in result.journeys:
        for found in journey.findings:
            yield walk_id, journey.scenario, _who(journey), found.stage, found.detector, found.severity, found.title


def walk_status(result: RunResult) -> str:
    if result.status == "interrupted":
        return "interrupted"
    if result.status == "checks_failed":  # the walk went on past a failed check: for a watched shop, broken
        return "broken"
    if result.status == "running":  # the walk never finished its results
        return "failed"
    return result.status


class History:
    """The history file, opened (and created or upgraded) on construction; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30)
        self.db.row_factory = sqlite3.Row
        self._migrate()

    def __enter__(self) -> "History":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" not in tables:
            with self.db:
                self.db.executescript(_SCHEMA)
                self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            return
        version = int(self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise HistoryVersionError(f"{self.path} was written by a newer walkthroughs (history schema {version}, "
                                      f"this version reads up to {SCHEMA_VERSION})")

    # ---- writing ----------------------------------------------------------------------------------

    def record_run(self, result: RunResult, run_dir: Path, report: Path | None = None, status: str | None = None,
                   reason: str | None = None) -> int:
        """Store a walked run (from its results.json); `status`/`reason` override for a walk cut short."""
        scores = [j.score for j in result.journeys if j.score is not None]
        durations = [j.duration_ms for j in result.journeys if j.duration_ms is not None]
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO walks (run_id, started_at, finished_at, status, reason, scenarios, run_dir, report, "
                "duration_ms, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (result.run_id, result.started_at, result.finished_at or now_iso(), status or walk_status(result),
                 reason, ",".join(s.name for s in result.scenarios), str(run_dir), str(report) if report else None,
                 max(durations) if durations else None, round(sum(scores) / len(scores), 1) if scores else None))
            walk_id = cursor.lastrowid
            self.db.executemany("INSERT INTO journeys VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", _journey_rows(walk_id, result))
            self.db.executemany("INSERT INTO stages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                _stage_rows(walk_id, result))
            self.db.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?)", _finding_rows(walk_id, result))
        return walk_id

    def record_failed_walk(self, started_at: str, reason: str, scenarios: Iterable[str] = (),
                           run_dir: Path | None = None) -> int:
        """Store a walk that could not finish at all (timed out, crashed, could not reach the shop)."""
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO walks (started_at, finished_at, status, reason, scenarios, run_dir) VALUES (?, ?, ?, ?, ?, ?)",
                (started_at, now_iso(), "failed", reason, ",".join(scenarios), str(run_dir) if run_dir else None))
        return cursor.lastrowid

    def mark_clean(self, walk_id: int, clean: bool) -> None:
        """A clean walk (completed, nothing regressed) may serve as a baseline for the walks after it."""
        with self.db:
            self.db.execute("UPDATE walks SET clean = ? WHERE id = ?", (int(clean), walk_id))

    def set_status(self, walk_id: int, status: str) -> None:
        with self.db:
            self.db.execute("UPDATE walks SET status = ? WHERE id = ?", (status, walk_id))

    def mark_pruned(self, walk_id: int) -> None:
        with self.db:
            self.db.execute("UPDATE walks SET pruned = 1 WHERE id = ?", (walk_id,))

    # ---- reading ----------------------------------------------------------------------------------

    def walk(self, walk_id: int) -> Walk:
        return self._walks("WHERE id = ?", (walk_id,))[0]

    def _walks(self, where: str, parameters: tuple, limit: int | None = None) -> list[Walk]:
        sql = f"SELECT * FROM walks {where} ORDER BY id DESC" + (f" LIMIT {int(limit)}" if limit else "")
        return [Walk(row["id"], row["run_id"], row["started_at"], row["status"], row["reason"], row["scenarios"],
                     row["run_dir"], row["report"], row["duration_ms"], row["score"], bool(row["clean"]),
                     bool(row["pruned"])) for row in self.db.execute(sql, parameters)]

    def recent_walks(self, limit: int | None = 20, scenario: str | None = None, up_to: int | None = None,
                     since: datetime | None = None) -> list[Walk]:
        """The newest walks first (up to walk `up_to`, started at or after `since`); with `scenario`, only its walks."""
        where, parameters = "WHERE id <= ?", [up_to if up_to is not None else 2 ** 62]
        if scenario:
            where += " AND ',' || scenarios || ',' LIKE ?"
            parameters.append(f"%,{scenario},%")
        walks = self._walks(where, tuple(parameters), None if since else limit)
        if since is not None:  # compared as times, not as text: a time may carry any offset
            walks = [w for w in walks if parse_time(w.started_at) >= since][:limit]
        return walks

    def walks_with_files(self) -> list[Walk]:
        """Walks whose run folder still holds its pictures and traces, newest first."""
        return self._walks("WHERE run_dir IS NOT NULL AND pruned = 0", ())

    def baseline_walks(self, before: int, count: int) -> list[Walk]:
        """The last `count` clean walks before walk `before`."""
        return self._walks("WHERE clean = 1 AND id < ?", (before,), count)

    def stages(self, walk_ids: Iterable[int]) -> list[StageRow]:
        ids = list(walk_ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT walk_id, scenario, device, position, stage, status, duration_ms, lcp_ms "
                               f"FROM stages WHERE walk_id IN ({marks}) ORDER BY walk_id, scenario, device, position", ids)
        return [StageRow(*row) for row in rows]

    def journeys(self, walk_id: int) -> list[sqlite3.Row]:
        return list(self.db.execute("SELECT * FROM journeys WHERE walk_id = ?", (walk_id,)))

    def findings(self, walk_ids: Iterable[int], severities: tuple[str, ...]) -> list[sqlite3.Row]:
        ids = list(walk_ids)
        if not ids:
            return []
        marks, levels = ",".join("?" * len(ids)), ",".join("?" * len(severities))
        return list(self.db.execute(f"SELECT * FROM findings WHERE walk_id IN ({marks}) AND severity IN ({levels})",
                                    [*ids, *severities]))

    def where_it_broke(self, walk_id: int) -> str | None:
        """Where the shopper was lost, in words: the stage, the device and the step's message, per broken journey."""
        places = []
        for journey in self.journeys(walk_id):
            if journey["status"] in WENT_WRONG and (journey["broke_at"] or journey["error"]):
                where = f"{journey['broke_at']} ({journey['device']})" if journey["broke_at"] else journey["device"]
                places.append(f"{where}: {journey['error']}" if journey["error"] else where)
        return "; ".join(places) or None

    def what_went_wrong(self, walk: Walk) -> str | None:
        """The `where it broke` of a walk: where shoppers were lost, what got worse in a degraded walk, or why the
        walk itself failed."""
        if walk.status == "broken":
            return self.where_it_broke(walk.id) or walk.reason
        if walk.status == "degraded":
            return "; ".join(r["summary"] for r in self.regressions(walk.id)) or None
        return walk.reason

    def finding_counts(self, walk_id: int) -> dict[str, int]:
        rows = self.db.execute("SELECT severity, COUNT(*) FROM findings WHERE walk_id = ? GROUP BY severity", (walk_id,))
        return {severity: count for severity, count in rows}

    # ---- regressions and incidents ------------------------------------------------------------------

    def save_regressions(self, walk_id: int, regressions: Iterable[Any]) -> None:
        with self.db:
            self.db.executemany("INSERT INTO regressions VALUES (?, ?, ?, ?, ?, ?, ?)",
                                [(walk_id, r.key, r.kind, r.summary, r.scenario, r.device, r.stage) for r in regressions])

    def regressions(self, walk_id: int) -> list[sqlite3.Row]:
        return list(self.db.execute("SELECT * FROM regressions WHERE walk_id = ?", (walk_id,)))

    def open_incidents(self) -> list[sqlite3.Row]:
        return list(self.db.execute("SELECT * FROM incidents WHERE resolved_at IS NULL ORDER BY id"))

    def incidents(self, limit: int = 50) -> list[sqlite3.Row]:
        return list(self.db.execute("SELECT * FROM incidents ORDER BY id DESC LIMIT ?", (limit,)))

    def open_incident(self, regression: Any, walk_id: int, at: str) -> int:
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO incidents (key, kind, summary, scenario, device, stage, opened_at, opened_walk) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (regression.key, regression.kind, regression.summary, regression.scenario, regression.device,
                 regression.stage, at, walk_id))
        return cursor.lastrowid

    def update_incident(self, incident_id: int, summary: str) -> None:
        with self.db:
            self.db.execute("UPDATE incidents SET summary = ? WHERE id = ?", (summary, incident_id))

    def mark_alerted(self, incident_ids: Iterable[int], at: str) -> None:
        with self.db:
            self.db.executemany("UPDATE incidents SET announced = 1, last_alert_at = ? WHERE id = ?",
                                [(at, incident_id) for incident_id in incident_ids])

    def resolve_incident(self, incident_id: int, walk_id: int, at: str) -> None:
        with self.db:
            self.db.execute("UPDATE incidents SET resolved_at = ?, resolved_walk = ? WHERE id = ?",
                            (at, walk_id, incident_id))
