"""The pytest plugin as its users run it: `pytest` in a project of their own against the demo shop — walks in a
subprocess, collection in-process (pytester), where it takes milliseconds instead of a Python start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from user_project import LANDING, make_project

pytest_plugins = ["pytester"]

# pytester gives each run a home of its own; the user's cache stays where a user's pytest finds it, so collection
# reads Playwright's device table from there instead of starting Playwright's driver to read it again.
USER_CACHE = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("project"))


@pytest.fixture
def collecting(pytester, monkeypatch):
    """The same project, for pytest run in this process: what is collected, and what is skipped or refused."""
    make_project(pytester.path)
    monkeypatch.setenv("XDG_CACHE_HOME", USER_CACHE)

    def run(*args: str) -> subprocess.CompletedProcess:
        result = pytester.runpytest_inprocess(*args)
        return subprocess.CompletedProcess(args, int(result.ret), result.stdout.str(), result.stderr.str())
    return run


def pytest_in(root: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", *args], cwd=root, capture_output=True, text=True, timeout=timeout)


def test_collects_one_item_per_scenario_and_device_only_where_configured(collecting):
    run = collecting("--collect-only", "-q")
    assert run.returncode == 0, run.stdout + run.stderr
    ids = [line for line in run.stdout.splitlines() if "::" in line]
    assert ids == ["scenarios/landing.yaml::landing[desktop]", "scenarios/shop-now.yml::shop-now[mobile]",
                   "tests/test_plain.py::test_plain"]


def test_a_scenario_file_named_on_the_command_line_is_collected_anywhere(collecting, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "elsewhere.yaml"
    elsewhere.write_text(LANDING.replace("[desktop]", "[desktop, tablet]"))
    run = collecting("--collect-only", "-q", str(elsewhere))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "elsewhere.yaml::landing[desktop]" in run.stdout and "elsewhere.yaml::landing[tablet]" in run.stdout


def test_device_option_walks_every_scenario_on_that_device(collecting):
    run = collecting("--collect-only", "-q", "--device", "iPhone 13", "scenarios")
    assert "scenarios/landing.yaml::landing[iPhone 13]" in run.stdout
    assert "scenarios/shop-now.yml::shop-now[iPhone 13]" in run.stdout
    alias = collecting("--collect-only", "-q", "--device", "mobile", "scenarios")
    assert alias.returncode != 0 and "is not one of Playwright's devices" in alias.stdout + alias.stderr


def test_a_broken_scenario_is_a_collection_error_at_its_line(collecting, tmp_path_factory):
    bad = tmp_path_factory.mktemp("broken") / "bad.yaml"
    bad.write_text("name: bad\nstages:\n  - name: one\n    steps:\n      - clik: {text: Buy}\n")
    run = collecting("--collect-only", "-q", str(bad))
    assert run.returncode != 0
    assert f"{bad}:5:" in run.stdout


@pytest.fixture(scope="module")
def walked(project) -> tuple[subprocess.CompletedProcess, Path]:
    run = pytest_in(project, "scenarios", "--tracing", "retain-on-failure", "--screenshot", "only-on-failure",
                    "--output", "artifacts", "--walkthrough-out", "walk-reports")
    return run, project


@pytest.mark.e2e
def test_items_pass_or_fail_with_where_the_shopper_was_lost(walked):
    run, _ = walked
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 failed, 1 passed" in run.stdout
    assert "A check failed at stage “product” at step “Check the url contains “/product/trail-runner”" in run.stdout
    assert "FAILED scenarios/shop-now.yml::shop-now[mobile]" in run.stdout


@pytest.mark.e2e
def test_results_report_and_pytest_playwright_artifacts_are_written(walked):
    run, root = walked
    results = json.loads((root / "walk-reports" / "latest" / "results.json").read_text())
    assert {j["id"]: j["status"] for j in results["journeys"]} == {"landing--desktop": "completed", "shop-now--mobile": "checks_failed"}
    assert {j["device"]["user_agent"] for j in results["journeys"]} == {"walkthroughs-plugin-test"}
    assert results["options"]["front_door"] == "pytest" and results["status"] == "checks_failed"
    assert (root / "walk-reports" / "latest" / "report" / "index.html").exists()
    assert "report:" in run.stdout
    failed = root / "artifacts" / "scenarios-shop-now-yml-shop-now-mobile"
    assert sorted(p.name for p in failed.iterdir()) == ["test-failed-1.jpg", "trace.zip"]
    assert not (root / "artifacts" / "scenarios-landing-yaml-landing-desktop").exists()  # passed: nothing retained


@pytest.mark.e2e
def test_under_xdist_the_workers_walks_merge_into_one_run(project):
    run = pytest_in(project, "scenarios", "-n", "2", "--walkthrough-out", "xdist-reports")
    assert "1 failed, 1 passed" in run.stdout, run.stdout + run.stderr
    reports = project / "xdist-reports"
    results = json.loads((reports / "latest" / "results.json").read_text())
    assert sorted(j["id"] for j in results["journeys"]) == ["landing--desktop", "shop-now--mobile"]
    assert len(results["options"]["merged_from"]) == 2
    for journey in results["journeys"]:
        assert (reports / "latest" / journey["evidence"]).exists()
    assert (reports / "latest" / "report" / "index.html").exists()
    assert sorted(p.name for p in reports.iterdir()) == sorted(["latest", results["run_id"]])  # workers' parts cleaned up


@pytest.mark.subprocess
def test_scenarios_skip_when_only_other_browsers_are_asked_for(project):
    # its own process: a pytest in this one would nest pytest-playwright's soft-assertion scope in ours
    run = pytest_in(project, "scenarios/landing.yaml", "--browser", "firefox", "-rs")
    assert run.returncode == 0 and "walks in Chromium only" in run.stdout, run.stdout + run.stderr


@pytest.mark.subprocess
def test_plain_test_suites_are_untouched(project):
    """The one run of a user's pytest as its own process."""
    run = pytest_in(project, "tests", "-q")
    assert run.returncode == 0 and "1 passed" in run.stdout
    assert not (project / "reports").exists()
    assert "report:" not in run.stdout
