"""The pytest route in a pipeline, run with pytester: the same GitHub annotations and job summary as `walkthrough
run`, JUnit with the same case names and scenario lines, and `reportinfo` at the scenario."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from user_project import make_project

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.e2e

GITHUB = {"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "shop/checkout",
          "GITHUB_RUN_ID": "4242"}


@pytest.fixture
def project(pytester, monkeypatch):
    make_project(pytester.path, ini="junit_family = xunit1\n")
    for name, value in GITHUB.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(pytester.path))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(pytester.path / "step-summary.md"))
    return pytester


def test_the_pytest_route_writes_what_run_writes_for_ci(project):
    result = project.runpytest_subprocess("scenarios/shop-now.yml", "--walkthrough-junit", "walk.xml",
                                          "--junitxml", "pytest.xml", timeout=600)
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "::error file=scenarios/shop-now.yml,line=11,title=Check failed at product (mobile)::" in out
    assert out.count("::error ") == 1
    assert "(scenarios/shop-now.yml:11)" in out  # the failed item's message points at the step
    summary = (project.path / "step-summary.md").read_text()
    assert "## " in summary and "https://github.com/shop/checkout/actions/runs/4242" in summary

    ours = ET.parse(project.path / "walk.xml").getroot().find(".//testcase")
    pytests = ET.parse(project.path / "pytest.xml").getroot().find(".//testcase")
    # One naming scheme: pytest's own JUnit names the item as `walkthrough run --junit` names the journey.
    assert (ours.get("classname"), ours.get("name")) == (pytests.get("classname"), pytests.get("name")) == (
        "scenarios.shop-now.yml", "shop-now[mobile]")
    assert (ours.get("file"), ours.get("line")) == ("scenarios/shop-now.yml", "11")
    assert ours.find("failure") is not None and "[[ATTACHMENT|" in ours.find("system-out").text
    # reportinfo: the file and the journey's first stage (pytest counts lines from 0 in its own JUnit)
    assert (pytests.get("file"), pytests.get("line")) == ("scenarios/shop-now.yml", "4")
