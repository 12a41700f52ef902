"""journey-broken: a step the shopper needed failed, so the rest of the journey was never reached."""

from detector_cases import journey, judge, stage, step


def test_a_failed_step_is_a_blocker_with_its_cause_and_what_was_never_reached():
    record = journey(stage("product", step("Click “Add to cart”", status="failed", kind="covered",
                                           error="“Add to cart” (button) was not reachable: a cookie banner covers it"),
                           status="failed", url="http://shop/p"),
                     stage("cart", status="not_reached"), stage("checkout", status="not_reached"),
                     device_class="mobile")
    judged = judge("journey-broken", record, None)
    [lost] = judged.findings
    assert (lost.severity, lost.stage, lost.evidence.value) == ("blocker", "product", "covered")
    assert "cookie banner covers it. Something lies on top of it" in lost.insight
    assert "Shoppers on mobile never reach the 2 stage(s) after this." in lost.insight
    assert judged.statuses() == {"product": "findings"}, "it reads no evidence, so missing evidence is no error"
    assert record.stage_tone(record.stages[0]) == "blocker", "the lost stage's colour is this finding's"


def test_a_walk_the_browser_could_not_finish_is_a_blocker_about_the_whole_journey():
    record = journey(stage("product", status="not_reached"), status="error", error="Browser closed")
    judged = judge("journey-broken", record, None)
    [found] = judged.findings
    assert found.stage == "product" and "The walk could not go on: Browser closed" in found.insight
    assert judged.statuses() == {None: "findings"}, "a stage never reached has no result of its own"


def test_a_completed_journey_passes_every_stage():
    record = journey(stage("product"), stage("cart"))
    assert judge("journey-broken", record, None).statuses() == {"product": "passed", "cart": "passed"}


def test_a_check_that_failed_while_the_walk_went_on_is_major_on_its_stage():
    checks = [step("Check the url contains “/products/travel-mug”", verb="expect", status="failed", kind="assertion",
                   error="the address is /products/glass-carafe", line=41),
              step("Check “Insulated Travel Mug” (heading) is visible", verb="expect", status="failed",
                   kind="assertion", error="the page shows “Glass Carafe”", line=42),
              step("Click “Add to cart”")]
    record = journey(stage("product", *checks), stage("cart"), status="checks_failed")
    judged = judge("journey-broken", record, None)
    assert [(f.severity, f.stage, f.title) for f in judged.findings] == [
        ("major", "product", "The page does not show what the shopper expects")] * 2
    assert "the address is /products/glass-carafe" in judged.findings[0].insight
    assert judged.findings[0].cause != judged.findings[1].cause, "two checks are two findings, not one cause"


def test_a_broken_stage_passed_by_a_detour_says_how_the_walk_went_on():
    broken = stage("product", step("Click “Add to cart”", status="failed", kind="missing", error="no such button"),
                   step("Open /cart", verb="goto", resume=True), status="failed")
    record = journey(broken, stage("cart", detour_from="product"))
    [lost] = judge("journey-broken", record, None).findings
    assert lost.severity == "blocker" and "went on by the scenario's detour (Open /cart)" in lost.insight
