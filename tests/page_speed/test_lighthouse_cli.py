"""Lighthouse CI's contract through the command line, on a real Lighthouse audit of the demo shop: a lighthouserc.json
beside the scenario is honoured, its failed `error` assertion exits 1 though `--fail-on` is left at blocker, its
`warn` does not, the terminal shows Lighthouse's scores and the failed assertions, and both ports can be fixed.

One walk, one audit."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.node_tools]
ROOT = Path(__file__).parents[2]
SCENARIO = """\
name: landing
devices: [desktop]
stages:
  - name: ad landing
    lighthouse: true
    steps:
      - goto: /landing/trail-runner
"""
RC = {"ci": {"assert": {"preset": "lighthouse:no-pwa",
                        "assertions": {"first-contentful-paint": ["error", {"maxNumericValue": 1}],
                                       "largest-contentful-paint": ["warn", {"maxNumericValue": 1}]}}}}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def walked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lhci")
    (folder / "landing.yaml").write_text(SCENARIO)
    (folder / "lighthouserc.json").write_text(json.dumps(RC))
    ports = free_port(), free_port()
    run = subprocess.run([sys.executable, "-m", "walkthroughs", "run", "--demo", folder / "landing.yaml",
                          "--demo-port", str(ports[0]), "--lighthouse-port", str(ports[1]), "--output", folder / "out",
                          "--screenshot", "off", "--tracing", "off"],
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    results = json.loads((folder / "out" / "latest" / "results.json").read_text())
    return run, results, ports


def test_a_failed_error_assertion_fails_the_run_whatever_fail_on_says(walked):
    run, results, _ = walked
    assert run.returncode == 1, run.stdout + run.stderr
    assert results["fail_on"] == "blocker"
    broken = [f for j in results["journeys"] for f in j["findings"] if f["detector"] == "lighthouse-assertions"]
    by_title = {f["title"]: f for f in broken}
    fcp = next(f for title, f in by_title.items() if "First Contentful Paint" in title)
    lcp = next(f for title, f in by_title.items() if "Largest Contentful Paint" in title)
    assert (fcp["gate"], fcp["severity"], lcp["gate"], lcp["severity"]) == ("error", "major", "warn", "minor")
    assert all(f["line"] == 4 and f["file"].endswith("landing.yaml") for f in broken)  # the stage's line


def test_the_presets_assertions_are_those_this_lighthouse_runs(walked):
    run, results, ports = walked
    [journey] = results["journeys"]
    details = [d for f in journey["findings"] if f["detector"] == "lighthouse-assertions" for d in f["evidence"]["details"]]
    assert not any(" auditRan" in detail for detail in details), details  # no assertion on an audit never run
    assert "lighthouse:no-pwa asserts" in run.stderr and "left out" in run.stderr  # and the run says what it left out
    assert results["options"]["lighthouse_port"] == ports[1] and journey["stages"][0]["lighthouse"]["error"] is None


def test_the_terminal_shows_the_scores_and_the_failed_assertions(walked):
    run, _, ports = walked
    out = run.stdout
    assert "Lighthouse (median run)" in out and "performance" in out
    assert "error Lighthouse budget broken: “First Contentful Paint”" in out
    assert "warn  Lighthouse budget broken: “Largest Contentful Paint”" in out
    assert "from Lighthouse CI error assertions" in out
    assert f"Demo shop: http://127.0.0.1:{ports[0]}" in out
