"""`walkthrough show-report`: the report on 127.0.0.1 with Playwright's trace viewer, "Open the trace" in one click;
and text from a shop that rich would take for markup printed as it is."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from walkthroughs.cli import outputs
from walkthroughs.results import load_results

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).parents[2]


@pytest.fixture
def served(demo_walk):
    """`walkthrough show-report RUN` in its own process, stopped by its PID."""
    process = subprocess.Popen([sys.executable, "-m", "walkthroughs", "show-report", str(demo_walk.run_dir),
                                "--no-open"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    try:
        line = process.stdout.readline()
        assert line.startswith("Report: http://127.0.0.1:"), line
        yield line.split()[1].rsplit("/report/", 1)[0]
    finally:
        os.kill(process.pid, signal.SIGINT)  # what Ctrl-C sends
        try:
            assert process.wait(timeout=10) == 0
        finally:
            if process.poll() is None:
                process.kill()


def test_open_the_trace_loads_playwrights_viewer_in_one_click(served, demo_walk, chromium):
    results = json.loads((demo_walk.run_dir / "results.json").read_text())
    journey = results["journeys"][0]
    lost = next(i for i, s in enumerate(journey["stages"]) if s["status"] == "failed")
    assert journey["stages"][lost]["failure"]["trace"], "the lost stage kept its trace"
    events = zipfile.ZipFile(demo_walk.run_dir / journey["stages"][lost]["failure"]["trace"]).read("trace.trace")
    assert b'"frame-snapshot"' in events, "every action's page, to inspect in the viewer"
    assert b'"screencast-frame"' not in events, "no film of its own: the storyboard has a picture of every step"
    outside = urllib.request.Request(f"{served}/trace/..%2f..%2f..%2f..%2fetc/passwd")
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(outside, timeout=10)
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{served}/report/index.html")
        page.locator(f'tr[data-device="{journey["device"]["name"]}"] td[data-stage] a.cell').nth(lost).click()
        with context.expect_page() as opened:
            page.get_by_role("link", name="Open the trace").click()
        viewer = opened.value
        viewer.wait_for_load_state()
        assert "/trace/index.html?trace=" in viewer.url
        started = time.monotonic()
        viewer.get_by_text("shop now", exact=False).first.wait_for(timeout=30_000)  # the walk's step, replayed
        assert time.monotonic() - started < 30
    finally:
        context.close()


def test_text_with_brackets_reaches_the_terminal_as_written(demo_walk):
    result = load_results(demo_walk.run_dir / "results.json")
    journey = result.journeys[0]
    step = next(s for stage in journey.stages for s in stage.steps if s.error)
    step.error.message = "no element matches [data-test=size] [bold]here[/bold]"
    with outputs.console.capture() as captured:
        outputs.print_summary(result)
    assert "[data-test=size] [bold]here[/bold]" in captured.get()
