"""unmet-needs: what the scenario says the shopper needs at a stage, looked for on the stage's page."""

from detector_cases import evidence, journey, judge, scenario, stage


def page(text):
    return {"page_text": {"url": "http://shop/done", "protocol": "http", "title": "", "lang": None, "headings": [],
                          "prices": [], "text": text, "text_length": len(text), "chrome_text": "Contact us"},
            "layout": {"viewport": {"width": 1280, "height": 720, "scroll_x": 0, "scroll_y": 0}, "viewport_meta": None,
                       "scroll_width": 1280, "overflowing": [], "small_text": {"count": 0, "elements": []},
                       "tap_targets": {"count": 0, "too_small": [], "crowded": [], "too_small_count": 0,
                                       "crowded_count": 0}, "primary_cta": None}}


def test_a_confirmation_without_an_order_number_misses_the_need():
    record = journey(stage("confirmation"))
    info = scenario(record, needs={"confirmation": ["an order number", "what happens next"]})
    thanks = page("Thank you! We have sent you a confirmation e-mail.")
    found = evidence(record, {"confirmation": {**thanks, "needs": []}})
    [missing] = judge("unmet-needs", record, found, info).findings
    assert (missing.severity, missing.title) == ("major", "Missing at “confirmation”: an order number")


def test_a_located_need_is_met_by_what_the_walker_found_and_a_stage_without_needs_does_not_apply():
    record = journey(stage("product"), stage("cart"))
    info = scenario(record, needs={"cart": ["the delivery date"]})
    found = evidence(record, {"product": {**page("Trail Runner"), "needs": []},
                              "cart": {**page("Cart"), "needs": [{"need": "the delivery date",
                                                                  "locator": 'test_id="delivery"', "found": False}]}})
    judged = judge("unmet-needs", record, found, info, overrides={"severity": "minor"})
    [missing] = judged.findings
    assert missing.severity == "minor" and 'an element matching test_id="delivery"' in missing.insight
    assert judged.result("product").status == "not_applicable"
