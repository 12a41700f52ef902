"""The emotion curve and the stage-duration chart, laid out in Python so the templates only draw SVG shapes.

Both are inline SVG in the page: no chart library, no network, printable, and text stays text.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import formatting as fmt
from .cells import Cell

WIDTH = 520  # viewBox units: near 1:1 in a half-width column on a laptop, still legible on a phone
SERIES_OFFSET = 3  # px between device lines, so identical scores do not hide each other


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Series:
    device: str
    css: str  # series-1 … series-3: colour and dash pattern per device
    path: str
    points: list[Point]
    lost: Point | None  # where the ✕ is written (its text baseline)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str
    label_at: float  # the label's other coordinate: y of a stage name, baseline of a level
    sublabel: str = ""
    sublabel_at: float = 0.0


@dataclass
class EmotionCurve:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    label_x: float
    band_width: float
    band_height: float
    stages: list[Tick]
    levels: list[Tick]
    series: list[Series]
    summary: str  # what the curve says, for screen readers


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    height: float
    text_y: float
    device: str
    css: str
    value_label: str
    value_x: float
    over_budget: bool
    title: str


@dataclass(frozen=True)
class BarGroup:
    stage: str
    label_y: float
    top: float
    bottom: float
    bars: list[Bar]
    budget_x: float | None
    budget_label: str


@dataclass
class DurationChart:
    width: int
    height: int
    left: float
    label_x: float
    grid_top: float
    grid_bottom: float
    groups: list[BarGroup]
    ticks: list[Tick]
    summary: str


def series_class(index: int) -> str:
    return f"series-{index % 3 + 1}"


def emotion_curve(stage_names: list[str], phases: list[str | None],
                  rows: list[tuple[str, list[Cell], list[float | None]]]) -> EmotionCurve | None:
    """One line per device across the stages from the friction scores; None when the run was not scored."""
    if not any(score is not None for _, _, scores in rows for score in scores):
        return None
    left, right, top, bottom, height = 86.0, WIDTH - 14.0, 22.0, 214.0, 262
    step = (right - left) / max(1, len(stage_names))
    x_of = [left + step * (i + 0.5) for i in range(len(stage_names))]
    series, sentences = [], []
    for index, (device, cells, scores) in enumerate(rows):
        offset = (index - (len(rows) - 1) / 2) * SERIES_OFFSET
        points = [Point(x_of[i], round(top + (100 - score) / 100 * (bottom - top) + offset, 1),
                        f"{device}, {stage_names[i]}: {score:.0f} of 100")
                  for i, score in enumerate(scores) if score is not None and i < len(x_of)]
        lost_cell = next((c for c in cells if c.lost), None)
        lost = None
        if lost_cell is not None:
            scored = next((p for p in points if p.x == x_of[lost_cell.stage_index]), None)
            y = scored.y if scored else bottom + offset
            lost = Point(x_of[lost_cell.stage_index], round(y + 6, 1), f"{device}: lost at {lost_cell.stage}")
        path = " ".join(("M" if i == 0 else "L") + f"{p.x:.1f} {p.y:.1f}" for i, p in enumerate(points))
        series.append(Series(device, series_class(index), path, points, lost))
        reached = ", ".join(f"{stage_names[i]} {score:.0f}" for i, score in enumerate(scores) if score is not None)
        sentences.append(f"{device}: {reached or 'no stage scored'}" + (f", lost at {lost_cell.stage}" if lost_cell else ""))
    middle = (top + bottom) / 2
    return EmotionCurve(
        width=WIDTH, height=height, left=left, right=right, top=top, bottom=bottom, label_x=left - 8,
        band_width=right - left, band_height=(bottom - top) / 4,
        stages=[Tick(x, name, bottom + 20, phase or "", bottom + 36) for x, name, phase in zip(x_of, stage_names, phases)],
        levels=[Tick(top, "100 smooth", top + 4), Tick(middle, "50", middle + 4), Tick(bottom, "0 lost", bottom + 4)],
        series=series, summary="Friction score per stage, 100 is smooth and 0 is lost. " + "; ".join(sentences) + ".",
    )


def nice_step(largest_ms: float) -> float:
    for step in (250, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000):
        if largest_ms / step <= 5:
            return step
    return 600000


def duration_chart(stage_names: list[str], budgets: list[float | None],
                   rows: list[tuple[str, list[Cell]]]) -> DurationChart | None:
    """Grouped bars: each stage, one bar per device that reached it, with the stage's time budget marked."""
    durations = [c.duration_ms for _, cells in rows for c in cells if c.duration_ms is not None]
    if not durations:
        return None
    largest = max(durations + [b for b in budgets if b])
    step = nice_step(largest)
    scale_max = step * (int(largest // step) + 1)
    left, right = 108.0, WIDTH - 60.0

    def x_of(ms: float) -> float:
        return left + (right - left) * ms / scale_max

    bar_height, gap, group_gap, y = 12.0, 3.0, 14.0, 28.0
    groups, sentences = [], []
    for index, name in enumerate(stage_names):
        top, bars = y, []
        for row_index, (device, cells) in enumerate(rows):
            cell = cells[index] if index < len(cells) else None
            if cell is None or cell.duration_ms is None:
                continue
            width = max(1.0, x_of(cell.duration_ms) - left)
            bars.append(Bar(y, round(width, 1), bar_height, y + bar_height - 2, device, series_class(row_index),
                            cell.duration + (" ⚠" if cell.over_budget else ""), round(left + width + 5, 1),
                            cell.over_budget, f"{device}, {name}: {cell.duration}"
                            + (f", over its {cell.budget} budget" if cell.over_budget else "")))
            sentences.append(f"{name} on {device} {cell.duration}")
            y += bar_height + gap
        if not bars:
            y += bar_height + gap
        budget = budgets[index] if index < len(budgets) else None
        groups.append(BarGroup(name, round((top + y - gap) / 2 + 4, 1), top - 4, y + 1 - gap, bars,
                               round(x_of(budget), 1) if budget else None,
                               f"budget {fmt.duration(budget)}" if budget else ""))
        y += group_gap
    height = int(y + 4)
    ticks = [Tick(round(x_of(ms), 1), fmt.duration(ms) if ms else "0 s", 12)
             for ms in range(0, int(scale_max) + 1, int(step))]
    return DurationChart(width=WIDTH, height=height, left=left, label_x=left - 8, grid_top=18, grid_bottom=height - 4,
                         groups=groups, ticks=ticks, summary="Time spent in each stage: " + "; ".join(sentences) + ".")
