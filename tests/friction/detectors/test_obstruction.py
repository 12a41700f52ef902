"""obstruction: something lay over the element the shopper needed and had to be dismissed first."""

from detector_cases import evidence, journey, judge, stage, step

TARGET = {"x": 16, "y": 795, "width": 380, "height": 44}


def covered(kind="cookie banner", cleared=True, took=400.0):
    return {"obstructions": [{"target_box": TARGET, "actions": ["clicked “Accept”"], "cleared": cleared,
                              "time_to_clear_ms": took,
                              "cover": {"selector": "div.cookie-banner", "kind": kind, "position": "fixed",
                                        "text": "We use cookies",
                                        "box": {"x": 0, "y": 600, "width": 412, "height": 239}}}]}


def test_a_cookie_banner_over_the_button_is_major_with_both_boxes_on_the_step_s_screenshot():
    record = journey(stage("product", step("Click “Add to cart”", screenshot="journeys/x/step-07.jpg")),
                     device_class="mobile")
    [found] = judge("obstruction", record, evidence(record, steps={("product", 0): covered()})).findings
    assert (found.severity, found.title) == ("major", "A cookie banner covers “Click “Add to cart””")
    assert found.evidence.screenshot == "journeys/x/step-07.jpg"
    assert [(b.role, b.y) for b in found.evidence.boxes] == [("cover", 600), ("target", 795)]


def test_a_sticky_header_cleared_quickly_is_minor_unless_it_took_longer_than_the_threshold():
    record = journey(stage("product"))
    found = evidence(record, steps={("product", 0): covered("sticky header", took=300)})
    assert [f.severity for f in judge("obstruction", record, found).findings] == ["minor"]
    slower = judge("obstruction", record, found, overrides={"slow_to_clear_ms": "0.2s"})
    assert [f.severity for f in slower.findings] == ["major"]
