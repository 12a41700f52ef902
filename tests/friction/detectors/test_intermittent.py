"""intermittent: a run-scope detector — a stage failing in some walks of the same journey and not in others."""

from detector_cases import journey, stage, step

from walkthroughs.friction.assess import assess_across_walks
from walkthroughs.results import RunResult, ScenarioInfo, ScenarioStage


def walk(repeat: int | None, failed: bool, device_class: str = "desktop"):
    record = journey(stage("product", step("Click “Add to cart”", status="failed" if failed else "passed",
                                           error="nothing happened" if failed else None, kind="timeout"),
                           status="failed" if failed else "passed"),
                     stage("cart", status="not_reached" if failed else "passed"), device_class=device_class)
    return record.model_copy(update={"id": f"{record.id}--r{repeat}", "repeat": repeat})


def run(*walks, detectors=None):
    return RunResult(run_id="r", tool_version="0", started_at="2026-01-01T00:00:00+00:00", journeys=list(walks),
                     scenarios=[ScenarioInfo(name="shop", detectors=detectors or {},
                                             stages=[ScenarioStage(name="product"), ScenarioStage(name="cart")])])


def results(result, journey_index):
    return {r.stage: (r.status, r.reason) for r in result.journeys[journey_index].detector_results
            if r.detector == "intermittent"}


def test_a_stage_failing_in_one_of_three_walks_is_major_on_that_walk():
    result = run(walk(1, False), walk(2, True), walk(3, False))
    assess_across_walks(result)
    [found] = [f for j in result.journeys for f in j.findings]
    assert (found.severity, found.stage, found.evidence.value) == ("major", "product", 0.33)
    assert found.title == "Fails in 1 of 3 walks"
    assert results(result, 1)["product"] == ("findings", None) and results(result, 0)["product"] == ("passed", None)
    assert result.journeys[1].stages[0].friction_score == 70.0, "the journey is scored again with its finding"


def test_journeys_walked_once_do_not_apply_and_judging_again_never_doubles():
    result = run(walk(None, False), walk(1, True, "mobile"), walk(2, True, "mobile"))
    assess_across_walks(result)
    assess_across_walks(result)
    assert [f for j in result.journeys for f in j.findings] == [], "failing every time is broken, not intermittent"
    status, reason = results(result, 0)["product"]
    assert status == "not_applicable" and "--repeat N" in reason
    assert sum(r.detector == "intermittent" for r in result.journeys[1].detector_results) == 1


def test_a_scenario_can_switch_it_off_like_any_detector():
    result = run(walk(1, False), walk(2, True), detectors={"intermittent": False})
    assess_across_walks(result)
    assert [f for j in result.journeys for f in j.findings] == []
    assert results(result, 0)["product"] == ("not_applicable", "switched off by the scenario")


def test_a_check_that_fails_in_one_walk_while_the_walk_went_on_is_intermittent_too():
    def checked(repeat: int, failed: bool):
        record = journey(stage("product", step("Click “Add to cart”"),
                               step("Check “Added to cart” is shown", verb="expect", status="failed" if failed else
                                    "passed", error="it shows “Sorry, something went wrong”" if failed else None,
                                    kind="assertion")), stage("cart"), status="checks_failed" if failed else None)
        return record.model_copy(update={"id": f"{record.id}--r{repeat}", "repeat": repeat})

    result = run(checked(1, False), checked(2, True), checked(3, False))
    assess_across_walks(result)
    [found] = [f for j in result.journeys for f in j.findings]
    assert (found.stage, found.title, found.evidence.step) == ("product", "Fails in 1 of 3 walks", 1)
    assert "Sorry, something went wrong" in found.insight and "walk 2: a check failed" in found.evidence.details
