"""Trend charts for a watched shop — time per stage, the slowest page's LCP, and which walks got through —
laid out in Python from the run folder's trends.json (written by `watch` and `run --history`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .. import formatting as fmt
from .charts import WIDTH, Point, Tick, nice_step, series_class
from .trends import StageTrend, Trends, WalkPoint

MIN_WALKS = 2  # one walk is no trend


@dataclass(frozen=True)
class TrendLine:
    label: str
    css: str
    path: str
    points: list[Point]
    end: Point  # where the line's name is written


@dataclass(frozen=True)
class TrendChart:
    title: str
    caption: str
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    levels: list[Tick]
    walks: list[Tick]  # x positions of the first and last walk, labelled
    lines: list[TrendLine]
    summary: str


@dataclass(frozen=True)
class WalkBar:
    x: float
    width: float
    css: str
    title: str
    link: str | None = None  # the walk's own report


@dataclass(frozen=True)
class TrendsView:
    walks: int
    success: str  # "9 of 10 walks got through (90%)"
    bars: list[WalkBar]
    bars_width: int
    charts: list[TrendChart]


def _when(walk: WalkPoint) -> str:
    return fmt.local_time(walk.started_at)


def _line_chart(title: str, caption: str, walks: list[WalkPoint], series: list[tuple[str, list[float | None]]],
                show: Callable[[float], str]) -> TrendChart | None:
    values = [v for _, values in series for v in values if v is not None]
    if not values:
        return None
    left, right, top, bottom = 56.0, WIDTH - 110.0, 14.0, 150.0
    step = nice_step(max(values))
    scale = step * (int(max(values) // step) + 1)
    span = max(1, len(walks) - 1)

    def x_of(index: int) -> float:
        return round(left + (right - left) * index / span, 1)

    def y_of(value: float) -> float:
        return round(bottom - (bottom - top) * value / scale, 1)

    lines, sentences = [], []
    for number, (label, values) in enumerate(series):
        points = [Point(x_of(i), y_of(v), f"{label}, walk {walks[i].id} ({_when(walks[i])}): {show(v)}")
                  for i, v in enumerate(values) if v is not None]
        if not points:
            continue
        path = " ".join(("M" if i == 0 else "L") + f"{p.x} {p.y}" for i, p in enumerate(points))
        lines.append(TrendLine(label, series_class(number), path, points, Point(right + 8, points[-1].y + 4, label)))
        last = values[-1]
        sentences.append(f"{label}: last {show(last) if last is not None else 'not measured'}")
    levels = [Tick(y_of(v), show(v) if v else "0", y_of(v) + 4) for v in range(0, int(scale) + 1, int(step))]
    walk_ticks = [Tick(x_of(0), _when(walks[0]), bottom + 18), Tick(x_of(len(walks) - 1), _when(walks[-1]), bottom + 18)]
    return TrendChart(title, caption, WIDTH, int(bottom + 26), left, right, top, bottom, levels, walk_ticks, lines,
                      f"{title} over the last {len(walks)} walks. " + "; ".join(sentences) + ".")


def _group(stages: list[StageTrend]) -> dict[tuple[str, str], list[StageTrend]]:
    groups: dict[tuple[str, str], list[StageTrend]] = {}
    for stage in stages:
        groups.setdefault((stage.scenario, stage.device), []).append(stage)
    return groups


def _worst(values: list[list[float | None]]) -> list[float | None]:
    return [max((v for v in column if v is not None), default=None) for column in zip(*values)]


def trends_view(trends: Trends | None) -> TrendsView | None:
    """The trend section of a report, or None when the run has fewer than two walks behind it."""
    if trends is None or len(trends.walks) < MIN_WALKS:
        return None
    walks = trends.walks
    charts = []
    for (scenario, device), stages in _group(trends.stages).items():
        durations = _line_chart(f"Time per stage · {scenario} on {device}",
                                "Seconds each stage took in each walk; a gap is a walk that did not get through it.",
                                walks, [(s.stage, s.durations) for s in stages], fmt.duration)
        lcp = _line_chart(f"Largest Contentful Paint · {scenario} on {device}",
                          "The slowest stage's LCP in each walk; Google rates up to 2.5 s as good.",
                          walks, [("worst stage", _worst([s.lcp for s in stages]))], fmt.duration)
        charts += [chart for chart in (durations, lcp) if chart is not None]
    width = max(1.0, (WIDTH - 20) / len(walks))
    css = {"completed": "walk-ok", "degraded": "walk-degraded"}
    bars = [WalkBar(round(10 + i * width, 1), round(width - 2, 1), css.get(w.status, "walk-lost"),
                    f"walk {w.id} ({_when(w)}): {w.status}" + (f" — {why}" if (why := w.where or w.reason) else ""),
                    w.report)
            for i, w in enumerate(walks)]
    got_through = sum(w.got_through for w in walks)
    return TrendsView(len(walks), f"{got_through} of {len(walks)} walks got through ({trends.success_rate * 100:.0f}%)",
                      bars, WIDTH, charts)
