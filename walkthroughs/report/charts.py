"""The emotion curve and the stage-duration chart, laid out in Python so the templates only draw SVG shapes.

Both are inline SVG in the page: no chart library, no network, printable, and text stays text.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from .. import formatting as fmt
from .cells import Cell

WIDTH = 520  # viewBox units: near 1:1 in a half-width column on a laptop, still legible on a phone
SERIES_OFFSET = 3  # px between device lines, so identical scores do not hide each other
# Text is measured by estimate, not by a font engine (the report is laid out without a browser): a wide bold
# character of the 12.5 px stage labels is about 7.5 viewBox units, so a label estimated this way never clips.
CHAR_WIDTH = 7.5
LINE_HEIGHT = 14.0
LABEL_CHARS = 16  # a stage label wraps at word boundaries to lines of about this many characters


def label_lines(text: str, chars: int = LABEL_CHARS) -> list[str]:
    """A label in lines at its spaces; a word longer than a line stays whole (the chart makes room for it)."""
    return textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False) or [text]


def text_width(lines: list[str]) -> float:
    return max((len(line) for line in lines), default=0) * CHAR_WIDTH


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
    lines: tuple[tuple[str, float], ...] = ()  # a wrapped label: each line with its baseline


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
    lines: tuple[tuple[str, float], ...]  # the stage's name wrapped, each line with its baseline
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
    wrapped = [label_lines(name) for name in stage_names]
    widest = max([text_width(lines) for lines in wrapped]
                 + [len(phase or "") * CHAR_WIDTH * 0.85 for phase in phases])  # phases are set smaller
    count = max(1, len(stage_names))
    left, top, bottom = 86.0, 22.0, 214.0
    step = max((WIDTH - 14.0 - left) / count, widest + 10)  # each label fits its column: none overlap or clip
    width = int(left + step * count + 14)
    right = width - 14.0
    label_rows = max(len(lines) for lines in wrapped)
    height = int(bottom + 20 + LINE_HEIGHT * label_rows + 16)
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
        width=width, height=height, left=left, right=right, top=top, bottom=bottom, label_x=left - 8,
        band_width=right - left, band_height=(bottom - top) / 4,
        stages=[Tick(x, name, bottom + 20, phase or "", bottom + 22 + LINE_HEIGHT * label_rows,
                     tuple((line, bottom + 20 + LINE_HEIGHT * n) for n, line in enumerate(lines)))
                for x, name, phase, lines in zip(x_of, stage_names, phases, wrapped)],
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
    wrapped = [label_lines(name) for name in stage_names]
    left = max(108.0, 16 + max(text_width(lines) for lines in wrapped))  # the longest stage name fits
    chart_width = int(max(WIDTH, left + 300))
    right = chart_width - 60.0

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
        lines = wrapped[index]
        while y - top < LINE_HEIGHT * len(lines):  # a group is as tall as its wrapped name
            y += bar_height + gap
        budget = budgets[index] if index < len(budgets) else None
        middle = (top + y - gap) / 2 + 4
        first = middle - LINE_HEIGHT * (len(lines) - 1) / 2
        groups.append(BarGroup(name, round(middle, 1),
                               tuple((line, round(first + LINE_HEIGHT * n, 1)) for n, line in enumerate(lines)),
                               top - 4, y + 1 - gap, bars,
                               round(x_of(budget), 1) if budget else None,
                               f"budget {fmt.duration(budget)}" if budget else ""))
        y += group_gap
    height = int(y + 4)
    ticks = [Tick(round(x_of(ms), 1), fmt.duration(ms) if ms else "0 s", 12)
             for ms in range(0, int(scale_max) + 1, int(step))]
    return DurationChart(width=chart_width, height=height, left=left, label_x=left - 8, grid_top=18, grid_bottom=height - 4,
                         groups=groups, ticks=ticks, summary="Time spent in each stage: " + "; ".join(sentences) + ".")
