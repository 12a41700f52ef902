"""`merge`: the runs of several shards (or machines) combined into one run, one report and one verdict."""

from __future__ import annotations

from pathlib import Path

import click

from ..ci.junit import GRANULARITIES
from ..results import SEVERITIES
from .common import EXIT_BROKEN, EXIT_OK, console
from .outputs import (
    print_exit,
    print_problems,
    print_summary,
    write_ci_outputs,
    write_report,
)


@click.command()
@click.argument("runs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--output", "--out", "out_dir", default="reports", show_default=True, type=click.Path(path_type=Path),
              help="Folder that receives the merged run folder.")
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also write JUnit XML, with each case's scenario file and line, pictures relative to it.")
@click.option("--junit-granularity", type=click.Choice(GRANULARITIES), default="journey", show_default=True,
              help="A case per journey (named as pytest names the plugin's items) or per stage.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="blocker", show_default=True,
              help="Exit with 1 when a finding is this severe or worse.")
def merge(runs: tuple[Path, ...], out_dir: Path, junit: Path | None, junit_granularity: str, fail_on: str) -> None:
    """Combine the runs of several shards (run folders or their reports folders) into one run and one report."""
    from ..ci.merge import merge_runs

    folder = merge_runs(list(runs), out_dir, fail_on=fail_on)
    console.print(f"Merged {len(runs)} runs: {len(folder.result.journeys)} journeys → {folder.path}", highlight=False)
    print_summary(folder.result)
    console.print(f"Results: {folder.results_path}", highlight=False)
    write_report(folder.path)
    print_problems(folder.result)
    write_ci_outputs(folder.result, folder.path, junit, junit_granularity)
    code = EXIT_OK if folder.result.verdict().passed else EXIT_BROKEN
    print_exit(folder.result, code)
    raise click.exceptions.Exit(code)
