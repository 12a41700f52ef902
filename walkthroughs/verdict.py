"""The run's verdict for CI: does any finding reach the severity the user fails on, and where is the friction."""

from __future__ import annotations

from rich.table import Table

from .report.walks import walk_label
from .results import SEVERITIES, RunResult

STYLE = {"blocker": "bold white on red", "major": "bold red", "minor": "yellow", "info": "blue"}


def reaches(severity: str, fail_on: str) -> bool:
    """True when `severity` is as bad as `fail_on` or worse."""
    return SEVERITIES.index(severity) <= SEVERITIES.index(fail_on)


def failing_findings(result: RunResult, fail_on: str) -> int:
    return sum(1 for journey in result.journeys for f in journey.findings if reaches(f.severity, fail_on))


def friction_table(result: RunResult) -> Table:
    """Stage × device: the worst finding and how many there are, per scenario."""
    table = Table(title="Friction (worst finding · count)")
    table.add_column("scenario · stage")
    devices = list(dict.fromkeys(walk_label(j) for j in result.journeys))  # device, path, persona, walk
    for device in devices:
        table.add_column(device)
    for scenario in result.scenarios:
        journeys = {walk_label(j): j for j in result.journeys if j.scenario == scenario.name}
        for stage in scenario.stages:
            cells = []
            for device in devices:
                journey = journeys.get(device)
                record = next((s for s in journey.stages if s.name == stage.name), None) if journey else None
                if record is None:
                    cells.append("")
                    continue
                if record.status == "not_reached":
                    cells.append("[dim]not reached[/]")
                    continue
                severities = [f.severity for f in journey.findings if f.stage == stage.name]
                if not severities:
                    cells.append("[green]✓[/]")
                    continue
                worst = min(severities, key=SEVERITIES.index)
                cells.append(f"[{STYLE[worst]}]{worst}[/] · {len(severities)}")
            table.add_row(f"{scenario.name} · {stage.name}", *cells)
    return table
