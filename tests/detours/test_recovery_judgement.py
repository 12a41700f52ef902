"""The recovery detector and the intermittent pass, judged on evidence shaped as the walker saves it (no browser),
and the report's times over repeated walks."""

from __future__ import annotations

from walkthroughs.friction.assess import assess_across_walks
from walkthroughs.friction.base import DetectorConfig, JourneyEvidence
from walkthroughs.friction.detectors import recovery
from walkthroughs.report.walks import percentile, repeat_table, walk_label
from walkthroughs.results import (
    DeviceInfo,
    JourneyRecord,
    RunResult,
    StageRecord,
    StepError,
    StepRecord,
)

URL = "http://127.0.0.1:8000/search?q=trial+runner"
FIELD = {"field": "Postcode", "box": {"x": 113, "y": 868, "width": 294, "height": 44}, "invalid": True}


def judged(*checks: dict, **overrides) -> list:
    record = JourneyRecord(id="shop--search--desktop", scenario="shop", path="search",
                           device=DeviceInfo(name="desktop", device_class="desktop",
                                             viewport={"width": 1280, "height": 1000}),
                           stages=[StageRecord(name="detour", status="passed",
                                               screenshot="journeys/x/01-detour/stage.jpg")])
    journey = JourneyEvidence(record, {"stages": [{"name": "detour", "recovery": list(checks)}]}, None)
    return recovery.detect(journey, DetectorConfig(recovery.META.defaults, overrides)).findings


def links(count: int, first_screen: bool = True) -> list[dict]:
    return [{"href": f"http://shop/p/{n}", "text": f"Product {n}", "box": {"x": 0, "y": 400, "width": 200, "height": 20},
             "first_screen": first_screen} for n in range(count)]


def test_a_no_results_page_without_ways_on_is_a_dead_end():
    [found] = judged({"check": "suggestions-on-no-results", "url": URL, "links": []})
    assert (found.detector, found.severity, found.stage) == ("recovery", "major", "detour")
    assert found.title == "A search without results is a dead end" and "nothing to click" in found.insight
    assert (found.evidence.value, found.evidence.threshold, found.evidence.url) == (0, 2, URL)
    assert judged({"check": "suggestions-on-no-results", "links": links(4)}) == []
    assert len(judged({"check": "suggestions-on-no-results", "links": links(4)}, min_suggestions=5)) == 1


def test_a_sold_out_product_needs_an_alternative_on_the_first_screen():
    assert judged({"check": "alternative-when-sold-out", "links": links(1)}) == []
    [found] = judged({"check": "alternative-when-sold-out", "links": links(3, first_screen=False)})
    assert found.title == "A sold-out product offers no alternative" and "further down the page" in found.insight


def test_an_error_message_must_sit_next_to_its_field():
    near = {"text": "A German postcode has 5 digits.", "box": {"x": 113, "y": 916, "width": 294, "height": 48},
            "distance_px": 4, "linked": True}
    far = {"text": "Please correct 1 field", "box": {"x": 96, "y": 135, "width": 638, "height": 116},
           "distance_px": 617, "linked": False}
    assert judged({"check": "error-next-to-field", "fields": [dict(FIELD, messages=[near, far])]}) == []
    [found] = judged({"check": "error-next-to-field", "fields": [dict(FIELD, invalid=False, messages=[far])]})
    assert found.title == "The error message is far from the field" and "617 px away" in found.insight
    # the field and its message, on the stage's last picture
    assert [(b.role, b.y) for b in found.evidence.boxes] == [("target", 868), ("message", 135)]
    assert found.evidence.screenshot == "journeys/x/01-detour/stage.jpg" and found.evidence.threshold == 150
    [silent] = judged({"check": "error-next-to-field", "fields": [dict(FIELD, messages=[])]})
    assert silent.title == "Nothing tells the shopper what is wrong"
    assert judged({"check": "error-next-to-field", "fields": [dict(FIELD, messages=[far])]}, max_error_distance_px=700) == []


def test_going_back_must_keep_the_cart():
    [found] = judged({"check": "cart-kept", "where": 'test_id="cart-count"', "before": 1, "after": 0})
    assert found.title == "Going back empties the cart" and (found.evidence.threshold, found.evidence.value) == (1, 0)
    assert judged({"check": "cart-kept", "before": 1, "after": 2}) == []
    assert judged({"check": "cart-kept", "before": 0, "after": 0}) == []
    assert judged({"check": "cart-kept", "before": 2, "after": None})[0].evidence.value == "none"


def test_a_check_that_could_not_look_says_so_without_blaming_the_shop():
    [found] = judged({"check": "error-next-to-field", "where": 'label="Postcode"', "error": 'label="Postcode" is not on the page'})
    assert found.severity == "info" and "Check the locator" in found.insight


def walk(repeat: int | None, status: str, device: str = "desktop", seconds: float = 1.0) -> JourneyRecord:
    failed = status == "failed"
    step = StepRecord(index=0, verb="expect", label="Check “Added to cart”", status=status,
                      error=StepError(kind="assertion", message="found “Sorry, something went wrong”") if failed else None)
    return JourneyRecord(
        id=f"shop--{device}--r{repeat}", scenario="shop", repeat=repeat, status="broken" if failed else "completed",
        device=DeviceInfo(name=device, device_class="desktop"),
        stages=[StageRecord(name="product", status=status, duration_ms=seconds * 1000, steps=[step]),
                StageRecord(name="cart", status="not_reached" if failed else "passed", duration_ms=None if failed else 500)])


def run_of(*journeys: JourneyRecord) -> RunResult:
    return RunResult(run_id="r", tool_version="0", started_at="2026-11-23T12:00:00+00:00", journeys=list(journeys))


def test_a_stage_failing_in_some_walks_only_is_intermittent():
    result = run_of(walk(1, "passed"), walk(2, "failed"), walk(3, "passed"), walk(4, "failed"),
                    walk(1, "failed", "mobile"), walk(2, "failed", "mobile"))
    assess_across_walks(result)
    found = [(j.id, f) for j in result.journeys for f in j.findings]
    assert [(journey, f.title, f.stage, f.evidence.value) for journey, f in found] == [
        ("shop--desktop--r2", "Fails in 2 of 4 walks", "product", 0.5)]  # mobile fails every time: not intermittent
    assert "in walk 2, “Check “Added to cart”” failed: found “Sorry, something went wrong”" in found[0][1].insight
    assess_across_walks(result)  # judging again replaces, never doubles
    assert sum(len(j.findings) for j in result.journeys) == 1


def test_journeys_walked_once_are_never_intermittent():
    result = run_of(walk(None, "passed"), walk(None, "failed", "mobile"))
    assess_across_walks(result)
    assert all(j.findings == [] for j in result.journeys)


def test_the_report_times_each_stage_over_the_walks():
    walks = [walk(n, "passed", seconds=s) for n, s in ((1, 1.0), (2, 3.0), (3, 2.0))] + [walk(4, "failed", seconds=9)]
    table = repeat_table(["product", "cart"], walks)
    [row] = table.rows
    assert (row.label, row.walks) == ("desktop", 4)
    assert (row.cells[0].median, row.cells[0].p95, row.cells[0].failures) == ("2.5 s", "9.0 s", "1 of 4 failed")
    assert (row.cells[1].median, row.cells[1].failures) == ("500 ms", None)
    assert repeat_table(["product"], [walk(None, "passed")]) is None
    assert percentile([5, 1, 3], 0.5) == 3 and percentile(list(range(1, 21)), 0.95) == 19
    assert walk_label(walks[1].model_copy(update={"path": "search", "persona": "dark"})) == "desktop · search · dark · walk 2"
