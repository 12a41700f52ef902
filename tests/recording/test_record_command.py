"""`walkthrough record` as a person runs it: in a window (here on a virtual screen) until Ctrl-C, which writes the
scenario; and where no window can open, one line, exit 2, and the way to a scenario that works there."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
import yaml

from walkthroughs.scenario import load_scenario


@pytest.mark.subprocess
def test_without_a_display_record_says_so_in_one_line_and_suggests_import(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    run = subprocess.run([sys.executable, "-m", "walkthroughs", "record", "http://127.0.0.1:9/", "--out",
                          tmp_path / "s.yaml"], capture_output=True, text=True, timeout=120, env=environment)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert "no display to open a browser window on" in run.stderr and "walkthrough import recording.json" in run.stderr
    assert not (tmp_path / "s.yaml").exists()


@pytest.fixture
def screen():
    """A virtual X screen (Xvfb) on a free display, stopped after the test."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              pass_fds=[write], stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        yield ":" + os.read(read, 16).decode().strip()
    finally:
        os.close(read)
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.e2e
def test_ctrl_c_ends_a_recording_in_a_window_and_the_scenario_is_written(screen, demo_shop, tmp_path):
    out = tmp_path / "recorded.yaml"
    # Its own process group, as a terminal has: Ctrl-C reaches the recorder, Playwright's driver and the browser.
    command = [sys.executable, "-m", "walkthroughs", "record", f"{demo_shop.url}/cart", "--out", out]
    recording = subprocess.Popen(command, env={**os.environ, "DISPLAY": screen}, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (out.exists() and "goto" in out.read_text()):
            time.sleep(0.3)
        os.killpg(recording.pid, signal.SIGINT)
        stdout, stderr = recording.communicate(timeout=60)
    finally:
        if recording.poll() is None:
            os.killpg(recording.pid, signal.SIGKILL)
    assert recording.returncode == 0, stderr
    assert stderr == ""
    assert stdout.splitlines()[-1].startswith(f"wrote {out}: 1 stage, 1 step.")
    assert yaml.safe_load(out.read_text())["stages"][0]["steps"] == [{"goto": "/cart"}]
    assert load_scenario(out).stages[0].phase == "decision"
