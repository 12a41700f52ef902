"""slow-step: a step that kept the shopper waiting, and a stage over its budget — rated, so the report reads it."""

from detector_cases import evidence, journey, judge, scenario, stage, step


def test_a_step_over_its_limits_is_minor_then_major():
    record = journey(stage("product", step("Open the product", verb="goto", duration_ms=2500),
                           step("Click “Buy”", duration_ms=3500)))
    judged = judge("slow-step", record, evidence(record))
    assert [(f.severity, f.evidence.step, f.evidence.threshold) for f in judged.findings] == [("minor", 0, 2000),
                                                                                           ("major", 1, 2000)]


def test_thresholds_in_the_scenario_are_durations_read_by_their_type():
    record = journey(stage("product", step(duration_ms=1800)))
    info = scenario(record, detectors={"slow-step": {"step_ms": "1.5s"}})
    [slow] = judge("slow-step", record, evidence(record), info).findings
    assert slow.evidence.threshold == 1500 and "more than 1.5 s" in slow.insight


def test_each_passed_stage_s_budget_is_rated_and_a_failed_stage_s_is_not():
    record = journey(stage("fast", duration_ms=900, budget_ms=1000), stage("slow", duration_ms=1200, budget_ms=1000),
                     stage("very slow", duration_ms=1600, budget_ms=1000),
                     stage("lost", step(status="failed", error="nothing"), status="failed", duration_ms=12000,
                           budget_ms=1000))
    judged = judge("slow-step", record, evidence(record))
    ratings = {r.stage: r.ratings.get("budget") for r in judged.results}
    assert ratings == {"fast": "good", "slow": "needs-improvement", "very slow": "poor", "lost": None}
    assert [(f.stage, f.severity) for f in judged.findings] == [("slow", "minor"), ("very slow", "major")]


def test_a_second_click_s_wait_is_left_to_frustration():
    record = journey(stage("product", step(duration_ms=4000)))
    found = evidence(record, steps={("product", 0): {"click": {"response": None, "retried": True, "duration_ms": 4000,
                                                               "retry_response": {"kind": "dom", "after_ms": 10}}}})
    assert judge("slow-step", record, found).findings == []
