"""`report --baseline` compares a saved run's screens with an earlier run's and shows before and after; a baseline
that is no run is a one-line error."""

from __future__ import annotations

from click.testing import CliRunner
from pictures import PINNED
from test_visual_regression import CART, run_folder

from walkthroughs.cli import main
from walkthroughs.results import load_results


def test_report_with_a_baseline_saves_the_comparison_and_draws_both_pictures(tmp_path):
    run_folder(tmp_path / "before")
    run_folder(tmp_path / "after", cart_button=PINNED)
    done = CliRunner().invoke(main, ["report", str(tmp_path / "after"), "--baseline", str(tmp_path / "before")])
    assert done.exit_code == 0, done.output
    result = load_results(tmp_path / "after" / "results.json")
    [found] = [f for f in result.journeys[0].findings if f.detector == "visual-regression"]
    assert found.evidence.baseline_screenshot == f"baseline/{CART}" and result.baseline.run == "baseline"
    page = (tmp_path / "after" / "report" / "index.html").read_text()
    assert "Before, in the baseline run" in page and "After, in this run" in page and "box-changed" in page


def test_a_baseline_that_is_not_a_run_is_refused_in_one_line(tmp_path):
    run_folder(tmp_path / "after")
    (tmp_path / "empty").mkdir()
    done = CliRunner().invoke(main, ["report", str(tmp_path / "after"), "--baseline", str(tmp_path / "empty")])
    assert done.exit_code == 2 and done.output.count("\n") == 1
    assert "the baseline run cannot be read" in done.output
