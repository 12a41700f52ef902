"""The benchmark's Playwright Test peer (bench/peer/) is a valid suite and walks the demo shop as the bench does."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "node_modules" / "@playwright" / "test" / "cli.js"
CONFIG = ROOT / "bench" / "peer" / "playwright.config.mjs"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None or not CLI.exists(),
                                reason="the Node tools are not installed (node and `npm ci` for @playwright/test)")


def playwright_test(*args: str, out: Path, timeout: float) -> subprocess.CompletedProcess:
    """Run Playwright Test on the peer's config; on a timeout its whole process group (shop included) is stopped."""
    env = {**os.environ, "WALKTHROUGHS_PEER_OUT": str(out), "WALKTHROUGHS_PYTHON": sys.executable}
    env.pop("WALKTHROUGHS_BASE_URL", None)  # the config starts its own demo shop on a free port
    process = subprocess.Popen([NODE, str(CLI), "test", "--config", str(CONFIG), *args], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, output)


@pytest.mark.subprocess
def test_the_config_lists_one_journey_per_device_project(tmp_path):
    listed = playwright_test("--list", out=tmp_path, timeout=60)
    assert listed.returncode == 0, listed.stdout
    for project in ("[Desktop Chrome]", "[iPad (gen 7)]", "[Pixel 7]"):
        assert f"{project} › demo-journey.spec.mjs" in listed.stdout
    assert "Total: 3 tests in 1 file" in listed.stdout


@pytest.mark.e2e
def test_the_spec_walks_the_demo_shop_to_a_placed_order_on_one_project(tmp_path):
    walked = playwright_test("--project", "Pixel 7", out=tmp_path, timeout=180)
    assert walked.returncode == 0, walked.stdout
    assert "1 passed" in walked.stdout
    shots = list(tmp_path.glob("*/test-finished-1.png"))
    assert len(shots) == 1, sorted(p.name for p in tmp_path.rglob("*"))
    with Image.open(shots[0]) as shot:  # screenshot: 'on' keeps the last screen, in the Pixel 7's device pixels
        assert shot.size == (round(412 * 2.625), round(839 * 2.625))
    assert not list(tmp_path.rglob("trace.zip")), "a passing test keeps no trace (retain-on-failure)"
