"""`run --baseline` on the single-page shop: a clean walk, then a walk with the checkout button pinned over the
header compared with it — the cart's screen boxed where the button went and where it was, before and after."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.e2e
WALK = ("run", "--demo", "spa", "scenarios/spa-shop.yaml", "--devices", "desktop", "--screenshots", "stage",
        "--trace", "off", "--no-lighthouse", "--timeout", "15s")


def test_a_walk_compared_with_a_clean_baseline_run_boxes_the_moved_checkout_button(walkthrough, tmp_path):
    clean = walkthrough(*WALK, "--out", tmp_path / "clean", timeout=300)
    assert "Report:" in clean.stdout, clean.stderr
    baseline = (tmp_path / "clean" / "latest").resolve()
    listed = json.loads((baseline / "results.json").read_text())["journeys"][0]["stages"][0]
    assert listed["name"] == "product list" and listed["vitals"]["cls"] < 0.1  # the list re-sorted by a select step
    moved = walkthrough(*WALK, "--out", tmp_path / "moved", "--demo-friction", "checkout-over-header",
                        "--baseline", baseline, timeout=300)
    run = (tmp_path / "moved" / "latest").resolve()
    result = json.loads((run / "results.json").read_text())
    assert result["baseline"]["run"] == "baseline"
    found = [f for f in result["journeys"][0]["findings"] if f["detector"] == "visual-regression"]
    assert [f["stage"] for f in found] == ["cart"], moved.stdout
    boxes = found[0]["evidence"]["boxes"]
    assert any(b["y"] == 0 and b["x"] == 0 for b in boxes) and len(boxes) == 2  # over the header, and where it was
    assert (run / found[0]["evidence"]["baseline_screenshot"]).exists()
    covered = [f for f in result["journeys"][0]["findings"] if f["detector"] == "header-overlap"]
    assert [f["stage"] for f in covered] == ["cart"]
    assert "Before, in the baseline run" in (run / "report" / "index.html").read_text()
