"""The command line as its own process: `walkthrough detectors` and `walkthrough schema`, the commands whose other
tests all run in this process (click's CliRunner) — every other command has its run as its own process beside its
tests (`-m subprocess` lists them all) — and what the commands that start no browser leave unloaded."""

from __future__ import annotations

import json
import subprocess
import sys

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


def test_the_commands_that_start_no_browser_load_neither_playwright_nor_the_walker(tmp_path):
    """The CLI imports a command's module when it is called, and that module what the command needs."""
    from walkthroughs.watch.history import History

    with History(tmp_path / "history.sqlite"):
        pass  # an empty history, for `history` to read
    code = ("import contextlib, io, sys; from walkthroughs.cli import main\n"
            "for args in (['schema'], ['schema', '--results'], ['detectors'],"
            " ['history', '--history', sys.argv[1] + '/history.sqlite'], ['import', '--help'],"
            " ['show-report', '--help'], ['--version']):\n"
            "    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
            "        main(args, standalone_mode=False)\n"
            "print(sorted({m.split('.')[0] if not m.startswith('walkthroughs.') else '.'.join(m.split('.')[:2])\n"
            "              for m in sys.modules} & {'playwright', 'walkthroughs.walk', 'walkthroughs.pipeline'}))")
    loaded = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert loaded.stdout.strip() == "[]", loaded.stdout + loaded.stderr
