"""What a command writes once a run is walked, merged or judged: the journeys table, the report, JUnit and
GitHub annotations."""

from __future__ import annotations

import os
from pathlib import Path

import click
from rich.table import Table

from ..formatting import duration
from ..results import (
    RunResult,
    committing_requests,
    holds_stop,
    how_stopped,
    stopped_label,
)
from .common import console, errors


def print_summary(result: RunResult) -> None:
    from ..report.walks import walk_label

    table = Table(title="Journeys")
    for column in ("journey", "device", "status", "time", "where it broke or stopped"):
        table.add_column(column)
    for journey in result.journeys:
        lost = journey.lost_at()
        where = (f"{lost.stage}: {lost.reason}" if lost.stage else lost.reason) if lost else journey.error or ""
        if not where and stopped_label(journey):
            held = next((f"{stage.name}: " for stage in journey.stages if holds_stop(stage)), "")
            where = f"{held}{stopped_label(journey)} ({how_stopped(journey)})"
        style = "green" if journey.status == "completed" else "bold red"
        table.add_row(journey.scenario, walk_label(journey), f"[{style}]{journey.status}[/]",
                      duration(journey.duration_ms), where)
    console.print(table)
    counted = committing_requests(result.journeys)
    if counted is not None:
        sent, held = counted
        line = f"Production walk: {sent} committing request{'s' if sent != 1 else ''} sent"
        if held:
            line += f"; the network guard held {len(held)} ({held[0].method} {held[0].url}: {held[0].reason})"
        console.print(line + ".", highlight=False, markup=False)


def write_report(run_dir: Path, baseline: Path | None = None) -> None:
    """Render the run's report, say where it is, and add its summary to a GitHub Actions job summary."""
    from ..report import render_report

    try:
        index = render_report(run_dir, baseline)
    except (OSError, ValueError) as error:
        errors.print(f"[bold yellow]warning:[/] the report could not be written: {error}", highlight=False)
        return
    console.print(f"Report: {index.resolve()}", highlight=False)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    summary = index.parent / "summary.md"
    if step_summary and summary.exists():
        with open(step_summary, "a", encoding="utf-8") as out:
            out.write(summary.read_text(encoding="utf-8"))


def print_detector_problems(result: RunResult) -> None:
    """Say which detectors could not judge which stages, and why: a check that did not run is never a pass."""
    from ..report.walks import walk_label

    problems = [(journey, r) for journey in result.journeys for r in journey.detector_results if r.status == "error"]
    for journey, problem in problems:
        where = f"“{problem.stage}”" if problem.stage else "the whole journey"
        errors.print(f"[bold yellow]could not judge:[/] {problem.detector} on {walk_label(journey)} at {where}: ",
                     end="", highlight=False)
        errors.print(problem.reason or "no reason given", highlight=False, markup=False, soft_wrap=True)


def print_verdict(result: RunResult) -> None:
    """The run's verdict in a line, when findings fail it."""
    verdict = result.verdict()
    if verdict.failing:
        console.print(f"{len(verdict.failing)} finding(s) at or above “{verdict.fail_on}”.", highlight=False)


def write_ci_outputs(result: RunResult, junit: Path | None) -> None:
    """JUnit XML where asked; on GitHub Actions, every finding and lost shopper as a workflow annotation."""
    from ..ci.github import annotations, in_github_actions
    from ..ci.junit import write_junit

    if junit:
        write_junit(result, junit)
        console.print(f"JUnit: {junit}", highlight=False)
    if in_github_actions():
        for line in annotations(result):
            click.echo(line)
