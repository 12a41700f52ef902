"""`validate` and `schema`: scenario files checked without a browser, and the formats as JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .common import console, errors, fail

if TYPE_CHECKING:
    from ..scenario import Scenario


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check scenario files without a browser."""
    from ..pipeline import load_scenarios
    from ..safety import unguarded, words_for

    scenarios = load_scenarios(list(files), device_descriptors=PlaywrightDevices())
    print_warnings(scenarios)
    for scenario in scenarios:
        words_for(scenario)
    for scenario in scenarios:
        steps = sum(len(stage.steps) for stage in scenario.stages)
        console.print(f"ok  {getattr(scenario, 'source', '')}: {scenario.name} — {len(scenario.stages)} stages, {steps} steps",
                      highlight=False, markup=False)
        for problem in unguarded(scenario):
            errors.print(f"[bold yellow]warning:[/] {problem}. `run --environment production` refuses it: mark the "
                         "step that commits with `commit: true` (or run with --allow-unguarded).",
                         highlight=False, soft_wrap=True)


def print_warnings(scenarios: Iterable[Scenario]) -> None:
    """What the files say that is valid but probably not meant, one `file:line:col: warning: …` line each (`run` too)."""
    for scenario in scenarios:
        for warning in scenario.warnings:
            errors.print(str(warning), highlight=False, markup=False, soft_wrap=True)


class PlaywrightDevices(Mapping):
    """Playwright's device descriptors, read on first use: starting Playwright is most of `validate`'s time, and only a
    scenario that names a device other than desktop, tablet and mobile needs them."""

    def __init__(self) -> None:
        self._devices: dict | None = None

    def _read(self) -> dict:
        if self._devices is None:
            from ..walk.browser import playwright_devices

            self._devices = playwright_devices()
        return self._devices

    def __getitem__(self, name: str) -> dict:
        return self._read()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())


@click.command()
@click.option("--results", "of_results", is_flag=True, help="The schema of results.json instead of the scenario format.")
@click.option("--evidence", "of_evidence", is_flag=True, help="The schema of a journey's evidence.json.")
def schema(of_results: bool, of_evidence: bool) -> None:
    """Print the JSON Schema of the scenario format (for editors), of results.json or of evidence.json."""
    if of_results and of_evidence:
        raise fail("--results and --evidence: choose one schema")
    if of_results:
        from ..results import RunResult

        click.echo(json.dumps(RunResult.model_json_schema(), indent=2))
        return
    if of_evidence:
        from ..evidence import evidence_json_schema

        click.echo(json.dumps(evidence_json_schema(), indent=2))
        return
    from ..scenario import scenario_json_schema

    click.echo(json.dumps(scenario_json_schema(), indent=2))
