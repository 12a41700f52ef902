"""accessibility: axe-core's serious and critical violations on each stage's page, one finding per rule."""

from detector_cases import evidence, journey, judge, stage, step

BOX = {"x": 20, "y": 100, "width": 120, "height": 40}


def axe(*violations):
    return {"axe": {"version": "4.10", "violations": list(violations), "other": []}}


def violation(rule="color-contrast", impact="serious", targets=("a.faint",)):
    return {"id": rule, "impact": impact, "help": "Elements must meet minimum color contrast ratio thresholds",
            "help_url": "https://dequeuniversity.com/rules/axe/4.10/color-contrast", "tags": ["wcag2aa"],
            "node_count": len(targets), "nodes": [{"target": t, "html": f"<a class='faint'>{t}</a>",
                                                  "summary": "Fix any of the following:\n  low contrast", "box": BOX}
                                                 for t in targets]}


def test_a_serious_violation_is_minor_a_critical_one_major_with_the_element_boxed_on_the_stage_picture():
    record = journey(stage("product", screenshot="journeys/x/product.jpg"), stage("cart"))
    judged = judge("accessibility", record, evidence(record, {
        "product": axe(violation()), "cart": axe(violation("button-name", "critical", ("button.icon",)))}))
    contrast, names = judged.findings
    assert (contrast.severity, contrast.stage, names.severity, names.stage) == ("minor", "product", "major", "cart")
    assert "screen reader" in names.insight and names.evidence.value == 1
    assert contrast.evidence.screenshot == "journeys/x/product.jpg" and contrast.evidence.boxes[0].x == 20
    assert judged.statuses() == {"product": "findings", "cart": "findings"}


def test_the_same_rule_on_the_same_elements_is_one_finding_and_ignored_rules_pass():
    record = journey(stage("product"), stage("cart"))
    found = evidence(record, {"product": axe(violation()), "cart": axe(violation())})
    [once] = judge("accessibility", record, found).findings
    assert once.stage == "product" and "Also on the “cart” stage." in once.evidence.details
    ignored = judge("accessibility", record, found, overrides={"ignore_rules": ["color-contrast"]})
    assert ignored.findings == [] and ignored.statuses() == {"product": "passed", "cart": "passed"}


def test_a_failed_axe_run_is_an_error_naming_the_gatherer_not_a_pass():
    record = journey(stage("product"), stage("cart"))
    found = evidence(record, {"product": {"gather_errors": {"axe": "RuntimeError: the check took longer than 20 s"}},
                              "cart": axe()})
    judged = judge("accessibility", record, found)
    assert judged.result("product").status == "error"
    assert judged.result("product").reason == ("the accessibility gatherer (axe-core) failed on this stage: "
                                               "RuntimeError: the check took longer than 20 s")
    assert judged.result("cart").status == "passed"


def test_a_stage_that_failed_on_the_previous_page_is_left_to_journey_broken():
    record = journey(stage("product", url="http://shop/p"),
                     stage("cart", step(error="“Add to cart” was not found", status="failed"), status="failed",
                           url="http://shop/p"))
    judged = judge("accessibility", record, evidence(record, {"product": axe(), "cart": axe(violation())}))
    assert judged.findings == [] and judged.result("cart").status == "not_applicable"
    assert "previous stage's page" in judged.result("cart").reason
