"""Trends from the history, and the report's trend charts drawn from them."""

from __future__ import annotations

from walk_records import run_result

from walkthroughs.report.trend_charts import trends_view
from walkthroughs.report.trends import read_trends, write_trends
from walkthroughs.watch.history import History
from walkthroughs.watch.trends import load_trends


def test_trends_follow_each_stage_and_the_report_draws_them(tmp_path):
    with History(tmp_path / "history.sqlite") as history:
        for number, kwargs in enumerate([{}, {"durations": {"product": 2000}}, {"broken_at": "product"}, {}]):
            history.record_run(run_result(f"run-{number}", **kwargs), tmp_path)
        trends = load_trends(history, last=3)
        assert [w.status for w in trends.walks] == ["completed", "broken", "completed"]  # oldest first
        product = next(s for s in trends.stages if s.stage == "product")
        assert product.durations == [2000, None, 1000]
        assert (product.median_ms, product.last_ms, product.change) == (2000, 1000, -0.5)
        assert load_trends(history, last=10, up_to=1).walks[0].id == 1
    write_trends(trends, tmp_path)
    view = trends_view(read_trends(tmp_path))
    assert view.success == "2 of 3 walks got through (67%)"
    assert [bar.css for bar in view.bars] == ["walk-ok", "walk-lost", "walk-ok"]
    durations, lcp = view.charts
    assert [line.label for line in durations.lines] == ["landing", "product", "checkout"]
    assert len(next(l for l in durations.lines if l.label == "product").points) == 2  # the gap is the broken walk
    assert lcp.lines[0].points[-1].label.endswith("1.2 s")


def test_no_trend_from_a_single_walk(tmp_path):
    with History(tmp_path / "history.sqlite") as history:
        history.record_run(run_result("run-0"), tmp_path)
        assert trends_view(load_trends(history)) is None
    assert trends_view(None) is None
