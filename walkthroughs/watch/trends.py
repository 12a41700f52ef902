"""The report's trend series (`report.trends`) filled from the watch's history: the last walks, oldest first."""

from __future__ import annotations

from ..report.trends import StageTrend, Trends, WalkPoint
from .history import History


def load_trends(history: History, last: int = 20, scenario: str | None = None, up_to: int | None = None) -> Trends:
    """The last `last` walks (up to walk `up_to`), oldest first, with one series per scenario × device × stage."""
    walks = history.recent_walks(last, scenario, up_to)[::-1]
    points = [WalkPoint(w.id, w.started_at, w.status, w.score, w.duration_ms, w.reason, None if w.pruned else w.report)
              for w in walks]
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
