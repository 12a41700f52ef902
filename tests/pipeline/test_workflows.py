"""The shipped GitHub workflow and the README's workflow snippets, checked by actionlint as a pipeline owner would
(skipped where actionlint is not installed: `pip install -e '.[lint]'`), and the settings the README promises."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # the same parser, before it joined the standard library
    import tomli as tomllib

ROOT = Path(__file__).parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "walkthroughs.yml"
TESTS_WORKFLOW = ROOT / ".github" / "workflows" / "tests.yml"


def actionlint() -> str | None:
    beside = Path(sys.executable).with_name("actionlint")
    return str(beside) if beside.exists() else shutil.which("actionlint")


def readme_workflow_snippets() -> list[str]:
    """The README's YAML blocks that are GitHub workflow parts (jobs or steps), each made a whole workflow."""
    blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    workflows = []
    for block in blocks:
        if re.search(r"^jobs:", block, re.M):
            workflows.append("on: push\n" + block)
        elif re.search(r"^\s*(- )?(uses|run):", block, re.M):
            steps = textwrap.indent(textwrap.dedent(block), "      ")
            workflows.append(f"on: push\njobs:\n  walk:\n    runs-on: ubuntu-latest\n    steps:\n{steps}")
    return workflows


def test_the_readme_has_the_staging_step_and_the_shard_matrix():
    snippets = readme_workflow_snippets()
    assert len(snippets) == 2
    shards = yaml.safe_load(snippets[1])["jobs"]["walk"]["strategy"]
    assert shards["fail-fast"] is False, "one failing shard must not cancel its siblings"
    assert "--pass-with-no-journeys" in snippets[1]


def test_the_shipped_workflow_caches_cancels_superseded_runs_and_reports_junit():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["concurrency"]["cancel-in-progress"] is True
    steps = workflow["jobs"]["walk"]["steps"]
    setups = {step["uses"].split("@")[0]: step.get("with", {}) for step in steps if "uses" in step}
    assert setups["actions/setup-python"]["cache"] == "pip" and setups["actions/setup-node"]["cache"] == "npm"
    assert setups["actions/setup-node"]["node-version"] == "22"
    assert setups["mikepenz/action-junit-report"]["report_paths"] == "reports/junit.xml"


def test_the_project_tests_the_lowest_and_newest_python_it_supports():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lowest = project["requires-python"].removeprefix(">=")
    newest = max((c.rsplit(":: ", 1)[1] for c in project["classifiers"] if c.count("::") == 2
                  and c.startswith("Programming Language :: Python :: 3.")), key=lambda v: tuple(map(int, v.split("."))))
    jobs = yaml.safe_load(TESTS_WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    assert jobs["no-browser"]["strategy"]["matrix"]["python"] == [lowest, newest]
    assert 'pytest -q -m "not e2e"' in jobs["no-browser"]["steps"][-1]["run"]
    assert jobs["suite"]["steps"][-1]["run"] == "bash scripts/test.sh -q"  # the README's test command


@pytest.mark.skipif(actionlint() is None, reason="actionlint is not installed (pip install -e '.[lint]')")
def test_actionlint_passes_the_workflow_and_the_readme_snippets(tmp_path):
    files = [WORKFLOW, TESTS_WORKFLOW]
    for index, snippet in enumerate(readme_workflow_snippets()):
        files.append(tmp_path / f"readme-{index + 1}.yml")
        files[-1].write_text(snippet, encoding="utf-8")
    run = subprocess.run([actionlint(), "-no-color", *map(str, files)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
