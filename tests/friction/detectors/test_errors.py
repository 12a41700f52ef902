"""errors: uncaught script errors (major) and console errors (minor), each on the step that caused it."""

from detector_cases import evidence, journey, judge, stage, step


def signal(stage_index, step_index, **entry):
    return {"stage": stage_index, "step": step_index, "t_ms": 1000.0, **entry}


def test_an_uncaught_error_is_major_on_the_step_that_raised_it_and_repeats_are_counted():
    record = journey(stage("product"), stage("cart", step("Open the cart"), step("Check the total", verb="expect")))
    error = signal(1, 0, message="TypeError: Cannot read properties of undefined (reading 'total')")
    judged = judge("errors", record, evidence(record, signals={"page_errors": [error, error]}))
    [found] = judged.findings
    assert (found.severity, found.stage, found.evidence.step, found.evidence.value) == ("major", "cart", 0, 2)
    assert "during “Open the cart” (2 times)" in found.insight
    assert judged.statuses() == {"product": "passed", "cart": "findings"}


def test_console_errors_are_minor_and_failed_resources_are_left_to_failed_requests():
    record = journey(stage("cart"))
    console = [signal(0, 0, type="error", text="Payment widget not configured", url="http://shop/app.js", line=3),
               signal(0, 0, type="error", text="Failed to load resource: 404", url=None, line=None),
               signal(0, 0, type="warning", text="deprecated", url=None, line=None)]
    [found] = judge("errors", record, evidence(record, signals={"console": console})).findings
    assert found.severity == "minor" and "Payment widget" in found.insight
    assert "at http://shop/app.js:3" in found.evidence.details


def test_a_journey_without_its_page_signals_cannot_be_judged():
    record = journey(stage("cart"))
    found = evidence(record)
    del found["signals"]
    judged = judge("errors", record, found)
    assert judged.result("cart").status == "error"
    assert judged.result("cart").reason == "the page's error listener recorded nothing on this journey"
