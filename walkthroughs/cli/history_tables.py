"""The tables `walkthrough history` prints: recent walks, per-stage trends, open incidents."""

from __future__ import annotations

import sqlite3

from rich.table import Table

from ..formatting import duration
from ..report.trends import Trends

STATUS_STYLE = {"completed": "green", "broken": "bold red", "failed": "bold red", "interrupted": "yellow"}


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:+.0f}%"


def walks_table(trends: Trends) -> Table:
    table = Table(title=f"Last {len(trends.walks)} walks — {trends.success_rate * 100:.0f}% got through")
    for column in ("walk", "started", "status", "time", "score", "report or reason"):
        table.add_column(column)
    for walk in reversed(trends.walks):
        style = STATUS_STYLE.get(walk.status, "")
        table.add_row(str(walk.id), walk.started_at.replace("T", " ")[:19], f"[{style}]{walk.status}[/]",
                      duration(walk.duration_ms), "" if walk.score is None else f"{walk.score:g}",
                      walk.reason or walk.report or "")
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
    for column in ("since", "kind", "what", "last alert"):
        table.add_column(column)
    for incident in incidents:
        table.add_row(incident["opened_at"].replace("T", " ")[:19], incident["kind"], incident["summary"],
                      (incident["last_alert_at"] or "not sent").replace("T", " ")[:19])
    return table
