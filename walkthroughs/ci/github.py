"""GitHub Actions: each problem of the run as a workflow annotation on its scenario line, and the run's Markdown
summary in the job summary, linked to the workflow run that holds the report.

Both front doors write them the same way (`walkthrough run` and `merge`, and the pytest plugin) when
`GITHUB_ACTIONS` is set. Annotations follow `problems.run_problems`: one per problem, `::error` where it fails the
run, `::warning` otherwise, info findings never (GitHub shows only ten annotations of a kind per step).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from ..report.summary import with_report_link
from ..results import RunResult
from .problems import in_github_actions, run_problems

__all__ = ["annotation", "annotations", "in_github_actions", "run_url", "step_summary", "write_step_summary"]


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, title: str, message: str, file: str | None = None, line: int | None = None) -> str:
    properties = [f"file={_escape_property(file)}"] if file else []
    if file and line:
        properties.append(f"line={line}")
    properties.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(properties)}::{_escape_data(message)}"


def annotations(result: RunResult, environ: Mapping[str, str] = os.environ) -> list[str]:
    """One workflow command per problem, on the scenario file (relative to the checkout) and line."""
    workspace = environ.get("GITHUB_WORKSPACE")
    lines = []
    for problem in run_problems(result, Path(workspace) if workspace else None):
        lines.append(annotation(problem.level, f"{problem.title} ({problem.where})", problem.message,
                                problem.file, problem.line))
    return lines


def run_url(environ: Mapping[str, str] = os.environ) -> str | None:
    """The workflow run's page, where its artifacts (the report) are: `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/
    actions/runs/$GITHUB_RUN_ID`; None outside GitHub Actions."""
    parts = [environ.get(name) for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")]
    if not all(parts):
        return None
    server, repository, run_id = parts
    return f"{server.rstrip('/')}/{repository}/actions/runs/{run_id}"


def step_summary(run_dir: Path, environ: Mapping[str, str] = os.environ) -> str | None:
    """The run's summary.md with its last line pointing at the workflow run instead of a local path."""
    summary = Path(run_dir) / "report" / "summary.md"
    if not summary.exists():
        return None
    text = summary.read_text(encoding="utf-8")
    url = run_url(environ)
    if url is None:
        return text
    return with_report_link(text, f"[the artifacts of this workflow run]({url}) (`{Path(run_dir).name}/report/"
                                  "index.html`)")


def write_step_summary(run_dir: Path, environ: Mapping[str, str] = os.environ) -> bool:
    """Append the run's summary to `$GITHUB_STEP_SUMMARY`; False where there is none to write to."""
    target = environ.get("GITHUB_STEP_SUMMARY")
    text = step_summary(run_dir, environ) if target else None
    if not target or text is None:
        return False
    with open(target, "a", encoding="utf-8") as out:
        out.write(text)
    return True
