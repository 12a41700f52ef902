"""`walkthrough detectors` and `walkthrough schema` as their own processes, as a user types them: the commands whose
other tests all run in this process (click's CliRunner). Every other command has its run as its own process beside
its tests (`-m subprocess` lists them all)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.subprocess


def test_detectors_lists_the_built_in_detectors(walkthrough):
    listed = walkthrough("detectors", timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert "slow-step — " in listed.stdout and "intermittent — " in listed.stdout


def test_schema_prints_the_scenario_format(walkthrough):
    printed = walkthrough("schema", timeout=60)
    assert printed.returncode == 0, printed.stderr
    assert "stages" in json.loads(printed.stdout)["properties"]
