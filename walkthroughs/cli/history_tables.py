"""What `walkthrough history` prints: recent walks, per-stage trends and open incidents as tables, or as JSON and CSV
for a dashboard or a spreadsheet. Times are stored in UTC; tables show them in this machine's zone, the files both."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import datetime
from pathlib import Path

from rich.table import Table

from ..formatting import duration, local_time
from ..report.trends import Trends, WalkPoint
from ..watch.history import now_iso
from ..watch.regressions import state_of

STATUS_STYLE = {"completed": "green", "degraded": "yellow", "broken": "bold red", "failed": "bold red",
                "interrupted": "magenta"}
WALK_FIELDS = ("id", "started_at", "started_local", "status", "duration_ms", "score", "where_it_broke", "report")


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:+.0f}%"


def walks_table(trends: Trends) -> Table:
    table = Table(title=f"Last {len(trends.walks)} walks — {trends.success_rate * 100:.0f}% got through")
    for column in ("walk", "started", "status", "time", "score", "where it broke"):
        table.add_column(column)
    for walk in reversed(trends.walks):
        style = STATUS_STYLE.get(walk.status, "")
        table.add_row(str(walk.id), local_time(walk.started_at, seconds=True), f"[{style}]{walk.status}[/]",
                      duration(walk.duration_ms), "" if walk.score is None else f"{walk.score:g}", walk.where or "")
    return table


def stage_trend_table(trends: Trends) -> Table:
    table = Table(title="Stage durations: median of the earlier walks, the last walk, the change")
    for column in ("scenario", "device", "stage", "median", "last", "change", "LCP median", "got through"):
        table.add_column(column)
    for stage in trends.stages:
        change = stage.change
        style = "bold red" if change is not None and change > 0.3 else ""
        table.add_row(stage.scenario, stage.device, stage.stage, duration(stage.median_ms), duration(stage.last_ms),
                      f"[{style}]{_percent(change)}[/]" if style else _percent(change),
                      "" if stage.lcp_median is None else f"{stage.lcp_median:.0f} ms",
                      "" if stage.passed_share is None else f"{stage.passed_share * 100:.0f}%")
    return table


def incidents_table(incidents: list[sqlite3.Row]) -> Table:
    table = Table(title="Open incidents")
    for column in ("since", "state", "kind", "what", "last alert"):
        table.add_column(column)
    for incident in incidents:
        table.add_row(local_time(incident["opened_at"]), state_of(incident["kind"]), incident["kind"],
                      incident["summary"],
                      local_time(incident["last_alert_at"]) if incident["last_alert_at"] else "not sent")
    return table


def _walk_row(walk: WalkPoint) -> dict:
    return {"id": walk.id, "started_at": walk.started_at, "started_local": local_time(walk.started_at, seconds=True),
            "status": walk.status, "duration_ms": walk.duration_ms, "score": walk.score, "where_it_broke": walk.where,
            "report": walk.report}


def history_json(trends: Trends, incidents: list[sqlite3.Row], path: Path, since: datetime | None) -> str:
    """Walks (newest first), stage trends and open incidents; times in UTC with offset, plus the local reading."""
    return json.dumps({
        "history": str(path), "generated_at": now_iso(),
        "since": since.isoformat(timespec="seconds") if since else None,
        "got_through": trends.success_rate,
        "walks": [_walk_row(w) for w in reversed(trends.walks)],
        "stages": [{"scenario": s.scenario, "device": s.device, "stage": s.stage, "median_ms": s.median_ms,
                    "last_ms": s.last_ms, "change": s.change, "lcp_median_ms": s.lcp_median,
                    "got_through": s.passed_share} for s in trends.stages],
        "open_incidents": [{"id": i["id"], "state": state_of(i["kind"]), "kind": i["kind"], "summary": i["summary"],
                            "scenario": i["scenario"], "device": i["device"], "stage": i["stage"],
                            "opened_at": i["opened_at"], "last_alert_at": i["last_alert_at"]} for i in incidents],
    }, indent=1, ensure_ascii=False)


def history_csv(trends: Trends) -> str:
    """One row per walk, newest first, with a header."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=WALK_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_walk_row(w) for w in reversed(trends.walks))
    return out.getvalue()
