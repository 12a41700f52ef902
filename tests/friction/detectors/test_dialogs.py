"""dialogs: an alert, confirm, prompt or “leave this page?” box raised by a shopper's step."""

from detector_cases import evidence, journey, judge, stage, step


def dialog(stage_index, step_index, message="Sorting by price-asc", kind="alert"):
    return {"type": kind, "message": message, "url": "http://shop/?sort=price-asc", "answer": "dismissed",
            "stage": stage_index, "step": step_index, "t_ms": 1200.0}


def walk():
    return journey(stage("product list", step("Open /", verb="goto"), step("sort by price", verb="select"),
                         phase="awareness", url="http://shop/"),
                   stage("checkout", step("Fill Email", verb="fill"), step("Click “Pay”"), phase="purchase",
                         url="http://shop/checkout"))


def test_an_alert_on_sorting_is_minor_with_its_words_and_step():
    record = walk()
    [alert] = judge("dialogs", record, evidence(record, signals={"dialogs": [dialog(0, 1)]})).findings
    assert (alert.severity, alert.stage, alert.evidence.step) == ("minor", "product list", 1)
    assert alert.title == "An alert pops up after “sort by price”"
    assert "“Sorting by price-asc”" in alert.insight and alert.evidence.value == "Sorting by price-asc"


def test_a_box_on_the_way_to_the_order_is_major_and_the_same_words_are_one_cause():
    record = walk()
    found = evidence(record, signals={"dialogs": [dialog(1, 1, "Are you sure?", "confirm"),
                                                  dialog(0, 1, "Are you sure?", "confirm")]})
    on_checkout, on_list = judge("dialogs", record, found).findings
    assert (on_checkout.severity, on_checkout.stage, on_list.severity) == ("major", "checkout", "minor")
    assert on_checkout.title == "A confirmation box pops up after “Click “Pay””"
    assert on_checkout.cause == on_list.cause  # the run lists it once, seen on both stages


def test_severities_are_thresholds_and_no_dialog_passes():
    record = walk()
    found = evidence(record, signals={"dialogs": [dialog(1, 0)]})
    [relaxed] = judge("dialogs", record, found, overrides={"checkout_severity": "minor"}).findings
    assert relaxed.severity == "minor"
    judged = judge("dialogs", record, evidence(record, signals={"dialogs": []}))
    assert judged.findings == [] and set(judged.statuses().values()) == {"passed"}
