"""lighthouse-assertions: the scenario's Lighthouse budgets that lhci assert found broken on a stage."""

from detector_cases import evidence, journey, judge, stage

FAILED = {"auditId": "categories", "auditProperty": "performance", "name": "minScore", "operator": ">=",
          "expected": 0.9, "actual": 0.61, "values": [0.61], "level": "error", "url": "http://shop/p"}


def test_a_broken_budget_is_major_at_error_level_and_minor_at_warn():
    record = journey(stage("product"), stage("cart"))
    found = evidence(record, {"product": {"lighthouse": {"reports": ["a.json"], "assertions": [FAILED]}},
                              "cart": {"lighthouse": {"reports": ["b.json"],
                                                      "assertions": [{**FAILED, "level": "warn"}]}}})
    judged = judge("lighthouse-assertions", record, found)
    assert [(f.stage, f.severity) for f in judged.findings] == [("product", "major"), ("cart", "minor")]
    assert "the performance score is 0.61, expected >= 0.9" in judged.findings[0].title


def test_a_stage_lighthouse_did_not_audit_does_not_apply_and_a_failed_audit_is_an_error():
    record = journey(stage("product"), stage("cart"))
    found = evidence(record, {"cart": {"lighthouse": {"reports": [], "assertions": [],
                                                      "error": "the page did not load in Lighthouse's tab"}}})
    judged = judge("lighthouse-assertions", record, found)
    assert judged.result("product").status == "not_applicable"
    assert judged.result("cart").status == "error"
    assert judged.result("cart").reason == \
        "Lighthouse could not audit this stage: the page did not load in Lighthouse's tab"
