"""The report's trend series (`report.trends`) filled from the watch's history: the last walks, oldest first."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from ..report.trends import StageTrend, Trends, WalkPoint
from .history import History, Walk
from .links import report_link


def load_trends(history: History, last: int | None = 20, scenario: str | None = None, up_to: int | None = None,
                since: datetime | None = None, link: Callable[[Walk], str | None] = report_link) -> Trends:
    """The last `last` walks (up to walk `up_to`, since `since`), oldest first, with one series per scenario × device ×
    stage; each walk's report as `link` makes it (the local file by default)."""
    walks = history.recent_walks(last, scenario, up_to, since)[::-1]
    points = [WalkPoint(w.id, w.started_at, w.status, w.score, w.duration_ms, w.reason, link(w),
                        history.what_went_wrong(w)) for w in walks]
    index = {w.id: i for i, w in enumerate(walks)}
    series: dict[tuple[str, str, str], StageTrend] = {}
    order: dict[tuple[str, str, str], tuple[str, str, int]] = {}
    for row in history.stages(index):
        if scenario and row.scenario != scenario:
            continue
        trend = series.setdefault(row.key, StageTrend(row.scenario, row.device, row.stage, [None] * len(walks),
                                                      [None] * len(walks)))
        order.setdefault(row.key, (row.scenario, row.device, row.position))
        if row.status == "passed":
            trend.durations[index[row.walk_id]] = row.duration_ms
            trend.lcp[index[row.walk_id]] = row.lcp_ms
    return Trends(points, [series[key] for key in sorted(series, key=lambda key: order[key])])
