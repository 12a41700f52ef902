"""What a command writes once a run is walked, merged or judged: the journeys table, Lighthouse's scores, the
problems at their scenario lines, the report, JUnit and GitHub's annotations and job summary."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from ..errors import unwritable
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
    from ..ci.problems import scenario_path
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
        file = scenario_path(result.file_of(journey))
        if lost and file and lost.line:
            where += f" ({file}:{lost.line})"
        style = "green" if journey.status == "completed" else "bold red"
        table.add_row(escape(journey.scenario), escape(walk_label(journey)), f"[{style}]{journey.status}[/]",
                      duration(journey.duration_ms), escape(where))
    console.print(table)
    counted = committing_requests(result.journeys)
    if counted is not None:
        sent, held = counted
        line = f"Production walk: {sent} committing request{'s' if sent != 1 else ''} sent"
        if held:
            line += f"; the network guard held {len(held)} ({held[0].method} {held[0].url}: {held[0].reason})"
        console.print(line + ".", highlight=False, markup=False)


def print_lighthouse(result: RunResult) -> None:
    """Lighthouse's scores of every audited stage, and the Lighthouse CI assertions that failed there."""
    from ..report.walks import walk_label

    audited = [(journey, stage) for journey in result.journeys for stage in journey.stages if stage.lighthouse]
    if not audited:
        return
    categories = list(dict.fromkeys(name for _, stage in audited for name in stage.lighthouse.scores))
    table = Table(title="Lighthouse (median run)")
    for column in ("journey · stage", *categories, "assertions"):
        table.add_column(column)
    for journey, stage in audited:
        audit = stage.lighthouse
        broken = [f for f in journey.findings if f.detector == "lighthouse-assertions" and f.stage == stage.name]
        failed = sum(f.gate == "error" for f in broken)
        said = ([f"[bold red]{failed} error[/]"] if failed else []) + \
            ([f"[yellow]{len(broken) - failed} warn[/]"] if len(broken) > failed else [])
        verdict = ", ".join(said) or "[green]✓[/]"
        if audit.error:
            cells, verdict = ["—"] * len(categories), f"[yellow]not audited: {escape(audit.error)}[/]"
        else:
            cells = [_score(audit.scores.get(name)) for name in categories]
        table.add_row(f"{escape(journey.scenario)} · {escape(walk_label(journey))} · {escape(stage.name)}", *cells,
                      verdict)
    console.print(table)
    for journey, stage in audited:
        for finding in journey.findings:
            if finding.detector == "lighthouse-assertions" and finding.stage == stage.name:
                level = "[bold red]error[/]" if finding.gate == "error" else "[yellow]warn[/] "
                console.print(f"  {level} {escape(finding.title)} ({escape(stage.name)} on "
                              f"{escape(walk_label(journey))})", highlight=False)


def _score(score: int | None) -> str:
    if score is None:
        return "—"
    style = "green" if score >= 90 else "yellow" if score >= 50 else "red"
    return f"[{style}]{score}[/]"


def print_problems(result: RunResult) -> None:
    """Each problem once, at the scenario line it comes from (what the annotations and pytest say too)."""
    from ..ci.problems import run_problems

    problems = run_problems(result)
    if not problems:
        return
    console.print("Problems, where the scenario meets them:", highlight=False)
    for problem in problems:
        mark = "[bold red]error[/]  " if problem.level == "error" else "[yellow]warning[/]"
        place = f"{escape(problem.place)}: " if problem.place else ""
        console.print(f"  {mark} {place}{escape(problem.title)} ({escape(problem.where)})", highlight=False)


def write_report(run_dir: Path, baseline: Path | None = None) -> None:
    """Render the run's report and say where it is."""
    from ..report import render_report

    try:
        index = render_report(run_dir, baseline)
    except (OSError, ValueError) as error:
        problem = unwritable(error, run_dir / "report")
        if problem:  # a full disk or a read-only folder: the tool's fault, exit 2
            raise problem from None
        errors.print(f"[bold yellow]warning:[/] the report could not be written: {error}", highlight=False)
        return
    console.print(f"Report: {index.resolve()}", highlight=False)


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
        console.print(f"{len(verdict.failing)} finding(s) {verdict.reasons}.", highlight=False)


def write_ci_outputs(result: RunResult, run_dir: Path, junit: Path | None, granularity: str = "journey") -> None:
    """JUnit XML where asked; on GitHub Actions, every problem as a workflow annotation; the summary in the job's
    summary wherever `$GITHUB_STEP_SUMMARY` names one."""
    from ..ci.github import annotations, in_github_actions, write_step_summary
    from ..ci.junit import write_junit

    if junit:
        write_junit(result, junit, granularity, run_dir)
        console.print(f"JUnit: {junit}", highlight=False)
    if in_github_actions():
        for line in annotations(result):
            click.echo(line)
    write_step_summary(run_dir)  # wherever a job summary file is named: GitHub Actions, or a runner that copies it
