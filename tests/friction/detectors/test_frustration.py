"""frustration: dead clicks, clicks that work on the second try, errors after a click, slow responses."""

from detector_cases import evidence, journey, judge, stage, step


def click(**record):
    return {"click": {"response": None, "retried": False, "duration_ms": 400.0, **record}}


def test_a_click_that_does_nothing_even_twice_is_a_dead_click():
    record = journey(stage("product", step("Click “Buy”"), screenshot="x.jpg"))
    found = evidence(record, steps={("product", 0): click(retried=True, retry_response=None)})
    [dead] = judge("frustration", record, found).findings
    assert (dead.severity, dead.title) == ("major", "Dead click on “Click “Buy””")


def test_a_slow_paint_is_judged_by_the_thresholds_written_as_durations():
    record = journey(stage("product"))
    found = evidence(record, steps={("product", 0): click(response={"kind": "dom", "after_ms": 80}, paint_ms=350)})
    [slow] = judge("frustration", record, found).findings
    assert (slow.severity, slow.evidence.value, slow.evidence.threshold) == ("minor", 350, 200)
    assert judge("frustration", record, found, overrides={"paint_ms": "0.4s"}).findings == []
    [poor] = judge("frustration", record, found, overrides={"paint_poor_ms": 300}).findings
    assert poor.severity == "major"


def test_a_stage_without_clicks_does_not_apply():
    record = journey(stage("product", step("Check the price", verb="expect")))
    judged = judge("frustration", record, evidence(record))
    result = judged.result("product")
    assert (result.status, result.reason) == ("not_applicable", "no click on this stage")
