"""`detectors`, `assess` and `report`: what the detectors look for, and a saved run judged and drawn again offline."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..results import DEVICE_CLASSES, SEVERITIES
from .common import EXIT_BROKEN, EXIT_OK, console, fail

SCOPE_WORDS = {"journey": "judges each journey", "run": "judges the walks of a run together"}


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the detectors as JSON.")
def detectors(as_json: bool) -> None:
    """List the friction detectors: id, what they find, their scope, where they apply, what they read and their
    thresholds with their defaults."""
    from ..evidence import PARTS
    from ..friction.registry import all_detectors

    if as_json:
        click.echo(json.dumps([{
            "id": d.meta.id, "title": d.meta.title, "description": d.meta.description, "scope": d.meta.scope,
            "device_classes": list(d.meta.device_classes), "source": d.source,
            "reads": [{"part": name, "gatherer": PARTS[name].collector} for name in d.meta.reads],
            "thresholds": {key: {"default": t.default, "shown": t.show(t.default), "kind": t.kind}
                           for key, t in d.meta.thresholds.items()},
        } for d in all_detectors()], indent=2, default=str))
        return
    console.print("Friction detectors — tune or switch off with `detectors:` in a scenario or a stage\n", highlight=False)
    for detector in all_detectors():
        meta = detector.meta
        where = "" if set(meta.device_classes) == set(DEVICE_CLASSES) else f", only on {', '.join(meta.device_classes)}"
        source = "" if detector.source == "built-in" else f", from {detector.source}"
        console.print(f"[bold]{meta.id}[/] — {meta.title} [dim]({meta.scope} scope: {SCOPE_WORDS[meta.scope]}{where}"
                      f"{source})[/]", highlight=False)
        console.print(f"  {meta.description}", highlight=False, markup=False)
        if meta.reads:
            console.print("  reads: " + "; ".join(f"{name} ({PARTS[name].collector})" for name in meta.reads),
                          highlight=False, markup=False)
        for key, threshold in meta.thresholds.items():
            console.print(f"  {key}: {threshold.show(threshold.default)} — {threshold.kind}", highlight=False,
                          markup=False)


@click.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--threshold", "thresholds", multiple=True, metavar="DETECTOR.KEY=VALUE",
              help="Override a detector's threshold, e.g. slow-step.step_ms=1500 or slow-step.step_ms=2s (repeatable).")
@click.option("--disable", "disabled", multiple=True, metavar="DETECTOR", help="Leave a detector out (repeatable).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None, show_default="the run's own",
              help="Exit with 1 when a finding is this severe or worse.")
def assess(run_dir: Path, thresholds: tuple[str, ...], disabled: tuple[str, ...], fail_on: str | None) -> None:
    """Re-judge a saved run with the friction detectors, without a browser, and rewrite its results and report."""
    from ..friction.assess import assess_run
    from ..friction.registry import check_known, detector_ids, parse_overrides
    from .outputs import print_detector_problems, print_exit, print_problems, write_ci_outputs, write_report
    from .tables import friction_table, print_table

    overrides = parse_overrides(thresholds)
    check_known(disabled, "--disable")
    if not (run_dir / "results.json").exists():
        raise fail(f"{run_dir} has no results.json: give the folder of a run")
    result = assess_run(run_dir, overrides, only=set(detector_ids()) - set(disabled), fail_on=fail_on)
    print_table(friction_table(result))
    print_detector_problems(result)
    write_report(run_dir)
    print_problems(result)
    write_ci_outputs(result, run_dir, None)
    code = EXIT_OK if result.verdict().passed else EXIT_BROKEN
    print_exit(result, code)
    raise click.exceptions.Exit(code)

@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path), metavar="RESULTS.json|RUN_DIR")
@click.option("--baseline", type=click.Path(exists=True, path_type=Path), metavar="PATH",
              help="An earlier run (its folder or results.json): each stage's screen compared with the same stage there "
                   "(visual-regression, saved in results.json); new, resolved and unchanged findings, slower stages.")
@click.option("--open", "open_report", is_flag=True, help="Open the report in the default browser.")
@click.option("--pdf", "as_pdf", is_flag=True,
              help="Also print it to report/report.pdf with Chromium (every picture in, folded sections open).")
def report(path: Path, baseline: Path | None, open_report: bool, as_pdf: bool) -> None:
    """Render a run's report again from its results.json, without a new walk."""
    import webbrowser

    from ..pipeline import compare_with_baseline
    from ..report import render_report, run_folder

    try:
        if baseline:
            compare_with_baseline(run_folder(path), baseline)
        index = render_report(run_folder(path), baseline)
    except (OSError, ValueError) as error:
        raise fail(f"cannot read the run: {error}")
    console.print(f"Report: {index.resolve()}", highlight=False)
    if as_pdf:
        from .showing import write_pdf

        console.print(f"PDF: {write_pdf(index).resolve()}", highlight=False)
    if open_report:
        webbrowser.open(index.resolve().as_uri())
