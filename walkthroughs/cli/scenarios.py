"""`validate` and `schema`: scenario files checked without a browser, and the formats as JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..results import RunResult
from ..scenario import load_scenarios
from ..walk.browser import playwright_devices
from .common import console


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check scenario files without a browser."""
    scenarios = load_scenarios(list(files), device_descriptors=playwright_devices())
    for scenario in scenarios:
        steps = sum(len(stage.steps) for stage in scenario.stages)
        console.print(f"ok  {getattr(scenario, 'source', '')}: {scenario.name} — {len(scenario.stages)} stages, {steps} steps",
                      highlight=False, markup=False)


@click.command()
@click.option("--results", "of_results", is_flag=True, help="The schema of results.json instead of the scenario format.")
def schema(of_results: bool) -> None:
    """Print the JSON Schema of the scenario format (for editors), or of results.json."""
    if of_results:
        click.echo(json.dumps(RunResult.model_json_schema(), indent=2))
        return
    from ..scenario import scenario_json_schema

    click.echo(json.dumps(scenario_json_schema(), indent=2))
