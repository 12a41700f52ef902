"""Show a run as it happens: a live table on a terminal, one plain line per stage in CI logs."""

from __future__ import annotations

from rich.console import Console, Group
from rich.live import Live
from rich.markup import escape
from rich.table import Table

from ..formatting import duration
from ..results import JourneyRecord, StageRecord, holds_stop, how_stopped, stopped_label

STATUS_STYLE = {
    "passed": "green", "completed": "green", "checks_failed": "yellow", "failed": "bold red", "broken": "bold red",
    "error": "bold red",
    "running": "yellow", "not_reached": "dim", "pending": "dim", "interrupted": "magenta", "stopped": "cyan",
}




class PlainProgress:
    """One line per finished stage, for logs that are read later."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.finished: set[str] = set()

    def browser_chosen(self, description: str) -> None:
        self.console.print(f"Browser: {description}", highlight=False)

    def journey_update(self, journey: JourneyRecord, stage: StageRecord | None) -> None:
        prefix = f"[{journey.device.name}] {journey.scenario}"
        if stage is not None and (stage.reached or holds_stop(stage)):
            detour = " (reached by a detour)" if stage.reached_by_detour else ""
            line = f"{prefix} › {stage.name}{detour}: {stage.status} in {duration(stage.duration_ms)}"
            failed = stage.failed_step
            held = next((s for s in stage.steps if s.status == "stopped"), None)
            checks = stage.failed_checks
            if checks:
                line += f" — {len(checks)} check{'s' if len(checks) > 1 else ''} failed, the first: “{checks[0].label}”"
            if failed:
                line += f" — {failed.label}: {failed.error.message}"
                if stage.resume_steps:
                    line += " — its detour failed too" if stage.detour_failed else " — walked on by its detour"
            elif held and stopped_label(journey):
                line += f" — {stopped_label(journey)}: “{held.label}” {how_stopped(journey)}"
            self.console.print(line, highlight=False, markup=False)
        elif stage is None and journey.status not in ("pending", "running") and journey.id not in self.finished:
            self.finished.add(journey.id)
            stopped = f", {stopped_label(journey)}" if stopped_label(journey) else ""
            self.console.print(f"{prefix}: {journey.status}{stopped} in {duration(journey.duration_ms)}",
                               highlight=False, markup=False)

    def close(self) -> None:
        pass


class LiveProgress:
    """A table of devices × stages that fills in while the run goes."""

    def __init__(self, console: Console, journeys: list[JourneyRecord]) -> None:
        self.console = console
        self.journeys = journeys
        self.live = Live(self._table(), console=console, refresh_per_second=8, transient=False)
        self.live.start()

    def _table(self) -> Group:
        scenarios = list(dict.fromkeys(j.scenario for j in self.journeys))
        return Group(*(self._scenario_table(name) for name in scenarios))

    def _scenario_table(self, scenario: str) -> Table:
        journeys = [j for j in self.journeys if j.scenario == scenario]
        table = Table(title=escape(scenario), expand=False)
        table.add_column("device")
        for stage in journeys[0].stages:
            table.add_column(escape(stage.name))
        for journey in journeys:
            cells = []
            for stage in journey.stages:
                style = STATUS_STYLE.get(stage.status, "")
                walked = stage.reached or holds_stop(stage)
                text = duration(stage.duration_ms) if walked else stage.status.replace("_", " ")
                if holds_stop(stage):
                    text = f"⏹ {text}"
                if stage.failed_checks and stage.status == "passed":
                    style, text = "yellow", f"{text} ⚠ {len(stage.failed_checks)} check(s) failed"
                mark = "✗ " if stage.status == "failed" else "↪ " if stage.reached_by_detour else ""
                cells.append(f"[{style}]{mark}{text}[/]")
            style = STATUS_STYLE.get(journey.status, "")
            table.add_row(f"[{style}]{escape(journey.device.name)}[/]", *cells)
        return table

    def browser_chosen(self, description: str) -> None:
        self.console.print(f"Browser: {description}", highlight=False)

    def journey_update(self, journey: JourneyRecord, stage: StageRecord | None) -> None:
        self.live.update(self._table())

    def close(self) -> None:
        self.live.stop()
