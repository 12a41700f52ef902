"""off-site-navigation: the shop tried to send the shopper to a host outside the walk's allowed hosts."""

from detector_cases import evidence, journey, judge, stage, step


def test_an_attempt_to_leave_the_allowed_hosts_is_major_on_its_stage():
    record = journey(stage("checkout", step("Click “Pay”")))
    safety = {"environment": "production", "allowed_hosts": ["shop.example"], "blocked_requests": [],
              "off_site_navigations": [{"url": "https://pay.example/session", "host": "pay.example", "stage": 0,
                                        "step": 0, "t_ms": 10.0}]}
    judged = judge("off-site-navigation", record, evidence(record, safety=safety))
    [found] = judged.findings
    assert (found.severity, found.stage) == ("major", "checkout") and "At “Click “Pay””" in found.insight
    assert "outside the hosts this walk may visit (shop.example)" in found.insight


def test_without_the_safety_record_it_cannot_judge():
    record = journey(stage("checkout"))
    judged = judge("off-site-navigation", record, evidence(record))
    assert judged.result("checkout").reason == "the walk's safety guard recorded nothing on this journey"
