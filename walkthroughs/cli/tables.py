"""The tables the terminal shows after a walk: stage × device with the worst finding and how many — printed
whole when the output is not a terminal (a CI log, a pipe), where nothing should be cut to fit 80 columns."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from ..report.walks import walk_label
from ..results import RunResult, holds_stop

UNLIMITED = 100_000  # columns: a table measured without a terminal's width to fit
STYLE = {"blocker": "bold white on red", "major": "bold red", "minor": "yellow", "info": "blue"}


def friction_table(result: RunResult) -> Table:
    """Stage × device: the worst finding and how many there are, per scenario; ⚠ where a detector could not judge."""
    table = Table(title="Friction (worst finding · count)")
    table.add_column("scenario · stage")
    devices = list(dict.fromkeys(walk_label(j) for j in result.journeys))  # device, path, persona, walk
    for device in devices:
        table.add_column(escape(device))
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
                if record.status == "stopped":
                    cells.append("[cyan]stopped before committing[/]" if holds_stop(record) else "[dim]not walked[/]")
                    continue
                if not record.reached:
                    cells.append(f"[dim]{record.status.replace('_', ' ')}[/]")
                    continue
                tone = journey.stage_tone(record)
                unjudged = sum(r.status == "error" for r in journey.detector_results if r.stage == stage.name)
                warning = f" [yellow]⚠ {unjudged} not judged[/]" if unjudged else ""
                if tone == "clear":
                    cells.append(f"[green]✓[/]{warning}")
                    continue
                count = len(journey.findings_on(stage.name))
                cells.append(f"[{STYLE[tone]}]{tone}[/] · {count}{warning}")
            table.add_row(escape(f"{scenario.name} · {stage.name}"), *cells)
    return table


def print_table(table: Table, console=None) -> None:
    """On a terminal, as wide as the terminal; elsewhere as wide as its longest row, so ids and paths stay whole."""
    from .common import console as default

    console = console or default
    if console.is_terminal:
        console.print(table)
        return
    natural = console.measure(table, options=console.options.update_width(UNLIMITED)).maximum
    width = console.width
    console.width = max(width, natural)
    try:
        console.print(table)
    finally:
        console.width = width
