"""What a pipeline is told about a run: each problem once, at the scenario line it comes from.

A lost shopper is one problem, and so is a check that failed while the walk went on (the journey-broken finding
that says the same is not told again); a finding's
cause (`Finding.cause`) seen on several stages and devices is one problem naming them, at the line it was first
seen on; info findings are not problems. Errors fail the run — a lost
shopper, a finding `Finding.fails` says fails it — the rest are warnings. GitHub annotations, the terminal and the
pytest plugin's messages all read this list.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..report.walks import walk_label
from ..results import RunResult, check_words, severity_rank

LOST_DETECTOR = "journey-broken"  # its finding restates where the shopper was lost


@dataclass
class RunProblem:
    level: Literal["error", "warning"]  # error: it fails the run
    title: str
    message: str
    file: str | None
    line: int | None
    stage: str | None
    severity: str | None = None  # None: a lost shopper
    walks: list[str] = field(default_factory=list)  # the devices (and paths, personas, walks) it was seen on
    stages: list[str] = field(default_factory=list)  # every stage a finding's cause was seen on

    @property
    def place(self) -> str:
        """`scenarios/shop.yaml:14`, the file alone, or an empty string."""
        return f"{self.file}:{self.line}" if self.file and self.line else self.file or ""

    @property
    def where(self) -> str:
        """`cart, checkout on desktop, mobile` (a lost shopper's title names the stage already: `mobile`)."""
        walks = ", ".join(self.walks)
        stages = ", ".join(self.stages or ([self.stage] if self.stage else []))
        return f"{stages} on {walks}" if stages and self.severity is not None else walks


def scenario_path(file: str | None, root: Path | None = None) -> str | None:
    """The scenario file relative to `root` (default: the working folder) where it lies below it, as CI tools and
    editors resolve it; otherwise as the run was given it."""
    if not file:
        return None
    path = Path(file)
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to((root or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def run_problems(result: RunResult, root: Path | None = None) -> list[RunProblem]:
    """Every problem of the run once, errors first, in the order the run met them."""
    found: dict[tuple, RunProblem] = {}

    def add(problem: RunProblem, walk: str, key: tuple) -> None:
        known = found.setdefault(key, problem)
        if walk not in known.walks:
            known.walks.append(walk)
        if problem.stage and problem.severity is not None and problem.stage not in known.stages:
            known.stages.append(problem.stage)

    for journey in result.journeys:
        file = scenario_path(result.file_of(journey), root)
        walk = walk_label(journey)
        lost = journey.lost_at()
        if lost is not None:
            title = f"Shopper lost at {lost.stage}" if lost.stage else f"{journey.scenario} could not be walked"
            add(RunProblem("error", title, lost.words, file, lost.line, lost.stage), walk,
                ("lost", title, lost.words, file, lost.line))
        checks = journey.verdict(result.fail_on).failed_checks
        for stage, step in checks:
            title = f"Check failed at {stage.name}"
            words = check_words(step)
            line = step.line or stage.line
            add(RunProblem("error", title, words, file, line, stage.name), walk, ("check", title, words, file, line))
        restated = {(stage.name, step.index) for stage, step in checks}
        for finding in journey.findings:
            if finding.severity == "info" or finding.detector == LOST_DETECTOR and (
                    lost is not None or (finding.stage, finding.evidence.step) in restated):
                continue
            level = "error" if finding.fails(result.fail_on) else "warning"
            line = journey.line_of(finding.stage, finding.evidence.step)
            add(RunProblem(level, finding.title, finding.insight, file, line, finding.stage, finding.severity),
                walk, (level, finding.cause, file))
    problems = list(found.values())
    problems.sort(key=lambda p: (p.level != "error", p.severity is not None,
                                 severity_rank(p.severity) if p.severity else 0))
    return problems


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"
