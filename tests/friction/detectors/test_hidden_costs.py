"""hidden-costs: the product price against the later totals; a cost that appears only at the end."""

from detector_cases import evidence, journey, judge, stage


def prices(*labelled):
    return {"page_text": {"url": "x", "protocol": "http", "title": "", "lang": None, "headings": [], "text": "",
                          "text_length": 0, "chrome_text": "",
                          "prices": [{"text": text, "label": label, "font_px": 16, "test_id": None, "in_main": True,
                                      "box": {"x": 0, "y": 300, "width": 60, "height": 20}}
                                     for label, text in labelled]}}


def test_shipping_that_first_shows_on_the_confirmation_is_major_with_the_price_trail():
    record = journey(stage("product", url="http://shop/p"), stage("cart", url="http://shop/cart"),
                     stage("confirmation", url="http://shop/done", phase="post-purchase"))
    found = evidence(record, {"product": prices(("Trail Runner €89.00", "€89.00")),
                              "cart": prices(("Total €89.00", "€89.00")),
                              "confirmation": prices(("Shipping €4.95", "€4.95"), ("Total paid €93.95", "€93.95"))},
                     steps={("product", 0): {"remembered": {"price": "€89.00"}}})
    [late] = judge("hidden-costs", record, found).findings
    assert (late.severity, late.stage) == ("major", "confirmation")
    assert late.title == "Extra costs appear only at the last step"
    assert "(“Shipping €4.95”)" in late.insight and late.evidence.details[0] == "product: €89.00 (${price})"


def test_a_difference_within_the_tolerance_passes():
    record = journey(stage("product", url="http://shop/p"), stage("cart", url="http://shop/cart"))
    found = evidence(record, {"product": prices(), "cart": prices(("Total €89.01", "€89.01"))},
                     steps={("product", 0): {"remembered": {"price": "€89.00"}}})
    assert judge("hidden-costs", record, found, overrides={"tolerance": 0.05}).findings == []


def test_a_journey_with_fewer_than_two_prices_does_not_apply():
    record = journey(stage("home"))
    judged = judge("hidden-costs", record, evidence(record, {"home": prices()}))
    assert judged.result("home").status == "not_applicable" and "fewer than two prices" in judged.result("home").reason


def test_a_total_counted_twice_on_the_last_step_says_so():
    record = journey(stage("checkout", url="http://shop/checkout", phase="purchase"),
                     stage("confirmation", url="http://shop/order/1", phase="post-purchase"))
    found = evidence(record, {"checkout": prices(("Total $32.45", "$32.45")),
                              "confirmation": prices(("Shipping $4.95", "$4.95"), ("Total paid $64.90", "$64.90"))},
                     steps={("checkout", 0): {"remembered": {"checkout_total": "$32.45"}},
                            ("confirmation", 0): {"remembered": {"order_total": "$64.90"}}})
    [doubled] = judge("hidden-costs", record, found).findings
    assert (doubled.severity, doubled.stage) == ("major", "confirmation")
    assert doubled.title == "The total doubles on the last step"
    assert "$64.90, twice the $32.45 “checkout” showed" in doubled.insight
