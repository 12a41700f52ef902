"""What a command writes once a run is walked, merged or judged: the journeys table, Lighthouse's scores, the
problems at their scenario lines, the report, JUnit and GitHub's annotations and job summary."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from ..errors import INTERRUPTED_CODES, unwritable
from ..formatting import duration, plural
from ..report.walks import walk_label
from ..results import (
    SEVERITIES,
    RunResult,
    committing_requests,
    holds_stop,
    how_stopped,
    stopped_label,
)
from .common import console, errors
from .tables import STYLE, print_table


def print_summary(result: RunResult) -> None:
    from ..ci.problems import scenario_path

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
    print_table(table)
    counted = committing_requests(result.journeys)
    if counted is not None:
        sent, held = counted
        line = f"Production walk: {sent} committing request{'s' if sent != 1 else ''} sent"
        if held:
            line += f"; the network guard held {len(held)} ({held[0].method} {held[0].url}: {held[0].reason})"
        console.print(line + ".", highlight=False, markup=False)


def print_lighthouse(result: RunResult) -> None:
    """Lighthouse's scores of every audited stage, and the Lighthouse CI assertions that failed there."""

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
    print_table(table)
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


TOP_PROBLEMS = 10  # the terminal's list; the report has every finding


def print_problems(result: RunResult) -> None:
    """The top findings after the grid, each once, at the scenario line it comes from (what the annotations and
    pytest say too): severity · stage · devices · title, then the one-line fix. ✗ marks what fails the run."""
    from ..ci.problems import run_problems

    problems = run_problems(result)
    if not problems:
        return
    console.print(f"Top findings ({len(problems)}; ✗ fails the run):", highlight=False)
    for problem in problems[:TOP_PROBLEMS]:
        mark = "[bold red]✗[/]" if problem.level == "error" else " "
        severity = problem.severity or "lost"
        style = STYLE.get(severity, "bold red")
        where = " · ".join(filter(None, [problem.stage, ", ".join(problem.walks)]))
        place = f" ({escape(problem.place)})" if problem.place else ""
        console.print(f"  {mark} [{style}]{severity}[/] · {escape(where)} · {escape(problem.title)}{place}",
                      highlight=False)
        console.print(f"      {escape(one_line_fix(problem.message))}", highlight=False, style="dim")
    if len(problems) > TOP_PROBLEMS:
        console.print(f"  and {len(problems) - TOP_PROBLEMS} more in the report", highlight=False)


def one_line_fix(insight: str) -> str:
    """A finding's advice in one line: detectors write what happened, then what to do, as the insight's last
    sentence (“… Keep the consent banner clear of …”); a one-sentence insight is shown whole."""
    text = " ".join(insight.split())
    sentences = [part for part in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", text) if part]
    return sentences[-1] if len(sentences) > 1 else text


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

    problems = [(journey, r) for journey in result.journeys for r in journey.detector_results if r.status == "error"]
    for journey, problem in problems:
        where = f"“{problem.stage}”" if problem.stage else "the whole journey"
        errors.print(f"[bold yellow]could not judge:[/] {escape(problem.detector)} on {escape(walk_label(journey))} at "
                     f"{escape(where)}: ",
                     end="", highlight=False)
        errors.print(problem.reason or "no reason given", highlight=False, markup=False, soft_wrap=True)


def exit_reason(result: RunResult, code: int) -> str:
    """Why the command exits with `code`, in a line: `exit 0: … 3 major findings are below --fail-on blocker`."""
    from ..ci.problems import run_problems

    verdict = result.verdict()
    if code in INTERRUPTED_CODES:
        return f"exit {code}: interrupted; what was measured until then is saved"
    if verdict.level == "empty":
        return f"exit {code}: no journey was walked"
    if verdict.level == "lost":
        where: dict[str, list[str]] = {}
        for journey, lost in verdict.lost:
            where.setdefault(lost.stage or "before the first stage", []).append(walk_label(journey))
        places = "; ".join(f"{stage} on {', '.join(devices)}" for stage, devices in where.items())
        broken = sum(j.journey.status in ("broken", "error") for j in verdict.journeys)
        return f"exit {code}: {broken} of {plural(len(verdict.journeys), 'journey')} did not reach the end — {places}"
    if verdict.level == "interrupted":
        return f"exit {code}: a journey did not finish"
    problems = [p for p in run_problems(result) if p.severity is not None]
    failing = [p for p in problems if p.level == "error"]
    if verdict.level == "friction":
        return f"exit {code}: {plural(len(failing), 'finding')} {verdict.reasons}"
    below = Counter(p.severity for p in problems if p.level == "warning")
    if not below:
        return f"exit {code}: every journey reached the end with no finding"
    counts = ", ".join(f"{plural(below[s], s + ' finding')}" for s in SEVERITIES if below[s])
    gate = f"below --fail-on {verdict.fail_on}" if verdict.fail_on else "not failing the run"
    verb = "is" if sum(below.values()) == 1 else "are"
    return f"exit {code}: every journey reached the end; {counts} {verb} {gate}"


def print_exit(result: RunResult, code: int) -> None:
    """The exit code and its reason, as the last line a command prints."""
    style = "green" if code == 0 else "bold red"
    console.print(f"[{style}]{escape(exit_reason(result, code))}[/]", highlight=False)


def run_summary(result: RunResult, run_dir: Path, code: int) -> dict:
    """`run --json`: what the terminal says after a walk, for a script to read."""
    from ..ci.problems import run_problems

    report = run_dir / "report" / "index.html"
    return {
        "run_id": result.run_id, "exit_code": code, "exit_reason": exit_reason(result, code).split(": ", 1)[1],
        "verdict": result.verdict().level, "fail_on": result.fail_on,
        "results": str((run_dir / "results.json").resolve()),
        "report": str(report.resolve()) if report.exists() else None,
        "journeys": [{"scenario": j.scenario, "walk": walk_label(j), "device": j.device.name, "status": j.status,
                      "duration_ms": j.duration_ms, "lost_at": j.lost_at().stage if j.lost_at() else None}
                     for j in result.journeys],
        "findings": [{"fails_run": p.level == "error", "severity": p.severity or "lost", "stage": p.stage,
                      "walks": p.walks, "title": p.title, "fix": one_line_fix(p.message), "file": p.file,
                      "line": p.line} for p in run_problems(result)],
    }


def write_ci_outputs(result: RunResult, run_dir: Path, junit: Path | None, granularity: str = "journey") -> None:
    """JUnit XML where asked; on GitHub Actions, every problem as a workflow annotation; the summary in the job's
    summary wherever `$GITHUB_STEP_SUMMARY` names one."""
    from ..ci.github import annotations, in_github_actions, write_step_summary
    from ..ci.junit import write_junit

    if junit:
        write_junit(result, junit, granularity, run_dir)
        console.print(f"JUnit: {junit}", highlight=False)
    if in_github_actions():
        # Beside what the console prints: on stderr when stdout carries `--json` (the runner reads commands on both)
        for line in annotations(result):
            click.echo(line, file=console.file)
    write_step_summary(run_dir)  # wherever a job summary file is named: GitHub Actions, or a runner that copies it
