"""The report's pure parts on a small run made here: verdict, baseline, charts, pictures, summary, rendering."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from PIL import Image

from tests.run_records import run_of, scenario_info
from walkthroughs.friction.assess import assess_journey
from walkthroughs.friction.base import JourneyEvidence
from walkthroughs.friction.scoring import score_journey
from walkthroughs.report import render, render_report
from walkthroughs.report.baseline import compare
from walkthroughs.report.images import PictureStore
from walkthroughs.report.summary import escape, summary_markdown
from walkthroughs.report.view import build_view, verdict_of
from walkthroughs.results import (
    DeviceInfo,
    Finding,
    FindingEvidence,
    JourneyRecord,
    RunResult,
    StageRecord,
    StepError,
    StepRecord,
    save_results,
)

STAGES = ("landing", "product", "checkout")
SCREENS = {"desktop": (1280, 720, 1), "mobile": (412, 839, 2)}  # viewport and pixels per CSS px


def screenshot(run_dir: Path, relative: str, device: str, shade: int, tall: bool = False) -> str:
    width, height, ratio = SCREENS[device]
    path = run_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width * ratio, height * ratio * (3 if tall else 1)), (shade, 120, 200)).save(path, "JPEG")
    return relative


def journey(run_dir: Path, device: str, statuses: tuple[str, ...], durations=(1000.0, 2000.0, 3000.0),
            findings: tuple[tuple[str, str], ...] = ()) -> JourneyRecord:
    width, height, _ = SCREENS[device]
    stages = []
    for index, (name, status, duration) in enumerate(zip(STAGES, statuses, durations)):
        reached = status in ("passed", "failed")
        shot = screenshot(run_dir, f"journeys/{device}/{index}/step-01.jpg", device, 10 * index,
                          tall=status == "failed") if reached else None
        step = StepRecord(index=0, verb="click", label=f"Open the {name}", status=status if reached else "not_reached",
                          duration_ms=duration / 2 if reached else None, screenshot=shot,
                          error=StepError(kind="missing", message="“Buy” (button) was not found") if status == "failed"
                          else None)
        stages.append(StageRecord(name=name, phase="purchase", budget_ms=2500, status=status,
                                  duration_ms=duration if reached else None, screenshot=shot, steps=[step]))
    record = JourneyRecord(
        id=f"shop--{device}", scenario="shop", status="broken" if "failed" in statuses else "completed",
        device=DeviceInfo(name=device, device_class=device, viewport={"width": width, "height": height}),
        stages=stages, findings=[Finding(detector="errors", title=title, severity=severity, stage=stage,
                                         insight="Fix it.", evidence=FindingEvidence(step=0))
                                 for stage, severity, title in ((s, sev, f"{sev} on {s}") for s, sev in findings)],
    )
    for stage in record.stages:
        if stage.status in ("passed", "failed"):
            stage.friction_score = 100.0 - 30 * sum(1 for f in record.findings if f.stage == stage.name)
    return record


def judged(record: JourneyRecord) -> JourneyRecord:
    """The record with what journey-broken and slow-step make of it, as a walk would leave it: the lost stage's
    blocker, and the budgets rated (the report reads both, never decides them)."""
    given = list(record.findings)
    evidence = {"evidence_version": "2.0", "journey": record.id, "device": record.device.name,
                "device_class": record.device.device_class,
                "stages": [{"name": s.name, "steps": [{} for _ in s.steps]} for s in record.stages if s.reached]}
    assess_journey(JourneyEvidence(record, evidence), only={"journey-broken", "slow-step"})
    record.findings[:0] = given
    score_journey(record)
    return record


def run_result(run_dir: Path, journeys: list[JourneyRecord], run_id: str = "run-2") -> RunResult:
    scenario = scenario_info("shop", STAGES, phase="purchase", goal="Buy shoes", base_url="http://127.0.0.1:8000")
    result = run_of(journeys, scenario, run_id, "2026-05-01T10:00:00+00:00", "2026-05-01T10:01:30+00:00",
                    status="broken")
    save_results(result, run_dir / "results.json")
    return result


@pytest.fixture
def small_run(tmp_path) -> tuple[Path, RunResult]:
    run_dir = tmp_path / "run-2"
    journeys = [journey(run_dir, "desktop", ("passed", "passed", "passed"), findings=(("product", "major"),)),
                journey(run_dir, "mobile", ("passed", "failed", "not_reached"), findings=(("landing", "minor"),))]
    return run_dir, run_result(run_dir, [judged(j) for j in journeys])


def test_the_verdict_names_where_shoppers_get_lost(small_run):
    _, result = small_run
    verdict = verdict_of(result)
    assert verdict.level == "lost"
    assert verdict.headline == "Shoppers get lost: 1 of 2 journeys did not reach the end — at product."
    assert [(p.stage, p.devices) for p in verdict.lost] == [("product", "mobile")]
    assert "“Buy” (button) was not found" in verdict.lost[0].reason


def test_cells_take_the_colour_of_their_worst_finding_and_pages_exist_only_for_reached_stages(small_run):
    run_dir, result = small_run
    view = build_view(result, PictureStore(run_dir, run_dir / "report"), None)
    tones = [[c.tone for c in row.cells] for row in view.maps[0].rows]
    # checkout took 3 s of a 2.5 s budget: slow-step's minor finding colours it; the lost stage is journey-broken's
    assert tones == [["clear", "major", "minor"], ["minor", "blocker", "not-reached"]]
    assert [p.cell.stage for p in view.stage_pages] == ["landing", "product", "checkout", "landing", "product"]
    assert [t.title for t in view.top] == ["Shoppers get lost here", "major on product", "minor on landing",
                                           "“checkout” takes longer than its budget"]


def test_a_tall_screenshot_is_cut_to_its_first_screen_and_identical_ones_are_stored_once(tmp_path):
    run_dir = tmp_path / "run"
    screenshot(run_dir, "a.jpg", "mobile", 50, tall=True)
    screenshot(run_dir, "b.jpg", "mobile", 90)
    screenshot(run_dir, "c.jpg", "mobile", 90)
    store = PictureStore(run_dir, run_dir / "report")
    tall, same, twin = (store.picture(name, {"width": 412, "height": 839}) for name in ("a.jpg", "b.jpg", "c.jpg"))
    assert tall.view != tall.screen and abs(tall.screen_height / tall.screen_width - 839 / 412) < 0.01
    assert tall.height > 2 * tall.screen_height and tall.width <= 960 and tall.thumb_width == 320
    assert same.screen == same.view and same.thumb == twin.thumb and twin.original == "../c.jpg"
    assert len(list((run_dir / "report" / "img").iterdir())) == 3  # a, a's first screen, b = c
    assert store.picture("missing.jpg") is None and store.picture(None) is None


def test_the_emotion_curve_runs_from_smooth_at_the_top_to_lost_at_the_bottom(small_run):
    run_dir, result = small_run
    curve = build_view(result, PictureStore(run_dir, run_dir / "report"), None).maps[0].emotion
    desktop, mobile = curve.series
    assert [p.label for p in desktop.points] == ["desktop, landing: 100 of 100", "desktop, product: 70 of 100",
                                                 "desktop, checkout: 90 of 100"]
    assert desktop.points[1].y > desktop.points[0].y  # a lower score sits lower
    assert len(mobile.points) == 2 and mobile.lost is not None and mobile.lost.x == mobile.points[1].x
    assert desktop.lost is None


def test_the_duration_chart_marks_stages_over_budget(small_run):
    run_dir, result = small_run
    chart = build_view(result, PictureStore(run_dir, run_dir / "report"), None).maps[0].durations
    assert [len(g.bars) for g in chart.groups] == [2, 2, 1]
    checkout = chart.groups[2]
    assert checkout.bars[0].over_budget and checkout.bars[0].value_label == "3.0 s ⚠"
    assert checkout.budget_x < chart.left + checkout.bars[0].width
    assert not chart.groups[0].bars[0].over_budget


def test_a_baseline_tells_new_resolved_unchanged_and_flags_only_real_slowdowns(tmp_path, small_run):
    _, current = small_run
    old_dir = tmp_path / "run-1"
    baseline = run_result(old_dir, [
        journey(old_dir, "desktop", ("passed", "passed", "passed"), durations=(700.0, 1500.0, 2000.0),
                findings=(("product", "major"), ("checkout", "info"))),
        journey(old_dir, "mobile", ("passed", "passed", "passed"), durations=(900.0, 2000.0, 2000.0)),
    ], run_id="run-1")
    comparison = compare(current, baseline)
    assert [f.title for f in comparison.new] == ["“checkout” takes longer than its budget", "minor on landing",
                                                 "Shoppers get lost here"]
    assert [f.title for f in comparison.resolved] == ["info on checkout"]
    assert [f.title for f in comparison.unchanged] == ["major on product"]
    changes = {(t.device, t.stage): t for t in comparison.timings}
    assert changes[("desktop", "checkout")].regression  # +1 s, +50 %
    assert changes[("desktop", "checkout")].change == "+1.0 s (+50 %)"
    assert not changes[("desktop", "landing")].regression  # +43 %, but only 0.3 s
    assert changes[("desktop", "product")].regression  # +0.5 s, +33 %
    assert not changes[("mobile", "landing")].regression  # +11 %
    assert comparison.regressions == 2


def test_the_markdown_summary_escapes_the_shops_words(small_run):
    run_dir, result = small_run
    result.journeys[0].findings[0].title = "Price | <b>*free*</b> [link](javascript:x)"
    markdown = summary_markdown(build_view(result, PictureStore(run_dir, run_dir / "report"), None), "x/index.html")
    assert "Price \\| \\<b\\>\\*free\\*\\</b\\> \\[link\\](javascript:x)" in markdown
    assert "| landing · purchase | ✅ 1.0 s | ✅ 1.0 s 🟨 1 finding |\n" in markdown
    assert "| product · purchase | ✅ 2.0 s 🟧 1 finding | ❌ 2.0 s **lost here** 🟥 1 finding |\n" in markdown
    assert "| checkout · purchase | ✅ 3.0 s 🟨 1 finding | ⬜ not reached |\n" in markdown
    assert escape("a\nb|c") == "a b\\|c"


def test_rendering_twice_writes_the_same_bytes_and_drops_stale_pages(small_run):
    run_dir, result = small_run
    index = render_report(run_dir)
    stale = run_dir / "report" / "stage-old.html"
    stale.write_text("from an earlier rendering")
    first = {p.name: p.read_bytes() for p in (run_dir / "report").glob("*.*")}
    render_report(run_dir)
    second = {p.name: p.read_bytes() for p in (run_dir / "report").glob("*.*")}
    assert "Could not generate" not in index.read_text()
    assert not stale.exists()
    del first["stage-old.html"]
    assert first == second
    assert sorted(p.name for p in (run_dir / "report").glob("stage-*.html")) == [
        "stage-shop-desktop-01-landing.html", "stage-shop-desktop-02-product.html",
        "stage-shop-desktop-03-checkout.html", "stage-shop-mobile-01-landing.html", "stage-shop-mobile-02-product.html"]


def test_a_template_that_fails_leaves_a_page_that_says_so(small_run, monkeypatch):
    run_dir, _ = small_run
    broken = Environment(loader=DictLoader({"index.html.j2": "{{ view.no_such_thing.title }}"}), autoescape=True)
    monkeypatch.setattr(render, "environment", lambda: broken)
    text = render_report(run_dir).read_text()
    assert "Could not generate the report: UndefinedError" in text
    assert "no_such_thing" in text


def test_results_that_cannot_be_read_raise(tmp_path):
    (tmp_path / "results.json").write_text('{"schema_version": "9.0"}')
    with pytest.raises(ValueError, match="not readable by this version"):
        render_report(tmp_path)


def test_the_score_explained_in_the_report_is_the_one_the_detectors_count():
    from walkthroughs.friction.scoring import PENALTY
    from walkthroughs.report.view import SCORE_HELP

    for severity in ("blocker", "major", "minor"):
        assert f"{PENALTY[severity]} for " in SCORE_HELP and severity in SCORE_HELP
    assert PENALTY["info"] == 0 and "info costs nothing" in SCORE_HELP


def test_a_measurement_is_said_with_its_unit_or_in_words():
    from walkthroughs.report.cells import measure_words

    assert measure_words(1.0, 0, None) == ("Counted 1", "limit 0")
    assert measure_words("missing", "width=device-width", None) == ("Found: missing", "expected: width=device-width")
    assert measure_words(30005.0, 1000.0, "bytes") == ("Measured 29.3 KiB", "limit 1.0 KiB")
    assert measure_words(3100.0, 2000.0, "ms") == ("Measured 3.1 s", "limit 2.0 s")
