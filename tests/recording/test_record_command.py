"""`walkthrough record` where it cannot open a window: one line, exit 2, and the way to a scenario that works there."""

from __future__ import annotations

import os
import subprocess
import sys


def test_without_a_display_record_says_so_in_one_line_and_suggests_import(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    run = subprocess.run([sys.executable, "-m", "walkthroughs", "record", "http://127.0.0.1:9/", "--out",
                          tmp_path / "s.yaml"], capture_output=True, text=True, timeout=120, env=environment)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert "no display to open a browser window on" in run.stderr and "walkthrough import recording.json" in run.stderr
    assert not (tmp_path / "s.yaml").exists()
