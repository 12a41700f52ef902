"""What `walkthrough calibrate` prints: a line per finished journey, then the switch table and the detector scores."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..demo_shop.calibrate import Calibration, SwitchResult
from ..formatting import duration
from ..results import JourneyRecord, StageRecord


class JourneyLines:
    """One line per finished journey (`late-shipping--mobile: completed in 6.1s`); 45 journeys stay readable."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.done: set[str] = set()

    def browser_chosen(self, description: str) -> None:
        self.console.print(f"Browser: {description}", highlight=False)

    def journey_update(self, journey: JourneyRecord, stage: StageRecord | None) -> None:
        if stage is None and journey.status not in ("pending", "running") and journey.id not in self.done:
            self.done.add(journey.id)
            self.console.print(f"{journey.id}: {journey.status} in {duration(journey.duration_ms)}",
                               highlight=False, markup=False)


def _found(switch: SwitchResult) -> str:
    lines = []
    for detector in dict.fromkeys(e.cell.detector for e in switch.expected):
        cells = [e for e in switch.expected if e.cell.detector == detector]
        marks = ", ".join(f"{e.cell.device} {e.severity}" if e.found else f"[bold red]{e.cell.device} missed[/]"
                          for e in cells)
        where = f" at {cells[0].cell.stage}" if cells[0].cell.stage != switch.friction.stage else ""
        lines.append(f"{'✓' if all(e.found for e in cells) else '✗'} {detector}{where}: {marks}")
    return "\n".join(lines)


def _unexpected(switch: SwitchResult) -> str:
    grouped: dict[tuple, list[str]] = {}
    for cell, finding in switch.unexpected:
        grouped.setdefault((cell.detector, cell.stage, finding.title), []).append(f"{cell.device} {finding.severity}")
    return "\n".join(f"{detector} @ {stage}: {title} ({', '.join(where)})" for (detector, stage, title), where in grouped.items())


def switch_table(calibration: Calibration, title: str | None = None) -> Table:
    heading = "friction switches, expected → found"
    table = Table(title=f"{title}: {heading}" if title else heading[0].upper() + heading[1:])
    for column in ("switch", "stage", "devices"):
        table.add_column(column, no_wrap=True)
    table.add_column("expected detector → found (severity per device)", no_wrap=True)
    table.add_column("also found")
    for switch in calibration.switches:
        friction = switch.friction
        table.add_row(friction.id, friction.stage, ", ".join(friction.devices), _found(switch), _unexpected(switch))
    return table


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def detector_table(calibration: Calibration, built: set[str], title: str | None = None) -> Table:
    heading = "Detectors: precision and recall over (stage, device) cells"
    table = Table(title=f"{title}: {heading[0].lower()}{heading[1:]}" if title else heading)
    for column in ("detector", "expected", "found", "false positives", "precision", "recall"):
        table.add_column(column, justify="left" if column == "detector" else "right")
    for detector, score in sorted(calibration.scores.items()):
        name = detector if detector in built else f"{detector} [dim](not built)[/]"
        table.add_row(name, str(score.expected), str(score.true_positives), str(score.false_positives),
                      _ratio(score.precision), _ratio(score.recall))
    return table


def print_calibration(console: Console, calibration: Calibration, built: set[str], title: str | None = None) -> None:
    """The tables of one shop's calibration (`title` names the shop where several were calibrated)."""
    wide = console if console.is_terminal else Console(file=console.file, width=200)  # logs are read wide
    wide.print(switch_table(calibration, title))
    wide.print(detector_table(calibration, built, title))
    if calibration.clean_problems:
        console.print("[bold red]The clean shop has major or blocker findings:[/]")
        for cell, finding in calibration.clean_problems:
            console.print(f"  {cell.device} · {cell.stage}: [{finding.severity}] {finding.title} ({cell.detector})",
                          highlight=False, markup=False)
    else:
        console.print("Clean shop: no major or blocker finding.")
    own: dict[tuple[str, str | None], list[str]] = {}
    for cell, finding in calibration.clean_own:
        own.setdefault((finding.title, cell.stage), []).append(cell.device)
    for (title, stage), where in own.items():
        console.print(f"  the shop's own, not counted: {title} at {stage} ({', '.join(where)})", highlight=False,
                      markup=False)
    for friction, expectation in calibration.missed:
        console.print(f"[bold red]missed:[/] {friction.id} — {expectation.cell.detector} on {expectation.cell.device} "
                      f"at “{expectation.cell.stage}”", highlight=False)
    console.print(f"Run: {calibration.run_dir} (calibration.json, results.json)", highlight=False)
