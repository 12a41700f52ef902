"""`detectors`, `assess` and `report`: what the detectors look for, and a saved run judged and drawn again offline."""

from __future__ import annotations

import json
from pathlib import Path

import click
import yaml

from ..results import SEVERITIES, failing_findings
from .common import EXIT_BROKEN, EXIT_OK, console, fail
from .outputs import write_report
from .tables import friction_table


@click.command()
def detectors() -> None:
    """List the friction detectors: id, what they find, where they apply and their default thresholds."""
    from ..friction.base import DEVICE_CLASSES
    from ..friction.registry import all_detectors

    console.print("Friction detectors — tune or switch off with `detectors:` in a scenario or a stage\n", highlight=False)
    for detector in all_detectors():
        meta = detector.meta
        where = "" if set(meta.device_classes) == set(DEVICE_CLASSES) else f" (only on {', '.join(meta.device_classes)})"
        console.print(f"[bold]{meta.id}[/] — {meta.title}{where}", highlight=False)
        console.print(f"  {meta.description}", highlight=False, markup=False)
        if meta.defaults:
            console.print("  defaults: " + ", ".join(f"{key}: {json.dumps(value)}" for key, value in meta.defaults.items()),
                          highlight=False, markup=False)

@click.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--threshold", "thresholds", multiple=True, metavar="DETECTOR.KEY=VALUE",
              help="Override a detector's threshold, e.g. slow-step.step_ms=1500 (repeatable).")
@click.option("--disable", "disabled", multiple=True, metavar="DETECTOR", help="Leave a detector out (repeatable).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="blocker", show_default=True,
              help="Exit with 1 when a finding is this severe or worse.")
def assess(run_dir: Path, thresholds: tuple[str, ...], disabled: tuple[str, ...], fail_on: str) -> None:
    """Re-judge a saved run with the friction detectors, without a browser, and rewrite its results and report."""
    from ..friction.assess import assess_run
    from ..friction.registry import detector_ids

    known = detector_ids()
    overrides: dict[str, dict] = {}
    for text in thresholds:
        name, _, value = text.partition("=")
        detector, _, key = name.partition(".")
        if not value or not key or detector not in known:
            raise fail(f"--threshold {text!r}: expected DETECTOR.KEY=VALUE with a detector among {', '.join(known)}")
        overrides.setdefault(detector, {})[key] = yaml.safe_load(value)
    for detector in disabled:
        if detector not in known:
            raise fail(f"--disable {detector!r}: no such detector (known: {', '.join(known)})")
    if not (run_dir / "results.json").exists():
        raise fail(f"{run_dir} has no results.json: give the folder of a run")
    result = assess_run(run_dir, overrides, only=set(known) - set(disabled))
    console.print(friction_table(result))
    write_report(run_dir)
    failing = failing_findings(result, fail_on)
    raise click.exceptions.Exit(EXIT_BROKEN if failing or result.status != "completed" else EXIT_OK)

@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path), metavar="RESULTS.json|RUN_DIR")
@click.option("--baseline", type=click.Path(exists=True, path_type=Path), metavar="PATH",
              help="An earlier run (its folder or results.json): new, resolved and unchanged findings, slower stages.")
@click.option("--open", "open_report", is_flag=True, help="Open the report in the default browser.")
def report(path: Path, baseline: Path | None, open_report: bool) -> None:
    """Render a run's report again from its results.json, without a new walk."""
    import webbrowser

    from ..report import render_report, run_folder

    try:
        index = render_report(run_folder(path), baseline)
    except (OSError, ValueError) as error:
        raise fail(f"cannot read the run: {error}")
    console.print(f"Report: {index.resolve()}", highlight=False)
    if open_report:
        webbrowser.open(index.resolve().as_uri())
