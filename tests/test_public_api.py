"""`walkthroughs` exports the library calls every front door is built on, with a sorted `__all__`, imported lazily."""

from __future__ import annotations

import subprocess
import sys

import walkthroughs


def test_the_public_names_are_sorted_and_each_imports():
    assert walkthroughs.__all__ == sorted(walkthroughs.__all__)
    for name in walkthroughs.__all__:
        assert getattr(walkthroughs, name) is not None, name
    assert {"load_scenarios", "plan_journeys", "walk_run", "assess_run", "render_report", "merge_runs"} <= set(
        walkthroughs.__all__)


def test_importing_the_package_loads_neither_the_browser_nor_the_detectors():
    loaded = subprocess.run([sys.executable, "-c", "import sys, walkthroughs; print(sorted(m for m in sys.modules "
                             "if m.startswith(('playwright', 'walkthroughs.'))))"], capture_output=True, text=True,
                            timeout=60)
    assert loaded.stdout.strip() == "[]", loaded.stdout + loaded.stderr
