"""recovery: the checks a stage declares under `recovery:` — does the shop help a shopper who went astray?"""

from detector_cases import evidence, journey, judge, stage


def test_going_back_that_empties_the_cart_is_major_on_the_stage_s_picture():
    record = journey(stage("back", screenshot="journeys/x/back.jpg"))
    found = evidence(record, {"back": {"recovery": [{"check": "cart-kept", "where": 'test_id="cart-count"',
                                                     "url": "http://shop/p", "before": 1, "after": 0}]}})
    [emptied] = judge("recovery", record, found).findings
    assert (emptied.severity, emptied.title, emptied.evidence.screenshot) == (
        "major", "Going back empties the cart", "journeys/x/back.jpg")


def test_a_stage_without_recovery_checks_does_not_apply():
    record = journey(stage("product"), stage("search"))
    found = evidence(record, {"search": {"recovery": [{"check": "suggestions-on-no-results", "where": None,
                                                       "url": "http://shop/s", "links": []}]}})
    judged = judge("recovery", record, found, overrides={"min_suggestions": 1})
    assert judged.statuses() == {"product": "not_applicable", "search": "findings"}
    assert judged.result("product").reason == "the scenario sets no recovery checks for this stage"
