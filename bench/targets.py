"""Issue 15's targets, each judged in one place: a figure from the benchmark's run, its limit, met or not.

Ratios are paired by round: round r's tool run is divided by round r's yardstick run (the cases of a round run
back to back, in alternating order), and the median of those ratios is the figure.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

from process_tree import Measurement

STEP_TOLERANCE = 0.10  # a step the tool timed may differ from the plain script's by 10 % of it …
STEP_TOLERANCE_MS = 30.0  # … or by 30 ms, whichever is more (10 % of a 40 ms check is below timer noise)
BUSY_OTHERS_SHARE = 0.10  # other work using more of the machine's CPU than this during a run: not comparable


@dataclass(frozen=True)
class Target:
    title: str
    figure: float | None  # None: a case it needs was not run
    limit: float
    at_most: bool  # True: the figure must not exceed the limit; False: must reach it
    unit: str = "×"
    detail: str = ""

    @property
    def met(self) -> bool | None:
        if self.figure is None:
            return None
        return self.figure <= self.limit if self.at_most else self.figure >= self.limit

    def line(self) -> str:
        sign = "≤" if self.at_most else "≥"
        verdict = {True: "met", False: "MISSED", None: "not measured"}[self.met]
        if self.figure is None:
            figure = "—"
        else:
            figure = f"{self.figure:.0f}" if self.figure.is_integer() else f"{self.figure:.2f}"
            figure += self.unit
        return f"  {verdict:<12} {self.title}: {figure} (target {sign} {self.limit:g}{self.unit}){self.detail}"


def paired_ratio(runs: dict[str, list[Measurement]], a: str, b: str,
                 value: Callable[[Measurement], float]) -> float | None:
    """Median over rounds of value(a's run) ÷ value(b's run in the same round)."""
    pairs = [(x, y) for x, y in zip(runs.get(a, []), runs.get(b, [])) if x.completed and y.completed]
    if not pairs:
        return None
    return statistics.median(value(x) / value(y) for x, y in pairs)


def step_within(tool_ms: float, plain_ms: float) -> bool:
    return abs(tool_ms - plain_ms) <= max(STEP_TOLERANCE * plain_ms, STEP_TOLERANCE_MS)


def others_share(run: Measurement, cores: int) -> float:
    """The part of the machine's CPU (all cores over the run's wall time) that processes outside the case used."""
    return run.others_cpu_s / (run.wall_s * cores) if run.wall_s > 0 else 0.0


def machine_busy(share: float) -> bool:
    return share > BUSY_OTHERS_SHARE


def targets(runs: dict[str, list[Measurement]], render_per_journey_s: float | None,
            steps_outside: int | None, steps_compared: int) -> list[Target]:
    wall, cpu, memory = (lambda m: m.wall_s), (lambda m: m.cpu_s), (lambda m: m.peak_mib)
    steps = None if steps_outside is None else float(steps_outside)
    return [
        Target("storyboard + all detectors, 1 worker ÷ plain script, wall time",
               paired_ratio(runs, "tool-1", "plain", wall), 1.5, at_most=True),
        Target("storyboard + all detectors, 1 worker ÷ plain script, CPU time",
               paired_ratio(runs, "tool-1", "plain", cpu), 1.8, at_most=True),
        Target("without storyboard and trace, 1 worker ÷ plain script, wall time",
               paired_ratio(runs, "tool-1-lean", "plain", wall), 1.2, at_most=True),
        Target("3 workers ÷ 1 worker, speed-up (1-worker wall ÷ 3-worker wall)",
               paired_ratio(runs, "tool-1", "tool-3", wall), 1.5, at_most=False),
        Target("report rendering from scratch, per journey", render_per_journey_s, 0.3, at_most=True, unit=" s"),
        Target("peak memory of the process tree, 1 worker ÷ plain script",
               paired_ratio(runs, "tool-1", "plain", memory), 1.2, at_most=True),
        Target(f"segments (an action and the checks after it) timed by the tool more than {STEP_TOLERANCE:.0%} / "
               f"{STEP_TOLERANCE_MS:.0f} ms off the plain script's own timing", steps, 0, at_most=True,
               unit=f" of {steps_compared} segments"),
    ]
